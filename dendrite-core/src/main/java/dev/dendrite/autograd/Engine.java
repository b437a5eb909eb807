package dev.dendrite.autograd;

import dev.dendrite.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Runs one backward pass: finds every node reachable from the root, counts how many edges enter
 * each, then processes nodes once all of their incoming gradients have arrived (Kahn's order),
 * summing gradients that reach a node along several paths.
 */
final class Engine {
    private final boolean retainGraph;
    private final boolean createGraph;
    private final Node[] targets;     // non-null for Autograd.grad: capture these, leave leaves alone
    private final Tensor[] captured;

    Engine(boolean retainGraph, boolean createGraph, Node[] targets) {
        this.retainGraph = retainGraph;
        this.createGraph = createGraph;
        this.targets = targets;
        this.captured = targets == null ? null : new Tensor[targets.length];
    }

    Tensor[] captured() { return captured; }

    void run(Node root, Tensor seed) {
        Map<Node, Integer> pending = countDependencies(root);
        Map<Node, Tensor> arrived = new IdentityHashMap<>();
        arrived.put(root, seed);
        ArrayDeque<Node> ready = new ArrayDeque<>();
        ready.push(root);
        try (var mode = Autograd.setGradEnabled(createGraph)) {
            while (!ready.isEmpty()) {
                Node node = ready.pop();
                Tensor grad = arrived.remove(node);
                Tensor[] inputGrads = null;
                if (grad != null) {   // null: every path into this node carried no gradient
                    grad = node.applyPreHooks(grad);
                    capture(node, grad);
                    if (node instanceof AccumulateGrad acc) {
                        if (targets == null) acc.accumulate(grad, createGraph);
                        continue;
                    }
                    inputGrads = node.runBackward(grad, retainGraph);
                }
                for (int i = 0; i < node.next.length; i++) {
                    Node next = node.next[i];
                    if (next == null) continue;
                    Tensor g = inputGrads != null && i < inputGrads.length ? inputGrads[i] : null;
                    if (g != null) {
                        check(node, i, g);
                        arrived.merge(next, g, Tensor::add);
                    }
                    if (pending.merge(next, -1, Integer::sum) == 0) ready.push(next);
                }
            }
        }
    }

    private void capture(Node node, Tensor grad) {
        if (targets == null) return;
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] == node) captured[i] = createGraph ? grad : grad.detach();
        }
    }

    private static Map<Node, Integer> countDependencies(Node root) {
        Map<Node, Integer> deps = new IdentityHashMap<>();
        deps.put(root, 0);
        ArrayDeque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Node next : n.next) {
                if (next == null) continue;
                Integer before = deps.get(next);
                deps.put(next, before == null ? 1 : before + 1);
                if (before == null) stack.push(next);
            }
        }
        return deps;
    }

    private static void check(Node node, int input, Tensor g) {
        int[] expected = node.inputShapes[input];
        if (!Arrays.equals(expected, g.shape())) {
            throw new IllegalStateException("backward of '" + node.name() + "' returned a gradient of shape "
                    + Arrays.toString(g.shape()) + " for input " + input + " of shape " + Arrays.toString(expected));
        }
        if (Autograd.isAnomalyEnabled() && g.dtype().isFloatingPoint()) {
            String bad = g.isnan().any().item() != 0 ? "NaN" : g.isinf().any().item() != 0 ? "Inf" : null;
            if (bad != null) {
                var error = new ArithmeticException("anomaly: backward of '" + node.name() + "' produced " + bad
                        + " in the gradient of input " + input + " (shape " + Arrays.toString(expected) + ")");
                if (node.forwardTrace != null) error.initCause(node.forwardTrace);
                throw error;
            }
        }
    }
}
