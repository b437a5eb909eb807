package dev.dendrite.kernels.blas;

import dev.dendrite.kernels.Parallel;

/**
 * The pure-Java GEMM: the fallback when no native BLAS can be loaded, and the faster choice for
 * products so small that a native call costs more than the arithmetic.
 *
 * <p>{@link #best()} uses the Vector API when the jdk.incubator.vector module is in the boot
 * layer, and scalar register tiles otherwise; {@link #scalar()} always uses the scalar tiles (for
 * tests and comparisons). Arguments are trusted: validate first, as
 * {@code dev.dendrite.kernels.Gemm} does. Row-major, with the meaning of cblas_?gemm.
 */
public final class JavaGemm {
    /** Up to this many multiply-adds (m * n * k) direct loops beat packing (measured: 5 x 5 x 5). */
    private static final long DIRECT_MAX_WORK = 128;

    private static final JavaGemm SCALAR = new JavaGemm(new ScalarMicroKernels());
    private static final JavaGemm BEST = selectBest();

    private final MicroKernels kernels;

    private JavaGemm(MicroKernels kernels) { this.kernels = kernels; }

    /** The fastest pure-Java GEMM this JVM can run. */
    public static JavaGemm best() { return BEST; }

    /** The scalar GEMM, which never touches the Vector API. */
    public static JavaGemm scalar() { return SCALAR; }

    MicroKernels kernels() { return kernels; }

    /** E.g. "pure Java (blocked, Vector API, 512-bit, 2 threads)". */
    public String description() {
        return "pure Java (blocked, " + kernels.description() + ", " + Parallel.threads() + " threads)";
    }

    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0) {
            SmallGemm.scale(m, n, beta, c, cOff, ldc); // BLAS reads neither A nor B here
        } else if ((long) m * n * k <= DIRECT_MAX_WORK) {
            SmallGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            BlockedGemm.sgemm(kernels, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0) {
            SmallGemm.scale(m, n, beta, c, cOff, ldc);
        } else if ((long) m * n * k <= DIRECT_MAX_WORK) {
            SmallGemm.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            BlockedGemm.dgemm(kernels, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * Touches {@link VectorMicroKernels} only when its module is present, so a JVM started without
     * {@code --add-modules jdk.incubator.vector} never tries to link it (no NoClassDefFoundError).
     */
    private static JavaGemm selectBest() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            MicroKernels vector = VectorMicroKernels.createIfUseful();
            if (vector != null) return new JavaGemm(vector);
        }
        return SCALAR;
    }
}
