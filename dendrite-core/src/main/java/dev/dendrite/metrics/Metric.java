package dev.dendrite.metrics;

import dev.dendrite.tensor.Tensor;

/**
 * A streaming metric: {@link #update} with each batch's model output and target, {@link #compute}
 * the value over everything seen since the last {@link #reset}. Updates read the tensors' values
 * only (no autograd), accumulating in double or exact counts, so the result does not depend on
 * how the data was split into batches.
 */
public interface Metric {
    /** The name used in logs ({@code accuracy}, {@code f1_macro}, ...). */
    String name();

    void update(Tensor output, Tensor target);

    /** The value over all updates since the last reset; NaN when nothing has been seen. */
    double compute();

    void reset();

    /** A fresh metric with the same settings and no data (the trainer keeps one for training and one for validation). */
    Metric copy();
}
