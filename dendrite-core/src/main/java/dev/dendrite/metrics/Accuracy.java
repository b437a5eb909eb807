package dev.dendrite.metrics;

import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * The fraction of examples whose true class is among the {@code k} highest scores (k = 1: plain
 * accuracy). Output [N, C] scores, or [N] predicted classes when k = 1; target [N] class ids.
 * Ties in the scores count in the true class's favour only if fewer than k classes score
 * strictly higher.
 */
public final class Accuracy implements Metric {
    private final int k;
    private long correct, total;

    public Accuracy() { this(1); }

    public Accuracy(int k) {
        if (k < 1) throw new IllegalArgumentException("accuracy: top-k needs k >= 1, got " + k);
        this.k = k;
    }

    /** Top-k accuracy. */
    public static Accuracy topK(int k) { return new Accuracy(k); }

    @Override public String name() { return k == 1 ? "accuracy" : "top" + k + "_accuracy"; }

    @Override
    public void update(Tensor output, Tensor target) {
        long[] y = ClassScores.labels(name(), target);
        int n = y.length;
        if (k == 1) {
            long[] p = ClassScores.predictions(name(), output, n);
            for (int i = 0; i < n; i++) if (p[i] == y[i]) correct++;
        } else {
            if (output.dim() != 2 || output.size(0) != n) {
                throw new IllegalArgumentException(name() + ": top-" + k + " accuracy needs scores of shape [N, C] with N=" + n
                        + ", got shape " + Arrays.toString(output.shape()));
            }
            int c = output.size(1);
            double[] s = output.toDoubleArray();
            for (int i = 0; i < n; i++) {
                ClassScores.checkClass(name(), y[i], c, "target");
                double truth = s[i * c + (int) y[i]];
                int higher = 0;
                for (int j = 0; j < c; j++) if (s[i * c + j] > truth) higher++;
                if (higher < k) correct++;
            }
        }
        total += n;
    }

    @Override public double compute() { return total == 0 ? Double.NaN : (double) correct / total; }

    @Override public void reset() { correct = 0; total = 0; }

    @Override public Metric copy() { return new Accuracy(k); }
}
