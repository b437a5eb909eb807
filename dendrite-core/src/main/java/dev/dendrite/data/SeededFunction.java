package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

/**
 * A per-sample function that may draw random numbers, all of them from the {@link Generator} it is
 * handed. Random transforms (crops, flips, jitter) implement this shape so that a
 * {@link DataLoader} can give each sample its own generator, derived from the loader's seed, the
 * epoch and the sample's index (see {@link SampleSeeds}); the result then does not depend on which
 * worker thread ran the transform or when.
 *
 * @param <A> the input type
 * @param <B> the output type
 */
@FunctionalInterface
public interface SeededFunction<A, B> {
    B apply(A value, Generator gen);

    /** This function followed by {@code next}; both draw from the same generator, in that order. */
    default <C> SeededFunction<A, C> andThen(SeededFunction<? super B, ? extends C> next) {
        return (value, gen) -> next.apply(apply(value, gen), gen);
    }
}
