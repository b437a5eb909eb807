package dev.dendrite.nn.loss;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.functional.F;
import dev.dendrite.functional.Losses;
import dev.dendrite.functional.Reduction;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every loss against an independent reference: plain loops over the formula in double precision
 * (written here, not calling the library), hand-computed values, and f64 gradcheck; reductions,
 * weights, ignore_index and error messages.
 */
class LossesTest {

    static Tensor f64(double... v) { return Tensor.of(v); }

    static Tensor f64(double[] v, int... shape) { return Tensor.of(v, shape); }

    static Tensor leaf(double[] v, int... shape) { return Tensor.of(v, shape).requiresGrad(); }

    static double[] randn(long seed, int n, double scale) {
        Generator g = new Generator(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * g.nextGaussian();
        return v;
    }

    static double[] uniform(long seed, int n, double lo, double hi) {
        Generator g = new Generator(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * g.nextDouble();
        return v;
    }

    static void assertAll(double[] expected, Tensor actual, double tol) {
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, "length");
        for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i);
    }

    static void assertAbs(double[] expected, Tensor actual, double tol) {
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, "length");
        for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], tol, "element " + i);
    }

    static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    /** Checks none / sum / mean against the elementwise reference. */
    static void checkReductions(double[] elementwise, Function<Reduction, Tensor> loss) {
        assertAll(elementwise, loss.apply(Reduction.NONE), 1e-12);
        assertEquals(sum(elementwise), loss.apply(Reduction.SUM).item(), 1e-10);
        assertEquals(sum(elementwise) / elementwise.length, loss.apply(Reduction.MEAN).item(), 1e-10);
        assertEquals(0, loss.apply(Reduction.MEAN).dim());
    }

    /** The gradient of loss(x) w.r.t. x is finite everywhere. */
    static void assertFiniteGrad(Tensor x, Tensor loss) {
        assertTrue(Double.isFinite(loss.item()), "loss " + loss.item());
        loss.backward();
        for (double g : x.grad().toDoubleArray()) assertTrue(Double.isFinite(g), "gradient " + g);
    }

    // ================================================================ regression

    @Test
    void mseAndL1MatchLoopsWithEveryReductionAndPassGradcheck() {
        double[] a = randn(1, 12, 1), b = randn(2, 12, 1);
        double[] sq = new double[12], ab = new double[12];
        for (int i = 0; i < 12; i++) {
            sq[i] = (a[i] - b[i]) * (a[i] - b[i]);
            ab[i] = Math.abs(a[i] - b[i]);
        }
        checkReductions(sq, r -> Losses.mseLoss(f64(a, 3, 4), f64(b, 3, 4), r));
        checkReductions(ab, r -> Losses.l1Loss(f64(a, 3, 4), f64(b, 3, 4), r));
        assertEquals(sum(sq) / 12, new MSELoss().forward(f64(a, 3, 4), f64(b, 3, 4)).item(), 1e-12);
        assertEquals(sum(ab), new L1Loss().reduction(Reduction.SUM).forward(f64(a, 3, 4), f64(b, 3, 4)).item(), 1e-12);
        GradCheck.check(in -> Losses.mseLoss(in[0], in[1], Reduction.NONE), leaf(a, 3, 4), leaf(b, 3, 4));
        GradCheck.check(in -> Losses.l1Loss(in[0], in[1]), leaf(a, 3, 4), leaf(b, 3, 4));
        var e = assertThrows(IllegalArgumentException.class, () -> F.mseLoss(Tensor.ones(3), Tensor.ones(4)));
        assertEquals("mseLoss: input [3] and target [4] must have the same shape", e.getMessage());
    }

    /**
     * Mean and sum reductions of contiguous same-dtype inputs take a fused one-pass kernel; it
     * must agree with the composed form in value and in both gradients, in float32 over more than
     * one partial-sum block, and keep double backward (which runs the composed derivative).
     */
    @Test
    void fusedMseMatchesComposedFormAndSupportsDoubleBackward() {
        Generator gen = new Generator(5);
        Tensor x = Tensor.randn(gen, Dtype.FLOAT32, 37, 1001);
        Tensor t = Tensor.randn(gen, Dtype.FLOAT32, 37, 1001);
        double[] xs = x.toDoubleArray(), ts = t.toDoubleArray();
        double want = 0;
        for (int i = 0; i < xs.length; i++) want += (xs[i] - ts[i]) * (xs[i] - ts[i]);
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM}) {
            Tensor xl = x.detach().requiresGrad(), tl = t.detach().requiresGrad();
            Tensor loss = Losses.mseLoss(xl, tl, r);
            double scale = r == Reduction.SUM ? 1 : 1.0 / xs.length;
            assertEquals(want * scale, loss.item(), 1e-5 * want * scale, r + " value");
            loss.mul(3.0).backward();
            double[] gx = xl.grad().toDoubleArray(), gt = tl.grad().toDoubleArray();
            for (int i = 0; i < xs.length; i += 97) {
                double g = 3 * 2 * scale * (xs[i] - ts[i]);
                assertEquals(g, gx[i], 1e-6 * (1 + Math.abs(g)), r + " input gradient at " + i);
                assertEquals(-g, gt[i], 1e-6 * (1 + Math.abs(g)), r + " target gradient at " + i);
            }
        }
        // a non-contiguous input takes the composed path and gives the same value
        assertEquals(Losses.mseLoss(x.t().contiguous(), t.t().contiguous()).item(), Losses.mseLoss(x.t(), t.t()).item(), 1e-6);
        // an empty input is NaN under mean, as in torch
        assertTrue(Double.isNaN(Losses.mseLoss(Tensor.zeros(0), Tensor.zeros(0)).item()));
        GradCheck.checkSecondOrder(in -> Losses.mseLoss(in[0], in[1]), leaf(randn(3, 6, 1), 2, 3), leaf(randn(4, 6, 1), 2, 3));
        GradCheck.check(in -> Losses.mseLoss(in[0], in[1], Reduction.SUM), leaf(randn(5, 6, 1), 2, 3), leaf(randn(6, 6, 1), 2, 3));
    }

    @Test
    void smoothL1AndHuberMatchHandValues() {
        Tensor x = f64(-3, -0.5, 0.2, 2, 0.9), y = f64(0, 0, 0, 0, 0);
        // beta 1: |d| < 1 -> 0.5 d^2, else |d| - 0.5
        assertAll(new double[] {2.5, 0.125, 0.02, 1.5, 0.405}, Losses.smoothL1Loss(x, y, Reduction.NONE, 1), 1e-12);
        // beta 2: |d| < 2 -> d^2 / 4, else |d| - 1
        assertAll(new double[] {2, 0.0625, 0.01, 1, 0.2025}, Losses.smoothL1Loss(x, y, Reduction.NONE, 2), 1e-12);
        // beta 0 is the L1 loss
        assertAll(new double[] {3, 0.5, 0.2, 2, 0.9}, Losses.smoothL1Loss(x, y, Reduction.NONE, 0), 1e-12);
        // huber delta 2: |d| < 2 -> 0.5 d^2, else 2 (|d| - 1)
        assertAll(new double[] {4, 0.125, 0.02, 2, 0.405}, Losses.huberLoss(x, y, Reduction.NONE, 2), 1e-12);
        assertEquals((2.5 + 0.125 + 0.02 + 1.5 + 0.405) / 5, new SmoothL1Loss().forward(x, y).item(), 1e-12);
        assertEquals(4 + 0.125 + 0.02 + 2 + 0.405, new HuberLoss().delta(2).reduction(Reduction.SUM).forward(x, y).item(), 1e-12);
        double[] a = {-3, -0.5, 0.2, 2.5, 0.9, 1.7}, b = {0.1, 0.3, -0.4, 0.2, 0, 0};
        GradCheck.check(in -> Losses.smoothL1Loss(in[0], in[1], Reduction.NONE, 1.3), leaf(a, 6), leaf(b, 6));
        GradCheck.check(in -> Losses.huberLoss(in[0], in[1], Reduction.SUM, 0.8), leaf(a, 6), leaf(b, 6));
        assertEquals("SmoothL1Loss(beta=0.5)", new SmoothL1Loss().beta(0.5).toString());
    }

    // ================================================================ binary

    @Test
    void bceMatchesLoopWithWeightClampsLogsAndPassesGradcheck() {
        double[] p = uniform(3, 6, 0.05, 0.95), y = uniform(4, 6, 0, 1), w = uniform(5, 6, 0.5, 2);
        double[] ref = new double[6];
        for (int i = 0; i < 6; i++) ref[i] = -w[i] * (y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i]));
        checkReductions(ref, r -> Losses.binaryCrossEntropy(f64(p, 2, 3), f64(y, 2, 3), f64(w, 2, 3), r));
        GradCheck.check(in -> Losses.binaryCrossEntropy(in[0], in[1], f64(w, 2, 3), Reduction.NONE), leaf(p, 2, 3), leaf(y, 2, 3));
        assertEquals(sum(ref), new BCELoss().weight(f64(w, 2, 3)).reduction(Reduction.SUM).forward(f64(p, 2, 3), f64(y, 2, 3)).item(), 1e-12);
        GradCheck.checkSecondOrder(in -> Losses.binaryCrossEntropy(in[0], f64(y, 2, 3), null, Reduction.SUM), leaf(p, 2, 3));
        // probabilities of exactly 0 and 1: each log is clamped at -100, as PyTorch
        Tensor x = Tensor.of(new double[] {0, 1, 0, 1}).requiresGrad();
        Tensor loss = Losses.binaryCrossEntropy(x, f64(1, 0, 0, 1), null, Reduction.NONE);
        assertAll(new double[] {100, 100, 0, 0}, loss, 1e-12);
        assertFiniteGrad(x, loss.sum());
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.binaryCrossEntropy(f64(1.5), f64(1)));
        assertTrue(e.getMessage().startsWith("binaryCrossEntropy: all input values must lie in [0, 1]"), e.getMessage());
    }

    @Test
    void bceWithLogitsIsStableMatchesLoopAndHonoursPosWeight() {
        double[] x = randn(6, 8, 3), y = uniform(7, 8, 0, 1), pw = {0.5, 2, 3, 1};
        double[] ref = new double[8], refPw = new double[8];
        for (int i = 0; i < 8; i++) {
            double s = 1 / (1 + Math.exp(-x[i]));
            ref[i] = -(y[i] * Math.log(s) + (1 - y[i]) * Math.log(1 - s));
            refPw[i] = -(pw[i % 4] * y[i] * Math.log(s) + (1 - y[i]) * Math.log(1 - s));
        }
        checkReductions(ref, r -> Losses.binaryCrossEntropyWithLogits(f64(x, 2, 4), f64(y, 2, 4), null, r, null));
        checkReductions(refPw, r -> Losses.binaryCrossEntropyWithLogits(f64(x, 2, 4), f64(y, 2, 4), null, r, f64(pw)));
        assertEquals(sum(refPw) / 8, new BCEWithLogitsLoss().posWeight(f64(pw)).forward(f64(x, 2, 4), f64(y, 2, 4)).item(), 1e-12);
        GradCheck.check(in -> Losses.binaryCrossEntropyWithLogits(in[0], in[1], null, Reduction.NONE, in[2]),
                leaf(x, 2, 4), leaf(y, 2, 4), leaf(pw, 4));
        GradCheck.checkSecondOrder(in -> Losses.binaryCrossEntropyWithLogits(in[0], f64(y, 2, 4)), leaf(x, 2, 4));
        // extreme logits: the exact values, in float32 too, and finite gradients sigmoid(x) - y
        for (Dtype dt : new Dtype[] {Dtype.FLOAT32, Dtype.FLOAT64}) {
            Tensor z = f64(1e4, 1e4, -1e4, -1e4, 100, -100).to(dt).requiresGrad();
            Tensor t = f64(0, 1, 1, 0, 0, 1).to(dt);
            Tensor loss = Losses.binaryCrossEntropyWithLogits(z, t, null, Reduction.NONE, null);
            assertAll(new double[] {1e4, 0, 1e4, 0, 100, 100}, loss, 1e-6);
            loss.sum().backward();
            assertAll(new double[] {1, 0, -1, 0, 1, -1}, z.grad(), 1e-6);
        }
    }

    @Test
    void sigmoidFocalLossMatchesTorchvisionFormula() {
        double[] x = randn(8, 6, 2), y = {1, 0, 1, 0, 0, 1};
        double alpha = 0.3, gamma = 1.5;
        double[] ref = new double[6];
        for (int i = 0; i < 6; i++) {
            double p = 1 / (1 + Math.exp(-x[i]));
            double ce = -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
            double pt = p * y[i] + (1 - p) * (1 - y[i]);
            double at = alpha * y[i] + (1 - alpha) * (1 - y[i]);
            ref[i] = at * Math.pow(1 - pt, gamma) * ce;
        }
        checkReductions(ref, r -> Losses.sigmoidFocalLoss(f64(x, 2, 3), f64(y, 2, 3), alpha, gamma, r));
        assertEquals(sum(ref) / 6, new FocalLoss().alpha(alpha).gamma(gamma).forward(f64(x, 2, 3), f64(y, 2, 3)).item(), 1e-12);
        // gamma 0 and alpha < 0: plain BCE with logits
        assertAll(Losses.binaryCrossEntropyWithLogits(f64(x), f64(y), null, Reduction.NONE, null).toDoubleArray(),
                Losses.sigmoidFocalLoss(f64(x), f64(y), -1, 0, Reduction.NONE), 1e-12);
        // torchvision's defaults keep the per-element losses
        assertEquals(6, Losses.sigmoidFocalLoss(f64(x), f64(y)).numel());
        GradCheck.check(in -> Losses.sigmoidFocalLoss(in[0], f64(y, 2, 3), 0.25, 2, Reduction.NONE), leaf(x, 2, 3));
        Tensor z = f64(1e4, -1e4, 100, -100).requiresGrad();
        Tensor loss = Losses.sigmoidFocalLoss(z, f64(0, 1, 1, 0), 0.25, 2, Reduction.SUM);
        assertEquals(0.75 * 1e4 + 0.25 * 1e4, loss.item(), 1e-6);   // confidently wrong: (1 - p_t)^2 = 1
        assertFiniteGrad(z, loss);
    }

    // ================================================================ multi-class

    /** log_softmax along dim 1 of an [N, C, D] array, by hand. */
    static double[] logSoftmax(double[] x, int n, int c, int d) {
        double[] out = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) m = Math.max(m, x[(i * c + j) * d + k]);
                double s = 0;
                for (int j = 0; j < c; j++) s += Math.exp(x[(i * c + j) * d + k] - m);
                for (int j = 0; j < c; j++) out[(i * c + j) * d + k] = x[(i * c + j) * d + k] - m - Math.log(s);
            }
        }
        return out;
    }

    @Test
    void crossEntropyWithIndicesWeightsIgnoreIndexAndSmoothingMatchesLoops() {
        int n = 3, c = 4, d = 2;
        double[] x = randn(9, n * c * d, 2);
        long[] y = {0, 3, -100, 2, 1, 1};           // [N, d1] with one ignored position
        double[] w = {0.5, 1, 2, 1.5};
        double eps = 0.2;
        double[] lp = logSoftmax(x, n, c, d);
        double[] nll = new double[n * d], smooth = new double[n * d];
        double wsum = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                long t = y[i * d + k];
                if (t == -100) continue;
                nll[i * d + k] = -w[(int) t] * lp[(i * c + (int) t) * d + k];
                for (int j = 0; j < c; j++) smooth[i * d + k] -= w[j] * lp[(i * c + j) * d + k];
                wsum += w[(int) t];
            }
        }
        Tensor input = f64(x, n, c, d), target = Tensor.of(y, n, d);
        assertAll(nll, Losses.crossEntropy(input, target, f64(w), -100, Reduction.NONE, 0), 1e-12);
        assertEquals(sum(nll) / wsum, Losses.crossEntropy(input, target, f64(w), -100, Reduction.MEAN, 0).item(), 1e-12);
        assertEquals(sum(nll), Losses.crossEntropy(input, target, f64(w), -100, Reduction.SUM, 0).item(), 1e-12);
        double[] ls = new double[n * d];
        for (int i = 0; i < ls.length; i++) ls[i] = (1 - eps) * nll[i] + eps / c * smooth[i];
        assertAll(ls, Losses.crossEntropy(input, target, f64(w), -100, Reduction.NONE, eps), 1e-12);
        assertEquals(sum(ls) / wsum, new CrossEntropyLoss().weight(f64(w)).labelSmoothing(eps).forward(input, target).item(), 1e-12);
        // the functional form equals nll of log_softmax
        assertEquals(Losses.nllLoss(f64(lp, n, c, d), target, f64(w), -100, Reduction.MEAN).item(),
                Losses.crossEntropy(input, target, f64(w), -100, Reduction.MEAN, 0).item(), 1e-12);
        GradCheck.check(in -> Losses.crossEntropy(in[0], target, f64(w), -100, Reduction.MEAN, eps), leaf(x, n, c, d));
        GradCheck.check(in -> Losses.crossEntropy(in[0], target, null, -100, Reduction.NONE, 0), leaf(x, n, c, d));
        GradCheck.checkSecondOrder(in -> Losses.crossEntropy(in[0], target), leaf(x, n, c, d));
        // an ignore_index inside the class range
        Tensor t2 = Tensor.of(new long[] {1, 2, 1}, 3);
        Tensor x2 = f64(randn(10, 12, 1), 3, 4);
        double[] lp2 = logSoftmax(x2.toDoubleArray(), 3, 4, 1);
        assertEquals(-lp2[1 * 4 + 2], Losses.crossEntropy(x2, t2, null, 1, Reduction.MEAN, 0).item(), 1e-12);
        assertEquals("CrossEntropyLoss(ignore_index=1, label_smoothing=0.1, reduction=sum)",
                new CrossEntropyLoss().ignoreIndex(1).labelSmoothing(0.1).reduction(Reduction.SUM).toString());
    }

    @Test
    void crossEntropyWithProbabilitiesAndUnbatchedInput() {
        int n = 2, c = 3;
        double[] x = randn(11, n * c, 1.5), p = uniform(12, n * c, 0, 1);
        for (int i = 0; i < n; i++) {   // rows of p sum to 1
            double s = p[i * c] + p[i * c + 1] + p[i * c + 2];
            for (int j = 0; j < c; j++) p[i * c + j] /= s;
        }
        double[] w = {1, 2, 0.5};
        double eps = 0.3;
        double[] lp = logSoftmax(x, n, c, 1);
        double[] ref = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) ref[i] -= w[j] * ((1 - eps) * p[i * c + j] + eps / c) * lp[i * c + j];
        }
        Tensor input = f64(x, n, c), target = f64(p, n, c);
        assertAll(ref, Losses.crossEntropy(input, target, f64(w), -100, Reduction.NONE, eps), 1e-12);
        // mean divides by the number of positions, not by weights
        assertEquals(sum(ref) / n, Losses.crossEntropy(input, target, f64(w), -100, Reduction.MEAN, eps).item(), 1e-12);
        GradCheck.check(in -> Losses.crossEntropy(in[0], in[1], f64(w), -100, Reduction.SUM, eps), leaf(x, n, c), leaf(p, n, c));
        // float32 logits with float64 class weights stay float32
        assertEquals(Dtype.FLOAT32, Losses.crossEntropy(input.toFloat(), target.toFloat(), f64(w), -100, Reduction.MEAN, eps).dtype());
        assertEquals(sum(ref) / n, Losses.crossEntropy(input.toFloat(), target.toFloat(), f64(w), -100, Reduction.MEAN, eps).item(), 1e-5);
        // unbatched: [C] logits with a [] target
        Tensor single = Losses.crossEntropy(f64(1, 2, 3), Tensor.scalar(2, Dtype.INT64));
        assertEquals(-(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3))), single.item(), 1e-12);
        assertEquals(0, Losses.crossEntropy(f64(1, 2, 3), Tensor.scalar(2, Dtype.INT64), null, -100, Reduction.NONE, 0).dim());
    }

    @Test
    void crossEntropyIsExactAndFiniteAtExtremeLogits() {
        for (Dtype dt : new Dtype[] {Dtype.FLOAT32, Dtype.FLOAT64}) {
            Tensor x = f64(new double[] {1e4, -1e4, 0, 100, -100, 0, -1e4, 1e4, 1e4}, 3, 3).to(dt).requiresGrad();
            Tensor t = Tensor.of(new long[] {1, 0, 2}, 3);
            Tensor loss = Losses.crossEntropy(x, t, null, -100, Reduction.NONE, 0);
            // row 0: picks -1e4 against max 1e4; row 1: log(1 + e^-100 + e^-200) ~ 0 after 100 - 100; row 2: log 2
            // (float32 holds 1e4 + log 2 only to its ulp there, 1e-3)
            double tol = dt == Dtype.FLOAT32 ? 1e-3 : 1e-12;
            assertAbs(new double[] {2e4, 0, Math.log(2)}, loss, tol);
            loss.sum().backward();
            double[] g = x.grad().toDoubleArray();   // softmax - onehot
            assertAbs(new double[] {1, -1, 0, 0, 0, 0, 0, 0.5, -0.5}, x.grad(), 1e-6);
            for (double v : g) assertTrue(Double.isFinite(v));
        }
        Tensor x = f64(new double[] {1e4, -1e4, 100, -100}, 2, 2).requiresGrad();
        Tensor loss = Losses.crossEntropy(x, f64(new double[] {0.5, 0.5, 0, 1}, 2, 2), null, -100, Reduction.SUM, 0.1);
        assertTrue(Double.isFinite(loss.item()));
        assertFiniteGrad(x, loss);
    }

    @Test
    void nllLossDividesByTheWeightsOfNonIgnoredTargets() {
        double[] lp = logSoftmax(randn(13, 12, 1), 4, 3, 1);
        Tensor input = f64(lp, 4, 3);
        Tensor target = Tensor.of(new long[] {2, 0, -1, 2}, 4);
        double[] w = {3, 1, 0.5};
        double num = -(0.5 * lp[2] + 3 * lp[3] + 0.5 * lp[11]);
        assertEquals(num / (0.5 + 3 + 0.5), Losses.nllLoss(input, target, f64(w), -1, Reduction.MEAN).item(), 1e-12);
        assertEquals(num, new NLLLoss().weight(f64(w)).ignoreIndex(-1).reduction(Reduction.SUM).forward(input, target).item(), 1e-12);
        assertAll(new double[] {-0.5 * lp[2], -3 * lp[3], 0, -0.5 * lp[11]},
                Losses.nllLoss(input, target, f64(w), -1, Reduction.NONE), 1e-12);
        // everything ignored: 0 / 0, as PyTorch
        assertTrue(Double.isNaN(Losses.nllLoss(input, Tensor.of(new long[] {-1, -1, -1, -1}, 4), null, -1, Reduction.MEAN).item()));
        GradCheck.check(in -> Losses.nllLoss(in[0], target, f64(w), -1, Reduction.MEAN), leaf(lp, 4, 3));
    }

    @Test
    void classLossesRejectBadShapesAndTargets() {
        var e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(Tensor.zeros(8, 10), Tensor.zeros(Dtype.INT64, 7)));
        assertEquals("crossEntropy: input [8, 10] and target [7] have different batch sizes", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> F.crossEntropy(Tensor.zeros(2, 3, 4), Tensor.zeros(Dtype.INT64, 2, 5)));
        assertEquals("crossEntropy: input [2, 3, 4] and target [2, 5] differ in spatial dims "
                + "(the target must be the input's shape without dim 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.nllLoss(Tensor.zeros(2, 3), Tensor.of(new long[] {0, 3}, 2)));
        assertEquals("nllLoss: target 3 is out of bounds for 3 classes (expected 0..2 or ignore_index -100)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(Tensor.zeros(2, 3), Tensor.zeros(Dtype.INT64, 2, 3)));
        assertEquals("crossEntropy: input [2, 3] and target [2, 3]: expected a target of rank 1 "
                + "(the input's shape without the class dim 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertEquals("crossEntropy: class-probability target [2, 4] must have the input's shape [2, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> F.crossEntropy(Tensor.zeros(2, 3), Tensor.zeros(Dtype.INT64, 2), Tensor.ones(4), -100, Reduction.MEAN, 0));
        assertEquals("crossEntropy: weight must be 1-D with one value per class [3], got shape [4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss().reduction(Reduction.BATCHMEAN));
        assertEquals("CrossEntropyLoss: reduction 'batchmean' is only defined for KLDivLoss; use none, mean or sum", e.getMessage());
    }

    @Test
    void klDivMatchesLoopWithEveryReductionAndLogTarget() {
        double[] lp = logSoftmax(randn(14, 6, 1), 2, 3, 1);
        double[] q = {0.2, 0.8, 0, 0.5, 0.25, 0.25};   // a zero probability contributes 0, not NaN
        double[] ref = new double[6], refLog = new double[6];
        for (int i = 0; i < 6; i++) {
            ref[i] = q[i] == 0 ? 0 : q[i] * (Math.log(q[i]) - lp[i]);
            double lt = Math.log(q[i] + 0.1);
            refLog[i] = Math.exp(lt) * (lt - lp[i]);
        }
        checkReductions(ref, r -> Losses.klDiv(f64(lp, 2, 3), f64(q, 2, 3), r, false));
        assertEquals(sum(ref) / 2, new KLDivLoss().reduction(Reduction.BATCHMEAN).forward(f64(lp, 2, 3), f64(q, 2, 3)).item(), 1e-12);
        double[] logq = new double[6];
        for (int i = 0; i < 6; i++) logq[i] = Math.log(q[i] + 0.1);
        checkReductions(refLog, r -> Losses.klDiv(f64(lp, 2, 3), f64(logq, 2, 3), r, true));
        GradCheck.check(in -> Losses.klDiv(in[0], in[1], Reduction.BATCHMEAN, true), leaf(lp, 2, 3), leaf(logq, 2, 3));
        Tensor qt = leaf(q, 2, 3);
        GradCheck.check(in -> Losses.klDiv(in[0], f64(q, 2, 3), Reduction.SUM, false), leaf(lp, 2, 3));
        Tensor loss = Losses.klDiv(f64(lp, 2, 3), qt, Reduction.SUM, false);
        assertFiniteGrad(qt, loss);
        Tensor x = f64(-1e4, -100, 0, -1e4).requiresGrad();
        assertFiniteGrad(x, Losses.klDiv(x, f64(0, 0.5, 0.5, 0), Reduction.SUM, false));
    }

    // ================================================================ margins and embeddings

    @Test
    void hingeAndMarginRankingMatchLoops() {
        double[] x = {-0.5, 0.3, 1.7, 2.5, 0.1, 0.9}, y = {1, -1, -1, 1, -1, 1};
        double margin = 2;
        double[] ref = new double[6];
        for (int i = 0; i < 6; i++) ref[i] = y[i] == 1 ? x[i] : Math.max(0, margin - x[i]);
        checkReductions(ref, r -> Losses.hingeEmbeddingLoss(f64(x), f64(y), margin, r));
        assertEquals(sum(ref) / 6, new HingeEmbeddingLoss().margin(2).forward(f64(x), f64(y)).item(), 1e-12);
        GradCheck.check(in -> Losses.hingeEmbeddingLoss(in[0], f64(y), margin, Reduction.NONE), leaf(x, 6));
        double[] x2 = {0.4, -0.2, 1.1, 2, 0.5, -1};
        double[] rank = new double[6];
        for (int i = 0; i < 6; i++) rank[i] = Math.max(0, -y[i] * (x[i] - x2[i]) + 0.3);
        checkReductions(rank, r -> Losses.marginRankingLoss(f64(x), f64(x2), f64(y), 0.3, r));
        assertEquals(sum(rank) / 6, new MarginRankingLoss().margin(0.3).forward(f64(x), f64(x2), f64(y)).item(), 1e-12);
        GradCheck.check(in -> Losses.marginRankingLoss(in[0], in[1], f64(y), 0.3, Reduction.NONE), leaf(x, 6), leaf(x2, 6));
    }

    @Test
    void cosineEmbeddingMatchesLoopAndHandlesZeroVectors() {
        double[] a = randn(15, 8, 1), b = randn(16, 8, 1), y = {1, -1, -1, 1};
        double margin = -0.2;
        double[] ref = new double[4];
        for (int i = 0; i < 4; i++) {
            double dot = 0, na = 0, nb = 0;
            for (int k = 0; k < 2; k++) {
                dot += a[i * 2 + k] * b[i * 2 + k];
                na += a[i * 2 + k] * a[i * 2 + k];
                nb += b[i * 2 + k] * b[i * 2 + k];
            }
            double cos = dot / Math.sqrt((na + 1e-12) * (nb + 1e-12));
            ref[i] = y[i] == 1 ? 1 - cos : Math.max(0, cos - margin);
        }
        checkReductions(ref, r -> Losses.cosineEmbeddingLoss(f64(a, 4, 2), f64(b, 4, 2), f64(y), margin, r));
        assertEquals(sum(ref) / 4, new CosineEmbeddingLoss().margin(margin).forward(f64(a, 4, 2), f64(b, 4, 2), f64(y)).item(), 1e-9);
        GradCheck.check(in -> Losses.cosineEmbeddingLoss(in[0], in[1], f64(y), margin, Reduction.NONE), leaf(a, 4, 2), leaf(b, 4, 2));
        Tensor z = Tensor.zeros(Dtype.FLOAT64, 1, 3).requiresGrad();
        Tensor loss = Losses.cosineEmbeddingLoss(z, f64(new double[] {1, 2, 3}, 1, 3), f64(1), 0, Reduction.SUM);
        assertEquals(1, loss.item(), 1e-12);
        assertFiniteGrad(z, loss);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.cosineEmbeddingLoss(Tensor.zeros(4, 2), Tensor.zeros(4, 2), Tensor.zeros(3)));
        assertEquals("cosineEmbeddingLoss: target [3] must be [4] for inputs [4, 2]", e.getMessage());
    }

    static double dist(double[] u, double[] v, int row, int dim, double p) {
        double s = 0;
        for (int k = 0; k < dim; k++) s += Math.pow(Math.abs(u[row * dim + k] - v[row * dim + k] + 1e-6), p);
        return Math.pow(s, 1 / p);
    }

    @Test
    void tripletMarginMatchesLoopWithAndWithoutSwap() {
        double[] a = randn(17, 9, 1), p = randn(18, 9, 1), n = randn(19, 9, 1);
        for (double pn : new double[] {2, 1, 3}) {
            for (boolean swap : new boolean[] {false, true}) {
                double[] ref = new double[3];
                for (int i = 0; i < 3; i++) {
                    double dNeg = dist(a, n, i, 3, pn);
                    if (swap) dNeg = Math.min(dNeg, dist(p, n, i, 3, pn));
                    ref[i] = Math.max(0, dist(a, p, i, 3, pn) - dNeg + 1.5);
                }
                checkReductions(ref, r -> Losses.tripletMarginLoss(f64(a, 3, 3), f64(p, 3, 3), f64(n, 3, 3), 1.5, pn, 1e-6, swap, r));
            }
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.tripletMarginLoss(Tensor.zeros(3, 4), Tensor.zeros(3, 4), Tensor.zeros(3, 5)));
        assertEquals("tripletMarginLoss: anchor [3, 4] and negative [3, 5] must have the same shape", e.getMessage());
        TripletMarginLoss loss = new TripletMarginLoss().margin(1.5).swap(true);
        assertEquals("TripletMarginLoss(margin=1.5, swap=True)", loss.toString());
        GradCheck.check(in -> loss.reduction(Reduction.NONE).forward(in[0], in[1], in[2]), leaf(a, 3, 3), leaf(p, 3, 3), leaf(n, 3, 3));
    }

    @Test
    void contrastiveLossFollowsHadsellEtAl() {
        double[] a = randn(20, 8, 1), b = randn(21, 8, 1), y = {0, 1, 1, 0};
        double m = 2.5;
        double[] ref = new double[4];
        for (int i = 0; i < 4; i++) {
            double d = dist(a, b, i, 2, 2);
            ref[i] = (1 - y[i]) * 0.5 * d * d + y[i] * 0.5 * Math.pow(Math.max(0, m - d), 2);
        }
        checkReductions(ref, r -> Losses.contrastiveLoss(f64(a, 4, 2), f64(b, 4, 2), f64(y), m, r));
        // hand case: distance 5 (a 3-4-5 triangle): similar pays 12.5, dissimilar within margin 6 pays 0.5
        Tensor u = f64(new double[] {0, 0, 0, 0}, 2, 2), v = f64(new double[] {3, 4, 3, 4}, 2, 2);
        assertAll(new double[] {12.5, 0.5}, new ContrastiveLoss().margin(6).reduction(Reduction.NONE).forward(u, v, f64(0, 1)), 1e-5);
        GradCheck.check(in -> Losses.contrastiveLoss(in[0], in[1], f64(y), m, Reduction.SUM), leaf(a, 4, 2), leaf(b, 4, 2));
    }

    // ================================================================ likelihoods

    @Test
    void poissonNllMatchesLoopWithStirlingTerm() {
        double[] x = uniform(22, 6, 0.2, 3), y = {0, 1, 2, 5, 0.5, 7};
        double eps = 1e-8;
        double[] logIn = new double[6], lin = new double[6], full = new double[6];
        for (int i = 0; i < 6; i++) {
            logIn[i] = Math.exp(x[i]) - y[i] * x[i];
            lin[i] = x[i] - y[i] * Math.log(x[i] + eps);
            double st = y[i] > 1 ? y[i] * Math.log(y[i]) - y[i] + 0.5 * Math.log(2 * Math.PI * y[i]) : 0;
            full[i] = logIn[i] + st;
        }
        checkReductions(logIn, r -> Losses.poissonNllLoss(f64(x), f64(y), true, false, eps, r));
        checkReductions(lin, r -> Losses.poissonNllLoss(f64(x), f64(y), false, false, eps, r));
        checkReductions(full, r -> Losses.poissonNllLoss(f64(x), f64(y), true, true, eps, r));
        assertEquals(sum(full) / 6, new PoissonNLLLoss().full(true).forward(f64(x), f64(y)).item(), 1e-12);
        GradCheck.check(in -> Losses.poissonNllLoss(in[0], f64(y), false, true, eps, Reduction.NONE), leaf(x, 6));
        GradCheck.check(in -> Losses.poissonNllLoss(in[0], f64(y), true, true, eps, Reduction.MEAN), leaf(x, 6));
        Tensor z = f64(0, 0, 100, -100).requiresGrad();   // x = 0 in the linear form: log(eps), finite
        assertFiniteGrad(z, Losses.poissonNllLoss(z.clampMin(0), f64(0, 3, 1, 2), false, true, eps, Reduction.SUM));
    }

    @Test
    void gaussianNllMatchesLoopWithVarianceBroadcastingAndClamp() {
        double[] x = randn(23, 6, 1), y = randn(24, 6, 1), v = uniform(25, 6, 0.1, 2), vRow = {0.5, 1.5};
        double[] ref = new double[6], refRow = new double[6], refFull = new double[6];
        for (int i = 0; i < 6; i++) {
            double d2 = (x[i] - y[i]) * (x[i] - y[i]);
            ref[i] = 0.5 * (Math.log(v[i]) + d2 / v[i]);
            refRow[i] = 0.5 * (Math.log(vRow[i / 3]) + d2 / vRow[i / 3]);
            refFull[i] = ref[i] + 0.5 * Math.log(2 * Math.PI);
        }
        checkReductions(ref, r -> Losses.gaussianNllLoss(f64(x, 2, 3), f64(y, 2, 3), f64(v, 2, 3), false, 1e-6, r));
        checkReductions(refFull, r -> Losses.gaussianNllLoss(f64(x, 2, 3), f64(y, 2, 3), f64(v, 2, 3), true, 1e-6, r));
        // var [2] (input shape without its last dim) and [2, 1] (last dim 1) share one variance per row
        checkReductions(refRow, r -> Losses.gaussianNllLoss(f64(x, 2, 3), f64(y, 2, 3), f64(vRow), false, 1e-6, r));
        checkReductions(refRow, r -> Losses.gaussianNllLoss(f64(x, 2, 3), f64(y, 2, 3), f64(vRow, 2, 1), false, 1e-6, r));
        GradCheck.check(in -> Losses.gaussianNllLoss(in[0], in[1], in[2], false, 1e-6, Reduction.NONE),
                leaf(x, 2, 3), leaf(y, 2, 3), leaf(vRow, 2, 1));
        // var below eps is clamped in the value, and its gradient passes through unchanged (as PyTorch)
        Tensor tiny = f64(0.0).requiresGrad();
        Tensor loss = new GaussianNLLLoss().eps(0.01).forward(f64(1), f64(0), tiny.reshape(1));
        assertEquals(0.5 * (Math.log(0.01) + 1 / 0.01), loss.item(), 1e-9);
        loss.backward();
        assertEquals(0.5 * (1 / 0.01 - 1 / (0.01 * 0.01)), tiny.grad().item(), 1e-6);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.gaussianNllLoss(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.ones(3)));
        assertEquals("gaussianNllLoss: var [3] does not fit input [2, 3] (it must have the input's shape, "
                + "that shape without the last dim, or with a last dim of 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.gaussianNllLoss(Tensor.zeros(2), Tensor.zeros(2), f64(1, -1)));
        assertEquals("gaussianNllLoss: var has negative entries", e.getMessage());
    }

    // ================================================================ all losses at extreme inputs

    @Test
    void everyLossStaysFiniteAtExtremeInputs() {
        double[] big = {1e4, -1e4, 100, -100};
        Function<Function<Tensor, Tensor>, Tensor> check = f -> {
            Tensor x = f64(big, 2, 2).requiresGrad();
            assertFiniteGrad(x, f.apply(x));
            return x;
        };
        Tensor y01 = f64(new double[] {1, 0, 0, 1}, 2, 2), ypm = f64(new double[] {1, -1, -1, 1}, 2, 2);
        check.apply(x -> Losses.mseLoss(x, y01));
        check.apply(x -> Losses.l1Loss(x, y01));
        check.apply(x -> Losses.smoothL1Loss(x, y01, Reduction.MEAN, 1));
        check.apply(x -> Losses.huberLoss(x, y01, Reduction.MEAN, 1));
        check.apply(x -> Losses.binaryCrossEntropy(x.sigmoid(), y01));
        check.apply(x -> Losses.binaryCrossEntropyWithLogits(x, y01, null, Reduction.MEAN, f64(2, 3)));
        check.apply(x -> Losses.sigmoidFocalLoss(x, y01, 0.25, 2, Reduction.MEAN));
        check.apply(x -> Losses.crossEntropy(x, Tensor.of(new long[] {1, 0}, 2)));
        check.apply(x -> Losses.crossEntropy(x, y01, null, -100, Reduction.MEAN, 0.1));
        check.apply(x -> Losses.nllLoss(x.sub(x.logsumexp(1, true)), Tensor.of(new long[] {1, 0}, 2)));
        check.apply(x -> Losses.klDiv(x.sub(x.logsumexp(1, true)), f64(new double[] {0.5, 0.5, 0, 1}, 2, 2)));
        check.apply(x -> Losses.hingeEmbeddingLoss(x, ypm));
        check.apply(x -> Losses.marginRankingLoss(x, x.flip(1), ypm));
        check.apply(x -> Losses.cosineEmbeddingLoss(x, x.flip(1), f64(1, -1)));
        check.apply(x -> Losses.tripletMarginLoss(x, x.flip(1), x.flip(0)));
        check.apply(x -> Losses.contrastiveLoss(x, x.flip(1), f64(0, 1)));
        check.apply(x -> Losses.poissonNllLoss(x.div(1e3), y01));
        check.apply(x -> Losses.gaussianNllLoss(x, y01, x.square()));
        check.apply(x -> Losses.ctcLoss(x.reshape(2, 1, 2).sub(x.reshape(2, 1, 2).logsumexp(2, true)),
                Tensor.of(new long[] {1}, 1, 1), new int[] {2}, new int[] {1}));
    }
}
