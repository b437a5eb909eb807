package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

import java.util.PrimitiveIterator;

/**
 * Random indices in {@code [0, n)}, as torch.utils.data.RandomSampler.
 *
 * <ul>
 *   <li>Without replacement (the default): each pass is a fresh uniform permutation; with
 *       {@code numSamples > n}, {@code numSamples / n} whole permutations followed by the first
 *       {@code numSamples % n} of one more (as torch).</li>
 *   <li>With replacement: {@code numSamples} independent uniform draws.</li>
 * </ul>
 * The permutation for a pass is drawn from the generator when the pass starts (on
 * {@link #iterator()}), so two samplers with equally seeded generators give the same passes.
 */
public final class RandomSampler implements Sampler {
    private final int n;
    private final boolean replacement;
    private final int numSamples;
    private final Generator generator;

    /** A permutation of {@code [0, n)} per pass. */
    public RandomSampler(int n, Generator generator) { this(n, false, n, generator); }

    public RandomSampler(Dataset<?> dataset, Generator generator) { this(dataset.size(), generator); }

    /**
     * @param n           the dataset size
     * @param replacement draw with replacement
     * @param numSamples  indices per pass ({@code n} in torch's default)
     * @param generator   the source of randomness ({@link Generator#global()} if null)
     */
    public RandomSampler(int n, boolean replacement, int numSamples, Generator generator) {
        if (n < 0) throw new IllegalArgumentException("RandomSampler: dataset size must be non-negative, got " + n);
        if (numSamples <= 0) {
            throw new IllegalArgumentException("RandomSampler: numSamples should be a positive integer value, but got numSamples=" + numSamples);
        }
        if (n == 0) throw new IllegalArgumentException("RandomSampler: cannot sample from an empty dataset");
        this.n = n;
        this.replacement = replacement;
        this.numSamples = numSamples;
        this.generator = generator == null ? Generator.global() : generator;
    }

    public boolean replacement() { return replacement; }

    public Generator generator() { return generator; }

    @Override
    public int size() { return numSamples; }

    @Override
    public PrimitiveIterator.OfInt iterator() {
        int[] out = new int[numSamples];
        if (replacement) {
            for (int i = 0; i < numSamples; i++) out[i] = (int) generator.nextLong(n);
        } else {
            int filled = 0;
            while (filled < numSamples) {
                int[] perm = permutation(n, generator);
                int take = Math.min(n, numSamples - filled);
                System.arraycopy(perm, 0, out, filled, take);
                filled += take;
            }
        }
        return Sampler.iterate(out);
    }

    /** A uniform permutation of {@code [0, n)} by Fisher-Yates, the same draws as Tensor.randperm. */
    static int[] permutation(int n, Generator gen) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) gen.nextLong(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
