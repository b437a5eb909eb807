package dev.dendrite.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;

/**
 * Groups a sampler's indices into batches of {@code batchSize}, as torch.utils.data.BatchSampler;
 * the last batch is shorter unless {@code dropLast}, which drops it.
 */
public final class BatchSampler implements Iterable<int[]> {
    private final Sampler sampler;
    private final int batchSize;
    private final boolean dropLast;

    public BatchSampler(Sampler sampler, int batchSize, boolean dropLast) {
        if (sampler == null) throw new IllegalArgumentException("BatchSampler: sampler must not be null");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("BatchSampler: batchSize should be a positive integer value, but got batchSize=" + batchSize);
        }
        this.sampler = sampler;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
    }

    public Sampler sampler() { return sampler; }

    public int batchSize() { return batchSize; }

    public boolean dropLast() { return dropLast; }

    /** The number of batches in one pass. */
    public int size() {
        int n = sampler.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** A new pass: starts a new pass of the underlying sampler. */
    @Override
    public Iterator<int[]> iterator() {
        PrimitiveIterator.OfInt indices = sampler.iterator();
        return new Iterator<>() {
            private int[] next = advance();

            private int[] advance() {
                int[] buf = new int[batchSize];
                int k = 0;
                while (k < batchSize && indices.hasNext()) buf[k++] = indices.nextInt();
                if (k == 0 || (k < batchSize && dropLast)) return null;
                return k == batchSize ? buf : java.util.Arrays.copyOf(buf, k);
            }

            @Override
            public boolean hasNext() { return next != null; }

            @Override
            public int[] next() {
                if (next == null) throw new NoSuchElementException("BatchSampler: no more batches");
                int[] out = next;
                next = advance();
                return out;
            }
        };
    }
}
