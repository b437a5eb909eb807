package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

/** Mean squared error, {@code (input - target)^2}; see {@link Losses#mseLoss}. */
public class MSELoss extends Loss<MSELoss> implements Criterion {
    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.mseLoss(input, target, reduction()); }
}
