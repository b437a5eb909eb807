package dev.dendrite.kernels.cpu;

import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.StridedLoop;
import dev.dendrite.kernels.Strided;
import dev.dendrite.storage.Dtype;
import dev.dendrite.storage.Storage;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Gather and scatter over strided buffers (the CPU side of {@code Backend.gather/scatter}).
 *
 * <p>Both walk the positions of the index's shape as inner runs. The indexed operand (src for
 * gather, out for scatter) is walked with stride 0 on the indexed dim and each index value adds
 * {@code value * dimStride}. A run first turns its index values into element positions (checking
 * bounds), then moves the data with a loop typed by the data's dtype. A run whose index has stride
 * 0 (index_select, embedding lookups) addresses one whole row and is copied with
 * {@code System.arraycopy} or a plain add loop.
 *
 * <p>Large walks split across {@link Parallel}'s pool along one dim. Scatter splits only along a
 * dim other than the indexed one, so two chunks never write the same output element and
 * accumulation needs no atomics.
 */
final class IndexKernels {
    private IndexKernels() {}

    /** One inner run: operand k starts at {@code off[k]} and steps by {@code st[k]} for {@code n} elements. */
    private interface Run {
        void run(int[] off, int[] st, int n);
    }

    /** Makes one {@link Run} per chunk, so that each holds its own scratch buffers. */
    private interface RunFactory {
        Run create();
    }

    /** Keeps the first out-of-bounds index a chunk finds; the caller rethrows it after the walk. */
    private static final class Errors {
        private final AtomicReference<String> message = new AtomicReference<>();

        boolean failed() { return message.get() != null; }

        void report(String op, long value, int dim, int size) {
            message.compareAndSet(null, op + ": index " + value + " is out of bounds for dim " + dim + " with size " + size);
        }

        void rethrow() {
            String m = message.get();
            if (m != null) throw new IndexOutOfBoundsException(m);
        }
    }

    // ---------------------------------------------------------------- entry points

    static void gather(String op, int[] shape, int dim, Strided src, int srcDimSize, Strided index, Strided out) {
        int[] srcWalk = src.strides().clone();
        int dimStride = srcWalk[dim];
        srcWalk[dim] = 0;
        Errors errors = new Errors();
        Storage s = src.storage(), ix = index.storage(), o = out.storage();
        walkParallel(shape, new int[][] {srcWalk, index.strides(), out.strides()},
                new int[] {src.offset(), index.offset(), out.offset()}, splitDim(shape, -1), 2,
                () -> new GatherRun(op, dim, srcDimSize, dimStride, s, ix, o, errors));
        errors.rethrow();
    }

    static void scatter(String op, int[] shape, int dim, Strided src, Strided index, Strided out, int outDimSize,
                        boolean accumulate) {
        Dtype dt = out.storage().dtype();
        if (accumulate && !(dt == Dtype.FLOAT32 || dt == Dtype.FLOAT64 || dt == Dtype.INT32 || dt == Dtype.INT64)) {
            throw new IllegalArgumentException(op + ": accumulating scatter does not support dtype " + dt.torchName());
        }
        int[] outWalk = out.strides().clone();
        int dimStride = outWalk[dim];
        outWalk[dim] = 0;
        Errors errors = new Errors();
        Storage s = src.storage(), ix = index.storage(), o = out.storage();
        walkParallel(shape, new int[][] {src.strides(), index.strides(), outWalk},
                new int[] {src.offset(), index.offset(), out.offset()}, splitDim(shape, dim), 2,
                () -> new ScatterRun(op, dim, outDimSize, dimStride, s, ix, o, accumulate, errors));
        errors.rethrow();
    }

    // ---------------------------------------------------------------- runs

    private abstract static class IndexedRun implements Run {
        final String op;
        final int dim, size, dimStride;
        final Storage index;
        final Errors errors;
        int[] ap = new int[0], bp = new int[0];

        IndexedRun(String op, int dim, int size, int dimStride, Storage index, Errors errors) {
            this.op = op;
            this.dim = dim;
            this.size = size;
            this.dimStride = dimStride;
            this.index = index;
            this.errors = errors;
        }

        void ensure(int n) {
            if (ap.length < n) {
                ap = new int[n];
                bp = new int[n];
            }
        }

