package dev.dendrite.train;

import dev.dendrite.metrics.ConfusionMatrix;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.Optimizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What callbacks see of a run. Counters: {@link #epoch()} is the 0-based epoch running (or just
 * finished, in {@code onEpochEnd}), {@link #batch()} the number of training batches done in it,
 * {@link #globalStep()} the optimizer steps since the start of training (across resumes),
 * {@link #globalBatch()} the training batches since the start.
 */
public final class TrainContext {
    private final Trainer trainer;
    int epoch;
    int epochs;
    int batch;
    int batchesPerEpoch = -1;
    long globalStep;
    long globalBatch;
    Map<String, Double> logs = Map.of();
    final List<Map<String, Double>> history = new ArrayList<>();
    ConfusionMatrix confusionMatrix;
    private boolean stopRequested;
    private String stopReason;

    TrainContext(Trainer trainer) { this.trainer = trainer; }

    public Trainer trainer() { return trainer; }

    public Module model() { return trainer.model(); }

    public Optimizer optimizer() { return trainer.optimizer(); }

    public int epoch() { return epoch; }

    /** The epoch count {@code fit} runs to. */
    public int epochs() { return epochs; }

    public int batch() { return batch; }

    /** Training batches per epoch, or -1 while unknown (an unsized iterable in its first epoch). */
    public int batchesPerEpoch() { return batchesPerEpoch; }

    public long globalStep() { return globalStep; }

    public long globalBatch() { return globalBatch; }

    /** The current logs (batch logs in {@code onBatchEnd}, epoch logs in {@code onEpochEnd}); read-only. */
    public Map<String, Double> logs() { return logs; }

    /** The epoch logs of every epoch finished in this run, oldest first (epoch number under {@code "epoch"}). */
    public List<Map<String, Double>> history() { return Collections.unmodifiableList(history); }

    /** The confusion matrix of the last validation, when the trainer was asked to keep one; else null. */
    public ConfusionMatrix confusionMatrix() { return confusionMatrix; }

    /** Ends training after the current epoch (or right away if called in {@code onBatchEnd}: after this batch). */
    public void stopTraining(String reason) {
        stopRequested = true;
        stopReason = reason;
    }

    public boolean isStopRequested() { return stopRequested; }

    public String stopReason() { return stopReason; }

    void clearStop() {
        stopRequested = false;
        stopReason = null;
    }

    static Map<String, Double> freeze(Map<String, Double> m) { return Collections.unmodifiableMap(new LinkedHashMap<>(m)); }
}
