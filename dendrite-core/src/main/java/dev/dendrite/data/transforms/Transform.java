package dev.dendrite.data.transforms;

import dev.dendrite.data.Example;
import dev.dendrite.data.SeededFunction;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * A transform of one example's input, usually an image [C, H, W] float tensor. Random transforms
 * draw every random number from the generator they are given, never from a global one, so the
 * same generator state gives the same output; a DataLoader hands each sample its own generator
 * (see {@link dev.dendrite.data.SampleSeeds}). Deterministic transforms ignore it.
 * Chain transforms with {@link Compose}.
 */
@FunctionalInterface
public interface Transform extends SeededFunction<Tensor, Tensor> {
    @Override
    Tensor apply(Tensor input, Generator gen);

    /**
     * {@code t} applied to the input of an example, the target kept: the shape
     * {@link dev.dendrite.data.MapWithSeed} takes, e.g.
     * {@code new MapWithSeed<>(mnist, Transform.onInput(new RandomCrop(28, 2)))}.
     */
    static SeededFunction<Example, Example> onInput(Transform t) {
        return (ex, gen) -> new Example(t.apply(ex.input(), gen), ex.target());
    }
}
