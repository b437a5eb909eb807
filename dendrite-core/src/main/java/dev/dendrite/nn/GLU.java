package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** Gated linear unit: splits {@code dim} (default -1) in halves a, b and returns {@code a * sigmoid(b)}, as torch.nn.GLU. */
public class GLU extends Module {
    public final int dim;

    public GLU() { this(-1); }

    public GLU(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor input) { return Activations.glu(input, dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
