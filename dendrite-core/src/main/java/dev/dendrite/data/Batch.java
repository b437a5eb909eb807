package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

/** A mini-batch: inputs and targets stacked along a new leading batch dim. */
public record Batch(Tensor input, Tensor target) {
    /** The number of examples in the batch. */
    public int size() { return input.size(0); }
}
