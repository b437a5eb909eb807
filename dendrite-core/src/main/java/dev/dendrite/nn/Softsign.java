package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code x / (1 + |x|)}, as torch.nn.Softsign. */
public class Softsign extends Module {

    @Override
    public Tensor forward(Tensor input) { return Activations.softsign(input); }

    @Override
    protected String extraRepr() { return ""; }
}
