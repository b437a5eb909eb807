package dev.dendrite.kernels.cpu;

import dev.dendrite.kernels.ArrayKernels;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.ReduceOp;
import dev.dendrite.storage.Dtype;
import dev.dendrite.storage.Storage;

/** Reductions and scans over the middle dim of a contiguous {@code [outer, r, inner]} block. */
final class Reductions {
    private Reductions() {}

    /** Rows folded in float32 before a float32 sum over many rows moves its partial sums to double. */
    private static final int SUM_BLOCK = 64;

    static void reduce(ArrayKernels arrays, ReduceOp op, Storage in, int inOff, int outer, int r, int inner,
                       Storage out, int outOff) {
        Dtype dt = in.dtype();
        boolean valueOp = op == ReduceOp.SUM || op == ReduceOp.PROD || op == ReduceOp.MAX || op == ReduceOp.MIN;
        if (valueOp && (dt == Dtype.FLOAT32 || dt == Dtype.FLOAT64)) {
            floatingValue(arrays, op, in, inOff, outer, r, inner, out, outOff);
            return;
        }
        long cost = (long) r * inner;
        Parallel.forRange(outer, cost, (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = inOff + o * r * inner + i;
                    int dst = outOff + o * inner + i;
                    switch (op) {
                        case ARGMAX, ARGMIN -> out.setLong(dst, argExtreme(op == ReduceOp.ARGMAX, in, base, r, inner));
                        case ALL -> {
                            boolean all = true;
                            for (int k = 0; k < r && all; k++) all = in.getDouble(base + k * inner) != 0;
                            out.bools()[dst] = all;
                        }
                        case ANY -> {
                            boolean any = false;
                            for (int k = 0; k < r && !any; k++) any = in.getDouble(base + k * inner) != 0;
                            out.bools()[dst] = any;
                        }
                        default -> out.setLong(dst, integerValue(op, in, base, r, inner));
                    }
                }
            }
        });
    }

    private static void floatingValue(ArrayKernels arrays, ReduceOp op, Storage in, int inOff, int outer, int r,
                                      int inner, Storage out, int outOff) {
        boolean f32 = in.dtype() == Dtype.FLOAT32;
        if (r == 0) {
            out.fill(outOff, outOff + outer * inner, op.identity());
            return;
        }
        if (inner == 1) {
            Parallel.forRange(outer, r, (from, to) -> {
                for (int o = from; o < to; o++) {
                    if (f32) out.floats()[outOff + o] = arrays.reduce(op, in.floats(), inOff + o * r, r);
                    else out.doubles()[outOff + o] = arrays.reduce(op, in.doubles(), inOff + o * r, r);
                }
            });
            return;
        }
        // Fold whole rows into an accumulator row: contiguous, vectorizable, cache friendly.
        int chunksPerOuter = outer >= Parallel.threads() ? 1 : Math.max(1, Math.min(inner / 64, Parallel.threads()));
        int chunkLen = (inner + chunksPerOuter - 1) / chunksPerOuter;
        Parallel.forRange(outer * chunksPerOuter, (long) r * chunkLen, (from, to) -> {
            for (int task = from; task < to; task++) {
                int o = task / chunksPerOuter;
                int i0 = (task % chunksPerOuter) * chunkLen;
                int len = Math.min(chunkLen, inner - i0);
                if (len <= 0) continue;
                int src = inOff + o * r * inner + i0;
                int dst = outOff + o * inner + i0;
                if (f32 && op == ReduceOp.SUM && r > SUM_BLOCK) {
                    // many rows: fold blocks of rows in float32, then add the block sums in double, so that the
                    // rounding error grows with the block length instead of with r (1e6 rows of 0.1 were 1% off)
                    float[] a = in.floats(), acc = out.floats();
                    double[] total = new double[len];
                    for (int k0 = 0; k0 < r; k0 += SUM_BLOCK) {
                        int k1 = Math.min(r, k0 + SUM_BLOCK);
                        System.arraycopy(a, src + k0 * inner, acc, dst, len);
                        for (int k = k0 + 1; k < k1; k++) arrays.accumulate(op, a, src + k * inner, acc, dst, len);
                        for (int i = 0; i < len; i++) total[i] += acc[dst + i];
                    }
                    for (int i = 0; i < len; i++) acc[dst + i] = (float) total[i];
                } else if (f32) {
                    float[] a = in.floats(), acc = out.floats();
                    System.arraycopy(a, src, acc, dst, len);
                    for (int k = 1; k < r; k++) arrays.accumulate(op, a, src + k * inner, acc, dst, len);
                } else {
                    double[] a = in.doubles(), acc = out.doubles();
                    System.arraycopy(a, src, acc, dst, len);
                    for (int k = 1; k < r; k++) arrays.accumulate(op, a, src + k * inner, acc, dst, len);
                }
            }
        });
    }

    private static long argExtreme(boolean max, Storage in, int base, int r, int stride) {
        if (r == 0) throw new IllegalArgumentException((max ? "argmax" : "argmin") + ": cannot reduce an empty dim");
        int best = 0;
        double bestValue = in.getDouble(base);
        if (Double.isNaN(bestValue)) return 0;
        for (int k = 1; k < r; k++) {
            double v = in.getDouble(base + k * stride);
            if (Double.isNaN(v)) return k;   // NaN wins, as in torch
            if (max ? v > bestValue : v < bestValue) {
                bestValue = v;
                best = k;
            }
        }
        return best;
    }

    private static long integerValue(ReduceOp op, Storage in, int base, int r, int stride) {
        if (r == 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN)) {
            throw new IllegalArgumentException(op.name().toLowerCase() + ": cannot reduce an empty dim");
        }
        long acc = switch (op) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX -> Long.MIN_VALUE;
            case MIN -> Long.MAX_VALUE;
            default -> throw new IllegalStateException();
        };
        for (int k = 0; k < r; k++) {
            long v = in.getLong(base + k * stride);
            acc = switch (op) {
                case SUM -> acc + v;
                case PROD -> acc * v;
                case MAX -> Math.max(acc, v);
                default -> Math.min(acc, v);
            };
        }
        return acc;
    }

    static void scan(ReduceOp op, Storage in, int inOff, int outer, int r, int inner, Storage out, int outOff) {
        boolean sum = op == ReduceOp.SUM;
        if (!sum && op != ReduceOp.PROD) throw new IllegalArgumentException("scan: " + op + " is not SUM or PROD");
        Dtype dt = in.dtype();
        Parallel.forRange(outer, (long) r * inner, (from, to) -> {
            for (int o = from; o < to; o++) {
                int base = o * r * inner;
                for (int i = 0; i < inner; i++) {
                    if (dt == Dtype.FLOAT32) {
                        float[] a = in.floats(), z = out.floats();
                        double acc = sum ? 0 : 1;
                        for (int k = 0; k < r; k++) {
                            int at = base + k * inner + i;
                            acc = sum ? acc + a[inOff + at] : acc * a[inOff + at];
                            z[outOff + at] = (float) acc;
                        }
                    } else if (dt == Dtype.FLOAT64) {
                        double[] a = in.doubles(), z = out.doubles();
                        double acc = sum ? 0 : 1;
                        for (int k = 0; k < r; k++) {
                            int at = base + k * inner + i;
                            acc = sum ? acc + a[inOff + at] : acc * a[inOff + at];
                            z[outOff + at] = acc;
                        }
                    } else {
                        long acc = sum ? 0 : 1;
                        for (int k = 0; k < r; k++) {
                            int at = base + k * inner + i;
                            long v = in.getLong(inOff + at);
                            acc = sum ? acc + v : acc * v;
                            out.setLong(outOff + at, acc);
                        }
                    }
                }
            }
        });
    }
}
