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
                        if (overwrite) {
                            for (int r = 0; r < mr; r++) Arrays.fill(c, ci + r * ldc, ci + r * ldc + nr, 0f);
                        }
                        kernels.sgemmTile(kcHere, packedA, block + ir * kcHere, sliver, 0, c, ci, ldc);
                    } else {
                        Arrays.fill(tile, 0f);
                        kernels.sgemmTile(kcHere, packedA, block + ir * kcHere, sliver, 0, tile, 0, nr);
                        for (int r = 0; r < rows; r++) {
                            int t = r * nr, x = ci + r * ldc;
                            if (overwrite) {
                                System.arraycopy(tile, t, c, x, cols);
                            } else {
                                for (int j = 0; j < cols; j++) c[x + j] += tile[t + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /** The k-block length: k cut into equal blocks of at most KC_MAX rows. */
    private static int blockRows(int k) {
        int blocks = (k + KC_MAX - 1) / KC_MAX;
        return (k + blocks - 1) / blocks;
    }

    private static int roundUp(int x, int multiple) { return (x + multiple - 1) / multiple * multiple; }
}
