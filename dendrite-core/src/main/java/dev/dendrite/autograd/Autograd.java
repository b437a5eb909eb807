package dev.dendrite.autograd;

import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Grad-mode scopes, recording of ops into the graph, and the entry points of reverse-mode
 * differentiation ({@link #backward}, {@link #grad}).
 *
 * <pre>{@code
 * try (var scope = Autograd.noGrad()) { ... }   // inference: nothing is recorded
 * }</pre>
 */
public final class Autograd {
    private Autograd() {}

    private static final ThreadLocal<boolean[]> GRAD_ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    private static final ThreadLocal<boolean[]> ANOMALY = ThreadLocal.withInitial(() -> new boolean[] {false});

    /** A scope that restores the previous mode when closed; throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    public static boolean isGradEnabled() { return GRAD_ENABLED.get()[0]; }

    /** Turns graph recording off until the returned scope is closed. */
    public static Scope noGrad() { return setGradEnabled(false); }

    /** Turns graph recording on until the returned scope is closed (inside a no-grad scope, say). */
    public static Scope enableGrad() { return setGradEnabled(true); }

    public static Scope setGradEnabled(boolean enabled) {
        boolean[] flag = GRAD_ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    public static boolean isAnomalyEnabled() { return ANOMALY.get()[0]; }

    /**
     * Anomaly mode: every backward function's output is checked for NaN and Inf, and the error
     * names the op and carries the stack trace of its forward call.
     */
    public static Scope detectAnomaly() {
        boolean[] flag = ANOMALY.get();
        boolean previous = flag[0];
        flag[0] = true;
        return () -> flag[0] = previous;
    }

    /** True when an op over these inputs must be recorded. */
    public static boolean needsGrad(Tensor a) {
        return a.isRequiresGrad() && isGradEnabled();
    }

    public static boolean needsGrad(Tensor a, Tensor b) {
        return (a.isRequiresGrad() || b.isRequiresGrad()) && isGradEnabled();
    }

    public static boolean needsGrad(Tensor... inputs) {
        if (!isGradEnabled()) return false;
        for (Tensor t : inputs) if (t != null && t.isRequiresGrad()) return true;
        return false;
    }

    /**
     * Records {@code output = name(inputs)} in the graph. Call only when {@link #needsGrad} said so;
     * returns {@code output} for chaining.
     */
    public static Tensor record(String name, Tensor output, Tensor[] inputs, BackwardFn backward) {
        Node[] next = new Node[inputs.length];
        int[][] shapes = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in != null && in.isRequiresGrad()) {
                next[i] = edgeOf(in);
                shapes[i] = in.shape();
            }
        }
        output.attachGradFn(new Node(name, next, shapes, output.shape(), output.dtype(), backward));
        return output;
    }

    public static Tensor record(String name, Tensor output, Tensor input, BackwardFn backward) {
        return record(name, output, new Tensor[] {input}, backward);
    }

    /** The node that receives gradients flowing into {@code t}: its grad_fn, or its accumulator if a leaf. */
    static Node edgeOf(Tensor t) {
        Node fn = t.gradFn();
        if (fn != null) return fn;
        Object acc = t.gradAccumulator();
        if (acc == null) {
            acc = new AccumulateGrad(t);
            t.setGradAccumulator(acc);
        }
        return (Node) acc;
    }

    /** Registers a hook on the gradient that arrives at tensor {@code t} (leaf or not). */
    public static void registerHook(Tensor t, java.util.function.UnaryOperator<Tensor> hook) {
        if (!t.isRequiresGrad()) {
            throw new IllegalStateException("registerHook: cannot register a hook on a tensor that does not require grad");
        }
        edgeOf(t).registerPreHook(hook);
    }

    /**
     * Computes gradients of {@code root} and accumulates them into the {@code grad} of every leaf
     * that requires grad. {@code gradient} may be null only for a one-element root.
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        if (!root.isRequiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no grad_fn "
                    + "(shape " + Arrays.toString(root.shape()) + "); did you call requiresGrad() on the inputs?");
        }
        Tensor seed = seedGradient("backward", root, gradient);
        new Engine(retainGraph, createGraph, null).run(edgeOf(root), seed);
    }

    /**
     * Like torch.autograd.grad: returns d(outputs)/d(inputs) without touching any {@code grad}
     * field. With {@code createGraph} the results are differentiable themselves. An input that
     * the output does not depend on gets null unless {@code allowUnused} is false, in which case
     * it is an error.
     */
    public static Tensor[] grad(Tensor output, Tensor[] inputs, Tensor gradOutput, boolean retainGraph,
                                boolean createGraph, boolean allowUnused) {
        if (!output.isRequiresGrad()) {
            throw new IllegalStateException("grad: the output does not require grad and has no grad_fn");
        }
        Node[] targets = new Node[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].isRequiresGrad()) {
                throw new IllegalArgumentException("grad: input " + i + " does not require grad");
            }
            targets[i] = edgeOf(inputs[i]);
        }
        Tensor seed = seedGradient("grad", output, gradOutput);
        Engine engine = new Engine(retainGraph, createGraph, targets);
        engine.run(edgeOf(output), seed);
        Tensor[] result = engine.captured();
        for (int i = 0; i < result.length; i++) {
            if (result[i] == null && !allowUnused) {
                throw new IllegalStateException("grad: input " + i + " (shape " + Arrays.toString(inputs[i].shape())
                        + ") was not used in computing the output; pass allowUnused=true if this is intended");
            }
        }
        return result;
    }

    /** {@code grad(output, inputs)} for a scalar output, keeping no graph. */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        return grad(output, inputs, null, false, false, false);
    }

    private static Tensor seedGradient(String op, Tensor root, Tensor gradient) {
        if (gradient == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException(op + ": grad can be implicitly created only for scalar outputs, "
                        + "but the output has shape " + Arrays.toString(root.shape())
                        + "; pass a gradient of that shape");
            }
            return Tensor.onesLike(root);
        }
        if (!Arrays.equals(gradient.shape(), root.shape())) {
            throw new IllegalArgumentException(op + ": gradient has shape " + Arrays.toString(gradient.shape())
                    + " but the output has shape " + Arrays.toString(root.shape()));
        }
        return gradient.dtype() == root.dtype() ? gradient : gradient.to(root.dtype());
    }
}
