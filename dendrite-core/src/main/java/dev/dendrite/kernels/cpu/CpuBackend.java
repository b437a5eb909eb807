package dev.dendrite.kernels.cpu;

import dev.dendrite.kernels.ArrayKernels;
import dev.dendrite.kernels.Backend;
import dev.dendrite.kernels.BinaryOp;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.ScalarArrayKernels;
import dev.dendrite.kernels.ReduceOp;
import dev.dendrite.kernels.Strided;
import dev.dendrite.kernels.StridedLoop;
import dev.dendrite.kernels.UnaryOp;
import dev.dendrite.storage.Dtype;
import dev.dendrite.storage.Storage;

/**
 * The CPU backend. Contiguous operands go straight to the {@link ArrayKernels} (vectorized where
 * the Vector API is present); everything else is walked by {@link StridedLoop}, whose inner runs
 * still reach the array kernels whenever the innermost strides are 0 or 1.
 */
public final class CpuBackend implements Backend {
    private final ArrayKernels fast;
    private final ArrayKernels exact = new ScalarArrayKernels();
    /** The kernels in use: {@code fast}, or the scalar ones in deterministic mode. */
    private volatile ArrayKernels arrays;

    public CpuBackend(ArrayKernels fast) {
        this.fast = fast;
        this.arrays = fast;
    }

    /**
     * Deterministic mode uses the scalar array kernels throughout: the vectorized transcendental
     * functions can round differently before and after the JIT compiles them, so only the scalar
     * ones give bit-identical results from run to run.
     */
    public void setDeterministic(boolean deterministic) {
        this.arrays = deterministic ? exact : fast;
    }

    public boolean isDeterministic() { return arrays == exact; }

    @Override
    public String name() { return "cpu (" + arrays.description() + ")"; }

    static boolean contiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    // ---------------------------------------------------------------- copy and fill

    @Override
    public void copy(int[] shape, Strided src, Strided dst) {
        Dtype sd = src.storage().dtype(), dd = dst.storage().dtype();
        if (sd == dd && contiguous(shape, src.strides()) && contiguous(shape, dst.strides())) {
            System.arraycopy(src.storage().array(), src.offset(), dst.storage().array(), dst.offset(), numel(shape));
            return;
        }
        StridedLoop.forEach(shape, new int[][] {src.strides(), dst.strides()},
                new int[] {src.offset(), dst.offset()}, 1, (o, s, n) -> copyRun(src.storage(), dst.storage(), o, s, n));
    }

    private static void copyRun(Storage src, Storage dst, int[] o, int[] s, int n) {
        int si = o[0], ss = s[0], di = o[1], ds = s[1];
        Dtype sd = src.dtype(), dd = dst.dtype();
        if (sd == dd) {
            switch (sd) {
                case FLOAT32 -> { float[] a = src.floats(), b = dst.floats(); for (int i = 0; i < n; i++) b[di + i * ds] = a[si + i * ss]; }
                case FLOAT64 -> { double[] a = src.doubles(), b = dst.doubles(); for (int i = 0; i < n; i++) b[di + i * ds] = a[si + i * ss]; }
                case INT32 -> { int[] a = src.ints(), b = dst.ints(); for (int i = 0; i < n; i++) b[di + i * ds] = a[si + i * ss]; }
                case INT64 -> { long[] a = src.longs(), b = dst.longs(); for (int i = 0; i < n; i++) b[di + i * ds] = a[si + i * ss]; }
                case BOOL -> { boolean[] a = src.bools(), b = dst.bools(); for (int i = 0; i < n; i++) b[di + i * ds] = a[si + i * ss]; }
                case BFLOAT16, FLOAT16 -> { short[] a = src.shorts(), b = dst.shorts(); for (int i = 0; i < n; i++) b[di + i * ds] = a[si + i * ss]; }
            }
        } else if (sd == Dtype.FLOAT32 && dd == Dtype.FLOAT64) {
            float[] a = src.floats();
            double[] b = dst.doubles();
            for (int i = 0; i < n; i++) b[di + i * ds] = a[si + i * ss];
        } else if (sd == Dtype.FLOAT64 && dd == Dtype.FLOAT32) {
            double[] a = src.doubles();
            float[] b = dst.floats();
            for (int i = 0; i < n; i++) b[di + i * ds] = (float) a[si + i * ss];
        } else if (!sd.isFloatingPoint() && !dd.isFloatingPoint()) {
            for (int i = 0; i < n; i++) dst.setLong(di + i * ds, src.getLong(si + i * ss));
        } else if (dd.isIntegral()) {
            // float -> integer truncates toward zero, as a C cast (and torch's .to(int)) does
            for (int i = 0; i < n; i++) dst.setLong(di + i * ds, (long) src.getDouble(si + i * ss));
        } else {
            for (int i = 0; i < n; i++) dst.setDouble(di + i * ds, src.getDouble(si + i * ss));
        }
    }

