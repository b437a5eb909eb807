package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code Activations.softmin} along {@code dim}, as torch.nn.Softmin. */
public class Softmin extends Module {
    public final int dim;

    public Softmin(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor input) { return Activations.softmin(input, dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
