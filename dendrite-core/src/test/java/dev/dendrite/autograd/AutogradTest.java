package dev.dendrite.autograd;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AutogradTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(v).requiresGrad();
    }

    @Test
    void backwardThroughArithmeticGivesAnalyticGradients() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = leaf(4, 5, 6);
        // L = sum(x*y + x^2) -> dL/dx = y + 2x, dL/dy = x
        x.mul(y).add(x.mul(x)).sum().backward();
        assertArrayEquals(new double[] {6, 9, 12}, x.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3}, y.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = leaf(2);
        x.mul(3.0).sum().backward();
        x.mul(3.0).sum().backward();
        assertEquals(6, x.grad().item(), 1e-12);
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void tensorUsedTwiceSumsBothPaths() {
        Tensor x = leaf(3);
        Tensor y = x.mul(x).add(x);     // dy/dx = 2x + 1 = 7
        y.backward();
        assertEquals(7, x.grad().item(), 1e-12);
    }

    @Test
    void broadcastGradientIsSummedBackToTheInputShape() {
        Tensor a = Tensor.ones(Dtype.FLOAT64, 2, 3).requiresGrad();
        Tensor b = Tensor.of(1.0, 2.0, 3.0).requiresGrad();
        a.mul(b).sum().backward();
        assertArrayEquals(new double[] {2, 2, 2}, b.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, a.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void backwardOnNonScalarNeedsAGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0);
        var e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("only for scalar outputs") && e.getMessage().contains("[2]"), e.getMessage());
        y.backward(Tensor.of(1.0, 10.0));
        assertArrayEquals(new double[] {2, 20}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void secondBackwardWithoutRetainGraphFailsClearly() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.exp().sum();
        loss.backward();
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time") && e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.exp().sum();
        loss.backward(null, true, false);
        loss.backward(null, false, false);
        assertArrayEquals(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor x = leaf(1, 2);
        Tensor y;
        try (var s = Autograd.noGrad()) {
            y = x.mul(2.0);
            assertFalse(Autograd.isGradEnabled());
        }
        assertTrue(Autograd.isGradEnabled());
        assertFalse(y.isRequiresGrad());
        assertNull(y.gradFn());
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(2);
        Tensor y = x.mul(x).detach().mul(x);   // only the last factor is differentiated: d/dx = x^2 = 4
        y.backward();
        assertEquals(4, x.grad().item(), 1e-12);
    }

    @Test
    void hooksSeeAndCanReplaceGradients() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3.0);
        double[] seen = new double[2];
        y.registerHook(g -> {
            System.arraycopy(g.toDoubleArray(), 0, seen, 0, 2);
            return g.mul(10.0);
        });
        y.sum().backward();
        assertArrayEquals(new double[] {1, 1}, seen, 0);
        assertArrayEquals(new double[] {30, 30}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void retainGradKeepsNonLeafGradients() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3.0).retainGrad();
        y.mul(y).sum().backward();
        assertArrayEquals(new double[] {6, 12}, y.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {18, 36}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void createGraphGivesGradientsOfGradients() {
        Tensor x = leaf(2);
        Tensor y = x.pow(3.0);                       // y = x^3
        Tensor[] g = Autograd.grad(y, new Tensor[] {x}, null, true, true, false);
        assertEquals(12, g[0].item(), 1e-12);        // 3x^2
        Tensor[] gg = Autograd.grad(g[0], new Tensor[] {x}, null, false, false, false);
        assertEquals(12, gg[0].item(), 1e-12);       // 6x
    }

    @Test
    void gradientPenaltyTrainsThroughTheGradientNorm() {
        // || d/dx (w * x^2) ||^2 = (2 w x)^2 ; d/dw = 8 w x^2
        Tensor w = leaf(0.5);
        Tensor x = leaf(3);
        Tensor y = w.mul(x.square());
        Tensor gx = Autograd.grad(y, new Tensor[] {x}, null, true, true, false)[0];
        gx.square().sum().backward();
        assertEquals(8 * 0.5 * 9, w.grad().item(), 1e-9);
    }

    @Test
    void anomalyModeNamesTheOpThatProducedNaN() {
        Tensor x = leaf(0.0, 1.0);
        try (var a = Autograd.detectAnomaly()) {
            Tensor loss = x.sqrt().mul(0.0).sum();   // d sqrt at 0 is inf; times 0 gives NaN in sqrt's backward
            var e = assertThrows(ArithmeticException.class, loss::backward);
            assertTrue(e.getMessage().contains("'sqrt'") && e.getMessage().contains("NaN"), e.getMessage());
            assertNotNull(e.getCause(), "the forward trace is attached");
        }
    }

    @Test
    void savedTensorsAreReleasedAfterBackward() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.exp().sum();
        Node sumNode = loss.gradFn();
        Node expNode = sumNode.nextFunctions().get(0);
        loss.backward();
        assertThrows(IllegalStateException.class, () -> expNode.runBackward(Tensor.ones(Dtype.FLOAT64, 2), false));
    }

    @Test
    void requiresGradOnlyForFloatingTensors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(3).requiresGrad());
        assertTrue(e.getMessage().contains("int64"), e.getMessage());
    }

    @Test
    void gradcheckPassesForACompositeAndCatchesAWrongDerivative() {
        Tensor a = Tensor.of(0.3, -1.2, 2.0).requiresGrad();
        Tensor b = Tensor.of(1.5, 0.7, -0.4).requiresGrad();
        GradCheck.check(in -> in[0].mul(in[1]).tanh().add(in[0].exp().div(in[1].square().add(1.0))), a, b);
        // a deliberately wrong derivative: forward is x^2 but backward claims 3x
        var wrong = assertThrows(GradCheck.GradcheckError.class, () -> GradCheck.check(in -> {
            Tensor x = in[0];
            Tensor out = x.detach().square();
            return Autograd.record("badSquare", out, x, g -> new Tensor[] {g.mul(x.mul(3.0))});
        }, a));
        assertTrue(wrong.getMessage().contains("input 0"), wrong.getMessage());
    }

    @Test
    void secondOrderGradcheck() {
        Tensor x = Tensor.of(0.3, -0.8, 1.1).requiresGrad();
        GradCheck.checkSecondOrder(in -> in[0].tanh().mul(in[0].sin()).sum(), x);
    }
}
