package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * A 1-D transposed convolution, as torch.nn.ConvTranspose1d: weight [in_channels, out_channels /
 * groups, k...]. Its output size is (in - 1) * stride - 2 * padding + dilation * (kernel - 1) +
 * output_padding + 1. Weight and bias are initialized as PyTorch does: U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in)).
 */
public class ConvTranspose1d extends ConvNd {
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, Conv.defaults());
    }

    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, Conv.Options options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    /** One kernel size per spatial dim (or one for all). */
    public ConvTranspose1d(int inChannels, int outChannels, int[] kernelSize, Conv.Options options) {
        super("ConvTranspose1d", 1, true, inChannels, outChannels, kernelSize, options);
    }

    /** Transposes to {@code outputSize} (spatial sizes, or a full shape), choosing the output padding that reaches it. */
    public Tensor forward(Tensor input, int[] outputSize) { return convolveTo(input, outputSize); }
}
