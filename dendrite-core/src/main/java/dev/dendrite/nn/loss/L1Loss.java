package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

/** Mean absolute error, {@code |input - target|}; see {@link Losses#l1Loss}. */
public class L1Loss extends Loss<L1Loss> implements Criterion {
    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.l1Loss(input, target, reduction()); }
}
