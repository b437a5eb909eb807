package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

import java.util.List;
import java.util.Map;

/**
 * Runs schedules one after another, as PyTorch's SequentialLR: schedule {@code k} is in charge from
 * milestone {@code k − 1} (inclusive) to milestone {@code k}, and restarts at its own epoch 0 when
 * it takes over. For example warmup then cosine:
 *
 * <pre>{@code
 * new SequentialLR(opt, List.of(new LinearLR(opt, 0.01, 1, 100), new CosineAnnealingLR(opt, 900)), 100)
 * }</pre>
 *
 * Construction puts the first schedule at its epoch 0.
 */
public final class SequentialLR extends LRScheduler {
    private final List<LRScheduler> schedulers;
    private final int[] milestones;

    public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int... milestones) {
        super(optimizer);
        if (schedulers.isEmpty()) throw new IllegalArgumentException("SequentialLR: expected at least one scheduler");
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("SequentialLR: expected " + (schedulers.size() - 1)
                    + " milestones (one fewer than the " + schedulers.size() + " schedulers), got " + milestones.length);
        }
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                throw new IllegalArgumentException("SequentialLR: milestones must be positive and increasing, got "
                        + java.util.Arrays.toString(milestones));
            }
        }
        for (LRScheduler s : schedulers) {
            if (s.optimizer() != optimizer) {
                throw new IllegalArgumentException("SequentialLR: every scheduler must drive the same optimizer; "
                        + s.getClass().getSimpleName() + " drives another");
            }
        }
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        for (LRScheduler s : schedulers) s.setEpoch(-1);
        initialStep();
    }

    private int active(int epoch) {
        int k = 0;
        while (k < milestones.length && epoch >= milestones[k]) k++;
        return k;
    }

    private int localEpoch(int k, int epoch) { return k == 0 ? epoch : epoch - milestones[k - 1]; }

    @Override
    public double lrAt(int group, int epoch) {
        int k = active(epoch);
        return schedulers.get(k).lrAt(group, localEpoch(k, epoch));
    }

    @Override
    void apply(int epoch) {
        int k = active(epoch);
        LRScheduler s = schedulers.get(k);
        s.setEpoch(localEpoch(k, epoch));
        s.apply(localEpoch(k, epoch));   // the child also sets its momentum, if it cycles one
        double[] lrs = new double[numGroups()];
        for (int i = 0; i < lrs.length; i++) lrs[i] = s.getLastLr().get(i);
        setLrs(lrs);
    }

    @Override
    protected void saveExtra(Map<String, Double> out) {
        for (int k = 0; k < schedulers.size(); k++) {
            for (var e : schedulers.get(k).stateDict().entrySet()) out.put("schedulers." + k + "." + e.getKey(), e.getValue());
        }
    }

    @Override
    protected void loadExtra(Map<String, Double> state) {
        for (int k = 0; k < schedulers.size(); k++) {
            schedulers.get(k).loadStateDict(ChainedScheduler.sub(state, "schedulers." + k + "."));
        }
    }
}
