package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/**
 * The pairwise contrastive loss of Hadsell, Chopra and LeCun (2006), with target 0 for a similar
 * pair and 1 for a dissimilar one: {@code (1 - Y) D^2 / 2 + Y max(0, margin - D)^2 / 2} with D the
 * Euclidean distance (default margin 1); see {@link Losses#contrastiveLoss}.
 */
public class ContrastiveLoss extends Loss<ContrastiveLoss> {
    private double margin = 1.0;

    public ContrastiveLoss margin(double margin) {
        if (!(margin > 0)) throw new IllegalArgumentException("ContrastiveLoss: margin must be > 0, got " + margin);
        this.margin = margin;
        return this;
    }

    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return Losses.contrastiveLoss(input1, input2, target, margin, reduction());
    }

    @Override
    void describe(StringJoiner o) { if (margin != 1.0) o.add("margin=" + margin); }
}
