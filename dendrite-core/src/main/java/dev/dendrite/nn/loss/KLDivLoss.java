package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/**
 * KL divergence of log-probabilities from a target (probabilities, or log-probabilities with
 * {@code logTarget}); the only loss that takes {@code Reduction.BATCHMEAN}. See {@link Losses#klDiv}.
 */
public class KLDivLoss extends Loss<KLDivLoss> implements Criterion {
    private boolean logTarget;

    public KLDivLoss logTarget(boolean logTarget) {
        this.logTarget = logTarget;
        return this;
    }

    @Override
    boolean acceptsBatchmean() { return true; }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.klDiv(input, target, reduction(), logTarget); }

    @Override
    void describe(StringJoiner o) { if (logTarget) o.add("log_target=True"); }
}
