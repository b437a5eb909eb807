package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/** Returns its input unchanged (a placeholder that keeps a model's structure), as torch.nn.Identity. */
public class Identity extends Module {

    @Override
    public Tensor forward(Tensor input) { return input; }

    @Override
    protected String extraRepr() { return ""; }
}
