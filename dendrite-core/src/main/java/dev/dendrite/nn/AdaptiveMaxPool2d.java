package dev.dendrite.nn;

import dev.dendrite.functional.Pooling;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Max pooling of [N, C, H, W] to a fixed [outH, outW], as torch.nn.AdaptiveMaxPool2d: output
 * (i, j) covers rows [floor(i * H / outH), ceil((i + 1) * H / outH)) and likewise for columns.
 * {@code new AdaptiveMaxPool2d(1)} is global max pooling.
 */
public class AdaptiveMaxPool2d extends Module {
    private final int[] outputSize;

    /** One size for both dims, or [outH, outW]. */
    public AdaptiveMaxPool2d(int... outputSize) {
        this.outputSize = ConvNd.spread("AdaptiveMaxPool2d", "output_size", outputSize, 2, 1);
    }

    @Override
    public Tensor forward(Tensor input) { return Pooling.adaptiveMaxPool2d(input, outputSize); }

    public Pooling.WithIndices forwardWithIndices(Tensor input) { return Pooling.adaptiveMaxPool2dWithIndices(input, outputSize); }

    @Override
    protected String extraRepr() { return "output_size=" + Arrays.toString(outputSize); }
}
