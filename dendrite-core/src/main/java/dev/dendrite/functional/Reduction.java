package dev.dendrite.functional;

/**
 * How a loss turns its per-element values into the result, as PyTorch's {@code reduction} argument:
 * {@code NONE} keeps them, {@code MEAN} averages (each loss documents its divisor: the weighted
 * losses divide by the total weight), {@code SUM} adds them up. {@code BATCHMEAN} (the sum divided
 * by the batch size, dim 0) is accepted only by {@link Losses#klDiv}, where it gives the true KL
 * divergence per sample; the other losses reject it.
 */
public enum Reduction {
    NONE, MEAN, SUM, BATCHMEAN;

    /** PyTorch's spelling ("none", "mean", "sum", "batchmean"), for printing. */
    public String torchName() { return name().toLowerCase(); }
}
