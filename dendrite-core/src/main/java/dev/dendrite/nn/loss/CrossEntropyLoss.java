package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/**
 * Cross entropy of logits against class indices or class probabilities, with class weights,
 * ignore_index (default -100) and label smoothing; see {@link Losses#crossEntropy}.
 * {@code new CrossEntropyLoss().labelSmoothing(0.1).forward(logits, target)}.
 */
public class CrossEntropyLoss extends Loss<CrossEntropyLoss> implements Criterion {
    private Tensor weight;
    private long ignoreIndex = -100;
    private double labelSmoothing;

    /** One weight per class (or null). */
    public CrossEntropyLoss weight(Tensor weight) {
        this.weight = weight;
        return this;
    }

    public CrossEntropyLoss ignoreIndex(long ignoreIndex) {
        this.ignoreIndex = ignoreIndex;
        return this;
    }

    public CrossEntropyLoss labelSmoothing(double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: label_smoothing must lie in [0, 1], got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, reduction(), labelSmoothing);
    }

    @Override
    void describe(StringJoiner o) {
        if (ignoreIndex != -100) o.add("ignore_index=" + ignoreIndex);
        if (labelSmoothing != 0) o.add("label_smoothing=" + labelSmoothing);
    }
}
