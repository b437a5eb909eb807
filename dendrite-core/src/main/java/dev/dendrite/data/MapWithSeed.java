package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

/**
 * A dataset viewed through a per-sample function that may be random: example {@code i} is
 * {@code fn.apply(base.get(i, gen), gen)} with the loader's per-sample generator {@code gen}. This
 * is how random transforms are attached to a dataset:
 *
 * <pre>{@code
 * Dataset<Example> train = new MapWithSeed<>(mnist, (ex, gen) -> new Example(randomCrop.apply(ex.input(), gen), ex.target()));
 * }</pre>
 *
 * Outside a loader, {@link #get(int)} uses {@code SampleSeeds.generator(seed, index)} with the seed
 * given at construction (0 by default), so it is deterministic as well.
 */
public final class MapWithSeed<A, B> implements SeededDataset<B> {
    private final Dataset<A> base;
    private final SeededFunction<? super A, ? extends B> fn;
    private final long seed;

    public MapWithSeed(Dataset<A> base, SeededFunction<? super A, ? extends B> fn) { this(base, fn, 0); }

    public MapWithSeed(Dataset<A> base, SeededFunction<? super A, ? extends B> fn, long seed) {
        if (base == null || fn == null) throw new IllegalArgumentException("MapWithSeed: dataset and function must not be null");
        this.base = base;
        this.fn = fn;
        this.seed = seed;
    }

    @Override
    public int size() { return base.size(); }

    @Override
    public B get(int index) { return get(index, SampleSeeds.generator(seed, index)); }

    @Override
    public B get(int index, Generator gen) {
        // the wrapped dataset draws first, then the function, from the one per-sample stream
        return fn.apply(SeededDataset.get(base, index, gen), gen);
    }
}
