package dev.dendrite.train;

/**
 * Hooks into {@link Trainer#fit}. Every hook receives the same live {@link TrainContext}: the
 * epoch and step counters, the current logs, the model and optimizer, and
 * {@link TrainContext#stopTraining} to end the run. All hooks default to doing nothing.
 *
 * <p>Order within an epoch: {@code onEpochStart}, then {@code onBatchEnd} after each training
 * batch (logs: running training loss and metrics, lr), then validation, the epoch's scheduler
 * step, and {@code onEpochEnd} (logs: the epoch's training and {@code val_} values).
 * {@code onFitEnd} runs also when training ends with an error (a NaN loss), so logs are closed.
 */
public interface Callback {
    default void onFitStart(TrainContext ctx) {}

    default void onEpochStart(TrainContext ctx) {}

    default void onBatchEnd(TrainContext ctx) {}

    default void onEpochEnd(TrainContext ctx) {}

    default void onFitEnd(TrainContext ctx) {}
}
