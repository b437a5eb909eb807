package dev.dendrite.metrics;

import dev.dendrite.tensor.Tensor;

/** Mean of |output - target| over all elements seen. */
public final class MeanAbsoluteError implements Metric {
    private double sum;
    private long count;

    @Override public String name() { return "mae"; }

    @Override
    public void update(Tensor output, Tensor target) {
        double[][] d = Regression.read(name(), output, target);
        for (int i = 0; i < d[0].length; i++) sum += Math.abs(d[0][i] - d[1][i]);
        count += d[0].length;
    }

    @Override public double compute() { return count == 0 ? Double.NaN : sum / count; }

    @Override public void reset() { sum = 0; count = 0; }

    @Override public Metric copy() { return new MeanAbsoluteError(); }
}