    @Override
    public void fill(int[] shape, Strided dst, double value) {
        if (contiguous(shape, dst.strides())) {
            dst.storage().fill(dst.offset(), dst.offset() + numel(shape), value);
            return;
        }
        Storage st = dst.storage();
        StridedLoop.forEach(shape, new int[][] {dst.strides()}, new int[] {dst.offset()}, 1, (o, s, n) -> {
            for (int i = 0; i < n; i++) st.setDouble(o[0] + i * s[0], value);
        });
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, int[] shape, Strided in, Strided out) {
        Storage a = in.storage(), o = out.storage();
        if (contiguous(shape, in.strides()) && contiguous(shape, out.strides())) {
            int n = numel(shape);
            long cost = costOf(op);
            if (n * cost < Parallel.GRAIN) {
                unaryRun(op, a, in.offset(), 1, o, out.offset(), n);
            } else {
                Parallel.forRange(n, cost, (from, to) ->
                        unaryRun(op, a, in.offset() + from, 1, o, out.offset() + from, to - from));
            }
            return;
        }
        StridedLoop.forEach(shape, new int[][] {in.strides(), out.strides()}, new int[] {in.offset(), out.offset()},
                costOf(op), (off, s, n) -> {
                    if (s[1] == 1) {
                        unaryRun(op, a, off[0], s[0], o, off[1], n);
                    } else {
                        for (int i = 0; i < n; i++) unaryRun(op, a, off[0] + i * s[0], 1, o, off[1] + i * s[1], 1);
                    }
                });
    }

