package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/** Quadratic below {@code beta}, linear above (default beta 1); see {@link Losses#smoothL1Loss}. */
public class SmoothL1Loss extends Loss<SmoothL1Loss> implements Criterion {
    private double beta = 1.0;

    public SmoothL1Loss beta(double beta) {
        if (!(beta >= 0)) throw new IllegalArgumentException("SmoothL1Loss: beta must be >= 0, got " + beta);
        this.beta = beta;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.smoothL1Loss(input, target, reduction(), beta); }

    @Override
    void describe(StringJoiner o) { if (beta != 1.0) o.add("beta=" + beta); }
}
