package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

/**
 * Per-sample random streams. A {@link DataLoader} draws one base seed from its generator at the
 * start of every epoch (before the sampler draws its permutation) and gives sample {@code i} the
 * generator {@code new Generator(mix(baseSeed, i))}, and batch {@code k} the generator
 * {@code new Generator(mix(mix(baseSeed, -1), k))}. The stream for a sample thus depends only on
 * (loader seed, epoch, index), never on the thread that computes it or the order the threads run.
 */
public final class SampleSeeds {
    private SampleSeeds() {}

    /** A well-mixed 64-bit seed for stream {@code index} under {@code baseSeed}. */
    public static long mix(long baseSeed, long index) {
        // two rounds of the SplitMix64 finalizer over (base, index) so that neighbouring indices
        // and neighbouring base seeds give unrelated streams
        long z = baseSeed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        z += baseSeed * 0xD6E8FEB86659FD93L;
        z = (z ^ (z >>> 32)) * 0xD6E8FEB86659FD93L;
        return z ^ (z >>> 32);
    }

    /** A fresh generator for sample {@code index} under {@code baseSeed}. */
    public static Generator generator(long baseSeed, long index) {
        return new Generator(mix(baseSeed, index));
    }

    /**
     * A fresh generator for batch {@code batchIndex} under {@code baseSeed} (for random collate
     * functions), from a family of streams separate from the per-sample ones.
     */
    public static Generator batchGenerator(long baseSeed, long batchIndex) {
        return new Generator(mix(mix(baseSeed, -1), batchIndex));
    }
}
