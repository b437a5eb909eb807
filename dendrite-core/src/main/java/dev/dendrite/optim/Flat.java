package dev.dendrite.optim;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

/**
 * A flat, element-indexed window on a tensor's data for the optimizers' fused loops. A contiguous
 * float32 or float64 tensor is read and written in place; any other tensor (a strided view, a
 * 16-bit tensor) goes through a contiguous compute-type copy that {@link #writeBack()} stores back.
 * Values are read and written as doubles: the update arithmetic runs in double and rounds once per
 * stored element.
 */
final class Flat {
    private final float[] f;
    private final double[] d;
    private final int off;
    final int n;
    private final Tensor copy;    // the contiguous copy, when the target could not be used directly
    private final Tensor target;  // where writeBack stores the copy

    private Flat(Tensor t, Tensor target) {
        this.n = t.numel();
        this.off = t.storageOffset();
        if (t.dtype() == Dtype.FLOAT32) {
            this.f = t.storage().floats();
            this.d = null;
        } else {
            this.f = null;
            this.d = t.storage().doubles();
        }
        this.copy = target == null ? null : t;
        this.target = target;
    }

    private static boolean direct(Tensor t) {
        return t.isContiguous() && (t.dtype() == Dtype.FLOAT32 || t.dtype() == Dtype.FLOAT64);
    }

    /** A window for reading and writing {@code t}; call {@link #writeBack()} after writing. */
    static Flat of(Tensor t) {
        if (direct(t)) return new Flat(t, null);
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException("optimizer: expected a floating-point tensor, got " + t.dtype().torchName());
        }
        Tensor c = t.detach().to(t.dtype().computeType()).contiguousCopy();
        return new Flat(c, t);
    }

    /** A read-only window (a contiguous copy only when needed). */
    static Flat read(Tensor t) {
        if (direct(t)) return new Flat(t, null);
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException("optimizer: expected a floating-point gradient, got " + t.dtype().torchName());
        }
        return new Flat(t.detach().to(t.dtype().computeType()).contiguousCopy(), null);
    }

    double get(int i) { return f != null ? f[off + i] : d[off + i]; }

    void set(int i, double v) {
        if (f != null) f[off + i] = (float) v;
        else d[off + i] = v;
    }

    /** Stores a copy's values into the tensor it was made from (no-op for direct windows). */
    void writeBack() {
        if (target != null) target.copy_(copy);
    }
}
