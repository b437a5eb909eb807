package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

/**
 * Linear warmup then cosine decay to {@code minLr}, the usual schedule for transformers. With
 * {@code W = warmupSteps} and {@code T = totalSteps}:
 *
 * <pre>
 * epoch &lt; W:      lr = base·(epoch + 1)/W                 (reaches base at epoch W − 1; never 0)
 * W &lt;= epoch &lt; T: lr = minLr + (base − minLr)·(1 + cos(π·(epoch − W)/(T − W)))/2
 * epoch &gt;= T:     lr = minLr
 * </pre>
 *
 * {@code minLr} is absolute (the same for every group).
 */
public final class WarmupCosine extends LRScheduler {
    private final int warmupSteps, totalSteps;
    private final double minLr;

    public WarmupCosine(Optimizer optimizer, int warmupSteps, int totalSteps, double minLr) {
        super(optimizer);
        if (warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("WarmupCosine: need 0 <= warmupSteps < totalSteps, got warmupSteps "
                    + warmupSteps + " and totalSteps " + totalSteps);
        }
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.minLr = minLr;
        initialStep();
    }

    public WarmupCosine(Optimizer optimizer, int warmupSteps, int totalSteps) { this(optimizer, warmupSteps, totalSteps, 0); }

    @Override
    public double lrAt(int group, int epoch) {
        double base = baseLrs[group];
        if (epoch < warmupSteps) return base * (epoch + 1) / warmupSteps;
        if (epoch >= totalSteps) return minLr;
        double progress = (double) (epoch - warmupSteps) / (totalSteps - warmupSteps);
        return minLr + (base - minLr) * (1 + Math.cos(Math.PI * progress)) / 2;
    }
}
