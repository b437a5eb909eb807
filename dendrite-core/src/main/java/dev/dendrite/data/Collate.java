package dev.dendrite.data;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Turns the samples of one batch into the batch a {@link DataLoader} yields, as torch's
 * {@code collate_fn}. It runs on the loader's worker threads, so it must not keep shared mutable
 * state. Write your own for variable-size samples (padding sequences, say), or to produce a
 * type other than {@link Batch}.
 *
 * @param <E> the sample type
 * @param <B> the batch type
 */
@FunctionalInterface
public interface Collate<E, B> {
    B collate(List<E> samples);

    /**
     * Collates with the batch's own generator, which a {@link DataLoader} derives from its seed,
     * the epoch and the batch index ({@link SampleSeeds#batchGenerator}). Collate functions that
     * draw random numbers override this (see {@link #random} and {@link #andThen}); the default
     * ignores the generator.
     */
    default B collate(List<E> samples, Generator gen) { return collate(samples); }

    /**
     * This collate followed by a (possibly random) function of the whole batch, e.g. mixup or
     * cutmix: {@code Collate.stack().andThen((b, g) -> mixup.apply(b.input(), b.target(), g))}.
     * Both steps draw from the batch's generator.
     */
    default <C> Collate<E, C> andThen(SeededFunction<? super B, ? extends C> next) {
        Collate<E, B> first = this;
        return new Collate<>() {
            @Override
            public C collate(List<E> samples) { return collate(samples, new Generator(0)); }

            @Override
            public C collate(List<E> samples, Generator gen) { return next.apply(first.collate(samples, gen), gen); }
        };
    }

    /**
     * A collate function that draws random numbers, all from the batch's generator. Called
     * without one (outside a loader) it uses {@code new Generator(0)}, so it stays deterministic.
     */
    static <E, B> Collate<E, B> random(SeededFunction<List<E>, B> fn) {
        return new Collate<>() {
            @Override
            public B collate(List<E> samples) { return fn.apply(samples, new Generator(0)); }

            @Override
            public B collate(List<E> samples, Generator gen) { return fn.apply(samples, gen); }
        };
    }

    /**
     * The default: stacks the inputs along a new leading dim, and the targets likewise, so
     * {@code k} examples with input [C, H, W] and 0-dim targets give a batch of [k, C, H, W] and
     * [k]. All inputs must have one shape, and all targets one shape.
     */
    static Collate<Example, Batch> stack() {
        return samples -> {
            if (samples.isEmpty()) throw new IllegalArgumentException("collate: cannot collate an empty list of examples");
            Tensor[] inputs = new Tensor[samples.size()];
            Tensor[] targets = new Tensor[samples.size()];
            for (int i = 0; i < inputs.length; i++) {
                Example e = samples.get(i);
                inputs[i] = e.input();
                targets[i] = e.target();
            }
            return new Batch(stackAll("input", inputs), stackAll("target", targets));
        };
    }

    /** Stacks tensor samples along a new leading dim. */
    static Collate<Tensor, Tensor> stackTensors() {
        return samples -> {
            if (samples.isEmpty()) throw new IllegalArgumentException("collate: cannot collate an empty list of tensors");
            return stackAll("tensor", samples.toArray(Tensor[]::new));
        };
    }

    private static Tensor stackAll(String what, Tensor[] parts) {
        int[] shape = parts[0].shape();
        for (int i = 1; i < parts.length; i++) {
            if (!Arrays.equals(parts[i].shape(), shape)) {
                throw new IllegalArgumentException("collate: every " + what + " in a batch must have one shape, but sample 0 has "
                        + Arrays.toString(shape) + " and sample " + i + " has " + Arrays.toString(parts[i].shape())
                        + " (pad them in a custom Collate, or resize them in a transform)");
            }
            if (parts[i].dtype() != parts[0].dtype()) {
                throw new IllegalArgumentException("collate: every " + what + " in a batch must have one dtype, but sample 0 is "
                        + parts[0].dtype() + " and sample " + i + " is " + parts[i].dtype());
            }
        }
        return Tensor.stack(parts, 0);
    }
}
