package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code log(1 + exp(beta x)) / beta}, linear where {@code beta x > threshold}, as torch.nn.Softplus. */
public class Softplus extends Module {
    public final double beta, threshold;

    public Softplus() { this(1.0, 20.0); }

    public Softplus(double beta, double threshold) {
        if (beta == 0) throw new IllegalArgumentException("Softplus: beta must not be 0");
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor input) { return Activations.softplus(input, beta, threshold); }

    @Override
    protected String extraRepr() { return "beta=" + beta + ", threshold=" + threshold; }
}
