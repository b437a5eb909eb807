package dev.dendrite.kernels.blas;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streamed GEMM against a plain triple loop in double, over shapes that hit every edge tile. */
class StreamedGemmTest {
    private final Random random = new Random(7);

    private float[] random(int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) random.nextGaussian();
        return a;
    }

    /** B stored row-major (k x n, ld = n), handed out a sliver at a time as a source would. */
    private static FloatPanelSource stored(float[] b, int n, int[] calls) {
        return (p0, kc, j0, cols, nr, panel) -> {
            calls[0]++;
            assertTrue(cols >= 1 && cols <= nr && j0 + cols <= n, "sliver columns " + j0 + "+" + cols + " of " + n);
            for (int r = 0; r < kc; r++) {
                System.arraycopy(b, (p0 + r) * n + j0, panel, r * nr, cols);
                Arrays.fill(panel, r * nr + cols, r * nr + nr, 0f);
            }
        };
    }

    @Test
    void matchesTripleLoopOverEdgeShapes() {
        int mr = StreamedGemm.rowsPerTile(), nr = StreamedGemm.colsPerTile();
        int[][] shapes = {{1, 1, 1}, {mr, nr, 3}, {mr + 1, nr + 1, 7}, {64, 1024 / 8, 576}, {2 * mr - 1, 3 * nr - 5, 600},
                {5, 100, 257}, {70, 33, 1}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2], ldc = n + 3, cOff = 2;
            float[] a = random(m * k), b = random(k * n), c0 = random(cOff + m * ldc);
            float[] packed = new float[StreamedGemm.packedSize(m, k)];
            StreamedGemm.packA(m, k, a, 0, k, packed);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] c = c0.clone();
                if (!accumulate) { // overwriting must not read C: NaN there must not survive
                    for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
                }
                int[] calls = {0};
                StreamedGemm.multiply(m, n, k, packed, stored(b, n, calls), accumulate, c, cOff, ldc);
                assertTrue(calls[0] >= (n + nr - 1) / nr, "every sliver is produced");
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double want = accumulate ? c0[cOff + i * ldc + j] : 0;
                        for (int p = 0; p < k; p++) want += (double) a[i * k + p] * b[p * n + j];
                        float got = c[cOff + i * ldc + j];
                        assertEquals(want, got, 1e-4 * (Math.sqrt(k) + Math.abs(want)),
                                "m=" + m + " n=" + n + " k=" + k + " accumulate=" + accumulate + " at " + i + "," + j);
                    }
                    // the padding between rows of C is never touched
                    for (int j = n; j < ldc && i < m - 1; j++) {
                        assertEquals(c0[cOff + i * ldc + j], c[cOff + i * ldc + j], "C outside the product at " + i + "," + j);
                    }
                }
                assertEquals(c0[0], c[0]);
                assertEquals(c0[1], c[1]);
            }
        }
    }
}
