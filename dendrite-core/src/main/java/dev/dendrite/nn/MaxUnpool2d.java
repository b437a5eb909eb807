package dev.dendrite.nn;

import dev.dendrite.functional.Pooling;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * The partial inverse of {@link MaxPool2d}, as torch.nn.MaxUnpool2d: each value goes back to the
 * position its index names and everything else is zero. It takes two inputs, so it is called
 * through {@link #forward(Tensor, Tensor)}.
 */
public class MaxUnpool2d extends Module {
    private final int[] kernelSize, stride, padding;

    public MaxUnpool2d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}); }

    public MaxUnpool2d(int kernelSize, int stride) { this(new int[] {kernelSize}, new int[] {stride}, new int[] {0}); }

    /** stride null means the kernel size. */
    public MaxUnpool2d(int[] kernelSize, int[] stride, int[] padding) {
        this.kernelSize = ConvNd.spread("MaxUnpool2d", "kernel_size", kernelSize, 2, 1);
        this.stride = stride == null ? this.kernelSize : ConvNd.spread("MaxUnpool2d", "stride", stride, 2, 1);
        this.padding = ConvNd.spread("MaxUnpool2d", "padding", padding, 2, 0);
    }

    /** Unpools to the default size (in - 1) * stride - 2 * padding + kernel. */
    public Tensor forward(Tensor input, Tensor indices) { return forward(input, indices, null); }

    /** Unpools to {@code outputSize} ([H, W] or a full shape), which must lie within a stride of the default. */
    public Tensor forward(Tensor input, Tensor indices, int[] outputSize) {
        return Pooling.maxUnpool2d(input, indices, kernelSize, stride, padding, outputSize);
    }

    /** Always an error: unpooling needs the indices from {@link MaxPool2d#forwardWithIndices}. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("MaxUnpool2d: needs the pooling indices; call forward(input, indices)");
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Arrays.toString(kernelSize) + ", stride=" + Arrays.toString(stride) + ", padding=" + Arrays.toString(padding);
    }
}
