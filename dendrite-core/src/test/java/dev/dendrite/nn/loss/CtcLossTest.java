package dev.dendrite.nn.loss;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradCheck;
import dev.dendrite.functional.Losses;
import dev.dendrite.functional.Reduction;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * CTC against brute force: every one of the C^T alignments is enumerated, collapsed (repeats merged,
 * blanks dropped) and the probabilities of those that give the target are added up; the loss is
 * minus the log of that sum. Plus a hand-computed case, gradcheck in f64, reductions, padded versus
 * concatenated targets, zero_infinity and errors.
 */
class CtcLossTest {

    /** -log p(target | lp) by enumerating all alignments of lp [T][C] (first len steps). */
    static double bruteForce(double[][] lp, int len, int[] target, int blank) {
        int c = lp[0].length;
        int[] path = new int[len];
        double total = 0;
        long count = (long) Math.pow(c, len);
        for (long code = 0; code < count; code++) {
            long r = code;
            for (int t = 0; t < len; t++) {
                path[t] = (int) (r % c);
                r /= c;
            }
            List<Integer> collapsed = new ArrayList<>();
            int prev = -1;
            for (int t = 0; t < len; t++) {
                if (path[t] != prev && path[t] != blank) collapsed.add(path[t]);
                prev = path[t];
            }
            if (collapsed.size() != target.length) continue;
            boolean same = true;
            for (int k = 0; k < target.length; k++) same &= collapsed.get(k) == target[k];
            if (!same) continue;
            double logp = 0;
            for (int t = 0; t < len; t++) logp += lp[t][path[t]];
            total += Math.exp(logp);
        }
        return -Math.log(total);
    }

    /** Random log-softmax values [T, N, C]. */
    static double[] logProbs(long seed, int T, int N, int C) {
        Generator g = new Generator(seed);
        double[] v = new double[T * N * C];
        for (int i = 0; i < T * N; i++) {
            double s = 0;
            for (int c = 0; c < C; c++) s += Math.exp(v[i * C + c] = 1.5 * g.nextGaussian());
            double ls = Math.log(s);
            for (int c = 0; c < C; c++) v[i * C + c] -= ls;
        }
        return v;
    }

    static double[][] sample(double[] lp, int T, int N, int C, int b) {
        double[][] out = new double[T][C];
        for (int t = 0; t < T; t++) for (int c = 0; c < C; c++) out[t][c] = lp[(t * N + b) * C + c];
        return out;
    }

    @Test
    void handComputedTwoStepCase() {
        // C = 2 (blank 0, label 1), T = 2, target "1": alignments 11, 01, 10
        double p0 = 0.7, p1 = 0.4;    // probability of the label at t = 0 and t = 1
        double expected = -Math.log(p0 * p1 + (1 - p0) * p1 + p0 * (1 - p1));
        Tensor lp = Tensor.of(new double[] {Math.log(1 - p0), Math.log(p0), Math.log(1 - p1), Math.log(p1)}, 2, 1, 2);
        Tensor loss = Losses.ctcLoss(lp, Tensor.of(new long[] {1}, 1, 1), new int[] {2}, new int[] {1}, 0, Reduction.SUM, false);
        assertEquals(expected, loss.item(), 1e-12);
        // a repeated label needs a blank between: "11" in 3 steps has the single alignment 1 0 1
        Tensor lp3 = Tensor.of(new double[] {Math.log(0.5), Math.log(0.5), Math.log(0.6), Math.log(0.4), Math.log(0.2), Math.log(0.8)}, 3, 1, 2);
        Tensor rep = Losses.ctcLoss(lp3, Tensor.of(new long[] {1, 1}, 1, 2), new int[] {3}, new int[] {2}, 0, Reduction.NONE, false);
        assertEquals(-Math.log(0.5 * 0.6 * 0.8), rep.item(), 1e-12);
    }

