package dev.dendrite.kernels.blas;

/**
 * The innermost step of the blocked GEMM: one register tile of C from packed panels.
 *
 * <p>A packed A panel holds {@code kc} columns of {@code rows()} values each (column p at
 * {@code aOff + p * rows}); a packed B panel holds {@code kc} rows of {@code cols()} values each.
 * A tile call computes, for the full rows x cols tile, {@code T[i][j] = sum_p A[i][p] * B[p][j]}
 * and then either {@code C += T} ({@code accumulate}) or {@code C = T}, in which case C is not read
 * (so NaN there is overwritten, as BLAS specifies for beta = 0). Alpha and beta never reach the
 * kernels: alpha is folded into the packed A panel and beta applied to C beforehand, because a
 * short epilogue is what lets the JIT inline the whole tile (the Vector API expands into many IR
 * nodes, and a richer epilogue made C2 give up inlining and box every vector).
 *
 * <p>Two implementations exist: one on the Vector API and a scalar one for JVMs that run without
 * the jdk.incubator.vector module. Only one is ever loaded, which keeps the call sites monomorphic.
 */
interface MicroKernels {
    /** For {@code implementation()} strings, e.g. "Vector API, 512-bit". */
    String description();

    int floatRows();

    int floatCols();

    int doubleRows();

    int doubleCols();

    void sgemmTile(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate);

    void dgemmTile(int kc, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc, boolean accumulate);
}
