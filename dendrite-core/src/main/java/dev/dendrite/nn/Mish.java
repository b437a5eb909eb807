package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code x * tanh(softplus(x))}, as torch.nn.Mish. */
public class Mish extends Module {

    @Override
    public Tensor forward(Tensor input) { return Activations.mish(input); }

    @Override
    protected String extraRepr() { return ""; }
}
