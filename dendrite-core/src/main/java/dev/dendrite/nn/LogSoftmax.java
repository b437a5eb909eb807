package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** {@code Activations.logSoftmax} along {@code dim}, as torch.nn.LogSoftmax. */
public class LogSoftmax extends Module {
    public final int dim;

    public LogSoftmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor input) { return Activations.logSoftmax(input, dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
