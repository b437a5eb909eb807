package dev.dendrite.kernels.blas;

/**
 * Plain-Java 4 x 4 register tiles, used when the Vector API module is absent. Sixteen scalar
 * accumulators fit the register file of any 64-bit CPU, and the four-way reuse of every loaded
 * value is what makes blocking pay off even without SIMD.
 */
final class ScalarMicroKernels implements MicroKernels {
    private static final int MR = 4, NR = 4;

    @Override public String description() { return "scalar"; }

    @Override public int floatRows() { return MR; }

    @Override public int floatCols() { return NR; }

    @Override public int doubleRows() { return MR; }

    @Override public int doubleCols() { return NR; }

    @Override
    public void sgemmTile(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += MR, bi += NR) {
            float b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
            float a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        storeRow(c, cOff, c00, c01, c02, c03);
        storeRow(c, cOff + ldc, c10, c11, c12, c13);
        storeRow(c, cOff + 2 * ldc, c20, c21, c22, c23);
        storeRow(c, cOff + 3 * ldc, c30, c31, c32, c33);
    }

    @Override
    public void dgemmTile(int kc, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += MR, bi += NR) {
            double b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
            double a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        storeRow(c, cOff, c00, c01, c02, c03);
        storeRow(c, cOff + ldc, c10, c11, c12, c13);
        storeRow(c, cOff + 2 * ldc, c20, c21, c22, c23);
        storeRow(c, cOff + 3 * ldc, c30, c31, c32, c33);
    }

    @Override
    public void sgemmTileInPlaceB(int kc, float[] a, int aOff, float[] b, int[] bRows, int rowFrom, int bBase,
                                  float[] c, int cOff, int ldc) {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0, ai = aOff; p < kc; p++, ai += MR) {
            int bi = bBase + bRows[rowFrom + p];
            float b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
            float a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        storeRow(c, cOff, c00, c01, c02, c03);
        storeRow(c, cOff + ldc, c10, c11, c12, c13);
        storeRow(c, cOff + 2 * ldc, c20, c21, c22, c23);
        storeRow(c, cOff + 3 * ldc, c30, c31, c32, c33);
    }

    @Override
    public void sgemmTileInPlaceA(int kc, float[] a, int[] aRows, int rowFrom, int aBase, float[] b, int bOff,
                                  float[] c, int cOff, int ldc) {
        int r0 = aBase + aRows[rowFrom], r1 = aBase + aRows[rowFrom + 1];
        int r2 = aBase + aRows[rowFrom + 2], r3 = aBase + aRows[rowFrom + 3];
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0, bi = bOff; p < kc; p++, bi += NR) {
            float b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
            float a0 = a[r0 + p], a1 = a[r1 + p], a2 = a[r2 + p], a3 = a[r3 + p];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        storeRow(c, cOff, c00, c01, c02, c03);
        storeRow(c, cOff + ldc, c10, c11, c12, c13);
        storeRow(c, cOff + 2 * ldc, c20, c21, c22, c23);
        storeRow(c, cOff + 3 * ldc, c30, c31, c32, c33);
    }

    @Override public int floatLanes() { return 1; }

    @Override
    public void sdotTile(int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] acc, int accOff) {
        for (int i = 0; i < LaneDots.ROWS; i++) {
            for (int j = 0; j < LaneDots.COLS; j++) {
                float sum = 0;
                for (int p = 0, ai = aOff + i * lda, bi = bOff + j * ldb; p < k; p++) sum += a[ai + p] * b[bi + p];
                acc[accOff + i * LaneDots.COLS + j] += sum;
            }
        }
    }

    private static void storeRow(float[] c, int i, float v0, float v1, float v2, float v3) {
        c[i] += v0; c[i + 1] += v1; c[i + 2] += v2; c[i + 3] += v3;
    }

    private static void storeRow(double[] c, int i, double v0, double v1, double v2, double v3) {
        c[i] += v0; c[i + 1] += v1; c[i + 2] += v2; c[i + 3] += v3;
    }
}
