package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code x * sigmoid(x)}, as torch.nn.SiLU. */
public class SiLU extends Module {

    @Override
    public Tensor forward(Tensor input) { return Activations.silu(input); }

    @Override
    protected String extraRepr() { return ""; }
}
