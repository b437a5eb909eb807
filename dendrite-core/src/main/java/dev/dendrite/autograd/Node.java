package dev.dendrite.autograd;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One recorded op in the autograd graph. It holds the op's backward function (whose closure keeps
 * the tensors saved for backward) and, per input, the node that receives that input's gradient.
 * After a backward pass without {@code retainGraph} the function is dropped, which releases the
 * saved tensors.
 */
public class Node {
    private final String name;
    final Node[] next;
    final int[][] inputShapes;
    final int[] outputShape;
    final Dtype outputDtype;
    private BackwardFn fn;
    private boolean released;
    private List<UnaryOperator<Tensor>> preHooks;
    final Throwable forwardTrace;

    Node(String name, Node[] next, int[][] inputShapes, int[] outputShape, Dtype outputDtype, BackwardFn fn) {
        this.name = name;
        this.next = next;
        this.inputShapes = inputShapes;
        this.outputShape = outputShape;
        this.outputDtype = outputDtype;
        this.fn = fn;
        this.forwardTrace = Autograd.isAnomalyEnabled()
                ? new Throwable("forward of '" + name + "' (recorded because anomaly mode was on)") : null;
    }

    /** The op's name, as it appears in error messages and in {@code gradFn} printouts. */
    public String name() { return name; }

    /** The nodes that receive this node's input gradients (null where an input needs none). */
    public List<Node> nextFunctions() { return Arrays.asList(next); }

    /** Registers a hook that may replace the gradient arriving at this node's output. */
    public void registerPreHook(UnaryOperator<Tensor> hook) {
        if (preHooks == null) preHooks = new ArrayList<>(1);
        preHooks.add(hook);
    }

    Tensor applyPreHooks(Tensor grad) {
        if (preHooks == null) return grad;
        for (UnaryOperator<Tensor> hook : preHooks) {
            Tensor replaced = hook.apply(grad);
            if (replaced != null) grad = replaced;
        }
        return grad;
    }

    Tensor[] runBackward(Tensor grad, boolean retain) {
        if (released) {
            throw new IllegalStateException("backward: trying to backward through the graph a second time (the saved "
                    + "tensors of '" + name + "' were already freed); pass retainGraph=true to the first backward "
                    + "if you need to run backward twice");
        }
        Tensor[] grads = fn.apply(grad);
        if (!retain) {
            fn = null;
            released = true;
        }
        return grads;
    }

    @Override
    public String toString() { return name + "Backward"; }
}