        /** The index value at {@code at}, or -1 after reporting it when out of bounds (callers stop then). */
        final long checkedIndex(int at) {
            long v = index.dtype() == Dtype.INT64 ? index.longs()[at] : index.ints()[at];
            if (v < 0 || v >= size) {
                errors.report(op, v, dim, size);
                return -1;
            }
            return v;
        }

        /**
         * Fills {@code pos[i] = base + i * step + index[io + i * is] * dimStride} for a run of n;
         * false (after reporting) if an index is out of bounds.
         */
        final boolean decode(int io, int is, int n, int base, int step, int[] pos) {
            int sz = size, ds = dimStride;
            if (index.dtype() == Dtype.INT64) {
                long[] x = index.longs();
                for (int i = 0; i < n; i++) {
                    long v = x[io + i * is];
                    if (v < 0 || v >= sz) {
                        errors.report(op, v, dim, sz);
                        return false;
                    }
                    pos[i] = base + i * step + (int) v * ds;
                }
            } else {
                int[] x = index.ints();
                for (int i = 0; i < n; i++) {
                    int v = x[io + i * is];
                    if (v < 0 || v >= sz) {
                        errors.report(op, v, dim, sz);
                        return false;
                    }
                    pos[i] = base + i * step + v * ds;
                }
            }
            return true;
        }

        static void linear(int[] pos, int base, int step, int n) {
            for (int i = 0; i < n; i++) pos[i] = base + i * step;
        }
    }

    /** Operands: 0 = src (walked with stride 0 on dim), 1 = index, 2 = out. */
    private static final class GatherRun extends IndexedRun {
        final Storage src, out;

        GatherRun(String op, int dim, int size, int dimStride, Storage src, Storage index, Storage out, Errors errors) {
            super(op, dim, size, dimStride, index, errors);
            this.src = src;
            this.out = out;
        }

        @Override
        public void run(int[] off, int[] st, int n) {
            if (errors.failed()) return;
            ensure(n);
            if (st[1] == 0) {
                long v = checkedIndex(off[1]);
                if (v < 0) return;
                int from = off[0] + (int) v * dimStride;
                if (st[0] == 1 && st[2] == 1) {
                    System.arraycopy(src.array(), from, out.array(), off[2], n);
                    return;
                }
                linear(ap, from, st[0], n);
            } else if (!decode(off[1], st[1], n, off[0], st[0], ap)) {
                return;
            }
            linear(bp, off[2], st[2], n);
            copy(src, ap, out, bp, n);
        }
    }

    /** Operands: 0 = src, 1 = index, 2 = out (walked with stride 0 on dim). */
    private static final class ScatterRun extends IndexedRun {
        final Storage src, out;
        final boolean accumulate;

        ScatterRun(String op, int dim, int size, int dimStride, Storage src, Storage index, Storage out,
                   boolean accumulate, Errors errors) {
            super(op, dim, size, dimStride, index, errors);
            this.src = src;
            this.out = out;
            this.accumulate = accumulate;
        }

        @Override
        public void run(int[] off, int[] st, int n) {
            if (errors.failed()) return;
            if (st[1] == 0) {
                long v = checkedIndex(off[1]);
                if (v < 0) return;
                int to = off[2] + (int) v * dimStride;
                if (accumulate) {
                    addLinear(src, off[0], st[0], out, to, st[2], n);
                } else if (st[0] == 1 && st[2] == 1) {
                    System.arraycopy(src.array(), off[0], out.array(), to, n);
                } else {
                    ensure(n);
                    linear(ap, off[0], st[0], n);
                    linear(bp, to, st[2], n);
                    copy(src, ap, out, bp, n);
                }
                return;
            }
            ensure(n);
            if (!decode(off[1], st[1], n, off[2], st[2], bp)) return;
            linear(ap, off[0], st[0], n);
            if (accumulate) add(src, ap, out, bp, n);
            else copy(src, ap, out, bp, n);
        }
    }

    // ---------------------------------------------------------------- typed moves

