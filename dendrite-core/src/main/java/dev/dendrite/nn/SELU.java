package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** Scaled ELU with the fixed self-normalizing constants, as torch.nn.SELU. */
public class SELU extends Module {

    @Override
    public Tensor forward(Tensor input) { return Activations.selu(input); }

    @Override
    protected String extraRepr() { return ""; }
}
