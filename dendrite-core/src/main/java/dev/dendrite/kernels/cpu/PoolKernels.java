package dev.dendrite.kernels.cpu;

import dev.dendrite.kernels.Parallel;

/**
 * Pooling over the [h, w] planes of contiguous [planes, h, w] buffers, in parallel over the
 * planes (N * C of them). Windows are described per output row and column by a {@link Window},
 * so that one kernel serves plain, padded, dilated, ceil-mode and adaptive pooling, and 1-D
 * pooling is the h = 1 case. Bounds are resolved into tap ranges before the loops, which then
 * run without checks.
 */
public final class PoolKernels {
    private PoolKernels() {}

    /**
     * Windows along one dim: output i reads input positions {@code start[i] + a * dilation} for
     * taps {@code a} in {@code [lo[i], hi[i])}, all of them inside the input.
     */
    public record Window(int[] start, int[] lo, int[] hi, int dilation) {
        public int size() { return start.length; }

        /** Whether every window is the pair {2i, 2i + 1}, all inside: kernel 2, stride 2, no padding or dilation. */
        boolean isPairs() {
            if (dilation != 1) return false;
            for (int i = 0; i < start.length; i++) {
                if (start[i] != 2 * i || lo[i] != 0 || hi[i] != 2) return false;
            }
            return true;
        }

        /** The most taps any window has. */
        int taps() {
            int m = 1;
            for (int i = 0; i < start.length; i++) m = Math.max(m, hi[i] - lo[i]);
            return m;
        }

        /** Windows of {@code kernel} taps at {@code i * stride - padding}, clipped to {@code [0, size)}. */
        public static Window strided(int outSize, int size, int kernel, int stride, int padding, int dilation) {
            int[] start = new int[outSize], lo = new int[outSize], hi = new int[outSize];
            for (int i = 0; i < outSize; i++) {
                start[i] = i * stride - padding;
                int a = 0, b = kernel;
                while (a < b && start[i] + a * dilation < 0) a++;
                while (b > a && start[i] + (b - 1) * dilation >= size) b--;
                lo[i] = a;
                hi[i] = b;
            }
            return new Window(start, lo, hi, dilation);
        }

        /** Adaptive windows: output i covers {@code [floor(i * size / out), ceil((i + 1) * size / out))}. */
        public static Window adaptive(int outSize, int size) {
            int[] start = new int[outSize], lo = new int[outSize], hi = new int[outSize];
            for (int i = 0; i < outSize; i++) {
                start[i] = (int) ((long) i * size / outSize);
                int end = (int) (((long) (i + 1) * size + outSize - 1) / outSize);
                hi[i] = end - start[i];
            }
            return new Window(start, lo, hi, 1);
        }
    }

    private static IndexOutOfBoundsException badIndex(String op, long at, int outPlane) {
        return new IndexOutOfBoundsException(op + ": index " + at + " is out of bounds for an output plane of " + outPlane + " elements");
    }

    // ================================================================ float32

