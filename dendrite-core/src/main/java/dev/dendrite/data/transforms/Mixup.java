package dev.dendrite.data.transforms;

import dev.dendrite.data.Batch;
import dev.dendrite.data.SeededFunction;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * mixup (Zhang et al., 2018) on a batch: draws {@code lambda ~ Beta(alpha, alpha)} and blends
 * each example with the previous one in the batch (the batch rolled by one, as torchvision's
 * v2.MixUp pairs them): {@code x' = lambda x + (1 - lambda) x_rolled}, and the same for the
 * one-hot targets.
 */
public record Mixup(double alpha, int numClasses) implements SeededFunction<Batch, Batch> {
    public Mixup {
        if (!(alpha > 0)) throw new IllegalArgumentException("Mixup: alpha must be > 0, got " + alpha);
        if (numClasses < 1) throw new IllegalArgumentException("Mixup: numClasses must be >= 1, got " + numClasses);
    }

    /**
     * The batch with mixed inputs and soft targets, for {@code Collate.stack().andThen(mixup)}
     * (the batch's generator is the one the loader derives per batch).
     */
    @Override
    public Batch apply(Batch batch, Generator gen) {
        Mixed m = apply(batch.input(), batch.target(), gen);
        return new Batch(m.input(), m.target());
    }

    public Mixed apply(Tensor input, Tensor target, Generator gen) {
        if (input.dim() < 1 || input.size(0) < 1 || !input.isFloatingPoint()) {
            throw new IllegalArgumentException("Mixup: expected a floating batch [N, ...], got " + input.dtype() + " " + Arrays.toString(input.shape()));
        }
        int n = input.size(0);
        float[] y = Mixed.softTargets("Mixup", target, n, numClasses);
        double lam = Sampling.beta(alpha, alpha, gen);
        float[] x = Mixed.mixRolled(input.toFloatArray(), n, input.numel() / n, lam);
        Tensor xt = Tensor.of(x, input.shape());
        if (input.dtype() == Dtype.FLOAT64) xt = xt.to(Dtype.FLOAT64);
        return new Mixed(xt, Tensor.of(Mixed.mixRolled(y, n, numClasses, lam), n, numClasses), lam);
    }
}
