package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

/**
 * Cosine annealing (Loshchilov and Hutter, SGDR) without restarts, in PyTorch's closed form:
 * {@code lr = etaMin + (base − etaMin)·(1 + cos(π·epoch/tMax))/2}. After {@code tMax} epochs the
 * cosine continues (the rate rises again), as in PyTorch.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) throw new IllegalArgumentException("CosineAnnealingLR: tMax must be >= 1, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, 0); }

    @Override
    public double lrAt(int group, int epoch) {
        return etaMin + (baseLrs[group] - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
