package dev.dendrite.kernels.cpu;

import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.blas.FloatPanelSource;
import dev.dendrite.kernels.blas.StreamedGemm;
import dev.dendrite.kernels.cpu.ConvKernels.ConvGeometry;

import java.util.Arrays;

/**
 * Float32 convolution as implicit GEMM: the three products of a convolution run on
 * {@link StreamedGemm}, with the unrolled image (the im2col matrix) produced sliver by sliver
 * straight from the input as the register tiles need it, so it is never written out whole. The
 * weight is packed once per call and shared by all samples; the batch is split over the
 * {@link Parallel} pool, one product per sample and group.
 *
 * <p>All three products read the same kind of matrix: row r = (channel, tap), column j = a
 * position on some grid, value = the source plane at {@code grid(j) * stride + tap * dilation},
 * where the source is a copy of one sample's channels with the padding made explicit (zeros), so
 * that producing a sliver is a run of plain copies without bounds checks. The forward pass reads
 * the input, padded by the convolution's padding, on the output grid; the input gradient, for
 * stride 1, reads the output gradient padded by {@code dilation * (k - 1) - padding} (a negative
 * amount crops) on the input grid with the taps flipped, which makes it a convolution too; the
 * weight gradient reads the forward pass's matrix transposed. Strided input gradients are not of
 * this form and stay with {@link ConvKernels}' col2im.
 */
final class ImplicitConv {
    private ImplicitConv() {}

    /**
     * Below this many rows of C (output channels per group for the weight gradient, input channels
     * per group for the input gradient) packing the unrolled matrix costs more than the products
     * it feeds, and im2col or col2im around a plain GEMM is faster, unless the matrix can be read
     * in place (see {@link #inPlacePays}). Measured on LeNet-5's second convolution (6 to 16
     * channels, batch 256): packed implicit 6.1 ms vs 2.7 ms for the input gradient, 2.8 vs 2.3
     * ms for the weight gradient; with 64 channels implicit won 10.6 vs 16.7 and 14.3 vs 17.6 ms.
     */
    private static final int MIN_ROWS = 32;

    /**
     * The in-place weight gradient multiplies one output row per call (k = row width); below this
     * width reloading the C tiles costs more than packing.
     */
    private static final int MIN_IN_PLACE_ROW = 16;

    /**
     * What packing one element of the unrolled matrix costs, in multiply-adds of one register
     * tile column (measured about 3.5 cycles per element for short runs, while a 6 x 32 AVX-512
     * tile does 32 columns' worth of multiply-adds per cycle).
     */
    private static final int PACK_COST = 3;

    /**
     * Whether reading the unrolled matrix in place (stride 1 along w) beats packing it, for C with
     * {@code rows} rows and grid rows {@code width} wide of which in place computes {@code waste}
     * more columns than it keeps (see {@link Padding#inPlaceWaste}): those cost rows * waste
     * multiply-adds per row of B, while packing costs PACK_COST tile columns per element
     * (PACK_COST * nr * width).
     */
    private static boolean inPlacePays(int rows, int waste, int width) {
        return (long) rows * waste <= (long) PACK_COST * StreamedGemm.colsPerTile() * width;
    }

    /**
     * The most floats of a product's packed A (or, for the in-place weight gradient, of its C)
     * that stay in L2 while every sliver of B sweeps over them: 512 KiB, half an L2 of current
     * server cores. Larger products (ResNet-50's deep layers) need A blocked as well, which the
     * im2col + GEMM paths do: ResNet-50's inference at batch 16 ran 3x slower here without this
     * bound.
     */
    private static final int L2_FLOATS = 1 << 17;

    /** Whether rows x k floats, rows rounded up to whole register tiles, fit the L2 budget. */
    static boolean fitsL2(int rows, int k) {
        long tiles = (rows + StreamedGemm.rowsPerTile() - 1) / StreamedGemm.rowsPerTile();
        return tiles * StreamedGemm.rowsPerTile() * k <= L2_FLOATS;
    }

    private static final int[] UNIT_STRIDE = {1, 1, 1};

    private static boolean inPlacePaysForInputGrad(ConvGeometry g) {
        Padding pad = inputGradPadding(g);
        return inPlacePays(g.cg(), pad.inPlaceWaste(g.in(), pad.wideRows(g.in(), UNIT_STRIDE)), g.in()[2]);
    }

