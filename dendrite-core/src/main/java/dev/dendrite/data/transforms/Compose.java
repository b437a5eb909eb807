package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.List;

/** Applies transforms in order, all drawing from the same generator, as torchvision's Compose. */
public record Compose(List<Transform> transforms) implements Transform {
    public Compose {
        transforms = List.copyOf(transforms);
    }

    public Compose(Transform... transforms) {
        this(List.of(transforms));
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Tensor x = input;
        for (Transform t : transforms) x = t.apply(x, gen);
        return x;
    }
}
