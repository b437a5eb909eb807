package dev.dendrite.nn;

import dev.dendrite.functional.Pooling;
import dev.dendrite.tensor.Tensor;

/** Average pooling of [N, C, L] to a fixed length, as torch.nn.AdaptiveAvgPool1d. */
public class AdaptiveAvgPool1d extends Module {
    private final int outputSize;

    public AdaptiveAvgPool1d(int outputSize) {
        if (outputSize < 1) throw new IllegalArgumentException("AdaptiveAvgPool1d: output_size must be >= 1, got " + outputSize);
        this.outputSize = outputSize;
    }

    @Override
    public Tensor forward(Tensor input) { return Pooling.adaptiveAvgPool1d(input, outputSize); }

    @Override
    protected String extraRepr() { return "output_size=" + outputSize; }
}