    /**
     * Max over each window of each [h, w] plane; {@code idx} receives the flat position
     * {@code ih * w + iw} of the maximum within its plane (the first one on ties; a NaN wins, so
     * NaN propagates as in PyTorch, which reports the window's last NaN).
     */
    public static void maxPool(float[] x, int xOff, int planes, int h, int w, Window wh, Window ww, float[] y, long[] idx) {
        int oh = wh.size(), ow = ww.size(), outPlane = oh * ow;
        if (wh.isPairs() && ww.isPairs()) {
            maxPoolPairs(x, xOff, planes, h, w, oh, ow, y, idx);
            return;
        }
        boolean undilated = wh.dilation == 1 && ww.dilation == 1;
        Parallel.forRange(planes, (long) outPlane * wh.taps() * ww.taps(), (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = xOff + p * h * w, o = p * outPlane;
                for (int i = 0; i < oh; i++) {
                    int hs = wh.start[i], hlo = wh.lo[i], hhi = wh.hi[i], dh = wh.dilation;
                    for (int j = 0; j < ow; j++, o++) {
                        int ws = ww.start[j], wlo = ww.lo[j], whi = ww.hi[j], dw = ww.dilation;
                        // Branch-free: on real data "is this tap the new maximum" is unpredictable, so the position
                        // is blended by a mask (v > best, or v is NaN: NaN wins, the last one as in PyTorch) and the
                        // value kept by Math.max, which propagates NaN.
                        if (undilated && hlo == 0 && hhi == 2 && wlo == 0 && whi == 2) {
                            // the common 2x2 window, unrolled (tiny loops of unknown length cost more than the work)
                            int p0 = (hs * w) + ws, p1 = p0 + 1, p2 = p0 + w, p3 = p2 + 1;
                            float v0 = x[base + p0], v1 = x[base + p1], v2 = x[base + p2], v3 = x[base + p3];
                            int at = p0;
                            float best = v0;
                            int t = -((v1 > best | v1 != v1) ? 1 : 0);
                            at = (p1 & t) | (at & ~t);
                            best = Math.max(best, v1);
                            t = -((v2 > best | v2 != v2) ? 1 : 0);
                            at = (p2 & t) | (at & ~t);
                            best = Math.max(best, v2);
                            t = -((v3 > best | v3 != v3) ? 1 : 0);
                            at = (p3 & t) | (at & ~t);
                            y[o] = x[base + at];
                            idx[o] = at;
                            continue;
                        }
                        float best = Float.NEGATIVE_INFINITY;
                        // as PyTorch, start at the first tap, so that a window of -inf still names a position
                        int at = hlo < hhi && wlo < whi ? (hs + hlo * dh) * w + ws + wlo * dw : -1;
                        for (int a = hlo; a < hhi; a++) {
                            int row = (hs + a * dh) * w + ws;
                            for (int b = wlo; b < whi; b++) {
                                int pos = row + b * dw;
                                float v = x[base + pos];
                                int take = -((v > best | v != v) ? 1 : 0);   // all ones when this tap wins
                                at = (pos & take) | (at & ~take);
                                best = Math.max(best, v);
                            }
                        }
                        y[o] = at >= 0 ? x[base + at] : best;   // the element itself, so -0.0 stays -0.0
                        idx[o] = at;
                    }
                }
            }
        });
    }

    /**
     * {@link #maxPool} for the most common windows, 2 x 2 with stride 2 and all taps inside: one
     * loop over output rows without per-window bookkeeping (about twice as fast as the general
     * loop on LeNet's pools). Same rule: the first maximum, or the last NaN.
     */
    private static void maxPoolPairs(float[] x, int xOff, int planes, int h, int w, int oh, int ow, float[] y, long[] idx) {
        int outPlane = oh * ow;
        Parallel.forRange(planes, 4L * outPlane, (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = xOff + p * h * w;
                for (int i = 0, o = p * outPlane; i < oh; i++) {
                    int top = 2 * i * w, bottom = top + w;
                    for (int j = 0; j < ow; j++, o++) {
                        int c = 2 * j;
                        float v0 = x[base + top + c], v1 = x[base + top + c + 1];
                        float v2 = x[base + bottom + c], v3 = x[base + bottom + c + 1];
                        // branch-free, as in the general loop: which tap wins is unpredictable on real data
                        int at = top + c, t = -((v1 > v0 | v1 != v1) ? 1 : 0);
                        at = ((top + c + 1) & t) | (at & ~t);
                        float best = Math.max(v0, v1);
                        t = -((v2 > best | v2 != v2) ? 1 : 0);
                        at = ((bottom + c) & t) | (at & ~t);
                        best = Math.max(best, v2);
                        t = -((v3 > best | v3 != v3) ? 1 : 0);
                        at = ((bottom + c + 1) & t) | (at & ~t);
                        y[o] = x[base + at];
                        idx[o] = at;
                    }
                }
            }
        });
    }

    /** Average over each window, divided by {@code divH[i] * divW[j]} (or by {@code divisorOverride} when > 0). */
    public static void avgPool(float[] x, int xOff, int planes, int h, int w, Window wh, Window ww, int[] divH, int[] divW,
                               int divisorOverride, float[] y) {
        int oh = wh.size(), ow = ww.size(), outPlane = oh * ow;
        Parallel.forRange(planes, (long) outPlane * wh.taps() * ww.taps(), (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = xOff + p * h * w, o = p * outPlane;
                for (int i = 0; i < oh; i++) {
                    int r0 = wh.start[i] + wh.lo[i], r1 = wh.start[i] + wh.hi[i];
                    for (int j = 0; j < ow; j++, o++) {
                        int c0 = ww.start[j] + ww.lo[j], c1 = ww.start[j] + ww.hi[j];
                        float sum = 0;
                        for (int r = r0; r < r1; r++) {
                            for (int c = base + r * w + c0, end = base + r * w + c1; c < end; c++) sum += x[c];
                        }
                        int div = divisorOverride > 0 ? divisorOverride : divH[i] * divW[j];
                        y[o] = sum / div;
                    }
                }
            }
        });
    }

    /** The adjoint of {@link #avgPool}: gx (overwritten) receives each gy shared over its window. */
    public static void avgPoolBackward(float[] gy, int gyOff, int planes, int h, int w, Window wh, Window ww, int[] divH,
                                       int[] divW, int divisorOverride, float[] gx) {
        int oh = wh.size(), ow = ww.size(), outPlane = oh * ow;
        Parallel.forRange(planes, (long) outPlane * wh.taps() * ww.taps(), (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = p * h * w, o = gyOff + p * outPlane;
                java.util.Arrays.fill(gx, base, base + h * w, 0f);
                for (int i = 0; i < oh; i++) {
                    int r0 = wh.start[i] + wh.lo[i], r1 = wh.start[i] + wh.hi[i];
                    for (int j = 0; j < ow; j++, o++) {
                        int c0 = ww.start[j] + ww.lo[j], c1 = ww.start[j] + ww.hi[j];
                        int div = divisorOverride > 0 ? divisorOverride : divH[i] * divW[j];
                        float v = gy[o] / div;
                        for (int r = r0; r < r1; r++) {
                            for (int c = base + r * w + c0, end = base + r * w + c1; c < end; c++) gx[c] += v;
                        }
                    }
                }
            }
        });
    }

    /**
     * out[p, idx[p, i]] += src[p, i] for each of {@code planes} planes (src and idx [planes, n],
     * out [planes, outPlane], overwritten): max pooling's backward and max unpooling.
     */
    public static void scatterAddPlanes(float[] src, int srcOff, long[] idx, int idxOff, int planes, int n, int outPlane,
                                        float[] out, String op) {
        Parallel.forRange(planes, n, (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = p * outPlane;
                java.util.Arrays.fill(out, base, base + outPlane, 0f);
                for (int i = 0, s = srcOff + p * n, k = idxOff + p * n; i < n; i++, s++, k++) {
                    long at = idx[k];
                    if (at < 0 || at >= outPlane) throw badIndex(op, at, outPlane);
                    out[base + (int) at] += src[s];
                }
            }
        });
    }

    // ================================================================ float64

    /**
     * Max over each window of each [h, w] plane; {@code idx} receives the flat position
     * {@code ih * w + iw} of the maximum within its plane (the first one on ties; a NaN wins, so
     * NaN propagates as in PyTorch, which reports the window's last NaN).
     */
    public static void maxPool(double[] x, int xOff, int planes, int h, int w, Window wh, Window ww, double[] y, long[] idx) {
        int oh = wh.size(), ow = ww.size(), outPlane = oh * ow;
        boolean undilated = wh.dilation == 1 && ww.dilation == 1;
        Parallel.forRange(planes, (long) outPlane * wh.taps() * ww.taps(), (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = xOff + p * h * w, o = p * outPlane;
                for (int i = 0; i < oh; i++) {
                    int hs = wh.start[i], hlo = wh.lo[i], hhi = wh.hi[i], dh = wh.dilation;
                    for (int j = 0; j < ow; j++, o++) {
                        int ws = ww.start[j], wlo = ww.lo[j], whi = ww.hi[j], dw = ww.dilation;
                        // Branch-free: on real data "is this tap the new maximum" is unpredictable, so the position
                        // is blended by a mask (v > best, or v is NaN: NaN wins, the last one as in PyTorch) and the
                        // value kept by Math.max, which propagates NaN.
                        if (undilated && hlo == 0 && hhi == 2 && wlo == 0 && whi == 2) {
                            // the common 2x2 window, unrolled (tiny loops of unknown length cost more than the work)
                            int p0 = (hs * w) + ws, p1 = p0 + 1, p2 = p0 + w, p3 = p2 + 1;
                            double v0 = x[base + p0], v1 = x[base + p1], v2 = x[base + p2], v3 = x[base + p3];
                            int at = p0;
                            double best = v0;
                            int t = -((v1 > best | v1 != v1) ? 1 : 0);
                            at = (p1 & t) | (at & ~t);
                            best = Math.max(best, v1);
                            t = -((v2 > best | v2 != v2) ? 1 : 0);
                            at = (p2 & t) | (at & ~t);
                            best = Math.max(best, v2);
                            t = -((v3 > best | v3 != v3) ? 1 : 0);
                            at = (p3 & t) | (at & ~t);
                            y[o] = x[base + at];
                            idx[o] = at;
                            continue;
                        }
                        double best = Double.NEGATIVE_INFINITY;
                        // as PyTorch, start at the first tap, so that a window of -inf still names a position
                        int at = hlo < hhi && wlo < whi ? (hs + hlo * dh) * w + ws + wlo * dw : -1;
                        for (int a = hlo; a < hhi; a++) {
                            int row = (hs + a * dh) * w + ws;
                            for (int b = wlo; b < whi; b++) {
                                int pos = row + b * dw;
                                double v = x[base + pos];
                                int take = -((v > best | v != v) ? 1 : 0);   // all ones when this tap wins
                                at = (pos & take) | (at & ~take);
                                best = Math.max(best, v);
                            }
                        }
                        y[o] = at >= 0 ? x[base + at] : best;   // the element itself, so -0.0 stays -0.0
                        idx[o] = at;
                    }
                }
            }
        });
    }

    /** Average over each window, divided by {@code divH[i] * divW[j]} (or by {@code divisorOverride} when > 0). */
    public static void avgPool(double[] x, int xOff, int planes, int h, int w, Window wh, Window ww, int[] divH, int[] divW,
                               int divisorOverride, double[] y) {
        int oh = wh.size(), ow = ww.size(), outPlane = oh * ow;
        Parallel.forRange(planes, (long) outPlane * wh.taps() * ww.taps(), (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = xOff + p * h * w, o = p * outPlane;
                for (int i = 0; i < oh; i++) {
                    int r0 = wh.start[i] + wh.lo[i], r1 = wh.start[i] + wh.hi[i];
                    for (int j = 0; j < ow; j++, o++) {
                        int c0 = ww.start[j] + ww.lo[j], c1 = ww.start[j] + ww.hi[j];
                        double sum = 0;
                        for (int r = r0; r < r1; r++) {
                            for (int c = base + r * w + c0, end = base + r * w + c1; c < end; c++) sum += x[c];
                        }
                        int div = divisorOverride > 0 ? divisorOverride : divH[i] * divW[j];
                        y[o] = sum / div;
                    }
                }
            }
        });
    }

    /** The adjoint of {@link #avgPool}: gx (overwritten) receives each gy shared over its window. */
    public static void avgPoolBackward(double[] gy, int gyOff, int planes, int h, int w, Window wh, Window ww, int[] divH,
                                       int[] divW, int divisorOverride, double[] gx) {
        int oh = wh.size(), ow = ww.size(), outPlane = oh * ow;
        Parallel.forRange(planes, (long) outPlane * wh.taps() * ww.taps(), (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = p * h * w, o = gyOff + p * outPlane;
                java.util.Arrays.fill(gx, base, base + h * w, 0d);
                for (int i = 0; i < oh; i++) {
                    int r0 = wh.start[i] + wh.lo[i], r1 = wh.start[i] + wh.hi[i];
                    for (int j = 0; j < ow; j++, o++) {
                        int c0 = ww.start[j] + ww.lo[j], c1 = ww.start[j] + ww.hi[j];
                        int div = divisorOverride > 0 ? divisorOverride : divH[i] * divW[j];
                        double v = gy[o] / div;
                        for (int r = r0; r < r1; r++) {
                            for (int c = base + r * w + c0, end = base + r * w + c1; c < end; c++) gx[c] += v;
                        }
                    }
                }
            }
        });
    }

    /**
     * out[p, idx[p, i]] += src[p, i] for each of {@code planes} planes (src and idx [planes, n],
     * out [planes, outPlane], overwritten): max pooling's backward and max unpooling.
     */
    public static void scatterAddPlanes(double[] src, int srcOff, long[] idx, int idxOff, int planes, int n, int outPlane,
                                        double[] out, String op) {
        Parallel.forRange(planes, n, (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = p * outPlane;
                java.util.Arrays.fill(out, base, base + outPlane, 0d);
                for (int i = 0, s = srcOff + p * n, k = idxOff + p * n; i < n; i++, s++, k++) {
                    long at = idx[k];
                    if (at < 0 || at >= outPlane) throw badIndex(op, at, outPlane);
                    out[base + (int) at] += src[s];
                }
            }
        });
    }
}
