package dev.dendrite.nn.init;

import dev.dendrite.nn.Linear;
import dev.dendrite.nn.init.Init.FanMode;
import dev.dendrite.nn.init.Init.Nonlinearity;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The initializers' statistics on large tensors, checked against the target distribution within
 * five standard errors of the estimate (so a wrong scale, fan or bound fails, and a correct one
 * passes with overwhelming probability; the seeds are fixed, so runs are reproducible), plus their
 * structure (eye, dirac, orthogonality, sparsity), determinism and errors.
 */
class InitTest {

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** The second moment around a known center (the population variance when it is the mean). */
    static double moment(double[] v, double center, int k) {
        assertEquals(2, k);
        double s = 0;
        for (double x : v) s += (x - center) * (x - center);
        return s / v.length;
    }

    /** Mean and variance within 5 standard errors of a distribution with the given mean, variance and 4th central moment. */
    static void assertMoments(double[] v, double mu, double var, double m4) {
        int n = v.length;
        assertEquals(mu, mean(v), 5 * Math.sqrt(var / n), "mean");
        assertEquals(var, moment(v, mu, 2), 5 * Math.sqrt((m4 - var * var) / n), "variance");
    }

    static void assertUniform(double[] v, double a, double b) {
        for (double x : v) assertTrue(x >= a && x <= b, x + " outside [" + a + ", " + b + "]");
        double w = b - a;
        assertMoments(v, (a + b) / 2, w * w / 12, Math.pow(w, 4) / 80);
    }

    static void assertNormal(double[] v, double mu, double std) {
        double var = std * std;
        assertMoments(v, mu, var, 3 * var * var);
    }

