package dev.dendrite.nn;

import dev.dendrite.functional.Pooling;
import dev.dendrite.tensor.Tensor;

/** 1-D max pooling over [N, C, L], as torch.nn.MaxPool1d (stride defaults to the kernel size). */
public class MaxPool1d extends Module {
    private final int kernelSize, stride, padding, dilation;
    private final boolean ceilMode;

    public MaxPool1d(int kernelSize) { this(kernelSize, kernelSize, 0, 1, false); }

    public MaxPool1d(int kernelSize, int stride) { this(kernelSize, stride, 0, 1, false); }

    public MaxPool1d(int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
        if (kernelSize < 1 || stride < 1 || dilation < 1 || padding < 0) {
            throw new IllegalArgumentException("MaxPool1d: kernel_size, stride and dilation must be >= 1 and padding >= 0, got "
                    + kernelSize + ", " + stride + ", " + dilation + " and " + padding);
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) { return forwardWithIndices(input).output(); }

    public Pooling.WithIndices forwardWithIndices(Tensor input) {
        return Pooling.maxPool1dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }
}
