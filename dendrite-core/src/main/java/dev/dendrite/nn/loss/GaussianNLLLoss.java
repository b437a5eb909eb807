package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/** Gaussian negative log likelihood with predicted variances (defaults: full false, eps 1e-6); see {@link Losses#gaussianNllLoss}. */
public class GaussianNLLLoss extends Loss<GaussianNLLLoss> {
    private boolean full;
    private double eps = 1e-6;

    /** Adds the constant 0.5 log(2 pi). */
    public GaussianNLLLoss full(boolean full) {
        this.full = full;
        return this;
    }

    public GaussianNLLLoss eps(double eps) {
        if (!(eps > 0)) throw new IllegalArgumentException("GaussianNLLLoss: eps must be > 0, got " + eps);
        this.eps = eps;
        return this;
    }

    public Tensor forward(Tensor input, Tensor target, Tensor var) {
        return Losses.gaussianNllLoss(input, target, var, full, eps, reduction());
    }

    @Override
    void describe(StringJoiner o) {
        if (full) o.add("full=True");
        if (eps != 1e-6) o.add("eps=" + eps);
    }
}
