package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/**
 * The sigmoid focal loss of Lin et al. (2017) on logits, exactly torchvision.ops.sigmoid_focal_loss
 * (alpha 0.25, gamma 2); see {@link Losses#sigmoidFocalLoss} for the formula. Unlike that function
 * (whose default reduction is none), this module reduces by mean by default, like every loss module.
 */
public class FocalLoss extends Loss<FocalLoss> implements Criterion {
    private double alpha = 0.25, gamma = 2;

    /** The weight of the positive class in [0, 1]; negative turns the weighting off. */
    public FocalLoss alpha(double alpha) {
        this.alpha = alpha;
        return this;
    }

    /** The focusing exponent, >= 0 (0 gives the alpha-weighted BCE). */
    public FocalLoss gamma(double gamma) {
        if (!(gamma >= 0)) throw new IllegalArgumentException("FocalLoss: gamma must be >= 0, got " + gamma);
        this.gamma = gamma;
        return this;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.sigmoidFocalLoss(input, target, alpha, gamma, reduction());
    }

    @Override
    void describe(StringJoiner o) {
        o.add("alpha=" + alpha);
        o.add("gamma=" + gamma);
    }
}
