package dev.dendrite.metrics;

import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * exp(mean cross-entropy) of a language model's predictions, over all tokens seen. Output is
 * logits [N, C] or [N, T, C], target class ids [N] or [N, T]; the cross-entropy of each token is
 * computed in double with a stable log-sum-exp. Tokens equal to {@code ignoreIndex} are skipped.
 * {@link #updateFromLoss} accumulates a mean cross-entropy already computed (as a training loss).
 */
public final class Perplexity implements Metric {
    private final long ignoreIndex;
    private double sumNll;
    private long tokens;

    public Perplexity() { this(-100); }

    public Perplexity(long ignoreIndex) { this.ignoreIndex = ignoreIndex; }

    @Override public String name() { return "perplexity"; }

    @Override
    public void update(Tensor output, Tensor target) {
        int[] os = output.shape(), ts = target.shape();
        if (os.length < 2 || !Arrays.equals(Arrays.copyOf(os, os.length - 1), ts)) {
            throw new IllegalArgumentException("perplexity: expected logits [..., C] and targets [...] with matching leading dims, got shapes "
                    + Arrays.toString(os) + " and " + Arrays.toString(ts));
        }
        int c = os[os.length - 1];
        double[] z = output.toDoubleArray();
        long[] y = target.toLongArray();
        for (int i = 0; i < y.length; i++) {
            if (y[i] == ignoreIndex) continue;
            ClassScores.checkClass(name(), y[i], c, "target");
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) max = Math.max(max, z[i * c + j]);
            double s = 0;
            for (int j = 0; j < c; j++) s += Math.exp(z[i * c + j] - max);
            sumNll += max + Math.log(s) - z[i * c + (int) y[i]];
            tokens++;
        }
    }

    /** Adds {@code count} tokens whose mean cross-entropy (natural log) was {@code meanCrossEntropy}. */
    public void updateFromLoss(double meanCrossEntropy, long count) {
        if (count < 0) throw new IllegalArgumentException("perplexity: token count must be >= 0, got " + count);
        sumNll += meanCrossEntropy * count;
        tokens += count;
    }

    @Override public double compute() { return tokens == 0 ? Double.NaN : Math.exp(sumNll / tokens); }

    @Override public void reset() { sumNll = 0; tokens = 0; }

    @Override public Metric copy() { return new Perplexity(ignoreIndex); }
}
