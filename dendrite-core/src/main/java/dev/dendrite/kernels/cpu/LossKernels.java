package dev.dendrite.kernels.cpu;

import dev.dendrite.kernels.Parallel;

/**
 * Fused loops for the losses that are one pass over two same-shape arrays: the mean squared
 * error's forward sum and its gradient, each without the temporaries the composed form
 * ({@code (x - t)^2} then a mean; then a chain of products backward) allocates and streams.
 */
public final class LossKernels {
    private LossKernels() {}

    /** Elements per partial sum: fixed, so that the result does not depend on the thread count. */
    private static final int BLOCK = 1 << 14;

    /** {@code sum((x - t)^2)} over n elements, in double. */
    public static double squaredDistance(float[] x, int xo, float[] t, int to, int n) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[] partial = new double[blocks];
        Parallel.forRange(blocks, BLOCK, (from, end) -> {
            for (int b = from; b < end; b++) {
                int i = b * BLOCK, stop = Math.min(n, i + BLOCK);
                // four float chains per block: independent additions pipeline, and a block of
                // 16K squares keeps float rounding far below the loss's own precision
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (; i + 3 < stop; i += 4) {
                    float d0 = x[xo + i] - t[to + i], d1 = x[xo + i + 1] - t[to + i + 1];
                    float d2 = x[xo + i + 2] - t[to + i + 2], d3 = x[xo + i + 3] - t[to + i + 3];
                    s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3;
                }
                for (; i < stop; i++) {
                    float d = x[xo + i] - t[to + i];
                    s0 += d * d;
                }
                partial[b] = (double) s0 + s1 + s2 + s3;
            }
        });
        double sum = 0;
        for (double p : partial) sum += p;
        return sum;
    }

    public static double squaredDistance(double[] x, int xo, double[] t, int to, int n) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[] partial = new double[blocks];
        Parallel.forRange(blocks, BLOCK, (from, end) -> {
            for (int b = from; b < end; b++) {
                double s = 0;
                for (int i = b * BLOCK, stop = Math.min(n, i + BLOCK); i < stop; i++) {
                    double d = x[xo + i] - t[to + i];
                    s += d * d;
                }
                partial[b] = s;
            }
        });
        double sum = 0;
        for (double p : partial) sum += p;
        return sum;
    }

    /** {@code out[i] = scale * (x[i] - t[i])}. */
    public static void scaledDifference(float scale, float[] x, int xo, float[] t, int to, float[] out, int n) {
        Parallel.forRange(n, 1, (from, end) -> {
            for (int i = from; i < end; i++) out[i] = scale * (x[xo + i] - t[to + i]);
        });
    }

    public static void scaledDifference(double scale, double[] x, int xo, double[] t, int to, double[] out, int n) {
        Parallel.forRange(n, 1, (from, end) -> {
            for (int i = from; i < end; i++) out[i] = scale * (x[xo + i] - t[to + i]);
        });
    }
}