    /**
     * The output gradient padded by {@code dilation * (k - 1) - padding} per dim (a negative
     * amount crops), which makes the stride-1 input gradient a convolution with flipped taps.
     */
    private static Padding inputGradPadding(ConvGeometry g) {
        int[] k = g.kernel(), d = g.dilation(), p = g.padding(), margin = new int[3];
        for (int i = 0; i < 3; i++) margin[i] = d[i] * (k[i] - 1) - p[i];
        return new Padding(g.out(), margin);
    }

    /** Whether the weight gradient reads the unrolled input in place: stride 1 along w, rows wide enough. */
    private static boolean readsWeightGradInPlace(ConvGeometry g) {
        return g.stride()[2] == 1 && g.out()[2] >= MIN_IN_PLACE_ROW;
    }

    /** Whether {@link #forward} suits: the packed weight of a group fits in L2. */
    static boolean suitsForward(ConvGeometry g) {
        return fitsL2(g.og(), g.cg() * g.kernelSize());
    }

    /**
     * Whether {@link #inputGrad} applies (stride 1 in every dim) and suits: the weight fits in L2,
     * and either enough input channels (see {@link #MIN_ROWS}) or rows read in place.
     */
    static boolean suitsInputGrad(ConvGeometry g) {
        int[] s = g.stride();
        return s[0] == 1 && s[1] == 1 && s[2] == 1 && fitsL2(g.cg(), g.og() * g.kernelSize())
                && (g.cg() >= MIN_ROWS || inPlacePaysForInputGrad(g));
    }

    /**
     * Whether {@link #weightGrad} suits: enough output channels per group, and the operand each
     * sliver sweeps (the transposed partial gw when read in place, one sample's packed gy
     * otherwise) fits in L2.
     */
    static boolean suitsWeightGrad(ConvGeometry g) {
        if (g.og() < MIN_ROWS) return false;
        return readsWeightGradInPlace(g) ? fitsL2(g.cg() * g.kernelSize(), g.og()) : fitsL2(g.og(), g.outPlane());
    }

