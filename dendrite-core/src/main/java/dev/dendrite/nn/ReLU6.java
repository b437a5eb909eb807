package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code min(max(0, x), 6)}, as torch.nn.ReLU6. */
public class ReLU6 extends Module {

    @Override
    public Tensor forward(Tensor input) { return Activations.relu6(input); }

    @Override
    protected String extraRepr() { return ""; }
}
