package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.functional.Dropouts;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DropoutTest {

    @Test
    void keepRateAndScaling() {
        Dropout d = new Dropout(0.3, new Generator(1));
        Tensor y = d.call(Tensor.ones(200_000));
        double[] v = y.toDoubleArray();
        int kept = 0;
        for (double e : v) {
            if (e != 0) {
                kept++;
                assertEquals(1 / 0.7, e, 1e-6);
            }
        }
        // binomial(200000, 0.7): sd ~ 205, so 5 sd is ~0.5% of the keep rate
        assertEquals(0.7, kept / 200_000.0, 0.006);
        assertEquals(1.0, y.mean().item(), 0.01);   // expectation preserved
    }

    @Test
    void evalModeIsTheIdentityAndSeedsReproduce() {
        Tensor x = Tensor.randn(new Generator(2), Dtype.FLOAT32, 50);
        Dropout d = new Dropout(0.5);
        d.eval();
        assertSame(x, d.call(x));
        d.train();
        Generator.seed(42);
        float[] a = d.call(x).toFloatArray();
        Generator.seed(42);
        float[] b = d.call(x).toFloatArray();
        assertArrayEquals(a, b);
        assertArrayEquals(new float[50], new Dropout(1.0).call(x).toFloatArray(), 0f);
        assertArrayEquals(x.toFloatArray(), new Dropout(0.0).call(x).toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertEquals("Dropout: dropout probability has to be between 0 and 1, but got 1.5", e.getMessage());
    }

    @Test
    void gradientFlowsThroughTheSameMask() {
        Tensor x = Tensor.randn(new Generator(3), Dtype.FLOAT64, 4, 5).requiresGrad();
        // a fixed generator state per evaluation, so finite differences see the same mask
        GradCheck.check(in -> Dropouts.dropout(in[0], 0.4, true, new Generator(9)), x);
        GradCheck.check(in -> Dropouts.dropout2d(in[0].reshape(2, 2, 5, 1), 0.4, true, new Generator(9)), x);
        GradCheck.check(in -> Dropouts.alphaDropout(in[0], 0.4, true, new Generator(9)), x);
        Tensor y = Dropouts.dropout(x, 0.4, true, new Generator(9));
        y.sum().backward();
        double[] g = x.grad().toDoubleArray(), out = y.toDoubleArray();
        for (int i = 0; i < g.length; i++) assertEquals(out[i] == 0 ? 0 : 1 / 0.6, g[i], 1e-12);
    }

    @Test
    void dropout2dZeroesWholeChannels() {
        Dropout2d d = new Dropout2d(0.5, new Generator(4));
        Tensor y = d.call(Tensor.ones(8, 16, 3, 3));
        int dropped = 0;
        for (int n = 0; n < 8; n++) {
            for (int c = 0; c < 16; c++) {
                Tensor plane = y.select(0, n).select(0, c);
                double first = plane.get(0, 0);
                assertTrue(first == 0 || first == 2.0);
                assertArrayEquals(Tensor.full(first, 3, 3).toDoubleArray(), plane.toDoubleArray(), 0);
                if (first == 0) dropped++;
            }
        }
        assertTrue(dropped > 30 && dropped < 98, "dropped " + dropped + " of 128 planes");
        // unbatched [C, H, W] input: whole channels too
        Tensor u = new Dropout2d(0.5, new Generator(5)).call(Tensor.ones(6, 2, 2));
        for (int c = 0; c < 6; c++) assertEquals(u.get(c, 0, 0) * 4, u.select(0, c).sum().item(), 1e-6);
        var e = assertThrows(IllegalArgumentException.class, () -> d.call(Tensor.ones(4, 4)));
        assertEquals("dropout2d: expected input of rank 3 [C, H, W] or 4 [N, C, H, W], got shape [4, 4]", e.getMessage());
    }

    @Test
    void alphaDropoutKeepsZeroMeanUnitVariance() {
        Tensor x = Tensor.randn(new Generator(6), Dtype.FLOAT64, 400_000);
        Tensor y = new AlphaDropout(0.2, new Generator(7)).call(x);
        assertEquals(0.0, y.mean().item(), 0.01);
        assertEquals(1.0, y.var(false).item(), 0.015);
        // dropped elements all land on one value: a * alpha' + b
        double alphaPrime = -1.7580993408473766;
        double a = 1 / Math.sqrt(0.8 * (1 + 0.2 * alphaPrime * alphaPrime)), b = -a * alphaPrime * 0.2;
        double droppedValue = a * alphaPrime + b;
        double[] v = y.toDoubleArray();
        int dropped = 0;
        for (double e : v) if (Math.abs(e - droppedValue) < 1e-12) dropped++;
        assertEquals(0.2, dropped / 400_000.0, 0.005);
        AlphaDropout eval = new AlphaDropout(0.2);
        eval.eval();
        assertSame(x, eval.call(x));
    }
}
