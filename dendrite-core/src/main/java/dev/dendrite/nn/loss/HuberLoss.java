package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/** Quadratic below {@code delta}, {@code delta}-sloped above (default delta 1); see {@link Losses#huberLoss}. */
public class HuberLoss extends Loss<HuberLoss> implements Criterion {
    private double delta = 1.0;

    public HuberLoss delta(double delta) {
        if (!(delta > 0)) throw new IllegalArgumentException("HuberLoss: delta must be > 0, got " + delta);
        this.delta = delta;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.huberLoss(input, target, reduction(), delta); }

    @Override
    void describe(StringJoiner o) { if (delta != 1.0) o.add("delta=" + delta); }
}
