package dev.dendrite.nn;

import dev.dendrite.functional.Pooling;
import dev.dendrite.tensor.Tensor;

/** 1-D average pooling over [N, C, L], as torch.nn.AvgPool1d (stride defaults to the kernel size). */
public class AvgPool1d extends Module {
    private final int kernelSize, stride, padding;
    private final boolean ceilMode, countIncludePad;

    public AvgPool1d(int kernelSize) { this(kernelSize, kernelSize, 0, false, true); }

    public AvgPool1d(int kernelSize, int stride) { this(kernelSize, stride, 0, false, true); }

    public AvgPool1d(int kernelSize, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        if (kernelSize < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("AvgPool1d: kernel_size and stride must be >= 1 and padding >= 0, got "
                    + kernelSize + ", " + stride + " and " + padding);
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.avgPool1d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
    }

    @Override
    protected String extraRepr() { return "kernel_size=(" + kernelSize + ",), stride=(" + stride + ",), padding=(" + padding + ",)"; }
}
