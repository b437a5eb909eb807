package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/** Poisson negative log likelihood (defaults: log_input true, full false, eps 1e-8); see {@link Losses#poissonNllLoss}. */
public class PoissonNLLLoss extends Loss<PoissonNLLLoss> implements Criterion {
    private boolean logInput = true, full;
    private double eps = 1e-8;

    public PoissonNLLLoss logInput(boolean logInput) {
        this.logInput = logInput;
        return this;
    }

    /** Adds Stirling's approximation of log(target!). */
    public PoissonNLLLoss full(boolean full) {
        this.full = full;
        return this;
    }

    public PoissonNLLLoss eps(double eps) {
        this.eps = eps;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.poissonNllLoss(input, target, logInput, full, eps, reduction());
    }

    @Override
    void describe(StringJoiner o) {
        if (!logInput) o.add("log_input=False");
        if (full) o.add("full=True");
    }
}
