package dev.dendrite.nn.loss;

import dev.dendrite.functional.Reduction;

import java.util.StringJoiner;

/**
 * The common part of the loss modules: the reduction (mean by default, as PyTorch) and a printed
 * form like PyTorch's ({@code CrossEntropyLoss(label_smoothing=0.1)}). Options are set fluently:
 * {@code new CrossEntropyLoss().labelSmoothing(0.1).reduction(Reduction.SUM)}.
 *
 * <p>Losses are not {@link dev.dendrite.nn.Module}s: a module's forward takes one tensor, while a
 * loss takes an input and a target (or three or four tensors: triplets, ranking pairs, CTC's
 * lengths), and a loss has no parameters to train. Each loss class has a {@code forward} with its
 * own arguments; the two-argument ones also implement {@link Criterion}, the shape a training loop
 * asks for. Class weights are plain tensors held by the loss (not buffers, as there is no state dict).
 *
 * @param <L> the concrete loss, so that the fluent setters keep their type
 */
public abstract class Loss<L extends Loss<L>> {
    private Reduction reduction = Reduction.MEAN;

    /** Sets how the per-element losses are combined (none, mean or sum). */
    public L reduction(Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": reduction must not be null");
        if (reduction == Reduction.BATCHMEAN && !acceptsBatchmean()) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": reduction 'batchmean' is only defined for KLDivLoss; use none, mean or sum");
        }
        this.reduction = reduction;
        return self();
    }

    public Reduction reduction() { return reduction; }

    /** Only KL divergence has a 'batchmean' reduction. */
    boolean acceptsBatchmean() { return false; }

    @SuppressWarnings("unchecked")
    final L self() { return (L) this; }

    /** Adds the loss's non-default options, PyTorch-style ({@code margin=0.5}), to its printed form. */
    void describe(StringJoiner options) {}

    @Override
    public String toString() {
        StringJoiner options = new StringJoiner(", ");
        describe(options);
        if (reduction != Reduction.MEAN) options.add("reduction=" + reduction.torchName());
        return getClass().getSimpleName() + "(" + options + ")";
    }
}
