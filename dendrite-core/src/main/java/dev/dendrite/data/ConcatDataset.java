package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

import java.util.Arrays;
import java.util.List;

/**
 * Several datasets one after another, as torch.utils.data.ConcatDataset: index {@code i} falls in
 * the first dataset whose cumulative size exceeds it. Seeded datasets get their per-sample
 * generator passed through.
 */
public final class ConcatDataset<E> implements SeededDataset<E> {
    private final List<Dataset<? extends E>> datasets;
    private final int[] cumulativeSizes;

    @SafeVarargs
    public ConcatDataset(Dataset<? extends E>... datasets) { this(List.of(datasets)); }

    public ConcatDataset(List<? extends Dataset<? extends E>> datasets) {
        if (datasets == null || datasets.isEmpty()) throw new IllegalArgumentException("ConcatDataset: datasets should not be an empty list");
        this.datasets = List.copyOf(datasets);
        this.cumulativeSizes = new int[datasets.size()];
        long total = 0;
        for (int i = 0; i < datasets.size(); i++) {
            total += datasets.get(i).size();
            if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("ConcatDataset: total size exceeds " + Integer.MAX_VALUE);
            cumulativeSizes[i] = (int) total;
        }
    }

    public List<Dataset<? extends E>> datasets() { return datasets; }

    /** Sizes of the first 1, 2, ... datasets together, a copy. */
    public int[] cumulativeSizes() { return cumulativeSizes.clone(); }

    @Override
    public int size() { return cumulativeSizes[cumulativeSizes.length - 1]; }

    @Override
    public E get(int index) { return get(index, null); }

    @Override
    public E get(int index, Generator gen) {
        Datasets.checkIndex("ConcatDataset", index, size());
        // the first dataset whose cumulative size is > index
        int k = Arrays.binarySearch(cumulativeSizes, index + 1);
        if (k < 0) k = -k - 1;
        else while (k > 0 && cumulativeSizes[k - 1] == index + 1) k--;  // skip over empty datasets
        int local = k == 0 ? index : index - cumulativeSizes[k - 1];
        @SuppressWarnings("unchecked")
        Dataset<E> d = (Dataset<E>) datasets.get(k);
        return gen == null ? d.get(local) : SeededDataset.get(d, local, gen);
    }
}
