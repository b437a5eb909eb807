package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/** Expands dim {@code dim} into the shape {@code unflattenedSize}, as torch.nn.Unflatten. */
public class Unflatten extends Module {
    public final int dim;
    private final int[] unflattenedSize;

    public Unflatten(int dim, int... unflattenedSize) {
        if (unflattenedSize.length == 0) throw new IllegalArgumentException("Unflatten: unflattened_size must not be empty");
        this.dim = dim;
        this.unflattenedSize = unflattenedSize.clone();
    }

    public int[] unflattenedSize() { return unflattenedSize.clone(); }

    @Override
    public Tensor forward(Tensor input) { return input.unflatten(dim, unflattenedSize); }

    @Override
    protected String extraRepr() {
        String s = Arrays.toString(unflattenedSize);
        return "dim=" + dim + ", unflattened_size=(" + s.substring(1, s.length() - 1) + (unflattenedSize.length == 1 ? ",)" : ")");
    }
}
