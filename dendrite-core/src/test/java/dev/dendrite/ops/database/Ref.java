package dev.dendrite.ops.database;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Reference computations for op cases, written with plain loops over double arrays and their own
 * index arithmetic, so that they share no code with the kernels they check.
 */
public final class Ref {
    private Ref() {}

    /** Elementwise {@code f(x)}, in the given dtype. */
    public static Tensor map(Tensor x, DoubleUnaryOperator f, Dtype dtype) {
        double[] v = x.toDoubleArray();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = f.applyAsDouble(v[i]);
        return Tensor.of(out, x.shape()).to(dtype);
    }

    public static Tensor map(Tensor x, DoubleUnaryOperator f) { return map(x, f, x.dtype()); }

    /** Elementwise {@code f(a, b)} with NumPy broadcasting, in the given dtype. */
    public static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f, Dtype dtype) {
        int[] sa = a.shape(), sb = b.shape();
        int n = Math.max(sa.length, sb.length);
        int[] shape = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i - (n - sa.length) >= 0 ? sa[i - (n - sa.length)] : 1;
            int db = i - (n - sb.length) >= 0 ? sb[i - (n - sb.length)] : 1;
            shape[i] = Math.max(da, db);
        }
        double[] va = a.toDoubleArray(), vb = b.toDoubleArray();
        int total = 1;
        for (int s : shape) total *= s;
        double[] out = new double[total];
        int[] idx = new int[n];
        for (int flat = 0; flat < total; flat++) {
            int rem = flat;
            for (int d = n - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            out[flat] = f.applyAsDouble(va[offset(idx, sa)], vb[offset(idx, sb)]);
        }
        return Tensor.of(out, shape).to(dtype);
    }

    public static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
        return zip(a, b, f, a.dtype().isFloatingPoint() || b.dtype().isFloatingPoint()
                ? (a.dtype() == Dtype.FLOAT64 || b.dtype() == Dtype.FLOAT64 ? Dtype.FLOAT64 : Dtype.FLOAT32) : a.dtype());
    }

    /** Row-major offset of a broadcast index into an array of shape {@code s} (aligned to the right). */
    private static int offset(int[] idx, int[] s) {
        int off = 0, lead = idx.length - s.length;
        for (int d = 0; d < s.length; d++) off = off * s[d] + (s[d] == 1 ? 0 : idx[d + lead]);
        return off;
    }

    /** Deterministic sample values in [lo, hi) for a shape (a fixed seed per call site). */
    public static Tensor sample(long seed, double lo, double hi, Dtype dtype, int... shape) {
        java.util.Random r = new java.util.Random(seed);
        int n = 1;
        for (int s : shape) n *= s;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextDouble();
        return Tensor.of(v, shape).to(dtype);
    }

    public static Tensor sample(long seed, int... shape) { return sample(seed, -2, 2, Dtype.FLOAT64, shape); }
}