    @Test
    void matchesBruteForceOverABatchWithVariableLengths() {
        int T = 6, N = 4, C = 4, blank = 2;
        double[] lp = logProbs(1, T, N, C);
        long[][] targets = {{0, 1, 1}, {3}, {}, {1, 3, 0}};
        int[] inputLengths = {6, 4, 5, 6}, targetLengths = {3, 1, 0, 3};
        long[] padded = new long[N * 3];
        List<Long> concat = new ArrayList<>();
        for (int b = 0; b < N; b++) {
            for (int k = 0; k < targets[b].length; k++) {
                padded[b * 3 + k] = targets[b][k];
                concat.add(targets[b][k]);
            }
        }
        double[] ref = new double[N];
        for (int b = 0; b < N; b++) {
            int[] tg = new int[targets[b].length];
            for (int k = 0; k < tg.length; k++) tg[k] = (int) targets[b][k];
            ref[b] = bruteForce(sample(lp, T, N, C, b), inputLengths[b], tg, blank);
        }
        Tensor x = Tensor.of(lp, T, N, C);
        Tensor pad = Tensor.of(padded, N, 3);
        Tensor cat = Tensor.of(concat.stream().mapToLong(Long::longValue).toArray());
        double[] none = Losses.ctcLoss(x, pad, inputLengths, targetLengths, blank, Reduction.NONE, false).toDoubleArray();
        double[] noneCat = Losses.ctcLoss(x, cat, inputLengths, targetLengths, blank, Reduction.NONE, false).toDoubleArray();
        double mean = 0, sum = 0;
        for (int b = 0; b < N; b++) {
            assertEquals(ref[b], none[b], 1e-10, "sample " + b);
            assertEquals(ref[b], noneCat[b], 1e-10, "sample " + b + " (concatenated targets)");
            mean += ref[b] / Math.max(1, targetLengths[b]) / N;
            sum += ref[b];
        }
        assertEquals(sum, Losses.ctcLoss(x, pad, inputLengths, targetLengths, blank, Reduction.SUM, false).item(), 1e-10);
        assertEquals(sum, dev.dendrite.functional.Ctc.ctcLoss(x, pad, Tensor.of(inputLengths), Tensor.of(targetLengths), blank,
                Reduction.SUM, false).item(), 1e-10);
        CTCLoss module = new CTCLoss().blank(blank);
        assertEquals(mean, module.forward(x, pad, inputLengths, targetLengths).item(), 1e-10);
        assertEquals("CTCLoss(blank=2)", module.toString());
        // float32 log-probs give the same losses to float precision
        double[] f32 = Losses.ctcLoss(x.toFloat(), pad, inputLengths, targetLengths, blank, Reduction.NONE, false).toDoubleArray();
        for (int b = 0; b < N; b++) assertEquals(ref[b], f32[b], 1e-5);
    }

    @Test
    void gradientPassesGradcheckOnRawAndNormalizedLogProbs() {
        int T = 5, N = 2, C = 3;
        double[] lp = logProbs(2, T, N, C);
        Tensor targets = Tensor.of(new long[] {1, 2, 1, 2, 2, 0}, N, 3);
        int[] il = {5, 4}, tl = {3, 2};
        // the true derivative w.r.t. logProbs themselves (not assuming they are normalized)
        GradCheck.check(in -> Losses.ctcLoss(in[0], targets, il, tl, 0, Reduction.NONE, false), Tensor.of(lp, T, N, C).requiresGrad());
        // and through a log_softmax, the way CTC is used
        Generator g = new Generator(3);
        double[] logits = new double[T * N * C];
        for (int i = 0; i < logits.length; i++) logits[i] = g.nextGaussian();
        GradCheck.check(in -> Losses.ctcLoss(in[0].sub(in[0].logsumexp(2, true)), targets, il, tl, 0, Reduction.MEAN, false),
                Tensor.of(logits, T, N, C).requiresGrad());
        // unbatched [T, C] with a [S] target
        GradCheck.check(in -> Losses.ctcLoss(in[0], Tensor.of(new long[] {2, 1}), new int[] {T}, new int[] {2}, 0, Reduction.SUM, false),
                Tensor.of(logProbs(4, T, 1, C), T, C).requiresGrad());
        // steps beyond an input length get no gradient
        Tensor x = Tensor.of(lp, T, N, C).requiresGrad();
        Losses.ctcLoss(x, targets, il, tl, 0, Reduction.SUM, false).backward();
        for (int c = 0; c < C; c++) assertEquals(0, x.grad().get(4, 1, c));
        // double backward is refused, not silently wrong
        Tensor y = Tensor.of(lp, T, N, C).requiresGrad();
        Tensor loss = Losses.ctcLoss(y, targets, il, tl, 0, Reduction.SUM, false);
        var e = assertThrows(UnsupportedOperationException.class, () -> Autograd.grad(loss, new Tensor[] {y}, null, true, true, false));
        assertEquals("ctcLoss: double backward (create_graph) is not supported", e.getMessage());
    }

