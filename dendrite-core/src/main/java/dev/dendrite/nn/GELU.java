package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code x * Phi(x)}: exact through erf ({@code approximate=none}, the default) or the tanh approximation, as torch.nn.GELU. */
public class GELU extends Module {
    public final Activations.GeluApproximate approximate;

    public GELU() { this("none"); }

    /** {@code approximate} is "none" or "tanh", as in torch. */
    public GELU(String approximate) { this.approximate = Activations.GeluApproximate.of(approximate); }

    @Override
    public Tensor forward(Tensor input) { return Activations.gelu(input, approximate); }

    @Override
    protected String extraRepr() { return "approximate='" + approximate.name().toLowerCase() + "'"; }
}
