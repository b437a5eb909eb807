package dev.dendrite.data;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Small synthetic sets for demos and tests, each a {@link TensorDataset} of float32 features and
 * (for classification) int64 labels. Points come in class order (class 0 first) unless stated;
 * shuffle with a loader or split with {@link Datasets#randomSplit}. All randomness comes from the
 * generator passed in, so a seed fixes the set. Spirals live in {@link Spirals}.
 */
public final class Synthetic {
    private Synthetic() {}

    /**
     * The XOR problem: {@code n} points {@code p} uniform in the square [-1, 1]^2, label 1 when
     * exactly one coordinate is positive ({@code (p0 > 0) != (p1 > 0)}), else 0. The label is
     * taken from the clean point; the features are {@code p + noise * N(0, I)}. Points are not
     * sorted by class. Features [n, 2], labels [n].
     */
    public static TensorDataset xor(int n, double noise, Generator gen) {
        check("xor", n, 1, noise);
        float[] xy = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            double a = 2 * gen.nextDouble() - 1, b = 2 * gen.nextDouble() - 1;
            y[i] = (a > 0) != (b > 0) ? 1 : 0;
            xy[2 * i] = (float) (a + noise * gen.nextGaussian());
            xy[2 * i + 1] = (float) (b + noise * gen.nextGaussian());
        }
        return new TensorDataset(Tensor.of(xy, n, 2), Tensor.of(y, n));
    }

    /**
     * Two interleaving half circles (scikit-learn's make_moons): {@code n / 2} (rounded down)
     * points of class 0 at {@code (cos t, sin t)} and the rest, class 1, at
     * {@code (1 - cos t, 1 - sin t - 0.5)}, with {@code t} evenly spaced over [0, pi] (endpoints
     * included) in each half, plus {@code noise * N(0, I)}. Features [n, 2], labels [n].
     */
    public static TensorDataset moons(int n, double noise, Generator gen) {
        check("moons", n, 2, noise);
        int nOut = n / 2, nIn = n - nOut;
        float[] xy = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            boolean outer = i < nOut;
            int k = outer ? i : i - nOut, m = outer ? nOut : nIn;
            double t = m == 1 ? 0 : Math.PI * k / (m - 1);
            double px = outer ? Math.cos(t) : 1 - Math.cos(t);
            double py = outer ? Math.sin(t) : 1 - Math.sin(t) - 0.5;
            xy[2 * i] = (float) (px + noise * gen.nextGaussian());
            xy[2 * i + 1] = (float) (py + noise * gen.nextGaussian());
            y[i] = outer ? 0 : 1;
        }
        return new TensorDataset(Tensor.of(xy, n, 2), Tensor.of(y, n));
    }

    /**
     * Two concentric circles (scikit-learn's make_circles): {@code n / 2} (rounded down) points
     * of class 0 on the unit circle and the rest, class 1, on the circle of radius {@code factor}
     * ({@code 0 < factor < 1}), each at angles {@code 2 pi k / m} for {@code k < m} (evenly spaced,
     * 2 pi excluded), plus {@code noise * N(0, I)}. Features [n, 2], labels [n].
     */
    public static TensorDataset circles(int n, double noise, double factor, Generator gen) {
        check("circles", n, 2, noise);
        if (!(factor > 0 && factor < 1)) throw new IllegalArgumentException("circles: factor has to be between 0 and 1, got " + factor);
        int nOut = n / 2, nIn = n - nOut;
        float[] xy = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            boolean outer = i < nOut;
            int k = outer ? i : i - nOut, m = outer ? nOut : nIn;
            double t = 2 * Math.PI * k / m, r = outer ? 1 : factor;
            xy[2 * i] = (float) (r * Math.cos(t) + noise * gen.nextGaussian());
            xy[2 * i + 1] = (float) (r * Math.sin(t) + noise * gen.nextGaussian());
            y[i] = outer ? 0 : 1;
        }
        return new TensorDataset(Tensor.of(xy, n, 2), Tensor.of(y, n));
    }

    /** {@link #circles(int, double, double, Generator)} with scikit-learn's default factor 0.8. */
    public static TensorDataset circles(int n, double noise, Generator gen) { return circles(n, noise, 0.8, gen); }

    /**
     * Noisy polynomial regression: {@code x} uniform in [-1, 1) and
     * {@code y = c[0] + c[1] x + c[2] x^2 + ... + noise * N(0, 1)}. Features [n, 1] (x), targets
     * [n, 1] (y), both float32.
     */
    public static TensorDataset polynomialRegression(int n, double[] coefficients, double noise, Generator gen) {
        check("polynomialRegression", n, 1, noise);
        if (coefficients == null || coefficients.length == 0) {
            throw new IllegalArgumentException("polynomialRegression: need at least one coefficient");
        }
        float[] xs = new float[n], ys = new float[n];
        for (int i = 0; i < n; i++) {
            double x = 2 * gen.nextDouble() - 1;
            double y = 0;
            for (int k = coefficients.length - 1; k >= 0; k--) y = y * x + coefficients[k];  // Horner
            xs[i] = (float) x;
            ys[i] = (float) (y + noise * gen.nextGaussian());
        }
        return new TensorDataset(Tensor.of(xs, n, 1), Tensor.of(ys, n, 1));
    }

    private static void check(String name, int n, int min, double noise) {
        if (n < min) throw new IllegalArgumentException(name + ": need at least " + min + " samples, got " + n);
        if (!(noise >= 0)) throw new IllegalArgumentException(name + ": noise must be non-negative, got " + noise);
    }
}
