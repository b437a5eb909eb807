package dev.dendrite.data;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SyntheticTest {

    @Test
    void xorLabelsAreTheSignParityOfTheCleanPoints() {
        TensorDataset d = Synthetic.xor(500, 0, new Generator(1));
        assertArrayEquals(new int[] {500, 2}, d.input().shape());
        assertArrayEquals(new int[] {500}, d.target().shape());
        assertEquals(Dtype.FLOAT32, d.input().dtype());
        assertEquals(Dtype.INT64, d.target().dtype());
        float[] x = d.input().toFloatArray();
        long[] y = d.target().toLongArray();
        int ones = 0;
        for (int i = 0; i < 500; i++) {
            assertTrue(Math.abs(x[2 * i]) <= 1 && Math.abs(x[2 * i + 1]) <= 1);
            assertEquals((x[2 * i] > 0) != (x[2 * i + 1] > 0) ? 1 : 0, y[i], "point " + i);
            ones += (int) y[i];
        }
        assertTrue(ones > 200 && ones < 300, "classes unbalanced: " + ones);
        // noise moves the points but not the labels
        TensorDataset noisy = Synthetic.xor(500, 0.1, new Generator(1));
        assertArrayEquals(y, noisy.target().toLongArray());
    }

    @Test
    void moonsFollowTheHalfCircleFormulas() {
        TensorDataset d = Synthetic.moons(9, 0, new Generator(0));  // 4 outer, 5 inner
        float[] x = d.input().toFloatArray();
        assertArrayEquals(new long[] {0, 0, 0, 0, 1, 1, 1, 1, 1}, d.target().toLongArray());
        for (int k = 0; k < 4; k++) {
            double t = Math.PI * k / 3;
            assertEquals(Math.cos(t), x[2 * k], 1e-6);
            assertEquals(Math.sin(t), x[2 * k + 1], 1e-6);
        }
        for (int k = 0; k < 5; k++) {
            double t = Math.PI * k / 4;
            assertEquals(1 - Math.cos(t), x[2 * (4 + k)], 1e-6);
            assertEquals(1 - Math.sin(t) - 0.5, x[2 * (4 + k) + 1], 1e-6);
        }
        // noise: residuals from the clean curve have about the requested spread
        TensorDataset n = Synthetic.moons(2000, 0.2, new Generator(3));
        float[] xn = n.input().toFloatArray();
        float[] xc = Synthetic.moons(2000, 0, new Generator(3)).input().toFloatArray();
        double ss = 0;
        for (int i = 0; i < xn.length; i++) ss += (xn[i] - xc[i]) * (xn[i] - xc[i]);
        assertEquals(0.2, Math.sqrt(ss / xn.length), 0.01);
    }

    @Test
    void circlesLieOnTwoRadii() {
        TensorDataset d = Synthetic.circles(100, 0, 0.5, new Generator(0));
        float[] x = d.input().toFloatArray();
        long[] y = d.target().toLongArray();
        for (int i = 0; i < 100; i++) {
            double r = Math.hypot(x[2 * i], x[2 * i + 1]);
            assertEquals(y[i] == 0 ? 1.0 : 0.5, r, 1e-6, "point " + i);
            assertEquals(i < 50 ? 0 : 1, y[i]);
        }
        // angle of the k-th point of each circle is 2 pi k / 50
        assertEquals(Math.cos(2 * Math.PI * 7 / 50), x[14], 1e-6);
        assertEquals(0.5 * Math.sin(2 * Math.PI * 7 / 50), x[2 * 57 + 1], 1e-6);
        var ex = assertThrows(IllegalArgumentException.class, () -> Synthetic.circles(10, 0, 1.5, new Generator(0)));
        assertEquals("circles: factor has to be between 0 and 1, got 1.5", ex.getMessage());
    }

    @Test
    void polynomialRegressionTargetsAreThePolynomialPlusNoise() {
        double[] c = {0.5, -1, 2};  // 0.5 - x + 2 x^2
        TensorDataset d = Synthetic.polynomialRegression(1000, c, 0, new Generator(4));
        assertArrayEquals(new int[] {1000, 1}, d.input().shape());
        assertArrayEquals(new int[] {1000, 1}, d.target().shape());
        float[] x = d.input().toFloatArray(), y = d.target().toFloatArray();
        for (int i = 0; i < 1000; i++) {
            assertTrue(x[i] >= -1 && x[i] < 1);
            assertEquals(0.5 - x[i] + 2 * x[i] * x[i], y[i], 1e-5);
        }
        float[] yn = Synthetic.polynomialRegression(1000, c, 0.3, new Generator(4)).target().toFloatArray();
        double ss = 0, mean = 0;
        for (int i = 0; i < 1000; i++) {
            mean += (yn[i] - y[i]) / 1000;
            ss += (yn[i] - y[i]) * (yn[i] - y[i]) / 1000;
        }
        assertEquals(0, mean, 0.03);
        assertEquals(0.3, Math.sqrt(ss), 0.02);
        var ex = assertThrows(IllegalArgumentException.class, () -> Synthetic.polynomialRegression(0, c, 0, new Generator(0)));
        assertEquals("polynomialRegression: need at least 1 samples, got 0", ex.getMessage());
    }

    @Test
    void spiralsAsDatasetYieldsItsPoints() {
        Spirals s = Spirals.generate(20, 3, 0.1, new Generator(2));
        TensorDataset d = s.asDataset();
        assertEquals(60, d.size());
        Example e = d.get(45);
        assertArrayEquals(s.features().select(0, 45).toFloatArray(), e.input().toFloatArray());
        assertEquals(2, e.target().itemLong());
    }
}