    /** y = conv(x, w) + bias (bias may be null). */
    static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int bOff,
                        float[] y, int yOff) {
        int og = g.og(), cg = g.cg(), taps = g.kernelSize(), rows = cg * taps, l = g.outPlane(), inPlane = g.inPlane();
        float[][] packed = new float[g.groups()][];
        for (int gr = 0; gr < g.groups(); gr++) {
            packed[gr] = new float[StreamedGemm.packedSize(og, rows)];
            StreamedGemm.packA(og, rows, w, wOff + gr * og * rows, rows, packed[gr]);
        }
        Padding pad = new Padding(g.in(), g.padding());
        int[] taps0 = pad.tapOffsets(g.kernel(), g.dilation(), false);
        boolean wide = pad.wideRows(g.out(), g.stride());
        boolean inPlace = g.stride()[2] == 1 && inPlacePays(og, pad.inPlaceWaste(g.out(), wide), g.out()[2]);
        int[] rowStarts = pad.rowStarts(cg, taps0);
        Parallel.forRange(g.n(), work(g), (from, to) -> {
            float[] padded = PADDED.get().floats(cg * pad.plane() + StreamedGemm.inPlaceSlack());
            float[] buffer = wide ? new float[og * pad.span(g.out())] : null;
            Window window = inPlace ? null : new Window(padded, pad, g.out(), g.stride(), taps0);
            for (int n = from; n < to; n++) {
                int ys = yOff + n * g.o() * l;
                for (int gr = 0; gr < g.groups(); gr++) {
                    pad.copy(x, xOff + (n * g.c() + gr * cg) * inPlane, cg, padded);
                    if (inPlace) {
                        pad.multiplyInPlace(g.out(), g.stride(), wide, og, rows, packed[gr], padded, rowStarts,
                                y, ys + gr * og * l, l, buffer);
                    } else {
                        StreamedGemm.multiply(og, l, rows, packed[gr], window, false, y, ys + gr * og * l, l);
                    }
                }
                if (bias != null) {
                    for (int o = 0; o < g.o(); o++) {
                        float v = bias[bOff + o];
                        for (int j = ys + o * l, end = j + l; j < end; j++) y[j] += v;
                    }
                }
            }
        });
    }

    /** gx = the input gradient of conv(x, w) given gy (stride 1 only; see {@link #suitsInputGrad}). */
    static void inputGrad(ConvGeometry g, float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        int og = g.og(), cg = g.cg(), taps = g.kernelSize(), rows = og * taps, l = g.outPlane(), inPlane = g.inPlane();
        float[][] packed = new float[g.groups()][];
        float[] transposed = new float[cg * rows];
        for (int gr = 0; gr < g.groups(); gr++) {
            // A[c, (o, t)] = w[o, c, t]: the weight with its two channel axes swapped
            int base = wOff + gr * og * cg * taps;
            for (int c = 0; c < cg; c++) {
                for (int o = 0; o < og; o++) {
                    System.arraycopy(w, base + (o * cg + c) * taps, transposed, c * rows + o * taps, taps);
                }
            }
            packed[gr] = new float[StreamedGemm.packedSize(cg, rows)];
            StreamedGemm.packA(cg, rows, transposed, 0, rows, packed[gr]);
        }
        Padding pad = inputGradPadding(g);
        int[] flippedTaps = pad.tapOffsets(g.kernel(), g.dilation(), true), unit = UNIT_STRIDE;
        boolean wide = pad.wideRows(g.in(), unit);
        boolean inPlace = inPlacePays(cg, pad.inPlaceWaste(g.in(), wide), g.in()[2]);
        int[] rowStarts = pad.rowStarts(og, flippedTaps);
        Parallel.forRange(g.n(), work(g), (from, to) -> {
            float[] padded = PADDED.get().floats(og * pad.plane() + StreamedGemm.inPlaceSlack());
            float[] buffer = wide ? new float[cg * pad.span(g.in())] : null;
            Window window = inPlace ? null : new Window(padded, pad, g.in(), unit, flippedTaps);
            for (int n = from; n < to; n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    pad.copy(gy, gyOff + (n * g.o() + gr * og) * l, og, padded);
                    int xg = gxOff + (n * g.c() + gr * cg) * inPlane;
                    if (inPlace) {
                        pad.multiplyInPlace(g.in(), unit, wide, cg, rows, packed[gr], padded, rowStarts, gx, xg, inPlane, buffer);
                    } else {
                        StreamedGemm.multiply(cg, inPlane, rows, packed[gr], window, false, gx, xg, inPlane);
                    }
                }
            }
        });
    }

    /** gw = the weight gradient of conv(x, w) given gy; each task sums its samples into its own partial. */
    static void weightGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, int gwOff) {
        int og = g.og(), cg = g.cg(), taps = g.kernelSize(), cols = cg * taps, l = g.outPlane(), inPlane = g.inPlane();
        int size = g.o() * cols;
        Padding pad = new Padding(g.in(), g.padding());
        int[] taps0 = pad.tapOffsets(g.kernel(), g.dilation(), false);
        java.util.List<float[]> partials = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        if (readsWeightGradInPlace(g)) {
            weightGradInPlace(g, pad, taps0, x, xOff, gy, gyOff, partials);
            sumTransposedPartials(partials, g.groups(), og, cols, gw, gwOff);
            return;
        }
        Parallel.forRange(g.n(), work(g), (from, to) -> {
            float[] padded = PADDED.get().floats(cg * pad.plane());
            TransposedWindow window = new TransposedWindow(padded, pad, g.out(), g.stride(), taps0);
            float[] packed = new float[StreamedGemm.packedSize(og, l)], part = new float[size];
            for (int n = from; n < to; n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    StreamedGemm.packA(og, l, gy, gyOff + (n * g.o() + gr * og) * l, l, packed);
                    pad.copy(x, xOff + (n * g.c() + gr * cg) * inPlane, cg, padded);
                    StreamedGemm.multiply(og, cols, l, packed, window, n != from, part, gr * og * cols, cols);
                }
            }
            partials.add(part);
        });
        ConvKernels.sumPartials(partials, gw, gwOff, size);
    }

    /**
     * The weight gradient with the unrolled input read in place: per sample, gw^T [(c, t), o] +=
     * X [(c, t), positions] @ gy^T [positions, o], one output row of positions at a time (the rows
     * of X are then plain runs of the padded input); gy^T is packed once per sample. Each task's
     * partial is transposed, [groups][(c, t)][o].
     */
    private static void weightGradInPlace(ConvGeometry g, Padding pad, int[] taps0, float[] x, int xOff, float[] gy,
                                          int gyOff, java.util.List<float[]> partials) {
        int og = g.og(), cg = g.cg(), cols = cg * g.kernelSize(), l = g.outPlane(), inPlane = g.inPlane();
        int[] out = g.out(), stride = g.stride(), rowStarts = pad.rowStarts(cg, taps0);
        int nr = StreamedGemm.colsPerTile();
        Parallel.forRange(g.n(), work(g), (from, to) -> {
            float[] padded = PADDED.get().floats(cg * pad.plane());
            float[] packedGy = new float[StreamedGemm.packedBSize(l, og)], part = new float[g.groups() * cols * og];
            for (int n = from; n < to; n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    StreamedGemm.packTransposedB(l, og, gy, gyOff + (n * g.o() + gr * og) * l, l, packedGy);
                    pad.copy(x, xOff + (n * g.c() + gr * cg) * inPlane, cg, padded);
                    int partOff = gr * cols * og;
                    for (int od = 0; od < out[0]; od++) {
                        for (int oh = 0; oh < out[1]; oh++) {
                            int position = (od * out[1] + oh) * out[2];
                            int start = (od * stride[0] * pad.height() + oh * stride[1]) * pad.width();
                            boolean accumulate = n != from || position != 0;
                            StreamedGemm.multiplyInPlaceA(cols, og, out[2], padded, rowStarts, start, packedGy,
                                    position * nr, l * nr, accumulate, part, partOff, og);
                        }
                    }
                }
            }
            partials.add(part);
        });
    }

    /** gw [o, (c, t)] per group = the sum of the tasks' transposed partials [(c, t), o]. */
    private static void sumTransposedPartials(java.util.List<float[]> partials, int groups, int og, int cols,
                                              float[] gw, int gwOff) {
        float[] sum = new float[groups * cols * og];
        for (float[] p : partials) {
            for (int i = 0; i < sum.length; i++) sum[i] += p[i];
        }
        for (int gr = 0; gr < groups; gr++) {
            int block = gr * cols * og;
            for (int o = 0; o < og; o++) {
                for (int col = 0; col < cols; col++) gw[gwOff + block + o * cols + col] = sum[block + col * og + o];
            }
        }
    }

    private static long work(ConvGeometry g) {
        return Math.max(1L, (long) g.o() * g.cg() * g.kernelSize() * g.outPlane());
    }

    /** Per-thread buffers for padded copies, kept between calls (training repeats the same shapes). */
    private static final ThreadLocal<Buffer> PADDED = ThreadLocal.withInitial(Buffer::new);

    private static final class Buffer {
        private float[] floats = new float[0];

        float[] floats(int size) { return floats.length >= size ? floats : (floats = new float[size]); }
    }

    /**
     * A channel stack of size[0] x size[1] x size[2] planes, copied with {@code margin[i]} zeros
     * added before and after dim i (a negative margin drops that many elements from each end).
     */
    private record Padding(int[] size, int[] margin, int depth, int height, int width) {
        Padding(int[] size, int[] margin) {
            this(size, margin, size[0] + 2 * margin[0], size[1] + 2 * margin[1], size[2] + 2 * margin[2]);
        }

        int plane() { return depth * height * width; }

        /** Where row (channel, tap) of the unrolled matrix starts: channel * plane + the tap's offset. */
        int[] rowStarts(int channels, int[] tapOffsets) {
            int taps = tapOffsets.length;
            int[] starts = new int[channels * taps];
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < taps; t++) starts[c * taps + t] = c * plane() + tapOffsets[t];
            }
            return starts;
        }

        /**
         * Visits a grid (read with {@code stride} from this padded plane; stride 1 along w) in
         * slivers of at most one register tile's columns that never cross a row, so that each
         * sliver reads plain runs: the start of its first position in the padded plane, its
         * first position in the grid, and its length.
         */
        void forEachSliver(int[] grid, int[] stride, SliverBody body) {
            int nr = StreamedGemm.colsPerTile();
            for (int gd = 0; gd < grid[0]; gd++) {
                for (int gh = 0; gh < grid[1]; gh++) {
                    int start = (gd * stride[0] * height + gh * stride[1]) * width;
                    int position = (gd * grid[1] + gh) * grid[2];
                    for (int gw = 0; gw < grid[2]; gw += nr) {
                        body.run(start + gw, position + gw, Math.min(nr, grid[2] - gw));
                    }
                }
            }
        }

        /**
         * Whether to read a stride-1 grid in slivers that run across row ends (positions in the
         * padded plane, {@code width} apart per row), computing the padding columns in between and
         * dropping them, instead of one sliver per row segment: it wastes less when a padded row
         * is narrower than the row rounded up to whole register tiles (LeNet's 10-wide rows:
         * 14 columns computed per row instead of 32).
         */
        boolean wideRows(int[] grid, int[] stride) {
            int nr = StreamedGemm.colsPerTile();
            return stride[1] == 1 && stride[2] == 1 && width < (grid[2] + nr - 1) / nr * nr;
        }

        /** Columns computed and dropped per grid row when read in place, one way or the other. */
        int inPlaceWaste(int[] grid, boolean wide) {
            int nr = StreamedGemm.colsPerTile();
            return wide ? width - grid[2] : (grid[2] + nr - 1) / nr * nr - grid[2];
        }

        /** Padded positions from a depth slice's first grid position to its last. */
        int span(int[] grid) { return (grid[1] - 1) * width + grid[2]; }

        /**
         * C [m, grid positions] = A @ the unrolled matrix, read in place from {@code padded} (row
         * r of the matrix starts at {@code rowStarts[r]}); C at {@code c[cOff + i * ldc + j]}.
         * Wide slivers (see {@link #wideRows}) compute a depth slice into {@code buffer} (m x
         * {@link #span}) and copy its grid columns out.
         */
        void multiplyInPlace(int[] grid, int[] stride, boolean wide, int m, int k, float[] a, float[] padded,
                             int[] rowStarts, float[] c, int cOff, int ldc, float[] buffer) {
            if (!wide) {
                forEachSliver(grid, stride, (start, position, cols) -> StreamedGemm.multiplySliverInPlace(
                        m, cols, k, a, padded, rowStarts, start, false, c, cOff + position, ldc));
                return;
            }
            int nr = StreamedGemm.colsPerTile(), span = span(grid), gh = grid[1], gw = grid[2];
            for (int gd = 0; gd < grid[0]; gd++) {
                int slice = gd * stride[0] * height * width;
                for (int q = 0; q < span; q += nr) {
                    StreamedGemm.multiplySliverInPlace(m, Math.min(nr, span - q), k, a, padded, rowStarts, slice + q,
                            false, buffer, q, span);
                }
                for (int i = 0; i < m; i++) {
                    for (int r = 0; r < gh; r++) {
                        System.arraycopy(buffer, i * span + r * width, c, cOff + i * ldc + (gd * gh + r) * gw, gw);
                    }
                }
            }
        }

        /** Copies {@code channels} planes of the source from {@code srcOff} into {@code dst}, padded. */
        void copy(float[] src, int srcOff, int channels, float[] dst) {
            int inPlane = size[0] * size[1] * size[2], inRow = size[2];
            int lo = Math.max(0, margin[2]), hi = Math.min(width, size[2] + margin[2]);
            for (int c = 0, out = 0; c < channels; c++) {
                for (int pd = 0; pd < depth; pd++) {
                    int sd = pd - margin[0];
                    for (int ph = 0; ph < height; ph++, out += width) {
                        int sh = ph - margin[1];
                        if (sd < 0 || sd >= size[0] || sh < 0 || sh >= size[1] || lo >= hi) {
                            Arrays.fill(dst, out, out + width, 0f);
                            continue;
                        }
                        int from = srcOff + c * inPlane + (sd * size[1] + sh) * inRow - margin[2];
                        for (int pw = 0; pw < lo; pw++) dst[out + pw] = 0f;
                        System.arraycopy(src, from + lo, dst, out + lo, hi - lo);
                        for (int pw = hi; pw < width; pw++) dst[out + pw] = 0f;
                    }
                }
            }
        }

        /**
         * Per tap (kd, kh, kw) in weight order, its offset within a padded plane: the tap times
         * the dilation, or with {@code flipped} the mirrored tap (k - 1 - tap) times the dilation.
         */
        int[] tapOffsets(int[] k, int[] d, boolean flipped) {
            int[] offsets = new int[k[0] * k[1] * k[2]];
            int t = 0;
            for (int kd = 0; kd < k[0]; kd++) {
                for (int kh = 0; kh < k[1]; kh++) {
                    for (int kw = 0; kw < k[2]; kw++, t++) {
                        int td = flipped ? k[0] - 1 - kd : kd, th = flipped ? k[1] - 1 - kh : kh;
                        int tw = flipped ? k[2] - 1 - kw : kw;
                        offsets[t] = ((td * d[0]) * height + th * d[1]) * width + tw * d[2];
                    }
                }
            }
            return offsets;
        }
    }

    @FunctionalInterface
    private interface SliverBody {
        void run(int start, int position, int cols);
    }

    /**
     * Runs of consecutive grid positions that share (d, h): a range of positions splits into
     * these, and within one the source index advances by the w stride from {@code from}.
     */
    private static final class Runs {
        int[] from, length, start;
        int count;

        Runs(int capacity) { resize(capacity); }

        private void resize(int capacity) {
            from = new int[capacity]; length = new int[capacity]; start = new int[capacity];
        }

        /** Splits grid positions [j0, j0 + n) of {@code grid}, read with {@code stride} from a padded plane. */
        void split(int j0, int n, int[] grid, int[] stride, Padding pad) {
            int gh = grid[1], gw = grid[2], plane = gh * gw;
            if (from.length < n / Math.max(1, gw) + 2) resize(n / Math.max(1, gw) + 2);
            count = 0;
            int j = j0, end = j0 + n;
            while (j < end) {
                int dd = j / plane, rest = j - dd * plane, hh = rest / gw, ww = rest - hh * gw;
                int len = Math.min(gw - ww, end - j);
                from[count] = ((dd * stride[0]) * pad.height() + hh * stride[1]) * pad.width() + ww * stride[2];
                length[count] = len;
                start[count] = j - j0;
                count++;
                j += len;
            }
        }
    }

    /**
     * The unrolled matrix of a padded channel stack read on a grid: (channel, tap) on one side,
     * grid positions on the other; subclasses lay slivers out one way or the other.
     */
    private abstract static class Unrolled implements FloatPanelSource {
        final float[] padded;
        final int plane, taps, strideW;
        final Padding pad;
        final int[] grid, stride, tapOffsets;
        final Runs runs = new Runs(16);

        Unrolled(float[] padded, Padding pad, int[] grid, int[] stride, int[] tapOffsets) {
            this.padded = padded; this.pad = pad; this.plane = pad.plane(); this.grid = grid; this.stride = stride;
            this.strideW = stride[2]; this.tapOffsets = tapOffsets; this.taps = tapOffsets.length;
        }
    }

    /** The unrolled matrix: row (channel, tap), column = grid position. */
    private static final class Window extends Unrolled {
        Window(float[] padded, Padding pad, int[] grid, int[] stride, int[] tapOffsets) {
            super(padded, pad, grid, stride, tapOffsets);
        }

        @Override
        public void pack(int p0, int kc, int j0, int cols, int nr, float[] panel) {
            runs.split(j0, cols, grid, stride, pad);
            int channel = p0 / taps, t = p0 - channel * taps;
            for (int r = 0; r < kc; r++) {
                int base = channel * plane + tapOffsets[t], dst = r * nr;
                for (int q = 0; q < runs.count; q++) {
                    int src = base + runs.from[q], out = dst + runs.start[q], len = runs.length[q];
                    if (strideW == 1) {
                        System.arraycopy(padded, src, panel, out, len);
                    } else {
                        for (int i = 0; i < len; i++) panel[out + i] = padded[src + i * strideW];
                    }
                }
                for (int j = cols; j < nr; j++) panel[dst + j] = 0f;
                if (++t == taps) {
                    t = 0;
                    channel++;
                }
            }
        }
    }

    /** The transpose of {@link Window}: row = grid position, column (channel, tap). */
    private static final class TransposedWindow extends Unrolled {
        TransposedWindow(float[] padded, Padding pad, int[] grid, int[] stride, int[] tapOffsets) {
            super(padded, pad, grid, stride, tapOffsets);
        }

        @Override
        public void pack(int p0, int kc, int j0, int cols, int nr, float[] panel) {
            runs.split(p0, kc, grid, stride, pad);
            int channel = j0 / taps, t = j0 - channel * taps;
            for (int col = 0; col < cols; col++) {
                int base = channel * plane + tapOffsets[t];
                for (int q = 0; q < runs.count; q++) {
                    int src = base + runs.from[q], out = runs.start[q] * nr + col, len = runs.length[q];
                    for (int i = 0; i < len; i++) panel[out + i * nr] = padded[src + i * strideW];
                }
                if (++t == taps) {
                    t = 0;
                    channel++;
                }
            }
            if (cols < nr) {
                for (int r = 0; r < kc; r++) Arrays.fill(panel, r * nr + cols, r * nr + nr, 0f);
            }
        }
    }
}
