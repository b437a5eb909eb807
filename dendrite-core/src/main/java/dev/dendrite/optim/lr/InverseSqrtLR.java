package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

/**
 * The Transformer's schedule (Vaswani et al., 2017, section 5.3), linear warmup then decay with the
 * inverse square root of the step: the paper's
 * {@code d_model^−0.5·min(s^−0.5, s·warmup^−1.5)}, normalized so that the peak, reached at
 * {@code s = warmupSteps}, is the group's base rate. With {@code s = epoch + 1} (the paper counts
 * steps from 1):
 *
 * <pre>
 * lr = base · min(s/warmupSteps, √(warmupSteps/s))        (warmupSteps &gt; 0)
 * lr = base / √s                                           (warmupSteps = 0: decay only)
 * </pre>
 *
 * The paper's rate is the case {@code base = d_model^−0.5·warmupSteps^−0.5}.
 */
public final class InverseSqrtLR extends LRScheduler {
    private final int warmupSteps;

    public InverseSqrtLR(Optimizer optimizer, int warmupSteps) {
        super(optimizer);
        if (warmupSteps < 0) throw new IllegalArgumentException("InverseSqrtLR: warmupSteps must be >= 0, got " + warmupSteps);
        this.warmupSteps = warmupSteps;
        initialStep();
    }

    @Override
    public double lrAt(int group, int epoch) {
        double s = epoch + 1.0;
        if (warmupSteps == 0) return baseLrs[group] / Math.sqrt(s);
        return baseLrs[group] * Math.min(s / warmupSteps, Math.sqrt(warmupSteps / s));
    }
}
