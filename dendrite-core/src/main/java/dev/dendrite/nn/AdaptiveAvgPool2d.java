package dev.dendrite.nn;

import dev.dendrite.functional.Pooling;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Avg pooling of [N, C, H, W] to a fixed [outH, outW], as torch.nn.AdaptiveAvgPool2d: output
 * (i, j) covers rows [floor(i * H / outH), ceil((i + 1) * H / outH)) and likewise for columns.
 * {@code new AdaptiveAvgPool2d(1)} is global avg pooling.
 */
public class AdaptiveAvgPool2d extends Module {
    private final int[] outputSize;

    /** One size for both dims, or [outH, outW]. */
    public AdaptiveAvgPool2d(int... outputSize) {
        this.outputSize = ConvNd.spread("AdaptiveAvgPool2d", "output_size", outputSize, 2, 1);
    }

    @Override
    public Tensor forward(Tensor input) { return Pooling.adaptiveAvgPool2d(input, outputSize); }

    @Override
    protected String extraRepr() { return "output_size=" + Arrays.toString(outputSize); }
}
