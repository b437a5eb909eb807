package dev.dendrite.nn;

/**
 * A 2-D convolution, as torch.nn.Conv2d: weight [out_channels, in_channels / groups, k...],
 * padding as ints, 'same' or 'valid', with padding modes zeros, reflect, replicate and circular.
 * Weight and bias are initialized as PyTorch does: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
 */
public class Conv2d extends ConvNd {
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, Conv.defaults());
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, Conv.Options options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options);
    }

    /** One kernel size per spatial dim (or one for all). */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, Conv.Options options) {
        super("Conv2d", 2, false, inChannels, outChannels, kernelSize, options);
    }
}
