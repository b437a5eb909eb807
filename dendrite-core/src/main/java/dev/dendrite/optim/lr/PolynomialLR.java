package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

/** Polynomial decay to zero over {@code totalIters} epochs: {@code lr = base·(1 − min(epoch, totalIters)/totalIters)^power}. */
public final class PolynomialLR extends LRScheduler {
    private final int totalIters;
    private final double power;

    public PolynomialLR(Optimizer optimizer, int totalIters, double power) {
        super(optimizer);
        if (totalIters < 1) throw new IllegalArgumentException("PolynomialLR: totalIters must be >= 1, got " + totalIters);
        this.totalIters = totalIters;
        this.power = power;
        initialStep();
    }

    /** PyTorch's defaults: totalIters 5, power 1. */
    public PolynomialLR(Optimizer optimizer) { this(optimizer, 5, 1.0); }

    @Override
    public double lrAt(int group, int epoch) {
        return baseLrs[group] * Math.pow(1 - (double) Math.min(epoch, totalIters) / totalIters, power);
    }
}
