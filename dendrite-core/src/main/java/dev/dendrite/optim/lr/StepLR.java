package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

/** Decays each group's rate by {@code gamma} every {@code stepSize} epochs: {@code lr = base·gamma^⌊epoch/stepSize⌋}. */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /** gamma defaults to 0.1 in PyTorch; see {@link #StepLR(Optimizer, int)}. */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) throw new IllegalArgumentException("StepLR: stepSize must be >= 1, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, 0.1); }

    @Override
    public double lrAt(int group, int epoch) { return baseLrs[group] * Math.pow(gamma, Math.floorDiv(epoch, stepSize)); }
}
