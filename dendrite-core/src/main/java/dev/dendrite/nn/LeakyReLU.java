package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code x} for positive x, {@code negative_slope * x} otherwise, as torch.nn.LeakyReLU. */
public class LeakyReLU extends Module {
    public final double negativeSlope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    @Override
    public Tensor forward(Tensor input) { return Activations.leakyRelu(input, negativeSlope); }

    @Override
    protected String extraRepr() { return "negative_slope=" + negativeSlope; }
}
