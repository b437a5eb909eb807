package dev.dendrite.functional;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * The connectionist temporal classification loss (Graves et al., 2006), as torch.nn.functional.ctc_loss.
 *
 * <p>For one sample with log-probabilities {@code lp[t][c]} over {@code T} steps and a target
 * {@code l} of length {@code L}, the extended label sequence {@code l'} puts a blank before, between
 * and after the labels ({@code 2L + 1} states). The forward variables, in log space,
 * <pre>{@code
 * alpha[0][0] = lp[0][blank], alpha[0][1] = lp[0][l'1]
 * alpha[t][s] = logsumexp(alpha[t-1][s], alpha[t-1][s-1], alpha[t-1][s-2] if l'(s) != blank and l'(s) != l'(s-2)) + lp[t][l'(s)]
 * }</pre>
 * give the loss {@code -log p(l | x) = -logsumexp(alpha[T-1][2L], alpha[T-1][2L-1])}. The backward
 * variables {@code beta} run the same recursion from the end, and the gradient is
 * <pre>{@code
 * d loss / d lp[t][c] = -exp(logsumexp_{s : l'(s) = c}(alpha[t][s] + beta[t][s]) + loss - lp[t][c])
 * }</pre>
 * (alpha and beta both contain {@code lp[t][l'(s)]}, hence the one subtraction). This is the true
 * derivative with respect to {@code logProbs}; it does not assume they are normalized (PyTorch's
 * kernel adds {@code exp(lp)}, which only equals the same thing after a log_softmax). All sums are
 * log-sum-exps in float64, so long sequences neither underflow nor overflow. The op is recorded with
 * this gradient; second derivatives are not supported (as in PyTorch) and asking for them is an error.
 */
public final class Ctc {
    private Ctc() {}

    /**
     * @param logProbs      [T, N, C] (or unbatched [T, C]) log-probabilities, usually a log_softmax over C
     * @param targets       [N, S] int targets padded to S, or 1-D with the N targets concatenated
     *                      (unbatched: [S]); they must not contain the blank
     * @param inputLengths  N lengths, each at most T
     * @param targetLengths N lengths (at most S for padded targets)
     * @param blank         the blank class
     * @param reduction     NONE gives the [N] losses; MEAN divides each by its target length (at
     *                      least 1) and averages over the batch; SUM adds them
     * @param zeroInfinity  infinite losses (no alignment possible, e.g. an input shorter than the
     *                      target needs) and their gradients become 0
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths, int blank,
                                 Reduction reduction, boolean zeroInfinity) {
        String op = "ctcLoss";
        Losses.checkReduction(op, reduction);
        if (!logProbs.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": log_probs must be floating point, got " + logProbs.dtype().torchName());
        }
        boolean unbatched = logProbs.dim() == 2;
        if (logProbs.dim() != 3 && !unbatched) {
            throw new IllegalArgumentException(op + ": expected log_probs of rank 3 [T, N, C] or 2 [T, C], got shape "
                    + Losses.shape(logProbs));
        }
        if (targets.isFloatingPoint() || targets.dtype() == Dtype.BOOL) {
            throw new IllegalArgumentException(op + ": targets must be an integer tensor, got " + targets.dtype().torchName());
        }
        Tensor lpT = unbatched ? logProbs.unsqueeze(1) : logProbs;
        int T = lpT.size(0), N = lpT.size(1), C = lpT.size(2);
        if (blank < 0 || blank >= C) {
            throw new IllegalArgumentException(op + ": blank " + blank + " is out of range for " + C + " classes");
        }
        if (inputLengths.length != N || targetLengths.length != N) {
            throw new IllegalArgumentException(op + ": expected " + N + " input lengths and target lengths (one per sample), got "
                    + inputLengths.length + " and " + targetLengths.length);
        }
        long[] tv = targets.toLongArray();
        int[] offsets = new int[N];
        boolean concatenated = !unbatched && targets.dim() == 1;
        if (unbatched && targets.dim() != 1) {
            throw new IllegalArgumentException(op + ": unbatched targets must be 1-D [S], got shape " + Losses.shape(targets));
        }
        if (!unbatched && !concatenated && (targets.dim() != 2 || targets.size(0) != N)) {
            throw new IllegalArgumentException(op + ": targets must be [N, S] = [" + N + ", S] or 1-D concatenated, got shape "
                    + Losses.shape(targets));
        }
        int stride = concatenated ? 0 : targets.size(-1);
        int running = 0;
        for (int b = 0; b < N; b++) {
            int il = inputLengths[b], tl = targetLengths[b];
            if (il < 0 || il > T) {
                throw new IllegalArgumentException(op + ": input length " + il + " of sample " + b
                        + " must lie in [0, " + T + "] (T of log_probs " + Losses.shape(logProbs) + ")");
            }
            if (tl < 0 || (!concatenated && tl > stride)) {
                throw new IllegalArgumentException(op + ": target length " + tl + " of sample " + b
                        + " must lie in [0, " + stride + "] (S of targets " + Losses.shape(targets) + ")");
            }
            offsets[b] = concatenated ? running : b * stride;
            running += tl;
            if (concatenated && running > tv.length) {
                throw new IllegalArgumentException(op + ": target lengths add up to more than the " + tv.length
                        + " concatenated targets");
            }
            for (int k = 0; k < tl; k++) {
                long c = tv[offsets[b] + k];
                if (c < 0 || c >= C || c == blank) {
                    throw new IllegalArgumentException(op + ": target " + c + " of sample " + b
                            + " must be a class in [0, " + C + ") other than the blank " + blank);
                }
            }
        }
        double[] lp = lpT.toDoubleArray();   // [T, N, C] contiguous
        double[] losses = new double[N];
        double[] grad = new double[lp.length];
        int maxTarget = 0;
        for (int tl : targetLengths) maxTarget = Math.max(maxTarget, tl);
        // samples are independent and write disjoint parts of losses and grad: parallel over the batch
        Parallel.forRange(N, (long) T * (2L * maxTarget + 1 + C) * 8, (from, to) -> {
            for (int b = from; b < to; b++) {
                losses[b] = sample(lp, grad, T, N, C, b, inputLengths[b], tv, offsets[b], targetLengths[b], blank);
                if (zeroInfinity && losses[b] == Double.POSITIVE_INFINITY) {
                    losses[b] = 0;
                    for (int t = 0; t < T; t++) Arrays.fill(grad, (t * N + b) * C, (t * N + b + 1) * C, 0);
                }
            }
        });
        Tensor perSample = Tensor.of(losses).to(logProbs.dtype());
        if (Autograd.needsGrad(logProbs)) {
            int[] lpShape = logProbs.shape();
            Tensor gradConst = Tensor.of(grad, T, N, C).to(logProbs.dtype());
            Autograd.record(op, perSample, logProbs, g -> {
                if (Autograd.isGradEnabled()) {
                    throw new UnsupportedOperationException(op + ": double backward (create_graph) is not supported");
                }
                return new Tensor[] {gradConst.mul(g.reshape(1, N, 1)).reshape(lpShape)};
            });
        }
        Tensor out = switch (reduction) {
            case NONE -> perSample;
            case SUM -> perSample.sum();
            default -> {
                double[] div = new double[N];
                for (int b = 0; b < N; b++) div[b] = Math.max(targetLengths[b], 1);
                yield perSample.div(Tensor.of(div).to(perSample.dtype())).mean();
            }
        };
        return unbatched && reduction == Reduction.NONE ? out.squeeze(0) : out;
    }

    /** As {@link #ctcLoss(Tensor, Tensor, int[], int[], int, Reduction, boolean)} with the lengths as 1-D integer tensors (or 0-dim, unbatched). */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank,
                                 Reduction reduction, boolean zeroInfinity) {
        for (Tensor t : new Tensor[] {inputLengths, targetLengths}) {
            if (t.isFloatingPoint() || t.dim() > 1) {
                throw new IllegalArgumentException("ctcLoss: lengths must be 0-dim or 1-D integer tensors, got "
                        + t.dtype().torchName() + " of shape " + Losses.shape(t));
            }
        }
        return ctcLoss(logProbs, targets, inputLengths.toIntArray(), targetLengths.toIntArray(), blank, reduction, zeroInfinity);
    }

    /** The loss of sample b; writes its gradient into {@code grad}. */
    private static double sample(double[] lp, double[] grad, int T, int N, int C, int b, int len, long[] tv, int off,
                                 int L, int blank) {
        int S = 2 * L + 1;
        if (len == 0) return L == 0 ? 0 : Double.POSITIVE_INFINITY;
        int[] ext = new int[S];
        for (int s = 0; s < S; s++) ext[s] = s % 2 == 0 ? blank : (int) tv[off + s / 2];
        double ninf = Double.NEGATIVE_INFINITY;
        double[][] alpha = new double[len][S], beta = new double[len][S];
        for (double[] row : alpha) Arrays.fill(row, ninf);
        for (double[] row : beta) Arrays.fill(row, ninf);
        alpha[0][0] = lp[at(0, b, blank, N, C)];
        if (S > 1) alpha[0][1] = lp[at(0, b, ext[1], N, C)];
        for (int t = 1; t < len; t++) {
            for (int s = 0; s < S; s++) {
                double a = alpha[t - 1][s];
                if (s >= 1) a = lse(a, alpha[t - 1][s - 1]);
                if (s >= 2 && ext[s] != blank && ext[s] != ext[s - 2]) a = lse(a, alpha[t - 1][s - 2]);
                alpha[t][s] = a == ninf ? ninf : a + lp[at(t, b, ext[s], N, C)];
            }
        }
        int last = len - 1;
        double logLik = S > 1 ? lse(alpha[last][S - 1], alpha[last][S - 2]) : alpha[last][S - 1];
        if (logLik == ninf) return Double.POSITIVE_INFINITY;   // no alignment: the gradient stays 0
        beta[last][S - 1] = lp[at(last, b, blank, N, C)];
        if (S > 1) beta[last][S - 2] = lp[at(last, b, ext[S - 2], N, C)];
        for (int t = last - 1; t >= 0; t--) {
            for (int s = 0; s < S; s++) {
                double v = beta[t + 1][s];
                if (s + 1 < S) v = lse(v, beta[t + 1][s + 1]);
                if (s + 2 < S && ext[s] != blank && ext[s] != ext[s + 2]) v = lse(v, beta[t + 1][s + 2]);
                beta[t][s] = v == ninf ? ninf : v + lp[at(t, b, ext[s], N, C)];
            }
        }
        double nll = -logLik;
        double[] lcab = new double[C];
        for (int t = 0; t < len; t++) {
            Arrays.fill(lcab, ninf);
            for (int s = 0; s < S; s++) lcab[ext[s]] = lse(lcab[ext[s]], alpha[t][s] + beta[t][s]);
            for (int c = 0; c < C; c++) {
                int i = at(t, b, c, N, C);
                grad[i] = lcab[c] == ninf ? 0 : -Math.exp(lcab[c] + nll - lp[i]);
            }
        }
        return nll;
    }

    private static int at(int t, int b, int c, int N, int C) { return (t * N + b) * C + c; }

    private static double lse(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) return b;
        if (b == Double.NEGATIVE_INFINITY) return a;
        double m = Math.max(a, b);
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
