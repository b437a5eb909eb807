package dev.dendrite.nn.loss;

import dev.dendrite.functional.Losses;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/**
 * {@code max(d(a, p) - d(a, n) + margin, 0)} with the p-norm distance (defaults: margin 1, p 2,
 * eps 1e-6, no swap); see {@link Losses#tripletMarginLoss}.
 */
public class TripletMarginLoss extends Loss<TripletMarginLoss> {
    private double margin = 1.0, p = 2, eps = 1e-6;
    private boolean swap;

    public TripletMarginLoss margin(double margin) {
        this.margin = margin;
        return this;
    }

    public TripletMarginLoss p(double p) {
        this.p = p;
        return this;
    }

    public TripletMarginLoss eps(double eps) {
        this.eps = eps;
        return this;
    }

    /** The distance swap of Balntas et al. (2016): the negative distance is min(d(a, n), d(p, n)). */
    public TripletMarginLoss swap(boolean swap) {
        this.swap = swap;
        return this;
    }

    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return Losses.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction());
    }

    @Override
    void describe(StringJoiner o) {
        if (margin != 1.0) o.add("margin=" + margin);
        if (p != 2) o.add("p=" + p);
        if (swap) o.add("swap=True");
    }
}