    @Test
    void aLargeBatchEqualsItsSamplesOneByOne() {
        // big enough to be split across the intra-op pool: each sample must come out as when alone
        int T = 60, N = 12, C = 6, S = 10;
        double[] lp = logProbs(7, T, N, C);
        Generator g = new Generator(8);
        long[] targets = new long[N * S];
        int[] il = new int[N], tl = new int[N];
        for (int b = 0; b < N; b++) {
            il[b] = 40 + (int) g.nextLong(21);
            tl[b] = 1 + (int) g.nextLong(S);
            for (int k = 0; k < S; k++) targets[b * S + k] = 1 + g.nextLong(C - 1);
        }
        Tensor x = Tensor.of(lp, T, N, C).requiresGrad();
        Tensor all = Losses.ctcLoss(x, Tensor.of(targets, N, S), il, tl, 0, Reduction.NONE, false);
        all.sum().backward();
        for (int b = 0; b < N; b++) {
            Tensor xb = x.detach().narrow(1, b, 1).contiguous().requiresGrad();
            Tensor one = Losses.ctcLoss(xb, Tensor.of(targets, N, S).narrow(0, b, 1), new int[] {il[b]}, new int[] {tl[b]},
                    0, Reduction.SUM, false);
            assertEquals(one.item(), all.get(b), 0, "sample " + b);
            one.backward();
            assertArrayEquals(xb.grad().toDoubleArray(), x.grad().narrow(1, b, 1).toDoubleArray(), 0, "gradient of sample " + b);
        }
    }

    @Test
    void impossibleAlignmentsAreInfiniteOrZeroWithZeroInfinity() {
        // target "1 1" needs 3 steps (1, blank, 1); 2 are too few
        double[] lp = logProbs(5, 2, 1, 2);
        Tensor x = Tensor.of(lp, 2, 1, 2).requiresGrad();
        Tensor targets = Tensor.of(new long[] {1, 1}, 1, 2);
        assertEquals(Double.POSITIVE_INFINITY,
                Losses.ctcLoss(x, targets, new int[] {2}, new int[] {2}, 0, Reduction.SUM, false).item());
        Tensor loss = new CTCLoss().zeroInfinity(true).reduction(Reduction.SUM).forward(x, targets, new int[] {2}, new int[] {2});
        assertEquals(0, loss.item());
        loss.backward();
        for (double g : x.grad().toDoubleArray()) assertEquals(0, g);
    }

    @Test
    void longSequencesStayFinite() {
        // 400 steps of confident, extreme log-probabilities: probabilities far below double's range
        int T = 400, C = 5;
        double[] v = new double[T * C];
        Generator g = new Generator(6);
        for (int i = 0; i < v.length; i++) v[i] = g.nextDouble() < 0.5 ? 100 : -100;
        Tensor logits = Tensor.of(v, T, 1, C).requiresGrad();
        Tensor lp = logits.sub(logits.logsumexp(2, true));
        long[] target = new long[50];
        for (int k = 0; k < 50; k++) target[k] = 1 + k % 4;
        Tensor loss = Losses.ctcLoss(lp, Tensor.of(target, 1, 50), new int[] {T}, new int[] {50}, 0, Reduction.SUM, false);
        assertTrue(Double.isFinite(loss.item()) && loss.item() > 0, "loss " + loss.item());
        loss.backward();
        for (double d : logits.grad().toDoubleArray()) assertTrue(Double.isFinite(d));
    }

    @Test
    void rejectsBadShapesLengthsAndTargets() {
        Tensor x = Tensor.zeros(Dtype.FLOAT64, 4, 2, 3);
        Tensor t = Tensor.of(new long[] {1, 2, 1, 1}, 2, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.ctcLoss(x, t, new int[] {5, 4}, new int[] {2, 2}));
        assertEquals("ctcLoss: input length 5 of sample 0 must lie in [0, 4] (T of log_probs [4, 2, 3])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.ctcLoss(x, t, new int[] {4, 4}, new int[] {3, 2}));
        assertEquals("ctcLoss: target length 3 of sample 0 must lie in [0, 2] (S of targets [2, 2])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.ctcLoss(x, Tensor.of(new long[] {1, 0, 1, 1}, 2, 2), new int[] {4, 4}, new int[] {2, 2}));
        assertEquals("ctcLoss: target 0 of sample 0 must be a class in [0, 3) other than the blank 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.ctcLoss(Tensor.zeros(4, 3, 2, 1), t, new int[] {4}, new int[] {1}));
        assertEquals("ctcLoss: expected log_probs of rank 3 [T, N, C] or 2 [T, C], got shape [4, 3, 2, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.ctcLoss(x, t, new int[] {4}, new int[] {2}));
        assertEquals("ctcLoss: expected 2 input lengths and target lengths (one per sample), got 1 and 1", e.getMessage());
    }
}
