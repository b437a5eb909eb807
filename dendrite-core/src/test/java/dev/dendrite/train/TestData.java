package dev.dendrite.train;

import dev.dendrite.data.Batch;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Batches built from tensors for the trainer tests (standing in for a DataLoader). */
final class TestData {
    private TestData() {}

    /**
     * Mini-batches of {@code x, y}: in order when {@code shuffle} is null, else in a fresh random
     * order drawn from {@code shuffle} at the start of every pass (as a DataLoader with a generator).
     */
    static Iterable<Batch> batches(Tensor x, Tensor y, int batchSize, Generator shuffle) {
        int n = x.size(0);
        int count = (n + batchSize - 1) / batchSize;
        Iterable<Batch> it = () -> {
            Tensor order = shuffle == null ? Tensor.arange(n) : Tensor.randperm(n, shuffle);
            List<Batch> out = new ArrayList<>();
            for (int s = 0; s < n; s += batchSize) {
                Tensor idx = order.narrow(0, s, Math.min(batchSize, n - s));
                out.add(new Batch(x.indexSelect(0, idx), y.indexSelect(0, idx)));
            }
            Iterator<Batch> i = out.iterator();
            return i;
        };
        return Trainer.sized(it, count);
    }

    static Module mlp(int hidden, int classes) {
        return new Sequential(new Linear(2, hidden), new ReLU(), new Linear(hidden, hidden), new ReLU(), new Linear(hidden, classes));
    }
}
