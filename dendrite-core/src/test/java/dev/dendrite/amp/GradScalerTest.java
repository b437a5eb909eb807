package dev.dendrite.amp;

import dev.dendrite.optim.GradClip;
import dev.dendrite.optim.SGD;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class GradScalerTest {

    static Tensor param(float... v) { return Tensor.of(v).requiresGrad(); }

    @Test
    void scalesTheLossAndUnscalesGradientsBeforeTheStep() {
        Tensor w = param(1f, 2f);
        SGD opt = new SGD(List.of(w), 0.1);
        GradScaler scaler = new GradScaler(1024, 2, 0.5, 3, true);
        Tensor loss = w.mul(w).sum();                 // grad 2w = [2, 4]
        Tensor scaled = scaler.scale(loss);
        assertEquals(1024 * 5.0, scaled.item(), 0);
        scaled.backward();
        assertArrayEquals(new float[] {2048f, 4096f}, w.grad().toFloatArray());
        assertTrue(scaler.step(opt));
        // the step saw the true gradient: w - 0.1 * [2, 4]
        assertArrayEquals(new float[] {0.8f, 1.6f}, w.toFloatArray(), 1e-7f);
        assertArrayEquals(new float[] {2f, 4f}, w.grad().toFloatArray());
        scaler.update();
        assertEquals(1024, scaler.getScale());
        assertEquals(1, scaler.growthTracker());
    }

    @Test
    void unscaleBeforeClippingClipsTheTrueGradients() {
        Tensor w = param(3f, 4f);
        SGD opt = new SGD(List.of(w), 1.0);
        GradScaler scaler = new GradScaler(256, 2, 0.5, 100, true);
        scaler.scale(w.mul(w).sum().mul(0.5)).backward(); // true grad = w = [3, 4], norm 5
        scaler.unscale(opt);
        double norm = GradClip.clipGradNorm(List.of(w), 1.0);
        assertEquals(5.0, norm, 1e-6);
        assertTrue(scaler.step(opt));                      // no second unscale
        assertArrayEquals(new float[] {3f - 0.6f, 4f - 0.8f}, w.toFloatArray(), 1e-5f);
        var e = assertThrows(IllegalStateException.class, () -> scaler.unscale(opt));
        assertTrue(e.getMessage().contains("already called"), e.getMessage());
        scaler.update();
    }

    @Test
    void skipsStepsWithInfOrNanGradientsAndBacksOff() {
        Tensor w = param(1f, 1f);
        SGD opt = new SGD(List.of(w), 0.1);
        GradScaler scaler = new GradScaler(65536, 2, 0.5, 2000, true);
        w.setGrad(Tensor.of(new float[] {Float.POSITIVE_INFINITY, 1f}));
        assertFalse(scaler.step(opt));
        assertTrue(scaler.foundInf(opt));
        assertArrayEquals(new float[] {1f, 1f}, w.toFloatArray(), "no update on overflow");
        scaler.update();
        assertEquals(32768, scaler.getScale());
        assertEquals(0, scaler.growthTracker());
        w.setGrad(Tensor.of(new float[] {Float.NaN, 1f}));
        assertFalse(scaler.step(opt));
        scaler.update();
        assertEquals(16384, scaler.getScale());
    }

    @Test
    void growsAfterGrowthIntervalCleanSteps() {
        Tensor w = param(1f);
        SGD opt = new SGD(List.of(w), 0.0);
        GradScaler scaler = new GradScaler(8, 2, 0.5, 3, true);
        double[] expected = {8, 8, 16, 16, 16, 32};
        for (double exp : expected) {
            w.setGrad(Tensor.of(new float[] {1f}));
            assertTrue(scaler.step(opt));
            scaler.update();
            assertEquals(exp, scaler.getScale());
        }
        // an overflow in the middle resets the growth counter
        w.setGrad(Tensor.of(new float[] {1f}));
        scaler.step(opt);
        scaler.update();                      // tracker 1
        w.setGrad(Tensor.of(new float[] {Float.NaN}));
        scaler.step(opt);
        scaler.update();                      // backoff to 16, tracker 0
        assertEquals(16, scaler.getScale());
        assertEquals(0, scaler.growthTracker());
        Map<String, Double> st = scaler.stateDict();
        GradScaler other = new GradScaler(8, 2, 0.5, 3, true);
        other.loadStateDict(st);
        assertEquals(16, other.getScale());
    }

    @Test
    void disabledScalerIsATransparentPassThrough() {
        Tensor w = param(2f);
        SGD opt = new SGD(List.of(w), 0.5);
        GradScaler scaler = new GradScaler(1024, 2, 0.5, 10, false);
        Tensor loss = w.mul(w).sum();
        assertSame(loss, scaler.scale(loss));
        loss.backward();
        assertTrue(scaler.step(opt));
        scaler.update();
        assertArrayEquals(new float[] {0f}, w.toFloatArray());
        assertEquals(1.0, scaler.getScale());
    }

    @Test
    void updateWithoutStepIsAnError() {
        var e = assertThrows(IllegalStateException.class, () -> new GradScaler().update());
        assertEquals("GradScaler.update: no inf checks were recorded; call step() (or unscale()) first", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GradScaler(0, 2, 0.5, 1, true));
    }
}
