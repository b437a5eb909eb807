package dev.dendrite.nn;

import dev.dendrite.functional.Pooling;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * 2-D max pooling over [N, C, H, W], as torch.nn.MaxPool2d (stride defaults to the kernel size).
 * {@link #forwardWithIndices} also returns the argmax positions that {@link MaxUnpool2d} takes.
 */
public class MaxPool2d extends Module {
    private final int[] kernelSize, stride, padding, dilation;
    private final boolean ceilMode;

    public MaxPool2d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false); }

    public MaxPool2d(int kernelSize, int stride) { this(new int[] {kernelSize}, new int[] {stride}, new int[] {0}, new int[] {1}, false); }

    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, false);
    }

    /** stride null means the kernel size; one value stands for both dims. */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.kernelSize = ConvNd.spread("MaxPool2d", "kernel_size", kernelSize, 2, 1);
        this.stride = stride == null ? this.kernelSize : ConvNd.spread("MaxPool2d", "stride", stride, 2, 1);
        this.padding = ConvNd.spread("MaxPool2d", "padding", padding, 2, 0);
        this.dilation = ConvNd.spread("MaxPool2d", "dilation", dilation, 2, 1);
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) { return forwardWithIndices(input).output(); }

    public Pooling.WithIndices forwardWithIndices(Tensor input) {
        return Pooling.maxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Arrays.toString(kernelSize) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding) + ", dilation=" + Arrays.toString(dilation) + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }
}
