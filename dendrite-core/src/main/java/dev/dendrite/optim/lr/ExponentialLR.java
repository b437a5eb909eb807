package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

/** Decays each group's rate by {@code gamma} every epoch: {@code lr = base·gamma^epoch}. */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    public double lrAt(int group, int epoch) { return baseLrs[group] * Math.pow(gamma, epoch); }
}
