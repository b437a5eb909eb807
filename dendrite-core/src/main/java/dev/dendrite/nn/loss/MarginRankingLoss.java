package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/** {@code max(0, -y (x1 - x2) + margin)} (default margin 0); see {@link Losses#marginRankingLoss}. */
public class MarginRankingLoss extends Loss<MarginRankingLoss> {
    private double margin;

    public MarginRankingLoss margin(double margin) {
        this.margin = margin;
        return this;
    }

    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return Losses.marginRankingLoss(input1, input2, target, margin, reduction());
    }

    @Override
    void describe(StringJoiner o) { if (margin != 0) o.add("margin=" + margin); }
}
