package dev.dendrite.nn;

import dev.dendrite.functional.Pooling;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * 2-D average pooling over [N, C, H, W], as torch.nn.AvgPool2d: stride defaults to the kernel
 * size; with count_include_pad (the default) padded zeros count in the divisor.
 */
public class AvgPool2d extends Module {
    private final int[] kernelSize, stride, padding;
    private final boolean ceilMode, countIncludePad;
    private final int divisorOverride;

    public AvgPool2d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}, false, true, 0); }

    public AvgPool2d(int kernelSize, int stride) { this(new int[] {kernelSize}, new int[] {stride}, new int[] {0}, false, true, 0); }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, false, true, 0);
    }

    /** stride null means the kernel size; divisorOverride 0 means none. */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        this.kernelSize = ConvNd.spread("AvgPool2d", "kernel_size", kernelSize, 2, 1);
        this.stride = stride == null ? this.kernelSize : ConvNd.spread("AvgPool2d", "stride", stride, 2, 1);
        this.padding = ConvNd.spread("AvgPool2d", "padding", padding, 2, 0);
        if (divisorOverride < 0) throw new IllegalArgumentException("AvgPool2d: divisor_override must be positive, got " + divisorOverride);
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Arrays.toString(kernelSize) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding);
    }
}
