package dev.dendrite.kernels.cpu;

import dev.dendrite.kernels.Gemm;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.blas.LaneDots;

/**
 * Convolution over contiguous row-major buffers, in three dims (1-D and 2-D convolutions are the
 * 3-D one with leading spatial sizes of 1): the forward product and the two products of its
 * backward pass, which are also the forward pass of the transposed convolution and a correlation.
 *
 * <p>In float32 with at least two samples per thread (the common training case) the batch is
 * split across the {@link Parallel} pool and each sample's products run as implicit GEMM (see
 * {@link ImplicitConv}): the column matrix [C * K, L] (K kernel taps, L output positions) is
 * produced a register-tile sliver at a time and never stored whole; the weight gradient sums
 * per-task partials. The strided input gradient, which is not a convolution, unrolls one sample
 * at a time into a per-thread column matrix and scatters it back (col2im). Otherwise (float64,
 * or fewer samples than that) the method is im2col + GEMM: a chunk of samples is unrolled into
 * one column matrix [C * K, chunk * L], in parallel over (sample, channel), and one GEMM per
 * group, which Gemm splits over the pool when large, multiplies it with the weight; chunks are
 * sized so that each GEMM is wide, while the column buffer stays bounded. A 1x1 convolution with
 * stride 1 and no padding needs no unrolling: the input is its own column matrix.
 */
public final class ConvKernels {
    private ConvKernels() {}

    /** Aim for at least this many GEMM columns per chunk (narrower products waste the BLAS kernel). */
    private static final int MIN_COLUMNS = 4096;
    /** Upper bound on the column buffer, in elements. */
    private static final long MAX_COLUMN_ELEMENTS = 1L << 23;

    /**
     * The shape of one convolution {@code y = conv(x, w)}: x is [n, c, in...], w is
     * [o, c / groups, kernel...], y is [n, o, out...], every spatial array of length 3.
     */
    public record ConvGeometry(int n, int c, int o, int groups, int[] in, int[] out, int[] kernel,
                               int[] stride, int[] padding, int[] dilation) {
        public int cg() { return c / groups; }
        public int og() { return o / groups; }
        public int kernelSize() { return kernel[0] * kernel[1] * kernel[2]; }
        public int inPlane() { return in[0] * in[1] * in[2]; }
        public int outPlane() { return out[0] * out[1] * out[2]; }

        /** 1x1x1 kernel, stride 1, no padding: the input plane is already the column matrix. */
        boolean isPointwise() {
            for (int i = 0; i < 3; i++) {
                if (kernel[i] != 1 || stride[i] != 1 || padding[i] != 0 || in[i] != out[i]) return false;
            }
            return true;
        }

        /** Samples per im2col chunk. */
        int chunk() {
            int l = Math.max(1, outPlane());
            long perSample = (long) c * kernelSize() * l;
            int byWidth = (MIN_COLUMNS + l - 1) / l;
            int byMemory = (int) Math.max(1, MAX_COLUMN_ELEMENTS / Math.max(1, perSample));
            return Math.max(1, Math.min(n, Math.min(byWidth, byMemory)));
        }
    }

    /** The first output index whose tap {@code ow * s + offset} lies at or after 0. */
    private static int firstInside(int offset, int s) {
        return offset >= 0 ? 0 : (-offset + s - 1) / s;
    }

    /** One past the last output index (below {@code outSize}) whose tap lies before {@code size}. */
    private static int lastInside(int offset, int s, int size, int outSize) {
        int room = size - offset;
        if (room <= 0) return 0;
        return Math.min(outSize, (room + s - 1) / s);
    }

    // ================================================================ float32

