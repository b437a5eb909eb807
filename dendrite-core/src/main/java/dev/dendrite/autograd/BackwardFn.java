package dev.dendrite.autograd;

import dev.dendrite.tensor.Tensor;

/**
 * The derivative half of an op: given the gradient of the loss with respect to the op's output,
 * returns the gradients with respect to each input (an entry may be null where an input needs
 * none). It is written with differentiable tensor ops, so that running it with grad mode on
 * (create_graph) records a graph of its own and gradients of gradients work.
 */
@FunctionalInterface
public interface BackwardFn {
    Tensor[] apply(Tensor gradOutput);
}
