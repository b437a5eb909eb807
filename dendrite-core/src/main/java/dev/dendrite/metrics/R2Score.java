package dev.dendrite.metrics;

import dev.dendrite.tensor.Tensor;

/**
 * The coefficient of determination, 1 - SS_res / SS_tot, over all elements seen taken as one
 * variable (for a single-output regression this is scikit-learn's {@code r2_score}). The total sum
 * of squares is accumulated around a running mean (Welford), which stays accurate when the
 * targets have a large offset. A constant target (SS_tot = 0) gives 1 for a perfect fit and 0
 * otherwise, as scikit-learn does.
 */
public final class R2Score implements Metric {
    private long n;
    private double mean, m2, ssRes;

    @Override public String name() { return "r2"; }

    @Override
    public void update(Tensor output, Tensor target) {
        double[][] d = Regression.read(name(), output, target);
        for (int i = 0; i < d[0].length; i++) {
            double y = d[1][i], e = y - d[0][i];
            ssRes += e * e;
            n++;
            double delta = y - mean;
            mean += delta / n;
            m2 += delta * (y - mean);
        }
    }

    @Override
    public double compute() {
        if (n == 0) return Double.NaN;
        if (m2 == 0) return ssRes == 0 ? 1 : 0;
        return 1 - ssRes / m2;
    }

    @Override public void reset() { n = 0; mean = 0; m2 = 0; ssRes = 0; }

    @Override public Metric copy() { return new R2Score(); }
}
