package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Shapes;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/** Joining and re-arranging tensors: cat and the ops built on it. */
public final class Joins {
    private Joins() {}

    /** Concatenates along an existing dim; all other dims must match. */
    public static Tensor cat(Tensor[] tensors, int dim) {
        if (tensors.length == 0) throw new IllegalArgumentException("cat: expects a non-empty list of tensors");
        Tensor first = tensors[0];
        int d = Shapes.wrapDim("cat", dim, first.dim());
        int[] shape = first.shape();
        Dtype dt = first.dtype();
        int total = 0;
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t.dim() != first.dim()) {
                throw new IllegalArgumentException("cat: tensor " + i + " has shape " + Arrays.toString(t.shape())
                        + " but tensor 0 has " + Arrays.toString(shape) + " (ranks differ)");
            }
            for (int k = 0; k < shape.length; k++) {
                if (k != d && t.size(k) != shape[k]) {
                    throw new IllegalArgumentException("cat: sizes must match except in dim " + d + ", but tensor " + i
                            + " has shape " + Arrays.toString(t.shape()) + " and tensor 0 has " + Arrays.toString(shape));
                }
            }
            dt = Dtype.promote(dt, t.dtype());
            total += t.size(d);
        }
        shape[d] = total;
        Tensor out = Tensor.empty(dt, shape);
        int[] starts = new int[tensors.length];
        int[] lengths = new int[tensors.length];
        int at = 0;
        for (int i = 0; i < tensors.length; i++) {
            starts[i] = at;
            lengths[i] = tensors[i].size(d);
            out.detach().narrow(d, at, lengths[i]).copy_(tensors[i].detach());
            at += lengths[i];
        }
        if (Autograd.needsGrad(tensors)) {
            Tensor[] inputs = tensors.clone();
            Autograd.record("cat", out, inputs, g -> {
                Tensor[] grads = new Tensor[inputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    if (inputs[i].isRequiresGrad()) grads[i] = g.narrow(d, starts[i], lengths[i]).to(inputs[i].dtype());
                }
                return grads;
            });
        }
        return out;
    }
}
