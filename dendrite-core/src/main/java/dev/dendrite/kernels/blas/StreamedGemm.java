package dev.dendrite.kernels.blas;

import java.util.Arrays;

/**
 * A single-threaded float GEMM, {@code C (+)= A @ B}, for products whose B is produced on the fly
 * by a {@link FloatPanelSource} and whose A is small enough to pack once and reuse: the products
 * of a convolution, where A is the weight (or one sample's output gradient) and B the unrolled
 * image. For each sliver of nr columns of C, B is produced in blocks of kc rows into a buffer that
 * stays in L1, and the register tiles of {@link MicroKernels} sweep all of A's rows over it; A,
 * packed beforehand by {@link #packA}, stays in L2. Callers run one product per task, so there is
 * no threading here.
 */
public final class StreamedGemm {
    /** Rows of B per block: a kc x nr sliver of B is then at most 32 KiB with 512-bit vectors. */
    private static final int KC_MAX = 256;

    private static final MicroKernels KERNELS = JavaGemm.best().kernels();

    private StreamedGemm() {}

    /** Rows of C per register tile; packed A is laid out in slivers of this many rows. */
    public static int rowsPerTile() { return KERNELS.floatRows(); }

    /** Columns of C per register tile: the {@code nr} that sources are asked to fill. */
    public static int colsPerTile() { return KERNELS.floatCols(); }

    /** Whether the register tiles run on the Vector API (otherwise they are scalar Java). */
    public static boolean isVectorized() { return KERNELS instanceof VectorMicroKernels; }

    /** The number of floats {@link #packA} writes for an m x k A. */
    public static int packedSize(int m, int k) {
        return Math.multiplyExact(roundUp(m, KERNELS.floatRows()), k);
    }

