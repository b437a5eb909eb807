package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

/** Binary cross entropy of probabilities, with an optional weight; see {@link Losses#binaryCrossEntropy}. */
public class BCELoss extends Loss<BCELoss> implements Criterion {
    private Tensor weight;

    /** A rescaling weight broadcast to the input (or null). */
    public BCELoss weight(Tensor weight) {
        this.weight = weight;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropy(input, target, weight, reduction());
    }
}
