package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

import java.util.Arrays;
import java.util.PrimitiveIterator;

/**
 * Indices in {@code [0, weights.length)} drawn with probability proportional to their weights, as
 * torch.utils.data.WeightedRandomSampler (weights need not sum to 1). With replacement (the
 * default) each of the {@code numSamples} draws is independent; without, a drawn index is removed
 * and the rest renormalized, so {@code numSamples} may not exceed the number of positive weights.
 * Typical use: weight each example by {@code 1 / count(its class)} to balance classes.
 */
public final class WeightedRandomSampler implements Sampler {
    private final double[] weights;
    private final int numSamples;
    private final boolean replacement;
    private final Generator generator;
    private final double[] cumulative;

    public WeightedRandomSampler(double[] weights, int numSamples, Generator generator) {
        this(weights, numSamples, true, generator);
    }

    public WeightedRandomSampler(double[] weights, int numSamples, boolean replacement, Generator generator) {
        if (numSamples <= 0) {
            throw new IllegalArgumentException("WeightedRandomSampler: numSamples should be a positive integer value, but got numSamples=" + numSamples);
        }
        if (weights == null || weights.length == 0) throw new IllegalArgumentException("WeightedRandomSampler: weights must not be empty");
        int positive = 0;
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            double w = weights[i];
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("WeightedRandomSampler: weights must be finite and non-negative, got " + w + " at index " + i);
            }
            if (w > 0) positive++;
            total += w;
        }
        if (total == 0) throw new IllegalArgumentException("WeightedRandomSampler: weights sum to 0, nothing can be drawn");
        if (!replacement && numSamples > positive) {
            throw new IllegalArgumentException("WeightedRandomSampler: cannot draw " + numSamples + " samples without replacement from "
                    + positive + " indices with positive weight");
        }
        this.weights = weights.clone();
        this.numSamples = numSamples;
        this.replacement = replacement;
        this.generator = generator == null ? Generator.global() : generator;
        this.cumulative = new double[weights.length];
        double acc = 0;
        for (int i = 0; i < weights.length; i++) cumulative[i] = acc += weights[i];
    }

    public double[] weights() { return weights.clone(); }

    @Override
    public int size() { return numSamples; }

    @Override
    public PrimitiveIterator.OfInt iterator() {
        return Sampler.iterate(replacement ? withReplacement() : withoutReplacement());
    }

    private int[] withReplacement() {
        int[] out = new int[numSamples];
        double total = cumulative[cumulative.length - 1];
        for (int s = 0; s < numSamples; s++) {
            double u = generator.nextDouble() * total;
            // first index whose cumulative weight exceeds u; zero-weight indices are never chosen
            int lo = 0, hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u) hi = mid;
                else lo = mid + 1;
            }
            out[s] = lo;
        }
        return out;
    }

    private int[] withoutReplacement() {
        // sequential draws from the remaining mass: O(n * numSamples), fine for sampler sizes
        double[] w = weights.clone();
        double total = Arrays.stream(w).sum();
        int[] out = new int[numSamples];
        for (int s = 0; s < numSamples; s++) {
            double u = generator.nextDouble() * total;
            int pick = -1;
            double acc = 0;
            for (int i = 0; i < w.length; i++) {
                if (w[i] == 0) continue;
                pick = i;
                acc += w[i];
                if (acc > u) break;
            }
            out[s] = pick;
            total -= w[pick];
            w[pick] = 0;
            if (total <= 0) total = Arrays.stream(w).sum();  // rounding drift
        }
        return out;
    }
}
