package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class StochasticDepthTest {

    @Test
    void evalModeAndZeroProbabilityAreTheIdentity() {
        Tensor x = Tensor.randn(4, 3, 2, 2);
        StochasticDepth sd = new StochasticDepth(0.5, StochasticDepth.Mode.ROW);
        sd.eval();
        assertSame(x, sd.call(x));
        StochasticDepth never = new StochasticDepth(0, StochasticDepth.Mode.ROW);
        assertSame(x, never.call(x));
    }

    /** Row mode: each sample is either all zeros or the input divided by the survival rate 1 - p. */
    @Test
    void rowModeDropsOrRescalesWholeSamples() {
        int n = 4000;
        Tensor x = Tensor.ones(n, 2, 3).mul(2);
        StochasticDepth sd = new StochasticDepth(0.25, StochasticDepth.Mode.ROW, new Generator(11));
        float[] y = sd.call(x).toFloatArray();
        int kept = 0;
        for (int i = 0; i < n; i++) {
            float first = y[i * 6];
            assertTrue(first == 0 || Math.abs(first - 2 / 0.75) < 1e-5, "sample " + i + ": " + first);
            for (int j = 1; j < 6; j++) assertEquals(first, y[i * 6 + j], "sample " + i + " is not dropped as a whole");
            if (first != 0) kept++;
        }
        // binomial(4000, 0.75): mean 3000, sd 27.4; 5 sd either side
        assertEquals(3000, kept, 137);
    }

    @Test
    void batchModeDecidesForTheWholeBatch() {
        Tensor x = Tensor.ones(8, 3);
        int kept = 0;
        Generator gen = new Generator(3);
        for (int trial = 0; trial < 200; trial++) {
            float[] y = new StochasticDepth(0.5, StochasticDepth.Mode.BATCH, gen).call(x).toFloatArray();
            for (float v : y) assertEquals(y[0], v);
            assertTrue(y[0] == 0 || y[0] == 2);
            if (y[0] != 0) kept++;
        }
        assertEquals(100, kept, 36); // binomial(200, 0.5): sd 7.1
    }

    @Test
    void seededGeneratorsReproduceAndProbabilityOneDropsEverything() {
        Tensor x = Tensor.randn(16, 5);
        Tensor a = new StochasticDepth(0.5, StochasticDepth.Mode.ROW, new Generator(42)).call(x);
        Tensor b = new StochasticDepth(0.5, StochasticDepth.Mode.ROW, new Generator(42)).call(x);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        for (float v : new StochasticDepth(1, StochasticDepth.Mode.ROW).call(x).toFloatArray()) assertEquals(0, v, 0f); // -0.0 where x < 0
    }

    @Test
    void gradientIsTheMaskGradcheck() {
        Tensor x = Tensor.randn(Generator.global(), Dtype.FLOAT64, 6, 2, 2).requiresGrad();
        // a fresh generator with a fixed seed per evaluation keeps the mask fixed across gradcheck's calls
        GradCheck.check(in -> new StochasticDepth(0.4, StochasticDepth.Mode.ROW, new Generator(5)).call(in[0]), x);
        Tensor y = new StochasticDepth(0.4, StochasticDepth.Mode.ROW, new Generator(5)).call(x);
        y.sum().backward();
        double[] g = x.grad().toDoubleArray(), out = y.toDoubleArray(), in = x.toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            double expected = out[i] == 0 && in[i] != 0 ? 0 : 1 / 0.6;
            assertEquals(expected, g[i], 1e-12);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new StochasticDepth(1.5, StochasticDepth.Mode.ROW));
        assertEquals("StochasticDepth: drop probability has to be between 0 and 1, but got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StochasticDepth(0.5, null));
        assertEquals("StochasticDepth: mode must be ROW or BATCH, got null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new StochasticDepth(0.5, StochasticDepth.Mode.ROW).call(Tensor.scalar(1)));
        assertEquals("StochasticDepth: row mode needs an input with a batch dim, got shape []", e.getMessage());
        assertEquals("StochasticDepth(p=0.2, mode=row)", new StochasticDepth(0.2, StochasticDepth.Mode.ROW).toString());
    }
}