    private static long costOf(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, RELU, SQUARE, SIGN, FLOOR, CEIL, ROUND, TRUNC -> 1;
            default -> 8;
        };
    }

    /** One run with output step 1. */
    private void unaryRun(UnaryOp op, Storage a, int ao, int as, Storage o, int oo, int n) {
        switch (a.dtype()) {
            case FLOAT32 -> {
                if (as == 1) {
                    arrays.unary(op, a.floats(), ao, o.floats(), oo, n);
                } else {
                    float[] x = a.floats(), y = o.floats();
                    for (int i = 0; i < n; i++) y[oo + i] = op.apply(x[ao + i * as]);
                }
            }
            case FLOAT64 -> {
                if (as == 1) {
                    arrays.unary(op, a.doubles(), ao, o.doubles(), oo, n);
                } else {
                    double[] x = a.doubles(), y = o.doubles();
                    for (int i = 0; i < n; i++) y[oo + i] = op.apply(x[ao + i * as]);
                }
            }
            case INT32 -> { int[] x = a.ints(), y = o.ints(); for (int i = 0; i < n; i++) y[oo + i] = (int) op.applyLong(x[ao + i * as]); }
            case INT64 -> { long[] x = a.longs(), y = o.longs(); for (int i = 0; i < n; i++) y[oo + i] = op.applyLong(x[ao + i * as]); }
            default -> throw new IllegalArgumentException(op.name().toLowerCase() + ": unsupported dtype " + a.dtype());
        }
    }

    @Override
    public void binary(BinaryOp op, int[] shape, Strided a, Strided b, Strided out) {
        Storage sa = a.storage(), sb = b.storage(), so = out.storage();
        if (contiguous(shape, out.strides())) {
            boolean ac = contiguous(shape, a.strides()), bc = contiguous(shape, b.strides());
            boolean as0 = !ac && allZero(a.strides()), bs0 = !bc && allZero(b.strides());
            if ((ac || as0) && (bc || bs0)) {
                int n = numel(shape);
                int aStep = ac ? 1 : 0, bStep = bc ? 1 : 0;
                if (n * costOf(op) < Parallel.GRAIN) {
                    binaryRun(op, sa, a.offset(), aStep, sb, b.offset(), bStep, so, out.offset(), n);
                } else {
                    Parallel.forRange(n, costOf(op), (from, to) -> binaryRun(op, sa, a.offset() + from * aStep, aStep,
                            sb, b.offset() + from * bStep, bStep, so, out.offset() + from, to - from));
                }
                return;
            }
        }
        StridedLoop.forEach(shape, new int[][] {a.strides(), b.strides(), out.strides()},
                new int[] {a.offset(), b.offset(), out.offset()}, costOf(op), (off, s, n) -> {
                    if (s[2] == 1 && (s[0] == 0 || s[0] == 1) && (s[1] == 0 || s[1] == 1)) {
                        binaryRun(op, sa, off[0], s[0], sb, off[1], s[1], so, off[2], n);
                    } else {
                        for (int i = 0; i < n; i++) {
                            binaryRun(op, sa, off[0] + i * s[0], 0, sb, off[1] + i * s[1], 0, so, off[2] + i * s[2], 1);
                        }
                    }
                });
    }

    private static long costOf(BinaryOp op) {
        return switch (op) {
            case POW, ATAN2, REMAINDER, FMOD -> 16;
            default -> 1;
        };
    }

    private static boolean allZero(int[] strides) {
        for (int s : strides) if (s != 0) return false;
        return true;
    }

    /** One run with output step 1 and input steps 0 or 1. */
    private void binaryRun(BinaryOp op, Storage a, int ao, int as, Storage b, int bo, int bs, Storage o, int oo, int n) {
        if (op.producesBool()) {
            predicateRun(op, a, ao, as, b, bo, bs, o.bools(), oo, n);
            return;
        }
        switch (a.dtype()) {
            case FLOAT32 -> {
                arrays.binary(op, a.floats(), ao, as, b.floats(), bo, bs, o.floats(), oo, n);
            }
            case FLOAT64 -> {
                arrays.binary(op, a.doubles(), ao, as, b.doubles(), bo, bs, o.doubles(), oo, n);
            }
            case INT32 -> {
                int[] x = a.ints(), y = b.ints(), z = o.ints();
                for (int i = 0; i < n; i++) z[oo + i] = (int) op.applyLong(x[ao + i * as], y[bo + i * bs]);
            }
            case INT64 -> {
                long[] x = a.longs(), y = b.longs(), z = o.longs();
                for (int i = 0; i < n; i++) z[oo + i] = op.applyLong(x[ao + i * as], y[bo + i * bs]);
            }
            default -> throw new IllegalArgumentException(op.name().toLowerCase() + ": unsupported dtype " + a.dtype());
        }
    }

    private static void predicateRun(BinaryOp op, Storage a, int ao, int as, Storage b, int bo, int bs,
                                     boolean[] z, int oo, int n) {
        switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = a.floats(), y = b.floats();
                for (int i = 0; i < n; i++) z[oo + i] = op.test(x[ao + i * as], y[bo + i * bs]);
            }
            case FLOAT64 -> {
                double[] x = a.doubles(), y = b.doubles();
                for (int i = 0; i < n; i++) z[oo + i] = op.test(x[ao + i * as], y[bo + i * bs]);
            }
            case BOOL -> {
                boolean[] x = a.bools(), y = b.bools();
                for (int i = 0; i < n; i++) z[oo + i] = op.testLong(x[ao + i * as] ? 1 : 0, y[bo + i * bs] ? 1 : 0);
            }
            default -> {
                for (int i = 0; i < n; i++) z[oo + i] = op.testLong(a.getLong(ao + i * as), b.getLong(bo + i * bs));
            }
        }
    }

    @Override
    public void where(int[] shape, Strided cond, Strided a, Strided b, Strided out) {
        boolean[] c = cond.storage().bools();
        Storage sa = a.storage(), sb = b.storage(), so = out.storage();
        StridedLoop.forEach(shape, new int[][] {cond.strides(), a.strides(), b.strides(), out.strides()},
                new int[] {cond.offset(), a.offset(), b.offset(), out.offset()}, 1, (o, s, n) -> {
                    switch (so.dtype()) {
                        case FLOAT32 -> {
                            float[] x = sa.floats(), y = sb.floats(), z = so.floats();
                            for (int i = 0; i < n; i++) z[o[3] + i * s[3]] = c[o[0] + i * s[0]] ? x[o[1] + i * s[1]] : y[o[2] + i * s[2]];
                        }
                        case FLOAT64 -> {
                            double[] x = sa.doubles(), y = sb.doubles(), z = so.doubles();
                            for (int i = 0; i < n; i++) z[o[3] + i * s[3]] = c[o[0] + i * s[0]] ? x[o[1] + i * s[1]] : y[o[2] + i * s[2]];
                        }
                        default -> {
                            for (int i = 0; i < n; i++) {
                                Storage from = c[o[0] + i * s[0]] ? sa : sb;
                                int at = c[o[0] + i * s[0]] ? o[1] + i * s[1] : o[2] + i * s[2];
                                if (so.dtype().isFloatingPoint()) so.setDouble(o[3] + i * s[3], from.getDouble(at));
                                else so.setLong(o[3] + i * s[3], from.getLong(at));
                            }
                        }
                    }
                });
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(ReduceOp op, Storage in, int inOffset, int outer, int r, int inner, Storage out, int outOffset) {
        Reductions.reduce(arrays, op, in, inOffset, outer, r, inner, out, outOffset);
    }

    @Override
    public void scan(ReduceOp op, Storage in, int inOffset, int outer, int r, int inner, Storage out, int outOffset) {
        Reductions.scan(op, in, inOffset, outer, r, inner, out, outOffset);
    }

    // ---------------------------------------------------------------- gather and scatter

    @Override
    public void gather(String op, int[] shape, int dim, Strided src, int srcDimSize, Strided index, Strided out) {
        IndexKernels.gather(op, shape, dim, src, srcDimSize, index, out);
    }

    @Override
    public void scatter(String op, int[] shape, int dim, Strided src, Strided index, Strided out, int outDimSize,
                        boolean accumulate) {
        IndexKernels.scatter(op, shape, dim, src, index, out, outDimSize, accumulate);
    }

    // ---------------------------------------------------------------- sorting

    @Override
    public void sort(Storage in, int inOffset, int outer, int r, int inner, boolean descending,
                     Storage values, Storage indices, int outOffset) {
        SortKernels.sort(in, inOffset, outer, r, inner, descending, values, indices, outOffset);
    }
}
