package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code x} for positive x, {@code alpha (exp(x) - 1)} otherwise, as torch.nn.ELU. */
public class ELU extends Module {
    public final double alpha;

    public ELU() { this(1.0); }

    public ELU(double alpha) { this.alpha = alpha; }

    @Override
    public Tensor forward(Tensor input) { return Activations.elu(input, alpha); }

    @Override
    protected String extraRepr() { return "alpha=" + alpha; }
}