    /** y = conv(x, w) without bias; x [N, C, in...], w [O, C/groups, k...], y [N, O, out...]. */
    public static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] y, int yOff) {
        forward(g, x, xOff, w, wOff, null, 0, y, yOff);
    }

    /** y = conv(x, w) + bias (bias [O] at bOff, or null for none). */
    public static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int bOff,
                               float[] y, int yOff) {
        if (perSample(g) && ImplicitConv.suitsForward(g)) {
            ImplicitConv.forward(g, x, xOff, w, wOff, bias, bOff, y, yOff);
            return;
        }
        forwardChunked(g, x, xOff, w, wOff, y, yOff);
        if (bias != null) addBias(g, bias, bOff, y, yOff);
    }

    private static void forwardChunked(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] y, int yOff) {
        if (g.isPointwise()) {
            for (int n = 0; n < g.n(); n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    Gemm.sgemm(false, false, g.og(), g.outPlane(), g.cg(), 1f, w, wOff + gr * g.og() * g.cg(), g.cg(),
                            x, xOff + n * g.c() * g.inPlane() + gr * g.cg() * g.inPlane(), g.inPlane(), 0f,
                            y, yOff + n * g.o() * g.outPlane() + gr * g.og() * g.outPlane(), g.outPlane());
                }
            }
            return;
        }
        int chunk = g.chunk(), l = g.outPlane(), ck = g.c() * g.kernelSize(), cgk = g.cg() * g.kernelSize();
        float[] col = new float[ck * chunk * l];
        float[] ybuf = chunk > 1 ? new float[g.o() * chunk * l] : null;
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int nb = Math.min(chunk, g.n() - n0), ld = nb * l, first = n0;
            Parallel.forRange(nb * g.c(), (long) g.kernelSize() * l, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int s = i / g.c(), c = i % g.c();
                    im2col(g, x, xOff + ((first + s) * g.c() + c) * g.inPlane(), col, c * g.kernelSize() * ld + s * l, ld);
                }
            });
            for (int gr = 0; gr < g.groups(); gr++) {
                if (nb == 1) {
                    Gemm.sgemm(false, false, g.og(), l, cgk, 1f, w, wOff + gr * g.og() * cgk, cgk, col, gr * cgk * ld, ld, 0f,
                            y, yOff + n0 * g.o() * l + gr * g.og() * l, l);
                } else {
                    Gemm.sgemm(false, false, g.og(), ld, cgk, 1f, w, wOff + gr * g.og() * cgk, cgk, col, gr * cgk * ld, ld, 0f,
                            ybuf, gr * g.og() * ld, ld);
                }
            }
            if (nb > 1) {
                Parallel.forRange(nb * g.o(), l, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        int s = i / g.o(), o = i % g.o();
                        System.arraycopy(ybuf, o * ld + s * l, y, yOff + ((first + s) * g.o() + o) * l, l);
                    }
                });
            }
        }
    }

    /**
     * gx = the gradient of conv(x, w) with respect to x, given gy; this is also the transposed
     * convolution of gy with w. gx is overwritten.
     */
    public static void inputGrad(ConvGeometry g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        if (perSample(g)) {
            if (ImplicitConv.suitsInputGrad(g)) {
                ImplicitConv.inputGrad(g, gy, gyOff, w, wOff, gx, gxOff);
            } else {
                inputGradPerSample(g, gy, gyOff, w, wOff, gx, gxOff);
            }
            return;
        }
        if (g.isPointwise()) {
            for (int n = 0; n < g.n(); n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    Gemm.sgemm(true, false, g.cg(), g.inPlane(), g.og(), 1f, w, wOff + gr * g.og() * g.cg(), g.cg(),
                            gy, gyOff + n * g.o() * g.outPlane() + gr * g.og() * g.outPlane(), g.outPlane(), 0f,
                            gx, gxOff + n * g.c() * g.inPlane() + gr * g.cg() * g.inPlane(), g.inPlane());
                }
            }
            return;
        }
        int chunk = g.chunk(), l = g.outPlane(), ck = g.c() * g.kernelSize(), cgk = g.cg() * g.kernelSize();
        float[] col = new float[ck * chunk * l];
        float[] gybuf = chunk > 1 ? new float[g.o() * chunk * l] : null;
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int nb = Math.min(chunk, g.n() - n0), ld = nb * l, first = n0;
            float[] a = nb == 1 ? gy : gybuf;
            int aOff = nb == 1 ? gyOff + n0 * g.o() * l : 0;
            if (nb > 1) gatherRows(g, gy, gyOff, gybuf, first, nb);
            for (int gr = 0; gr < g.groups(); gr++) {
                Gemm.sgemm(true, false, cgk, ld, g.og(), 1f, w, wOff + gr * g.og() * cgk, cgk, a, aOff + gr * g.og() * ld, ld, 0f,
                        col, gr * cgk * ld, ld);
            }
            Parallel.forRange(nb * g.c(), (long) g.kernelSize() * l, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int s = i / g.c(), c = i % g.c();
                    int base = gxOff + ((first + s) * g.c() + c) * g.inPlane();
                    java.util.Arrays.fill(gx, base, base + g.inPlane(), 0f);
                    col2im(g, col, c * g.kernelSize() * ld + s * l, ld, gx, base);
                }
            });
        }
    }

    /** gw = the gradient of conv(x, w) with respect to w, given gy; gw is overwritten. */
    public static void weightGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff) {
        if (perSample(g)) {
            if (ImplicitConv.suitsWeightGrad(g)) {
                ImplicitConv.weightGrad(g, x, xOff, gy, gyOff, gw, gwOff);
            } else if (suitsDots(g)) {
                weightGradDots(g, x, xOff, gy, gyOff, gw, gwOff);
            } else {
                weightGradPerSample(g, x, xOff, gy, gyOff, gw, gwOff);
            }
            return;
        }
        if (g.isPointwise()) {
            for (int n = 0; n < g.n(); n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    Gemm.sgemm(false, true, g.og(), g.cg(), g.outPlane(), 1f,
                            gy, gyOff + n * g.o() * g.outPlane() + gr * g.og() * g.outPlane(), g.outPlane(),
                            x, xOff + n * g.c() * g.inPlane() + gr * g.cg() * g.inPlane(), g.inPlane(), n == 0 ? 0f : 1f,
                            gw, gwOff + gr * g.og() * g.cg(), g.cg());
                }
            }
            return;
        }
        int chunk = g.chunk(), l = g.outPlane(), ck = g.c() * g.kernelSize(), cgk = g.cg() * g.kernelSize();
        float[] col = new float[ck * chunk * l];
        float[] gybuf = chunk > 1 ? new float[g.o() * chunk * l] : null;
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int nb = Math.min(chunk, g.n() - n0), ld = nb * l, first = n0;
            Parallel.forRange(nb * g.c(), (long) g.kernelSize() * l, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int s = i / g.c(), c = i % g.c();
                    im2col(g, x, xOff + ((first + s) * g.c() + c) * g.inPlane(), col, c * g.kernelSize() * ld + s * l, ld);
                }
            });
            float[] a = nb == 1 ? gy : gybuf;
            int aOff = nb == 1 ? gyOff + n0 * g.o() * l : 0;
            if (nb > 1) gatherRows(g, gy, gyOff, gybuf, first, nb);
            for (int gr = 0; gr < g.groups(); gr++) {
                Gemm.sgemm(false, true, g.og(), cgk, ld, 1f, a, aOff + gr * g.og() * ld, ld, col, gr * cgk * ld, ld,
                        n0 == 0 ? 0f : 1f, gw, gwOff + gr * g.og() * cgk, cgk);
            }
        }
    }

    // ================================================================ float32, parallel over samples

    /**
     * Whether to split the batch across the pool, one task per run of samples, each running its
     * own single-threaded products ({@link ImplicitConv}, or im2col and col2im for a strided input
     * gradient). With as many samples as twice the threads this beats multi-threaded GEMMs on
     * chunks: one parallel loop per call instead of three, one sample's data stays in cache from its
     * unrolling to its product, and the pool balances the tasks when a core is slowed by other
     * work (a multi-threaded BLAS call waits for its slowest thread at every step, which on a
     * shared machine costs more than the product).
     */
    private static boolean perSample(ConvGeometry g) {
        int t = Parallel.threads();
        return t == 1 || Parallel.isSerial() || g.n() >= 2 * t;
    }

    /** Per-thread column buffers, kept between calls (training calls the same shapes every step). */
    private static final ThreadLocal<float[][]> COLUMNS = ThreadLocal.withInitial(() -> new float[1][0]);
    /** Column buffers above this many elements are not kept (64 MiB of floats). */
    private static final int KEEP_MAX = 1 << 24;

    private static float[] columns(int size) {
        if (size > KEEP_MAX) return new float[size];
        float[][] holder = COLUMNS.get();
        if (holder[0].length < size) holder[0] = new float[size];
        return holder[0];
    }

    /**
     * The input gradient of a strided convolution, which is not a convolution of gy and so not
     * {@link ImplicitConv}'s: per sample, the columns W^T gy by a single-threaded GEMM (Gemm never
     * splits a product inside a parallel loop), then col2im.
     */
    private static void inputGradPerSample(ConvGeometry g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        int l = g.outPlane(), cgk = g.cg() * g.kernelSize(), inPlane = g.inPlane();
        boolean pointwise = g.isPointwise();   // large 1x1 layers: W^T gy is gx itself, no col2im
        long work = Math.max(1L, (long) g.o() * cgk * l);
        Parallel.forRange(g.n(), work, (from, to) -> {
            float[] col = pointwise ? null : columns(g.c() * g.kernelSize() * l);
            for (int n = from; n < to; n++) {
                int gys = gyOff + n * g.o() * l, gxs = gxOff + n * g.c() * inPlane;
                for (int gr = 0; gr < g.groups(); gr++) {
                    Gemm.sgemm(true, false, cgk, l, g.og(), 1f, w, wOff + gr * g.og() * cgk, cgk, gy, gys + gr * g.og() * l, l,
                            0f, pointwise ? gx : col, pointwise ? gxs + gr * g.cg() * inPlane : gr * cgk * l, l);
                }
                if (pointwise) continue;
                java.util.Arrays.fill(gx, gxs, gxs + g.c() * inPlane, 0f);
                for (int c = 0; c < g.c(); c++) col2im(g, col, c * g.kernelSize() * l, l, gx, gxs + c * inPlane);
            }
        });
    }

    /**
     * The weight gradient per sample: im2col, then a single-threaded GEMM (Gemm does not split a
     * product inside a parallel loop) into the task's partial sum; the partials are added at the
     * end. For products too large for {@link ImplicitConv} and {@link LaneDots}.
     */
    private static void weightGradPerSample(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff) {
        int l = g.outPlane(), cgk = g.cg() * g.kernelSize(), inPlane = g.inPlane(), size = g.o() * cgk;
        boolean pointwise = g.isPointwise();
        long work = Math.max(1L, (long) g.o() * cgk * l);
        java.util.List<float[]> partials = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Parallel.forRange(g.n(), work, (from, to) -> {
            float[] col = pointwise ? null : columns(g.c() * g.kernelSize() * l);
            float[] part = new float[size];
            for (int n = from; n < to; n++) {
                int xs = xOff + n * g.c() * inPlane, gys = gyOff + n * g.o() * l;
                if (!pointwise) {
                    for (int c = 0; c < g.c(); c++) im2col(g, x, xs + c * inPlane, col, c * g.kernelSize() * l, l);
                }
                float[] b = pointwise ? x : col;
                for (int gr = 0; gr < g.groups(); gr++) {
                    int bOff = pointwise ? xs + gr * g.cg() * inPlane : gr * cgk * l;
                    Gemm.sgemm(false, true, g.og(), cgk, l, 1f, gy, gys + gr * g.og() * l, l,
                            b, bOff, pointwise ? inPlane : l, n == from ? 0f : 1f, part, gr * g.og() * cgk, cgk);
                }
            }
            partials.add(part);
        });
        sumPartials(partials, gw, gwOff, size);
    }

    /** gw = the sum of the tasks' partial weight gradients (0 for an empty batch, which has none). */
    static void sumPartials(java.util.List<float[]> partials, float[] gw, int gwOff, int size) {
        if (partials.isEmpty()) {
            java.util.Arrays.fill(gw, gwOff, gwOff + size, 0f);
            return;
        }
        System.arraycopy(partials.get(0), 0, gw, gwOff, size);
        for (int i = 1; i < partials.size(); i++) {
            float[] p = partials.get(i);
            for (int j = 0; j < size; j++) gw[gwOff + j] += p[j];
        }
    }

    /** The most floats of {@link LaneDots} accumulators per task (each entry holds a vector of partial sums). */
    private static final int DOT_ACCUMULATORS = 1 << 17;

    /** Whether {@link #weightGradDots} suits: few output channels (see ImplicitConv), accumulators in L2. */
    private static boolean suitsDots(ConvGeometry g) {
        return (long) g.groups() * LaneDots.accumulatorSize(g.og(), g.cg() * g.kernelSize()) <= DOT_ACCUMULATORS;
    }

    /** Samples per {@link LaneDots} call aim for this many values of k (long rows amortize the accumulators). */
    private static final int DOT_LENGTH = 1024;

    /**
     * The weight gradient for few output channels, where {@link ImplicitConv}'s products leave
     * most of each register tile idle: gw = gy X^T as dot products of whole rows ({@link LaneDots}),
     * over chunks of samples laid side by side: each task unrolls a chunk's inputs (im2col) and
     * copies its output gradients into row buffers whose sample stretches are padded to the vector
     * length with zeros, and adds their lane-wise products to its own accumulators; the partials
     * are summed and reduced at the end.
     */
    private static void weightGradDots(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff) {
        int l = g.outPlane(), taps = g.kernelSize(), cgk = g.cg() * taps, og = g.og(), inPlane = g.inPlane();
        int lanes = LaneDots.lanes(), lp = (l + lanes - 1) / lanes * lanes;
        int chunk = Math.max(1, Math.min(g.n(), DOT_LENGTH / lp)), ld = chunk * lp;
        int ogPad = roundUp(og, LaneDots.ROWS), cgkPad = roundUp(cgk, LaneDots.COLS);
        int accSize = LaneDots.accumulatorSize(og, cgk), groups = g.groups();
        long work = Math.max(1L, (long) g.o() * cgk * l);
        java.util.List<float[]> partials = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Parallel.forRange(g.n(), work, (from, to) -> {
            float[] col = columns(groups * cgkPad * ld);
            float[] dy = new float[groups * ogPad * ld], acc = new float[groups * accSize];
            for (int n0 = from; n0 < to; n0 += chunk) {
                int nb = Math.min(chunk, to - n0);
                for (int s = 0; s < nb; s++) {
                    int n = n0 + s, at = s * lp;
                    for (int c = 0; c < g.c(); c++) {
                        int row = (c / g.cg()) * cgkPad + (c % g.cg()) * taps;
                        im2col(g, x, xOff + (n * g.c() + c) * inPlane, col, row * ld + at, ld);
                        if (lp > l) {
                            for (int t = 0; t < taps; t++) java.util.Arrays.fill(col, (row + t) * ld + at + l, (row + t) * ld + at + lp, 0f);
                        }
                    }
                    for (int o = 0; o < g.o(); o++) {
                        int row = (o / og) * ogPad + o % og;
                        System.arraycopy(gy, gyOff + (n * g.o() + o) * l, dy, row * ld + at, l);
                        if (lp > l) java.util.Arrays.fill(dy, row * ld + at + l, row * ld + at + lp, 0f);
                    }
                }
                for (int gr = 0; gr < groups; gr++) {
                    LaneDots.accumulate(og, cgk, nb * lp, dy, gr * ogPad * ld, ld, col, gr * cgkPad * ld, ld, acc, gr * accSize);
                }
            }
            partials.add(acc);
        });
        float[] total = new float[groups * accSize];
        for (float[] p : partials) {
            for (int i = 0; i < total.length; i++) total[i] += p[i];
        }
        for (int gr = 0; gr < groups; gr++) {
            LaneDots.reduce(og, cgk, total, gr * accSize, gw, gwOff + gr * og * cgk, cgk, false);
        }
    }

    private static int roundUp(int x, int multiple) { return (x + multiple - 1) / multiple * multiple; }

    /** y[n, o, ...] += bias[o]. */
    private static void addBias(ConvGeometry g, float[] bias, int bOff, float[] y, int yOff) {
        int o = g.o(), plane = g.outPlane();
        Parallel.forRange(g.n() * o, plane, (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = bias[bOff + i % o];
                for (int j = yOff + i * plane, end = j + plane; j < end; j++) y[j] += v;
            }
        });
    }

    /** Copies gy[first .. first+nb) from [nb, O, L] into [O, nb * L], the layout one GEMM over the chunk needs. */
    private static void gatherRows(ConvGeometry g, float[] gy, int gyOff, float[] buf, int first, int nb) {
        int l = g.outPlane(), ld = nb * l;
        Parallel.forRange(nb * g.o(), l, (from, to) -> {
            for (int i = from; i < to; i++) {
                int s = i / g.o(), o = i % g.o();
                System.arraycopy(gy, gyOff + ((first + s) * g.o() + o) * l, buf, o * ld + s * l, l);
            }
        });
    }

    /**
     * Writes the K rows of one input channel's plane (at xOff) into col, starting at row offset
     * colOff with row stride ld: row (kd, kh, kw), column (od, oh, ow) holds the input element that
     * kernel tap meets at that output position, or 0 where it falls in the padding.
     */
    private static void im2col(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding(), d = g.dilation();
        int inHW = in[1] * in[2], row = colOff;
        for (int kd = 0; kd < k[0]; kd++) {
            for (int kh = 0; kh < k[1]; kh++) {
                for (int kw = 0; kw < k[2]; kw++, row += ld) {
                    int wOffset = kw * d[2] - p[2];
                    int lo = firstInside(wOffset, s[2]), hi = lastInside(wOffset, s[2], in[2], out[2]);
                    int pos = row;
                    for (int od = 0; od < out[0]; od++) {
                        int id = od * s[0] - p[0] + kd * d[0];
                        boolean dIn = id >= 0 && id < in[0];
                        for (int oh = 0; oh < out[1]; oh++, pos += out[2]) {
                            int ih = oh * s[1] - p[1] + kh * d[1];
                            if (!dIn || ih < 0 || ih >= in[1] || lo >= hi) {
                                java.util.Arrays.fill(col, pos, pos + out[2], 0f);
                                continue;
                            }
                            int src = xOff + id * inHW + ih * in[2] + wOffset;
                            // padding margins are a few elements: plain loops, not fill calls
                            for (int ow = 0; ow < lo; ow++) col[pos + ow] = 0f;
                            if (s[2] == 1) {
                                System.arraycopy(x, src + lo, col, pos + lo, hi - lo);
                            } else {
                                for (int ow = lo; ow < hi; ow++) col[pos + ow] = x[src + ow * s[2]];
                            }
                            for (int ow = hi; ow < out[2]; ow++) col[pos + ow] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds each column entry back onto the input element it came from. */
    private static void col2im(ConvGeometry g, float[] col, int colOff, int ld, float[] x, int xOff) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding(), d = g.dilation();
        int inHW = in[1] * in[2], row = colOff;
        for (int kd = 0; kd < k[0]; kd++) {
            for (int kh = 0; kh < k[1]; kh++) {
                for (int kw = 0; kw < k[2]; kw++, row += ld) {
                    int wOffset = kw * d[2] - p[2];
                    int lo = firstInside(wOffset, s[2]), hi = lastInside(wOffset, s[2], in[2], out[2]);
                    if (lo >= hi) continue;
                    int pos = row;
                    for (int od = 0; od < out[0]; od++) {
                        int id = od * s[0] - p[0] + kd * d[0];
                        if (id < 0 || id >= in[0]) {
                            pos += out[1] * out[2];
                            continue;
                        }
                        for (int oh = 0; oh < out[1]; oh++, pos += out[2]) {
                            int ih = oh * s[1] - p[1] + kh * d[1];
                            if (ih < 0 || ih >= in[1]) continue;
                            int dst = xOff + id * inHW + ih * in[2] + wOffset;
                            if (s[2] == 1) {
                                for (int ow = lo; ow < hi; ow++) x[dst + ow] += col[pos + ow];
                            } else {
                                for (int ow = lo; ow < hi; ow++) x[dst + ow * s[2]] += col[pos + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    // ================================================================ float64

    /** y = conv(x, w) without bias; x [N, C, in...], w [O, C/groups, k...], y [N, O, out...]. */
    public static void forward(ConvGeometry g, double[] x, int xOff, double[] w, int wOff, double[] y, int yOff) {
        if (g.isPointwise()) {
            for (int n = 0; n < g.n(); n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    Gemm.dgemm(false, false, g.og(), g.outPlane(), g.cg(), 1d, w, wOff + gr * g.og() * g.cg(), g.cg(),
                            x, xOff + n * g.c() * g.inPlane() + gr * g.cg() * g.inPlane(), g.inPlane(), 0d,
                            y, yOff + n * g.o() * g.outPlane() + gr * g.og() * g.outPlane(), g.outPlane());
                }
            }
            return;
        }
        int chunk = g.chunk(), l = g.outPlane(), ck = g.c() * g.kernelSize(), cgk = g.cg() * g.kernelSize();
        double[] col = new double[ck * chunk * l];
        double[] ybuf = chunk > 1 ? new double[g.o() * chunk * l] : null;
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int nb = Math.min(chunk, g.n() - n0), ld = nb * l, first = n0;
            Parallel.forRange(nb * g.c(), (long) g.kernelSize() * l, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int s = i / g.c(), c = i % g.c();
                    im2col(g, x, xOff + ((first + s) * g.c() + c) * g.inPlane(), col, c * g.kernelSize() * ld + s * l, ld);
                }
            });
            for (int gr = 0; gr < g.groups(); gr++) {
                if (nb == 1) {
                    Gemm.dgemm(false, false, g.og(), l, cgk, 1d, w, wOff + gr * g.og() * cgk, cgk, col, gr * cgk * ld, ld, 0d,
                            y, yOff + n0 * g.o() * l + gr * g.og() * l, l);
                } else {
                    Gemm.dgemm(false, false, g.og(), ld, cgk, 1d, w, wOff + gr * g.og() * cgk, cgk, col, gr * cgk * ld, ld, 0d,
                            ybuf, gr * g.og() * ld, ld);
                }
            }
            if (nb > 1) {
                Parallel.forRange(nb * g.o(), l, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        int s = i / g.o(), o = i % g.o();
                        System.arraycopy(ybuf, o * ld + s * l, y, yOff + ((first + s) * g.o() + o) * l, l);
                    }
                });
            }
        }
    }

    /**
     * gx = the gradient of conv(x, w) with respect to x, given gy; this is also the transposed
     * convolution of gy with w. gx is overwritten.
     */
    public static void inputGrad(ConvGeometry g, double[] gy, int gyOff, double[] w, int wOff, double[] gx, int gxOff) {
        if (g.isPointwise()) {
            for (int n = 0; n < g.n(); n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    Gemm.dgemm(true, false, g.cg(), g.inPlane(), g.og(), 1d, w, wOff + gr * g.og() * g.cg(), g.cg(),
                            gy, gyOff + n * g.o() * g.outPlane() + gr * g.og() * g.outPlane(), g.outPlane(), 0d,
                            gx, gxOff + n * g.c() * g.inPlane() + gr * g.cg() * g.inPlane(), g.inPlane());
                }
            }
            return;
        }
        int chunk = g.chunk(), l = g.outPlane(), ck = g.c() * g.kernelSize(), cgk = g.cg() * g.kernelSize();
        double[] col = new double[ck * chunk * l];
        double[] gybuf = chunk > 1 ? new double[g.o() * chunk * l] : null;
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int nb = Math.min(chunk, g.n() - n0), ld = nb * l, first = n0;
            double[] a = nb == 1 ? gy : gybuf;
            int aOff = nb == 1 ? gyOff + n0 * g.o() * l : 0;
            if (nb > 1) gatherRows(g, gy, gyOff, gybuf, first, nb);
            for (int gr = 0; gr < g.groups(); gr++) {
                Gemm.dgemm(true, false, cgk, ld, g.og(), 1d, w, wOff + gr * g.og() * cgk, cgk, a, aOff + gr * g.og() * ld, ld, 0d,
                        col, gr * cgk * ld, ld);
            }
            Parallel.forRange(nb * g.c(), (long) g.kernelSize() * l, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int s = i / g.c(), c = i % g.c();
                    int base = gxOff + ((first + s) * g.c() + c) * g.inPlane();
                    java.util.Arrays.fill(gx, base, base + g.inPlane(), 0d);
                    col2im(g, col, c * g.kernelSize() * ld + s * l, ld, gx, base);
                }
            });
        }
    }

    /** gw = the gradient of conv(x, w) with respect to w, given gy; gw is overwritten. */
    public static void weightGrad(ConvGeometry g, double[] x, int xOff, double[] gy, int gyOff, double[] gw, int gwOff) {
        if (g.isPointwise()) {
            for (int n = 0; n < g.n(); n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    Gemm.dgemm(false, true, g.og(), g.cg(), g.outPlane(), 1d,
                            gy, gyOff + n * g.o() * g.outPlane() + gr * g.og() * g.outPlane(), g.outPlane(),
                            x, xOff + n * g.c() * g.inPlane() + gr * g.cg() * g.inPlane(), g.inPlane(), n == 0 ? 0d : 1d,
                            gw, gwOff + gr * g.og() * g.cg(), g.cg());
                }
            }
            return;
        }
        int chunk = g.chunk(), l = g.outPlane(), ck = g.c() * g.kernelSize(), cgk = g.cg() * g.kernelSize();
        double[] col = new double[ck * chunk * l];
        double[] gybuf = chunk > 1 ? new double[g.o() * chunk * l] : null;
        for (int n0 = 0; n0 < g.n(); n0 += chunk) {
            int nb = Math.min(chunk, g.n() - n0), ld = nb * l, first = n0;
            Parallel.forRange(nb * g.c(), (long) g.kernelSize() * l, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int s = i / g.c(), c = i % g.c();
                    im2col(g, x, xOff + ((first + s) * g.c() + c) * g.inPlane(), col, c * g.kernelSize() * ld + s * l, ld);
                }
            });
            double[] a = nb == 1 ? gy : gybuf;
            int aOff = nb == 1 ? gyOff + n0 * g.o() * l : 0;
            if (nb > 1) gatherRows(g, gy, gyOff, gybuf, first, nb);
            for (int gr = 0; gr < g.groups(); gr++) {
                Gemm.dgemm(false, true, g.og(), cgk, ld, 1d, a, aOff + gr * g.og() * ld, ld, col, gr * cgk * ld, ld,
                        n0 == 0 ? 0d : 1d, gw, gwOff + gr * g.og() * cgk, cgk);
            }
        }
    }

    /** Copies gy[first .. first+nb) from [nb, O, L] into [O, nb * L], the layout one GEMM over the chunk needs. */
    private static void gatherRows(ConvGeometry g, double[] gy, int gyOff, double[] buf, int first, int nb) {
        int l = g.outPlane(), ld = nb * l;
        Parallel.forRange(nb * g.o(), l, (from, to) -> {
            for (int i = from; i < to; i++) {
                int s = i / g.o(), o = i % g.o();
                System.arraycopy(gy, gyOff + ((first + s) * g.o() + o) * l, buf, o * ld + s * l, l);
            }
        });
    }

    /**
     * Writes the K rows of one input channel's plane (at xOff) into col, starting at row offset
     * colOff with row stride ld: row (kd, kh, kw), column (od, oh, ow) holds the input element that
     * kernel tap meets at that output position, or 0 where it falls in the padding.
     */
    private static void im2col(ConvGeometry g, double[] x, int xOff, double[] col, int colOff, int ld) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding(), d = g.dilation();
        int inHW = in[1] * in[2], row = colOff;
        for (int kd = 0; kd < k[0]; kd++) {
            for (int kh = 0; kh < k[1]; kh++) {
                for (int kw = 0; kw < k[2]; kw++, row += ld) {
                    int wOffset = kw * d[2] - p[2];
                    int lo = firstInside(wOffset, s[2]), hi = lastInside(wOffset, s[2], in[2], out[2]);
                    int pos = row;
                    for (int od = 0; od < out[0]; od++) {
                        int id = od * s[0] - p[0] + kd * d[0];
                        boolean dIn = id >= 0 && id < in[0];
                        for (int oh = 0; oh < out[1]; oh++, pos += out[2]) {
                            int ih = oh * s[1] - p[1] + kh * d[1];
                            if (!dIn || ih < 0 || ih >= in[1] || lo >= hi) {
                                java.util.Arrays.fill(col, pos, pos + out[2], 0d);
                                continue;
                            }
                            int src = xOff + id * inHW + ih * in[2] + wOffset;
                            if (lo > 0) java.util.Arrays.fill(col, pos, pos + lo, 0d);
                            if (s[2] == 1) {
                                System.arraycopy(x, src + lo, col, pos + lo, hi - lo);
                            } else {
                                for (int ow = lo; ow < hi; ow++) col[pos + ow] = x[src + ow * s[2]];
                            }
                            if (hi < out[2]) java.util.Arrays.fill(col, pos + hi, pos + out[2], 0d);
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds each column entry back onto the input element it came from. */
    private static void col2im(ConvGeometry g, double[] col, int colOff, int ld, double[] x, int xOff) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding(), d = g.dilation();
        int inHW = in[1] * in[2], row = colOff;
        for (int kd = 0; kd < k[0]; kd++) {
            for (int kh = 0; kh < k[1]; kh++) {
                for (int kw = 0; kw < k[2]; kw++, row += ld) {
                    int wOffset = kw * d[2] - p[2];
                    int lo = firstInside(wOffset, s[2]), hi = lastInside(wOffset, s[2], in[2], out[2]);
                    if (lo >= hi) continue;
                    int pos = row;
                    for (int od = 0; od < out[0]; od++) {
                        int id = od * s[0] - p[0] + kd * d[0];
                        if (id < 0 || id >= in[0]) {
                            pos += out[1] * out[2];
                            continue;
                        }
                        for (int oh = 0; oh < out[1]; oh++, pos += out[2]) {
                            int ih = oh * s[1] - p[1] + kh * d[1];
                            if (ih < 0 || ih >= in[1]) continue;
                            int dst = xOff + id * inHW + ih * in[2] + wOffset;
                            if (s[2] == 1) {
                                for (int ow = lo; ow < hi; ow++) x[dst + ow] += col[pos + ow];
                            } else {
                                for (int ow = lo; ow < hi; ow++) x[dst + ow * s[2]] += col[pos + ow];
                            }
                        }
                    }
                }
            }
        }
    }
}
