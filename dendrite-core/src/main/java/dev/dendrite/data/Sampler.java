package dev.dendrite.data;

import java.util.PrimitiveIterator;

/**
 * The order in which a {@link DataLoader} visits dataset indices, as torch.utils.data.Sampler.
 * Each call to {@link #iterator()} starts a new epoch; random samplers draw that epoch's order
 * from their generator then, so successive epochs differ and the same seed repeats them all.
 */
public interface Sampler extends Iterable<Integer> {
    /** A new pass over the indices. */
    @Override
    PrimitiveIterator.OfInt iterator();

    /** How many indices one pass yields. */
    int size();

    /** One pass, as an array. */
    default int[] toArray() {
        int[] out = new int[size()];
        PrimitiveIterator.OfInt it = iterator();
        int n = 0;
        while (it.hasNext()) {
            if (n == out.length) out = java.util.Arrays.copyOf(out, Math.max(1, 2 * n));
            out[n++] = it.nextInt();
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** An iterator over a fixed array of indices. */
    static PrimitiveIterator.OfInt iterate(int[] indices) {
        return java.util.Arrays.stream(indices).iterator();
    }
}
