package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code max(0, x) + min(0, alpha (exp(x / alpha) - 1))}, as torch.nn.CELU. */
public class CELU extends Module {
    public final double alpha;

    public CELU() { this(1.0); }

    public CELU(double alpha) {
        if (alpha == 0) throw new IllegalArgumentException("CELU: alpha must not be 0");
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor input) { return Activations.celu(input, alpha); }

    @Override
    protected String extraRepr() { return "alpha=" + alpha; }
}
