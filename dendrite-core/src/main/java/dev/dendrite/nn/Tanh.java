package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** The hyperbolic tangent, as torch.nn.Tanh. */
public class Tanh extends Module {

    @Override
    public Tensor forward(Tensor input) { return Activations.tanh(input); }

    @Override
    protected String extraRepr() { return ""; }
}