    /**
     * Packs A (m x k, element (i, p) at {@code a[aOff + i * lda + p]}) into {@code packed}: blocks
     * of kc columns, each holding slivers of mr rows stored column by column, rows past m zero.
     */
    public static void packA(int m, int k, float[] a, int aOff, int lda, float[] packed) {
        int mr = KERNELS.floatRows(), mPad = roundUp(m, mr), kc = blockRows(k);
        for (int pc = 0; pc < k; pc += kc) {
            int kcHere = Math.min(kc, k - pc), block = pc * mPad;
            for (int ir = 0; ir < mPad; ir += mr) {
                int base = block + ir * kcHere;
                for (int r = 0; r < mr; r++) {
                    int i = ir + r;
                    if (i < m) {
                        int src = aOff + i * lda + pc;
                        for (int p = 0; p < kcHere; p++) packed[base + p * mr + r] = a[src + p];
                    } else {
                        for (int p = 0; p < kcHere; p++) packed[base + p * mr + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * C = A @ B, or C += A @ B when {@code accumulate}; A m x k packed by {@link #packA}, B k x n
     * from {@code b}, C m x n at {@code c[cOff + i * ldc + j]}.
     */
    public static void multiply(int m, int n, int k, float[] packedA, FloatPanelSource b, boolean accumulate,
                                float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        MicroKernels kernels = KERNELS;
        int mr = kernels.floatRows(), nr = kernels.floatCols(), mPad = roundUp(m, mr), kc = blockRows(k);
        Workspace ws = Workspace.get();
        float[] sliver = ws.floatSliver(kc * nr), tile = ws.floatTile(mr, nr);
        for (int jr = 0; jr < n; jr += nr) {
            int cols = Math.min(nr, n - jr);
            for (int pc = 0; pc < k; pc += kc) {
                int kcHere = Math.min(kc, k - pc), block = pc * mPad;
                boolean overwrite = pc == 0 && !accumulate;
                b.pack(pc, kcHere, jr, cols, nr, sliver);
                for (int ir = 0; ir < m; ir += mr) {
                    int rows = Math.min(mr, m - ir), ci = cOff + ir * ldc + jr;
                    if (rows == mr && cols == nr) {
                        if (overwrite) clear(c, ci, ldc, mr, nr);
                        kernels.sgemmTile(kcHere, packedA, block + ir * kcHere, sliver, 0, c, ci, ldc);
                    } else {
                        Arrays.fill(tile, 0f);
                        kernels.sgemmTile(kcHere, packedA, block + ir * kcHere, sliver, 0, tile, 0, nr);
                        merge(tile, nr, rows, cols, c, ci, ldc, overwrite);
                    }
                }
            }
        }
    }

    /**
     * C[0:m, 0:cols] = A @ B (or += when {@code accumulate}) for one sliver of at most nr columns
     * whose B is read in place, never packed: row p of B starts at {@code b[bBase + bRows[p]]}.
     * All nr values of each row are read (the columns past cols are computed and dropped), so b
     * must extend nr values past the last row start; A is m x k packed by {@link #packA}. This
     * suits a convolution with stride 1, whose unrolled rows are plain runs of the padded input.
     */
    public static void multiplySliverInPlace(int m, int cols, int k, float[] packedA, float[] b, int[] bRows, int bBase,
                                             boolean accumulate, float[] c, int cOff, int ldc) {
        MicroKernels kernels = KERNELS;
        int mr = kernels.floatRows(), nr = kernels.floatCols(), mPad = roundUp(m, mr), kc = blockRows(k);
        if (cols > nr) throw new IllegalArgumentException("multiplySliverInPlace: " + cols + " columns > " + nr);
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + cols, 0f);
            return;
        }
        float[] tile = Workspace.get().floatTile(mr, nr);
        for (int pc = 0; pc < k; pc += kc) {
            int kcHere = Math.min(kc, k - pc), block = pc * mPad;
            boolean overwrite = pc == 0 && !accumulate;
            for (int ir = 0; ir < m; ir += mr) {
                int rows = Math.min(mr, m - ir), ci = cOff + ir * ldc;
                if (rows == mr && cols == nr) {
                    if (overwrite) clear(c, ci, ldc, mr, nr);
                    kernels.sgemmTileInPlaceB(kcHere, packedA, block + ir * kcHere, b, bRows, pc, bBase, c, ci, ldc);
                } else {
                    Arrays.fill(tile, 0f);
                    kernels.sgemmTileInPlaceB(kcHere, packedA, block + ir * kcHere, b, bRows, pc, bBase, tile, 0, nr);
                    merge(tile, nr, rows, cols, c, ci, ldc, overwrite);
                }
            }
        }
    }

    /** The number of floats {@link #packTransposedB} writes for a k x n B. */
    public static int packedBSize(int k, int n) {
        return Math.multiplyExact(roundUp(n, KERNELS.floatCols()), k);
    }

    /**
     * Packs B = S^T, for S n x k at {@code s[sOff + j * lds + p]}, into slivers of nr columns:
     * sliver s starts at {@code s * k * nr}, its row p at {@code + p * nr}; columns past n are 0.
     */
    public static void packTransposedB(int k, int n, float[] s, int sOff, int lds, float[] packed) {
        int nr = KERNELS.floatCols();
        for (int j0 = 0; j0 < n; j0 += nr) {
            int base = j0 * k;
            for (int jj = 0; jj < nr; jj++) {
                int j = j0 + jj;
                if (j < n) {
                    for (int p = 0, src = sOff + j * lds; p < k; p++) packed[base + p * nr + jj] = s[src + p];
                } else {
                    for (int p = 0; p < k; p++) packed[base + p * nr + jj] = 0f;
                }
            }
        }
    }

    /**
     * C = A @ B (or += when {@code accumulate}) for A read in place, never packed: row i of A is
     * the k values from {@code a[aBase + aRows[i]]}. B is packed in slivers of nr columns, sliver
     * s at {@code bOff + s * sliverStride} with row p at {@code + p * nr} (as
     * {@link #packTransposedB} lays them out, which lets a caller pass a run of rows of a larger
     * packed B). This suits a convolution's weight gradient, whose A rows are runs of the padded
     * input.
     */
    public static void multiplyInPlaceA(int m, int n, int k, float[] a, int[] aRows, int aBase, float[] b, int bOff,
                                        int sliverStride, boolean accumulate, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        MicroKernels kernels = KERNELS;
        int mr = kernels.floatRows(), nr = kernels.floatCols();
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        Workspace ws = Workspace.get();
        float[] tile = ws.floatTile(mr, nr);
        int[] edgeRows = ws.edgeRows(mr);
        int fullRows = m / mr * mr;
        if (fullRows < m) { // the last tile repeats the last row to fill the kernel; those results are dropped
            for (int r = 0; r < mr; r++) edgeRows[r] = aRows[Math.min(m - 1, fullRows + r)];
        }
        for (int pc = 0; pc < k; pc += KC_MAX) {
            int kcHere = Math.min(KC_MAX, k - pc);
            boolean overwrite = pc == 0 && !accumulate;
            for (int jr = 0, s = 0; jr < n; jr += nr, s++) {
                int cols = Math.min(nr, n - jr), bi = bOff + s * sliverStride + pc * nr;
                for (int ir = 0; ir < m; ir += mr) {
                    int rows = Math.min(mr, m - ir), ci = cOff + ir * ldc + jr;
                    int[] rowsOf = rows == mr ? aRows : edgeRows;
                    int from = rows == mr ? ir : 0;
                    if (rows == mr && cols == nr) {
                        if (overwrite) clear(c, ci, ldc, mr, nr);
                        kernels.sgemmTileInPlaceA(kcHere, a, rowsOf, from, aBase + pc, b, bi, c, ci, ldc);
                    } else {
                        Arrays.fill(tile, 0f);
                        kernels.sgemmTileInPlaceA(kcHere, a, rowsOf, from, aBase + pc, b, bi, tile, 0, nr);
                        merge(tile, nr, rows, cols, c, ci, ldc, overwrite);
                    }
                }
            }
        }
    }

    private static void clear(float[] c, int ci, int ldc, int rows, int cols) {
        for (int r = 0; r < rows; r++) Arrays.fill(c, ci + r * ldc, ci + r * ldc + cols, 0f);
    }

    /** Copies (or adds) the valid corner of an edge tile into C. */
    private static void merge(float[] tile, int nr, int rows, int cols, float[] c, int ci, int ldc, boolean overwrite) {
        for (int r = 0; r < rows; r++) {
            int t = r * nr, x = ci + r * ldc;
            if (overwrite) {
                System.arraycopy(tile, t, c, x, cols);
            } else {
                for (int j = 0; j < cols; j++) c[x + j] += tile[t + j];
            }
        }
    }

    /** The k-block length: k cut into equal blocks of at most KC_MAX rows. */
    private static int blockRows(int k) {
        int blocks = (k + KC_MAX - 1) / KC_MAX;
        return (k + blocks - 1) / blocks;
    }

    /** The distance a caller must leave after the last row start of an in-place B: nr values. */
    public static int inPlaceSlack() { return KERNELS.floatCols(); }

    private static int roundUp(int x, int multiple) { return (x + multiple - 1) / multiple * multiple; }
}
