package dev.dendrite.amp;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

/**
 * Mixed-precision autocast, as {@code torch.autocast}: inside a scope, the inputs of matrix
 * products ({@code mm}, {@code bmm}, and so {@code matmul} and {@code F.linear}) and of
 * convolutions are rounded to a half-precision type, while everything else (parameters, optimizer
 * state, reductions, losses) stays float32. Master weights are never changed: the rounding is a
 * differentiable cast whose gradient flows back to the float32 parameter.
 *
 * <pre>{@code
 * try (var ac = Autocast.enable(Dtype.BFLOAT16)) {
 *     Tensor loss = F.crossEntropy(model.call(x), y);
 * }
 * loss.backward();   // gradients land on the float32 parameters
 * }</pre>
 *
 * <p>On this CPU backend bfloat16 is a storage and precision format, not a speed-up: the rounded
 * values are widened back to float32 and multiplied by the float32 GEMM. Autocast therefore shows
 * what precision loss a half-precision run would see (and trains with it), not faster steps.
 *
 * <p>The scope is per thread (ops consult it on the thread that calls them) and nests: closing
 * a scope restores the enclosing one.
 */
public final class Autocast implements AutoCloseable {
    private static final ThreadLocal<Dtype> CURRENT = new ThreadLocal<>();

    private final Dtype previous;
    private final Thread owner;
    private boolean closed;

    private Autocast(Dtype dtype) {
        this.previous = CURRENT.get();
        this.owner = Thread.currentThread();
        if (dtype == null) CURRENT.remove();
        else CURRENT.set(dtype);
    }

    /** Enters a scope rounding product inputs to {@code dtype} (BFLOAT16 or FLOAT16). */
    public static Autocast enable(Dtype dtype) {
        if (dtype != Dtype.BFLOAT16 && dtype != Dtype.FLOAT16) {
            throw new IllegalArgumentException("Autocast: dtype must be bfloat16 or float16, got " + (dtype == null ? "null" : dtype.torchName()));
        }
        return new Autocast(dtype);
    }

    /** Enters a scope with autocast off (for a region that must run in full precision). */
    public static Autocast disable() { return new Autocast(null); }

    public static boolean isEnabled() { return CURRENT.get() != null; }

    /** The half type of the current scope, or null outside any. */
    public static Dtype dtype() { return CURRENT.get(); }

    /**
     * What a product sees of {@code t}: outside a scope, or for a tensor that is not float32,
     * {@code t} itself; inside, {@code t} rounded to the scope's type and widened back to float32
     * (two differentiable casts, so the gradient reaches {@code t}).
     */
    public static Tensor input(Tensor t) {
        Dtype d = CURRENT.get();
        if (d == null || t == null || t.dtype() != Dtype.FLOAT32) return t;
        return t.to(d).to(Dtype.FLOAT32);
    }

    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) throw new IllegalStateException("Autocast: a scope must be closed on the thread that opened it");
        closed = true;
        if (previous == null) CURRENT.remove();
        else CURRENT.set(previous);
    }
}
