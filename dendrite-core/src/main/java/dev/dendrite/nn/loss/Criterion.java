package dev.dendrite.nn.loss;

import dev.dendrite.tensor.Tensor;

/** A loss of an input and a target, the shape a training loop asks for; a lambda will do too. */
@FunctionalInterface
public interface Criterion {
    Tensor forward(Tensor input, Tensor target);
}
