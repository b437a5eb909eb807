package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/** {@code 1 - cos} for target 1, {@code max(0, cos - margin)} for target -1 (default margin 0); see {@link Losses#cosineEmbeddingLoss}. */
public class CosineEmbeddingLoss extends Loss<CosineEmbeddingLoss> {
    private double margin;

    public CosineEmbeddingLoss margin(double margin) {
        this.margin = margin;
        return this;
    }

    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return Losses.cosineEmbeddingLoss(input1, input2, target, margin, reduction());
    }

    @Override
    void describe(StringJoiner o) { if (margin != 0) o.add("margin=" + margin); }
}
