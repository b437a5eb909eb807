package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code relu6(x + 3) / 6}, as torch.nn.Hardsigmoid. */
public class Hardsigmoid extends Module {

    @Override
    public Tensor forward(Tensor input) { return Activations.hardsigmoid(input); }

    @Override
    protected String extraRepr() { return ""; }
}
