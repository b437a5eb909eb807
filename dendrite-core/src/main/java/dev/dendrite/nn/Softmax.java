package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code Activations.softmax} along {@code dim}, as torch.nn.Softmax. */
public class Softmax extends Module {
    public final int dim;

    public Softmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor input) { return Activations.softmax(input, dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
