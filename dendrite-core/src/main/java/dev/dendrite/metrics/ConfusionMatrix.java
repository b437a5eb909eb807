package dev.dendrite.metrics;

import dev.dendrite.tensor.Tensor;

/**
 * Counts of (true class, predicted class) pairs: {@code matrix()[t][p]} is the number of examples
 * of class {@code t} predicted as {@code p} (rows true, columns predicted, as scikit-learn).
 * Output [N, C] scores (argmax is the prediction) or [N] predicted classes; target [N] class ids.
 */
public final class ConfusionMatrix {
    private final int numClasses;
    private final long[][] counts;

    public ConfusionMatrix(int numClasses) {
        if (numClasses < 2) throw new IllegalArgumentException("confusion matrix: needs numClasses >= 2, got " + numClasses);
        this.numClasses = numClasses;
        this.counts = new long[numClasses][numClasses];
    }

    public int numClasses() { return numClasses; }

    public void update(Tensor output, Tensor target) {
        long[] y = ClassScores.labels("confusion matrix", target);
        long[] p = ClassScores.predictions("confusion matrix", output, y.length);
        if (output.dim() == 2 && output.size(1) != numClasses) {
            throw new IllegalArgumentException("confusion matrix: output has " + output.size(1) + " class scores, expected numClasses=" + numClasses);
        }
        for (int i = 0; i < y.length; i++) {
            ClassScores.checkClass("confusion matrix", y[i], numClasses, "target");
            ClassScores.checkClass("confusion matrix", p[i], numClasses, "predicted");
            counts[(int) y[i]][(int) p[i]]++;
        }
    }

    /** A copy of the counts, rows true class, columns predicted class. */
    public long[][] matrix() {
        long[][] out = new long[numClasses][];
        for (int i = 0; i < numClasses; i++) out[i] = counts[i].clone();
        return out;
    }

    public long total() {
        long t = 0;
        for (long[] r : counts) for (long v : r) t += v;
        return t;
    }

    public void reset() {
        for (long[] r : counts) java.util.Arrays.fill(r, 0);
    }

    /** Examples of class {@code c} (its row sum). */
    public long support(int c) {
        long s = 0;
        for (long v : counts[c]) s += v;
        return s;
    }

    /** Examples predicted as {@code c} (its column sum). */
    public long predicted(int c) {
        long s = 0;
        for (long[] r : counts) s += r[c];
        return s;
    }

    public long truePositives(int c) { return counts[c][c]; }

    /** Precision of class {@code c}: TP / predicted, 0 when nothing was predicted as c (scikit-learn's zero_division=0). */
    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? 0 : (double) counts[c][c] / p;
    }

    /** Recall of class {@code c}: TP / support, 0 when the class never occurs. */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0 : (double) counts[c][c] / s;
    }

    /** F1 of class {@code c}: the harmonic mean of its precision and recall (0 when both are 0). */
    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
