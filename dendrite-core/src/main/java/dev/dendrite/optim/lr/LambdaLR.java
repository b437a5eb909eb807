package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * The rate is the base rate times a factor computed by a function of the epoch:
 * {@code lr = base·factor(epoch)}; one function for all groups or one per group.
 */
public final class LambdaLR extends LRScheduler {
    private final List<IntToDoubleFunction> factors;

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction factor) {
        this(optimizer, java.util.Collections.nCopies(optimizer.paramGroups().size(), factor));
    }

    public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> perGroup) {
        super(optimizer);
        if (perGroup.size() != optimizer.paramGroups().size()) {
            throw new IllegalArgumentException("LambdaLR: expected " + optimizer.paramGroups().size()
                    + " functions (one per parameter group), got " + perGroup.size());
        }
        this.factors = List.copyOf(perGroup);
        initialStep();
    }

    @Override
    public double lrAt(int group, int epoch) { return baseLrs[group] * factors.get(group).applyAsDouble(epoch); }
}