    @Test
    void gainsAndFansAreTorchs() {
        for (Nonlinearity n : new Nonlinearity[] {Nonlinearity.LINEAR, Nonlinearity.CONV1D, Nonlinearity.CONV2D,
                Nonlinearity.CONV3D, Nonlinearity.CONV_TRANSPOSE2D, Nonlinearity.SIGMOID}) {
            assertEquals(1, Init.calculateGain(n));
        }
        assertEquals(5.0 / 3, Init.calculateGain(Nonlinearity.TANH));
        assertEquals(Math.sqrt(2), Init.calculateGain("relu"));
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.calculateGain(Nonlinearity.LEAKY_RELU));
        assertEquals(Math.sqrt(2 / 1.04), Init.calculateGain("leaky_relu", 0.2), 1e-15);
        assertEquals(0.75, Init.calculateGain("selu"));
        var e = assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swish"));
        assertTrue(e.getMessage().startsWith("calculateGain: unsupported nonlinearity 'swish'"), e.getMessage());
        assertArrayEquals(new int[] {32 * 9, 64 * 9}, Init.fanInAndFanOut(Tensor.empty(64, 32, 3, 3)));
        assertArrayEquals(new int[] {7, 5}, Init.fanInAndFanOut(Tensor.empty(5, 7)));
        e = assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform_(Tensor.empty(5)));
        assertEquals("xavierUniform: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions"
                + " (got shape [5])", e.getMessage());
    }

    @Test
    void uniformNormalAndConstants() {
        Generator g = new Generator(1);
        assertUniform(Init.uniform_(Tensor.empty(200_000), -0.5, 2, g).toDoubleArray(), -0.5, 2);
        assertNormal(Init.normal_(Tensor.empty(Dtype.FLOAT64, 200_000), 1.5, 0.3, g).toDoubleArray(), 1.5, 0.3);
        for (double v : Init.constant_(Tensor.empty(3, 4), 0.25).toDoubleArray()) assertEquals(0.25, v);
        for (double v : Init.ones_(Tensor.empty(3, 4)).toDoubleArray()) assertEquals(1, v);
        for (double v : Init.zeros_(Tensor.full(7, 3, 4)).toDoubleArray()) assertEquals(0, v);
        // parameters (leaves that require grad) are filled outside the graph
        Tensor p = Tensor.empty(3, 4).requiresGrad();
        Init.normal_(p, 0, 1, g);
        assertTrue(p.isLeaf());
        assertThrows(IllegalArgumentException.class, () -> Init.uniform_(Tensor.empty(2), 1, 0));
    }

    @Test
    void eyeAndDiracHaveTheirStructure() {
        Tensor eye = Init.eye_(Tensor.full(5, 3, 5));
        for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++) assertEquals(i == j ? 1 : 0, eye.get(i, j));
        var e = assertThrows(IllegalArgumentException.class, () -> Init.eye_(Tensor.empty(2, 2, 2)));
        assertEquals("eye: only tensors with 2 dimensions are supported, got shape [2, 2, 2]", e.getMessage());

        // 2 groups of 3 output channels over 4 input channels: out g*3+d takes in d at the centre, d < 3
        Tensor w = Init.dirac_(Tensor.full(9, 6, 4, 3, 5), 2);
        for (int o = 0; o < 6; o++) {
            for (int i = 0; i < 4; i++) {
                for (int h = 0; h < 3; h++) {
                    for (int k = 0; k < 5; k++) {
                        boolean one = i == o % 3 && h == 1 && k == 2;
                        assertEquals(one ? 1 : 0, w.get(o, i, h, k), "at " + o + "," + i + "," + h + "," + k);
                    }
                }
            }
        }
        // groups 1 on a 1-D conv weight: the identity over min(out, in) channels
        Tensor w1 = Init.dirac_(Tensor.empty(2, 3, 3));
        assertEquals(2, w1.sum().item());
        assertEquals(1, w1.get(1, 1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> Init.dirac_(Tensor.empty(5, 2, 3), 2));
        assertEquals("dirac: dim 0 (5) must be divisible by groups (2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Init.dirac_(Tensor.empty(5, 2)));
        assertEquals("dirac: only tensors with 3, 4, or 5 dimensions are supported, got shape [5, 2]", e.getMessage());
    }

    @Test
    void xavierKaimingAndLecunHaveTheirVariances() {
        Generator g = new Generator(2);
        // xavier: [300, 500], fan_in 500, fan_out 300
        double gain = 1.7;
        double std = gain * Math.sqrt(2.0 / 800);
        double bound = Math.sqrt(3) * std;
        assertUniform(Init.xavierUniform_(Tensor.empty(300, 500), gain, g).toDoubleArray(), -bound, bound);
        assertNormal(Init.xavierNormal_(Tensor.empty(300, 500), gain, g).toDoubleArray(), 0, std);

        // kaiming on a conv weight [128, 64, 3, 3]: fan_in 576, fan_out 1152
        int[] shape = {128, 64, 3, 3};
        double reluIn = Math.sqrt(2) / Math.sqrt(576);
        assertUniform(Init.kaimingUniform_(Tensor.empty(shape), 0, FanMode.FAN_IN, Nonlinearity.RELU, g).toDoubleArray(),
                -Math.sqrt(3) * reluIn, Math.sqrt(3) * reluIn);
        double leakyOut = Math.sqrt(2 / (1 + 0.09)) / Math.sqrt(1152);
        assertNormal(Init.kaimingNormal_(Tensor.empty(shape), 0.3, FanMode.FAN_OUT, Nonlinearity.LEAKY_RELU, g).toDoubleArray(),
                0, leakyOut);
        // the defaults: a = 0, fan_in, leaky_relu -> relu's gain
        assertNormal(Init.kaimingNormal_(Tensor.empty(shape)).toDoubleArray(), 0, reluIn);

        // lecun: variance 1 / fan_in
        double lecun = 1 / Math.sqrt(576);
        assertUniform(Init.lecunUniform_(Tensor.empty(shape), g).toDoubleArray(), -Math.sqrt(3) * lecun, Math.sqrt(3) * lecun);
        assertNormal(Init.lecunNormal_(Tensor.empty(shape), g).toDoubleArray(), 0, lecun);
        // empty tensors are left alone, as PyTorch (with no division by a zero fan)
        assertEquals(0, Init.kaimingUniform_(Tensor.empty(0, 3)).numel());
    }

    @Test
    void orthogonalRowsOrColumnsAreOrthonormal() {
        Generator g = new Generator(3);
        checkOrthonormal(Init.orthogonal_(Tensor.empty(Dtype.FLOAT64, 40, 90), 1, g), 40, 90, 1, 1e-12);
        checkOrthonormal(Init.orthogonal_(Tensor.empty(Dtype.FLOAT64, 90, 40), 1, g), 90, 40, 1, 1e-12);
        checkOrthonormal(Init.orthogonal_(Tensor.empty(50, 50), 2, g), 50, 50, 2, 1e-5);
        // a conv weight is flattened to [out, in * k * k]
        checkOrthonormal(Init.orthogonal_(Tensor.empty(Dtype.FLOAT64, 16, 4, 3, 3), 1, g).reshape(16, 36), 16, 36, 1, 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> Init.orthogonal_(Tensor.empty(4)));
        assertEquals("orthogonal: only tensors with 2 or more dimensions are supported, got shape [4]", e.getMessage());
    }

    /** Rows orthonormal (times gain) when rows <= cols, else columns. */
    static void checkOrthonormal(Tensor w, int rows, int cols, double gain, double tol) {
        double[] a = w.toDoubleArray();
        boolean byRows = rows <= cols;
        int k = byRows ? rows : cols, len = byRows ? cols : rows;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int t = 0; t < len; t++) {
                    dot += byRows ? a[i * cols + t] * a[j * cols + t] : a[t * cols + i] * a[t * cols + j];
                }
                assertEquals(i == j ? gain * gain : 0, dot, tol * gain * gain, "entry " + i + "," + j);
            }
        }
    }

    @Test
    void householderQrReconstructsWithAPositiveDiagonal() {
        Generator g = new Generator(4);
        int m = 30, n = 12;
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) a[i] = g.nextGaussian();
        double[] q = Init.householderQ(a.clone(), m, n);
        // R = Q^T A must be upper triangular with a positive diagonal, and Q R = A
        double[] r = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int t = 0; t < m; t++) r[i * n + j] += q[t * n + i] * a[t * n + j];
                if (i > j) assertEquals(0, r[i * n + j], 1e-12);
            }
            assertTrue(r[i * n + i] > 0);
        }
        for (int t = 0; t < m; t++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i <= j; i++) s += q[t * n + i] * r[i * n + j];
                assertEquals(a[t * n + j], s, 1e-12);
            }
        }
    }

    /** Mass, mean, variance and 4th central moment of N(0, 1) restricted to [lo, hi], by Simpson's rule. */
    static double[] truncatedMoments(double lo, double hi) {
        double top = Math.min(hi, Math.max(lo, 0) + 40), bottom = Math.max(lo, Math.min(hi, 0) - 40);
        int steps = 40_000;
        double h = (top - bottom) / steps;
        double[] raw = new double[5];
        for (int i = 0; i <= steps; i++) {
            double x = bottom + i * h;
            double w = (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2) * h / 3 * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            for (int k = 0; k < 5; k++, w *= x) raw[k] += w;
        }
        double z = raw[0], mu = raw[1] / z, m2 = raw[2] / z, m3 = raw[3] / z, m4 = raw[4] / z;
        double var = m2 - mu * mu;
        double c4 = m4 - 4 * mu * m3 + 6 * mu * mu * m2 - 3 * Math.pow(mu, 4);
        return new double[] {z, mu, var, c4};
    }

    @Test
    void truncNormalSamplesTheTruncatedDistributionExactly() {
        Generator g = new Generator(5);
        // {mean, std, a, b}: torch's default, a one-sided tail, a narrow band, a far tail, a narrow band around the mean
        double[][] cases = {{0, 1, -2, 2}, {1, 2, 6, 9}, {0, 1, 0.1, 0.2}, {0, 0.5, 3, Double.POSITIVE_INFINITY},
                {0, 1, -10, -7}, {3, 1, 2.5, 3.5}};
        for (double[] c : cases) {
            double mean = c[0], std = c[1], a = c[2], b = c[3];
            double[] v = Init.truncNormal_(Tensor.empty(Dtype.FLOAT64, 100_000), mean, std, a, b, g).toDoubleArray();
            for (double x : v) assertTrue(x >= a && x <= b, x + " outside [" + a + ", " + b + "]");
            double[] m = truncatedMoments((a - mean) / std, (b - mean) / std);
            double mu = mean + std * m[1], var = std * std * m[2], c4 = Math.pow(std, 4) * m[3];
            assertEquals(mu, mean(v), 5 * Math.sqrt(var / v.length), "mean of case " + java.util.Arrays.toString(c));
            assertEquals(var, moment(v, mu, 2), 5 * Math.sqrt((c4 - var * var) / v.length),
                    "variance of case " + java.util.Arrays.toString(c));
        }
        // the default cuts at +-2 in absolute units (torch's a=-2, b=2)
        double[] d = Init.truncNormal_(Tensor.empty(50_000)).toDoubleArray();
        for (double x : d) assertTrue(Math.abs(x) <= 2);
        var e = assertThrows(IllegalArgumentException.class, () -> Init.truncNormal_(Tensor.empty(3), 0, 1, 2, 2));
        assertEquals("truncNormal: expected a < b, got a=2.0 and b=2.0", e.getMessage());
    }

    @Test
    void sparseZeroesTheRequestedFractionOfEachColumn() {
        Generator g = new Generator(6);
        Tensor w = Init.sparse_(Tensor.empty(Dtype.FLOAT64, 100, 400), 0.25, 0.02, g);
        double[] a = w.toDoubleArray();
        java.util.List<Double> nonzero = new java.util.ArrayList<>();
        for (int c = 0; c < 400; c++) {
            int zeros = 0;
            for (int r = 0; r < 100; r++) {
                if (a[r * 400 + c] == 0) zeros++; else nonzero.add(a[r * 400 + c]);
            }
            assertEquals(25, zeros, "column " + c);
        }
        assertNormal(nonzero.stream().mapToDouble(Double::doubleValue).toArray(), 0, 0.02);
        // ceil(sparsity * rows): 0.101 of 10 rows zeroes 2 per column
        Tensor s = Init.sparse_(Tensor.empty(10, 30), 0.101);
        for (int c = 0; c < 30; c++) {
            int zeros = 0;
            for (int r = 0; r < 10; r++) if (s.get(r, c) == 0) zeros++;
            assertEquals(2, zeros);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Init.sparse_(Tensor.empty(2, 3, 4), 0.5));
        assertEquals("sparse: only tensors with 2 dimensions are supported, got shape [2, 3, 4]", e.getMessage());
    }

    @Test
    void seededGeneratorsReproduceEveryRandomInitializer() {
        java.util.List<java.util.function.BiConsumer<Tensor, Generator>> inits = java.util.List.of(
                (t, g) -> Init.uniform_(t, -1, 1, g), (t, g) -> Init.normal_(t, 0, 1, g),
                (t, g) -> Init.xavierUniform_(t, 1, g), (t, g) -> Init.xavierNormal_(t, 1, g),
                (t, g) -> Init.kaimingUniform_(t, 0, FanMode.FAN_IN, Nonlinearity.RELU, g),
                (t, g) -> Init.kaimingNormal_(t, 0, FanMode.FAN_OUT, Nonlinearity.RELU, g),
                (t, g) -> Init.lecunUniform_(t, g), (t, g) -> Init.lecunNormal_(t, g), (t, g) -> Init.orthogonal_(t, 1, g),
                (t, g) -> Init.truncNormal_(t, 0, 1, -2, 2, g), (t, g) -> Init.sparse_(t, 0.3, 0.01, g));
        for (var init : inits) {
            Tensor a = Tensor.empty(6, 8), b = Tensor.empty(6, 8), c = Tensor.empty(6, 8);
            init.accept(a, new Generator(42));
            init.accept(b, new Generator(42));
            init.accept(c, new Generator(43));
            assertArrayEquals(a.toFloatArray(), b.toFloatArray());
            assertFalse(java.util.Arrays.equals(a.toFloatArray(), c.toFloatArray()));
        }
    }

    @Test
    void linearDefaultInitIsKaimingUniformWithASqrt5() {
        // identical to drawing uniform(+-1/sqrt(in)) for the weight, then for the bias, from the global generator
        Generator.seed(7);
        Linear lin = new Linear(300, 200);
        Generator.seed(7);
        double bound = 1 / Math.sqrt(300);
        Tensor w = Tensor.empty(200, 300).uniform_(-bound, bound, Generator.global());
        Tensor b = Tensor.empty(200).uniform_(-bound, bound, Generator.global());
        assertArrayEquals(w.toFloatArray(), lin.weight().toFloatArray());
        assertArrayEquals(b.toFloatArray(), lin.bias().toFloatArray());
        assertUniform(lin.weight().toDoubleArray(), -bound, bound);
    }
}
