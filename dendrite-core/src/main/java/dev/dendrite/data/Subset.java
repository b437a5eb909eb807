package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

/**
 * The examples of {@code dataset} at the given indices, in that order, as torch.utils.data.Subset.
 * A seeded dataset's per-sample generator is passed through unchanged.
 */
public final class Subset<E> implements SeededDataset<E> {
    private final Dataset<E> dataset;
    private final int[] indices;

    public Subset(Dataset<E> dataset, int[] indices) {
        if (dataset == null || indices == null) throw new IllegalArgumentException("Subset: dataset and indices must not be null");
        int n = dataset.size();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= n) {
                throw new IndexOutOfBoundsException("Subset: index " + indices[i] + " at position " + i
                        + " is out of range for a dataset of size " + n);
            }
        }
        this.dataset = dataset;
        this.indices = indices.clone();
    }

    public Dataset<E> dataset() { return dataset; }

    /** The indices into {@link #dataset()}, a copy. */
    public int[] indices() { return indices.clone(); }

    @Override
    public int size() { return indices.length; }

    @Override
    public E get(int index) {
        Datasets.checkIndex("Subset", index, indices.length);
        return dataset.get(indices[index]);
    }

    @Override
    public E get(int index, Generator gen) {
        Datasets.checkIndex("Subset", index, indices.length);
        return SeededDataset.get(dataset, indices[index], gen);
    }

    @Override
    public String toString() { return "Subset(size=" + indices.length + ", of " + dataset.size() + ")"; }
}
