package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * A {@link Conv2d} whose in_channels is inferred from the first input, as torch.nn.LazyConv2d.
 * Until then weight and bias are empty placeholders (shape [0]) registered under the usual names;
 * the first call materializes them with Conv2d's initialization.
 */
public class LazyConv2d extends ConvNd {
    private int inferredChannels;

    public LazyConv2d(int outChannels, int kernelSize) { this(outChannels, new int[] {kernelSize}, Conv.defaults()); }

    public LazyConv2d(int outChannels, int kernelSize, Conv.Options options) { this(outChannels, new int[] {kernelSize}, options); }

    public LazyConv2d(int outChannels, int[] kernelSize, Conv.Options options) {
        super("LazyConv2d", 2, false, 0, outChannels, kernelSize, options);
    }

    /** True until the first forward call fixed in_channels. */
    public boolean hasUninitializedParams() { return inferredChannels == 0; }

    public int inChannels() { return inferredChannels; }

    @Override
    public Tensor forward(Tensor input) {
        if (inferredChannels == 0) {
            if (input.dim() != 4 || input.size(1) == 0) {
                throw new IllegalArgumentException("LazyConv2d: cannot infer in_channels from input of shape "
                        + Arrays.toString(input.shape()) + " (expected [N, C, H, W])");
            }
            int c = input.size(1);
            if (c % groups != 0) {
                throw new IllegalArgumentException("LazyConv2d: in_channels=" + c + " (inferred from input shape "
                        + Arrays.toString(input.shape()) + ") must be divisible by groups=" + groups);
            }
            weight = initialWeight(c);
            setParameter("weight", weight);
            if (bias != null) {
                bias = initialBias(c);
                setParameter("bias", bias);
            }
            inferredChannels = c;
        }
        return convolve(input);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr().replaceFirst("^0,", inferredChannels + ",");
    }
}
