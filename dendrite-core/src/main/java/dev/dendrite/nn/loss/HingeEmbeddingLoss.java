package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/** {@code x} for target 1, {@code max(0, margin - x)} for target -1 (default margin 1); see {@link Losses#hingeEmbeddingLoss}. */
public class HingeEmbeddingLoss extends Loss<HingeEmbeddingLoss> implements Criterion {
    private double margin = 1.0;

    public HingeEmbeddingLoss margin(double margin) {
        this.margin = margin;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.hingeEmbeddingLoss(input, target, margin, reduction());
    }

    @Override
    void describe(StringJoiner o) { if (margin != 1.0) o.add("margin=" + margin); }
}