    /** {@code b[bp[i]] = a[ap[i]]}; a and b share a dtype. */
    private static void copy(Storage a, int[] ap, Storage b, int[] bp, int n) {
        switch (a.dtype()) {
            case FLOAT32 -> { float[] x = a.floats(), y = b.floats(); for (int i = 0; i < n; i++) y[bp[i]] = x[ap[i]]; }
            case FLOAT64 -> { double[] x = a.doubles(), y = b.doubles(); for (int i = 0; i < n; i++) y[bp[i]] = x[ap[i]]; }
            case INT32 -> { int[] x = a.ints(), y = b.ints(); for (int i = 0; i < n; i++) y[bp[i]] = x[ap[i]]; }
            case INT64 -> { long[] x = a.longs(), y = b.longs(); for (int i = 0; i < n; i++) y[bp[i]] = x[ap[i]]; }
            case BOOL -> { boolean[] x = a.bools(), y = b.bools(); for (int i = 0; i < n; i++) y[bp[i]] = x[ap[i]]; }
            case BFLOAT16, FLOAT16 -> { short[] x = a.shorts(), y = b.shorts(); for (int i = 0; i < n; i++) y[bp[i]] = x[ap[i]]; }
        }
    }

    /** {@code b[bp[i]] += a[ap[i]]}, in order (duplicates add up). */
    private static void add(Storage a, int[] ap, Storage b, int[] bp, int n) {
        switch (a.dtype()) {
            case FLOAT32 -> { float[] x = a.floats(), y = b.floats(); for (int i = 0; i < n; i++) y[bp[i]] += x[ap[i]]; }
            case FLOAT64 -> { double[] x = a.doubles(), y = b.doubles(); for (int i = 0; i < n; i++) y[bp[i]] += x[ap[i]]; }
            case INT32 -> { int[] x = a.ints(), y = b.ints(); for (int i = 0; i < n; i++) y[bp[i]] += x[ap[i]]; }
            case INT64 -> { long[] x = a.longs(), y = b.longs(); for (int i = 0; i < n; i++) y[bp[i]] += x[ap[i]]; }
            default -> throw new IllegalArgumentException("scatter add: unsupported dtype " + a.dtype().torchName());
        }
    }

    /** {@code b[bo + i*bs] += a[ao + i*as]}. */
    private static void addLinear(Storage a, int ao, int as, Storage b, int bo, int bs, int n) {
        switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = a.floats(), y = b.floats();
                if (as == 1 && bs == 1) for (int i = 0; i < n; i++) y[bo + i] += x[ao + i];
                else for (int i = 0; i < n; i++) y[bo + i * bs] += x[ao + i * as];
            }
            case FLOAT64 -> {
                double[] x = a.doubles(), y = b.doubles();
                if (as == 1 && bs == 1) for (int i = 0; i < n; i++) y[bo + i] += x[ao + i];
                else for (int i = 0; i < n; i++) y[bo + i * bs] += x[ao + i * as];
            }
            case INT32 -> { int[] x = a.ints(), y = b.ints(); for (int i = 0; i < n; i++) y[bo + i * bs] += x[ao + i * as]; }
            case INT64 -> { long[] x = a.longs(), y = b.longs(); for (int i = 0; i < n; i++) y[bo + i * bs] += x[ao + i * as]; }
            default -> throw new IllegalArgumentException("scatter add: unsupported dtype " + a.dtype().torchName());
        }
    }

    // ---------------------------------------------------------------- walking

    /**
     * The dim to split a parallel walk along: the outermost dim (other than {@code exclude}) with at
     * least two elements per thread, else the largest such dim; -1 if none has more than one element.
     */
    private static int splitDim(int[] shape, int exclude) {
        int best = -1;
        int want = 2 * Parallel.threads();
        for (int d = 0; d < shape.length; d++) {
            if (d == exclude) continue;
            if (shape[d] >= want) return d;
            if (shape[d] > 1 && (best < 0 || shape[d] > shape[best])) best = d;
        }
        return best;
    }

    private static void walkParallel(int[] shape, int[][] strides, int[] offsets, int split, long cost, RunFactory runs) {
        long numel = 1;
        for (int s : shape) numel *= s;
        if (numel == 0) return;
        if (split < 0 || numel * cost < Parallel.GRAIN || Parallel.threads() == 1) {
            walk(shape, strides, offsets, runs.create());
            return;
        }
        int size = shape[split];
        Parallel.forRange(size, numel / size * cost, (from, to) -> {
            int[] sub = shape.clone();
            sub[split] = to - from;
            int[] offs = offsets.clone();
            for (int k = 0; k < offs.length; k++) offs[k] += from * strides[k][split];
            walk(sub, strides, offs, runs.create());
        });
    }

    private static void walk(int[] shape, int[][] strides, int[] offsets, Run body) {
        StridedLoop.forEachSerial(shape, strides, offsets, body::run);
    }
}
