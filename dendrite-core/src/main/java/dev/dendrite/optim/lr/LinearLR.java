package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

/**
 * Linear change of the rate's factor from {@code startFactor} to {@code endFactor} over
 * {@code totalIters} epochs, then constant: the usual linear warmup.
 * {@code lr = base·(start + (end − start)·min(epoch, totalIters)/totalIters)}.
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor, endFactor;
    private final int totalIters;

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: startFactor must be in (0, 1], got " + startFactor);
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: endFactor must be in [0, 1], got " + endFactor);
        }
        if (totalIters < 1) throw new IllegalArgumentException("LinearLR: totalIters must be >= 1, got " + totalIters);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    /** PyTorch's defaults: startFactor 1/3, endFactor 1, totalIters 5. */
    public LinearLR(Optimizer optimizer) { this(optimizer, 1.0 / 3, 1.0, 5); }

    @Override
    public double lrAt(int group, int epoch) {
        return baseLrs[group] * (startFactor + (endFactor - startFactor) * Math.min(epoch, totalIters) / totalIters);
    }
}
