package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

/**
 * A dataset whose examples involve randomness (random augmentation, sampled noise). Every random
 * draw for example {@code index} must come from the generator passed to
 * {@link #get(int, Generator)}: the {@link DataLoader} passes one derived from its seed, the epoch
 * and the index ({@link SampleSeeds#generator}), which is what makes a loader with worker threads
 * produce exactly the batches of a loader without them.
 *
 * <p>{@link #get(int)} (no generator) is for callers outside a loader; implementations make it
 * deterministic too, usually {@code get(index, SampleSeeds.generator(seed, index))} for a fixed
 * seed of their own.
 *
 * <p>Wrappers ({@link Subset}, {@link ConcatDataset}, {@link MapWithSeed}) forward the generator to
 * the dataset they wrap, so a seeded dataset keeps its per-sample streams behind them.
 */
public interface SeededDataset<E> extends Dataset<E> {
    E get(int index, Generator gen);

    /**
     * The example at {@code index}, given the per-sample generator {@code gen}: datasets that use
     * randomness take it, the others ignore it.
     */
    static <E> E get(Dataset<E> dataset, int index, Generator gen) {
        return dataset instanceof SeededDataset<E> seeded ? seeded.get(index, gen) : dataset.get(index);
    }
}
