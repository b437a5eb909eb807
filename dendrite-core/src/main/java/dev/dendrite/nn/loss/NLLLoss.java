package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/** Negative log likelihood of log-probabilities at class indices, with class weights and ignore_index; see {@link Losses#nllLoss}. */
public class NLLLoss extends Loss<NLLLoss> implements Criterion {
    private Tensor weight;
    private long ignoreIndex = -100;

    public NLLLoss weight(Tensor weight) {
        this.weight = weight;
        return this;
    }

    public NLLLoss ignoreIndex(long ignoreIndex) {
        this.ignoreIndex = ignoreIndex;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.nllLoss(input, target, weight, ignoreIndex, reduction());
    }

    @Override
    void describe(StringJoiner o) { if (ignoreIndex != -100) o.add("ignore_index=" + ignoreIndex); }
}
