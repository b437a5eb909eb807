package dev.dendrite.kernels.blas;

/**
 * The innermost step of the blocked GEMM: one register tile of C from packed panels.
 *
 * <p>A packed A panel holds {@code kc} columns of {@code rows} values each (column p at
 * {@code aOff + p * rows}); a packed B panel holds {@code kc} rows of {@code cols} values each,
 * where rows and cols are {@link #floatRows()} and {@link #floatCols()} (or the double ones).
 * A tile call adds, for the full rows x cols tile, {@code sum_p A[i][p] * B[p][j]} to
 * {@code C[i][j]}. Alpha and beta never reach the kernels (alpha is folded into the packed A
 * panel, and C is scaled or zeroed beforehand) because the epilogue has to stay short and
 * branch-free: the Vector API expands into many compiler nodes, and with a richer epilogue C2
 * sometimes hit its inlining node limit, boxed every vector and ran at a fraction of the speed.
 *
 * <p>Two implementations exist: one on the Vector API and a scalar one for JVMs that run without
 * the jdk.incubator.vector module. Production code only ever calls one of them (through
 * {@link JavaGemm#best()}), which keeps the call sites monomorphic.
 */
interface MicroKernels {
    /** For {@code implementation()} strings, e.g. "Vector API, 512-bit". */
    String description();

    int floatRows();

    int floatCols();

    int doubleRows();

    int doubleCols();

    void sgemmTile(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc);

    void dgemmTile(int kc, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc);

    /**
     * As {@link #sgemmTile}, but B is read in place instead of from a packed panel: row p is the
     * {@link #floatCols()} values from {@code b[bBase + bRows[rowFrom + p]]}.
     */
    void sgemmTileInPlaceB(int kc, float[] a, int aOff, float[] b, int[] bRows, int rowFrom, int bBase,
                           float[] c, int cOff, int ldc);

    /**
     * As {@link #sgemmTile}, but A is read in place instead of from a packed panel: row r of the
     * tile holds the kc values from {@code a[aBase + aRows[rowFrom + r]]}.
     */
    void sgemmTileInPlaceA(int kc, float[] a, int[] aRows, int rowFrom, int aBase, float[] b, int bOff,
                           float[] c, int cOff, int ldc);

    /** Lanes of a {@link #sdotTile} accumulator: the float vector length, 1 for scalar code. */
    int floatLanes();

    /**
     * Dot products of {@link LaneDots#ROWS} rows of A (row i at {@code aOff + i * lda}) with
     * {@link LaneDots#COLS} rows of B (row j at {@code bOff + j * ldb}) over k values, k a
     * multiple of {@link #floatLanes()}, kept unreduced: the products of lane l (values p with
     * p mod lanes = l) are added to {@code acc[accOff + (i * COLS + j) * lanes + l]}.
     */
    void sdotTile(int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] acc, int accOff);
}
