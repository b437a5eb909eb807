package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

/**
 * Binary cross entropy of logits in the stable softplus form, with an optional weight and
 * pos_weight (the weight of positive examples, per class along the last dim); see
 * {@link Losses#binaryCrossEntropyWithLogits}.
 */
public class BCEWithLogitsLoss extends Loss<BCEWithLogitsLoss> implements Criterion {
    private Tensor weight, posWeight;

    public BCEWithLogitsLoss weight(Tensor weight) {
        this.weight = weight;
        return this;
    }

    public BCEWithLogitsLoss posWeight(Tensor posWeight) {
        this.posWeight = posWeight;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target, weight, reduction(), posWeight);
    }
}
