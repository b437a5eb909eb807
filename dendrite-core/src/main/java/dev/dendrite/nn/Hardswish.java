package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code x * relu6(x + 3) / 6}, as torch.nn.Hardswish. */
public class Hardswish extends Module {

    @Override
    public Tensor forward(Tensor input) { return Activations.hardswish(input); }

    @Override
    protected String extraRepr() { return ""; }
}
