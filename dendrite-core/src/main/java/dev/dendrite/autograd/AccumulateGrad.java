package dev.dendrite.autograd;

import dev.dendrite.tensor.Tensor;

/** The sink node of a leaf tensor: adds the arriving gradient into the leaf's {@code grad}. */
final class AccumulateGrad extends Node {
    final Tensor leaf;

    AccumulateGrad(Tensor leaf) {
        super("AccumulateGrad", new Node[0], new int[0][], leaf.shape(), leaf.dtype(), g -> new Tensor[0]);
        this.leaf = leaf;
    }

    void accumulate(Tensor grad, boolean createGraph) {
        Tensor g = createGraph ? grad : grad.detach();
        Tensor old = leaf.grad();
        if (old == null) {
            // A fresh gradient must not alias a tensor the caller might still mutate in place.
            leaf.setGrad(createGraph ? g : g.contiguousCopy());
        } else if (createGraph || old.isRequiresGrad()) {
            leaf.setGrad(old.add(g));
        } else {
            old.add_(g);
        }
    }

    @Override
    public String toString() { return "AccumulateGrad"; }
}
