package dev.dendrite.kernels.blas;

/**
 * Direct loops for products too small to repay packing (a few thousand multiply-adds): no scratch
 * memory, no tiles, no threads.
 */
final class SmallGemm {
    private SmallGemm() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        int aRow = transA ? 1 : lda, aCol = transA ? lda : 1; // op(A)[i][p] = a[aOff + i * aRow + p * aCol]
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRow, ci = cOff + i * ldc;
            if (transB) { // row j of B is column j of op(B): dot products over contiguous runs
                for (int j = 0; j < n; j++) {
                    float sum = 0;
                    for (int p = 0, x = ai, y = bOff + j * ldb; p < k; p++, x += aCol, y++) sum += a[x] * b[y];
                    c[ci + j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[ci + j];
                }
            } else { // row i of C as a sum of rows of B: contiguous inner loops that the JIT vectorizes
                scale(1, n, beta, c, ci, ldc);
                for (int p = 0; p < k; p++) {
                    float s = alpha * a[ai + p * aCol];
                    for (int j = 0, y = bOff + p * ldb; j < n; j++) c[ci + j] += s * b[y + j];
                }
            }
        }
    }

    static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        int aRow = transA ? 1 : lda, aCol = transA ? lda : 1; // op(A)[i][p] = a[aOff + i * aRow + p * aCol]
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRow, ci = cOff + i * ldc;
            if (transB) { // row j of B is column j of op(B): dot products over contiguous runs
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0, x = ai, y = bOff + j * ldb; p < k; p++, x += aCol, y++) sum += a[x] * b[y];
                    c[ci + j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[ci + j];
                }
            } else { // row i of C as a sum of rows of B: contiguous inner loops that the JIT vectorizes
                scale(1, n, beta, c, ci, ldc);
                for (int p = 0; p < k; p++) {
                    double s = alpha * a[ai + p * aCol];
                    for (int j = 0, y = bOff + p * ldb; j < n; j++) c[ci + j] += s * b[y + j];
                }
            }
        }
    }

    /** C = beta * C over an m x n block (the whole product when k or alpha is 0). */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0) java.util.Arrays.fill(c, ci, ci + n, 0f);
            else if (beta != 1) for (int j = ci; j < ci + n; j++) c[j] *= beta;
        }
    }

    static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0) java.util.Arrays.fill(c, ci, ci + n, 0.0);
            else if (beta != 1) for (int j = ci; j < ci + n; j++) c[j] *= beta;
        }
    }
}
