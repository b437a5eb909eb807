package dev.dendrite.optim;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GradClipTest {

    static List<Tensor> params(double[] g0, double[] g1) {
        Tensor a = Tensor.zeros(Dtype.FLOAT64, 2, 2).requiresGrad(), b = Tensor.zeros(Dtype.FLOAT64, g1.length).requiresGrad();
        Tensor none = Tensor.zeros(3).requiresGrad();   // no gradient: skipped
        a.setGrad(Tensor.of(g0.clone(), 2, 2));
        b.setGrad(Tensor.of(g1.clone(), g1.length));
        return List.of(a, b, none);
    }

    @Test
    void totalNormsOfEveryOrder() {
        double[] g0 = {3, -4, 0, 1}, g1 = {-2, 0.5};
        var ps = params(g0, g1);
        double sq = 9 + 16 + 0 + 1 + 4 + 0.25;
        assertEquals(Math.sqrt(sq), GradClip.totalGradNorm(ps), 1e-15);
        assertEquals(3 + 4 + 0 + 1 + 2 + 0.5, GradClip.totalGradNorm(ps, 1), 1e-15);
        assertEquals(4, GradClip.totalGradNorm(ps, Double.POSITIVE_INFINITY));
        assertEquals(0, GradClip.totalGradNorm(ps, Double.NEGATIVE_INFINITY));
        assertEquals(5, GradClip.totalGradNorm(ps, 0));   // non-zero count
        double p3 = Math.cbrt(27 + 64 + 0 + 1 + 8 + 0.125);
        assertEquals(p3, GradClip.totalGradNorm(ps, 3), 1e-13);
        assertEquals(0, GradClip.totalGradNorm(List.of(Tensor.zeros(2).requiresGrad())));
    }

    @Test
    void clipsByTheExactFactorAndReturnsTheNormBefore() {
        double[] g0 = {3, -4, 0, 1}, g1 = {-2, 0.5};
        var ps = params(g0, g1);
        double total = Math.sqrt(9 + 16 + 1 + 4 + 0.25);
        assertEquals(total, GradClip.clipGradNorm(ps, 2.0), 1e-15);
        double coef = 2.0 / (total + 1e-6);
        double[] got0 = ps.get(0).grad().toDoubleArray(), got1 = ps.get(1).grad().toDoubleArray();
        for (int i = 0; i < 4; i++) assertEquals(g0[i] * coef, got0[i], 1e-15);
        for (int i = 0; i < 2; i++) assertEquals(g1[i] * coef, got1[i], 1e-15);
        assertEquals(2.0, GradClip.totalGradNorm(ps), 1e-5);
        // below the limit nothing changes
        var small = params(g0, g1);
        GradClip.clipGradNorm(small, 100);
        assertArrayEquals(g0, small.get(0).grad().toDoubleArray(), 0);
    }

    @Test
    void clipsByTheInfinityNorm() {
        var ps = params(new double[] {3, -8, 0, 1}, new double[] {-2, 0.5});
        assertEquals(8, GradClip.clipGradNorm(ps, 4, Double.POSITIVE_INFINITY));
        double coef = 4 / (8 + 1e-6);
        assertArrayEquals(new double[] {3 * coef, -8 * coef, 0, coef}, ps.get(0).grad().toDoubleArray(), 1e-15);
        assertEquals(4, GradClip.totalGradNorm(ps, Double.POSITIVE_INFINITY), 1e-6);
    }

    @Test
    void nonFiniteNormsAreErrorsWhenAsked() {
        var ps = params(new double[] {3, Double.NaN, 0, 1}, new double[] {-2, 0.5});
        var e = assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(ps, 1, 2, true));
        assertTrue(e.getMessage().startsWith("clipGradNorm: the total norm of order 2.0 for gradients from the parameters is non-finite (NaN)"),
                e.getMessage());
        assertEquals(3, ps.get(0).grad().get(0, 0));   // untouched
        var inf = params(new double[] {3, Double.POSITIVE_INFINITY, 0, 1}, new double[] {-2, 0.5});
        assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(inf, 1, Double.POSITIVE_INFINITY, true));
        // without the check, torch's arithmetic: coefficient 0, so finite entries become 0 and infinite ones NaN
        assertEquals(Double.POSITIVE_INFINITY, GradClip.clipGradNorm(inf, 1, 2, false));
        assertEquals(0, inf.get(0).grad().get(0, 0));
        assertTrue(Double.isNaN(inf.get(0).grad().get(0, 1)));
    }

    @Test
    void clipsByValue() {
        var ps = params(new double[] {3, -4, 0.2, 1}, new double[] {-2, 0.5});
        GradClip.clipGradValue(ps, 1.5);
        assertArrayEquals(new double[] {1.5, -1.5, 0.2, 1}, ps.get(0).grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {-1.5, 0.5}, ps.get(1).grad().toDoubleArray(), 0);
        var e = assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(ps, -1));
        assertEquals("clipGradValue: clipValue must be >= 0, got -1.0", e.getMessage());
    }

    @Test
    void clipsFloat32AndStridedGradients() {
        Tensor p = Tensor.zeros(3, 2).requiresGrad();
        p.setGrad(Tensor.of(new float[] {6, 0, 0, 8, 0, 0}, 2, 3).t());   // a transposed (non-contiguous) gradient
        assertEquals(10, GradClip.clipGradNorm(List.of(p), 5), 1e-6);
        assertArrayEquals(new float[] {3, 0, 0, 4, 0, 0}, p.grad().t().contiguousCopy().toFloatArray(), 1e-5f);
    }
}
