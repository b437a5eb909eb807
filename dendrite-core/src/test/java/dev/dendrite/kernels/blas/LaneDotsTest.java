package dev.dendrite.kernels.blas;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lane-wise dot products, accumulated over two stretches of k and reduced, against plain loops. */
class LaneDotsTest {
    @Test
    void accumulatesAndReducesRowDotProducts() {
        Random random = new Random(11);
        int lanes = LaneDots.lanes();
        int[][] shapes = {{1, 1}, {4, 6}, {6, 25}, {16, 150}, {5, 7}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], mPad = (m + 3) / 4 * 4, nPad = (n + 5) / 6 * 6;
            int k1 = 3 * lanes, k2 = 5 * lanes, ld = k1 + k2 + 2;
            float[] a = new float[mPad * ld], b = new float[nPad * ld];
            for (int i = 0; i < m * ld; i++) a[i] = (float) random.nextGaussian();
            for (int i = 0; i < n * ld; i++) b[i] = (float) random.nextGaussian();
            // rows past m and n hold garbage: only their own (unused) accumulators may see it
            for (int i = m * ld; i < a.length; i++) a[i] = Float.NaN;
            for (int i = n * ld; i < b.length; i++) b[i] = Float.NaN;
            float[] acc = new float[3 + LaneDots.accumulatorSize(m, n)];
            LaneDots.accumulate(m, n, k1, a, 0, ld, b, 0, ld, acc, 3);
            LaneDots.accumulate(m, n, k2, a, k1, ld, b, k1, ld, acc, 3);
            float[] c = new float[m * (n + 1)];
            for (int i = 0; i < c.length; i++) c[i] = 1f;
            LaneDots.reduce(m, n, acc, 3, c, 0, n + 1, true);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double want = 1;
                    for (int p = 0; p < k1 + k2; p++) want += (double) a[i * ld + p] * b[j * ld + p];
                    assertEquals(want, c[i * (n + 1) + j], 1e-4 * (1 + Math.abs(want)), "m=" + m + " n=" + n + " at " + i + "," + j);
                }
                if (n + 1 <= c.length / m) assertEquals(1f, c[i * (n + 1) + n], "C between rows is untouched");
            }
        }
    }
}
