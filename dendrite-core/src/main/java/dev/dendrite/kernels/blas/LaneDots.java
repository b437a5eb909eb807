package dev.dendrite.kernels.blas;

/**
 * C = A @ B^T for small C and long rows: every entry is a dot product of a row of A with a row of
 * B, both read contiguously, computed a tile of {@link #ROWS} x {@link #COLS} entries at a time
 * with one vector accumulator per entry. The accumulators stay unreduced (one partial sum per
 * lane) across calls, so a caller can feed many stretches of k (a convolution's samples, for its
 * weight gradient) and pay for the horizontal sums once, in {@link #reduce}. A blocked GEMM
 * would instead need B packed across its rows, a transposing copy of every element, which for a
 * convolution with few output channels costs more than the products themselves.
 */
public final class LaneDots {
    /** Rows of A and of B per tile. */
    public static final int ROWS = 4, COLS = 6;

    private static final MicroKernels KERNELS = JavaGemm.best().kernels();

    private LaneDots() {}

    /** k must be a multiple of this; pad rows with zeros up to it. */
    public static int lanes() { return KERNELS.floatLanes(); }

    /** The accumulator length for C m x n (m, n rounded up to whole tiles). */
    public static int accumulatorSize(int m, int n) {
        return Math.multiplyExact(Math.multiplyExact(roundUp(m, ROWS), roundUp(n, COLS)), lanes());
    }

    /**
     * Adds the lane-wise products of A (m x k, row i at {@code aOff + i * lda}) and B (n x k) to
     * the accumulators. A must have rows up to m rounded up to ROWS and B up to n rounded up to
     * COLS (zeros past m and n), and k must be a multiple of {@link #lanes()}.
     */
    public static void accumulate(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float[] acc, int accOff) {
        int lanes = lanes(), tiles = roundUp(n, COLS) / COLS;
        if (k % lanes != 0) throw new IllegalArgumentException("LaneDots.accumulate: k=" + k + " is not a multiple of " + lanes);
        for (int i = 0; i < m; i += ROWS) {
            for (int j = 0; j < n; j += COLS) {
                int tile = (i / ROWS) * tiles + j / COLS;
                KERNELS.sdotTile(k, a, aOff + i * lda, lda, b, bOff + j * ldb, ldb, acc, accOff + tile * ROWS * COLS * lanes);
            }
        }
    }

    /** C[i, j] (+)= the lane sum of accumulator (i, j), for C m x n at {@code c[cOff + i * ldc + j]}. */
    public static void reduce(int m, int n, float[] acc, int accOff, float[] c, int cOff, int ldc, boolean add) {
        int lanes = lanes(), tiles = roundUp(n, COLS) / COLS;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = accOff + (((i / ROWS) * tiles + j / COLS) * ROWS * COLS + (i % ROWS) * COLS + j % COLS) * lanes;
                double sum = 0;
                for (int l = 0; l < lanes; l++) sum += acc[at + l];
                c[cOff + i * ldc + j] = (float) (add ? c[cOff + i * ldc + j] + sum : sum);
            }
        }
    }

    private static int roundUp(int x, int multiple) { return (x + multiple - 1) / multiple * multiple; }
}
