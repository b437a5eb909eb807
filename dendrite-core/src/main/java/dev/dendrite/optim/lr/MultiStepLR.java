package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

import java.util.Arrays;

/**
 * Decays each group's rate by {@code gamma} at each milestone epoch:
 * {@code lr = base·gamma^(number of milestones <= epoch)} (a milestone listed twice counts twice, as in PyTorch).
 */
public final class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        initialStep();
    }

    /** gamma 0.1, PyTorch's default. */
    public MultiStepLR(Optimizer optimizer, int... milestones) { this(optimizer, milestones, 0.1); }

    @Override
    public double lrAt(int group, int epoch) {
        int passed = 0;
        for (int m : milestones) if (m <= epoch) passed++;
        return baseLrs[group] * Math.pow(gamma, passed);
    }
}
