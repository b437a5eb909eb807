package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code 1 / (1 + exp(-x))}, as torch.nn.Sigmoid. */
public class Sigmoid extends Module {

    @Override
    public Tensor forward(Tensor input) { return Activations.sigmoid(input); }

    @Override
    protected String extraRepr() { return ""; }
}
