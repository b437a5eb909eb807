package dev.dendrite.nn;

import dev.dendrite.functional.Normalization;
import dev.dendrite.tensor.Tensor;

/**
 * {@code b_c = a_c / (k + alpha/n * sum of a^2 over the n channels around c)^beta}, as
 * torch.nn.LocalResponseNorm (defaults alpha 1e-4, beta 0.75, k 1).
 */
public class LocalResponseNorm extends Module {
    public final int size;
    public final double alpha, beta, k;

    public LocalResponseNorm(int size) { this(size, 1e-4, 0.75, 1.0); }

    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        if (size < 1) throw new IllegalArgumentException("LocalResponseNorm: size must be positive, got " + size);
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    @Override
    public Tensor forward(Tensor input) { return Normalization.localResponseNorm(input, size, alpha, beta, k); }

    @Override
    protected String extraRepr() { return size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k; }
}
