package dev.dendrite.train;

import dev.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when a monitored epoch value has not improved by more than {@code minDelta}
 * for {@code patience} epochs, as Keras' EarlyStopping. With {@code restoreBestWeights} the model
 * gets back the weights of its best epoch when training ends (copies are kept in memory).
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBestWeights;
    private double best = Double.NaN;
    private int bestEpoch = -1;
    private int wait;
    private Map<String, Tensor> bestWeights;

    /** Monitors {@code monitor} in auto mode, no min delta, not restoring. */
    public EarlyStopping(String monitor, int patience) { this(monitor, patience, 0, "auto", false); }

    /** @param mode "min", "max" or "auto" (max for accuracy-like names, else min) */
    public EarlyStopping(String monitor, int patience, double minDelta, String mode, boolean restoreBestWeights) {
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        this.monitor = Monitor.of(monitor, mode, minDelta, "EarlyStopping");
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    @Override
    public void onFitStart(TrainContext ctx) {
        best = Double.NaN;
        bestEpoch = -1;
        wait = 0;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(TrainContext ctx) {
        double v = monitor.read(ctx.logs(), "EarlyStopping");
        if (monitor.improves(v, best)) {
            best = v;
            bestEpoch = ctx.epoch();
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = new LinkedHashMap<>();
                for (var e : ctx.model().stateDict().entrySet()) bestWeights.put(e.getKey(), e.getValue().detach().contiguousCopy());
            }
        } else if (++wait > patience) {
            ctx.stopTraining(String.format(java.util.Locale.ROOT,
                    "early stopping: %s did not improve for %d epochs (best %.6g at epoch %d)", monitor.key(), wait, best, bestEpoch + 1));
        }
    }

    @Override
    public void onFitEnd(TrainContext ctx) {
        if (restoreBestWeights && bestWeights != null && bestEpoch != ctx.epoch()) ctx.model().loadStateDict(bestWeights, true);
    }

    public double best() { return best; }

    /** The 0-based epoch of the best value (-1 before any). */
    public int bestEpoch() { return bestEpoch; }

    public int epochsWithoutImprovement() { return wait; }
}
