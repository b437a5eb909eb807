package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code max(0, x)}, as torch.nn.ReLU. */
public class ReLU extends Module {

    @Override
    public Tensor forward(Tensor input) { return Activations.relu(input); }

    @Override
    protected String extraRepr() { return ""; }
}
