package dev.dendrite.kernels;

/** Reductions that kernels compute directly; mean, var, norm and logsumexp are built from these. */
public enum ReduceOp {
    SUM, PROD, MAX, MIN, ARGMAX, ARGMIN, ALL, ANY;

    public double identity() {
        return switch (this) {
            case SUM, ANY -> 0;
            case PROD, ALL -> 1;
            case MAX, ARGMAX -> Double.NEGATIVE_INFINITY;
            case MIN, ARGMIN -> Double.POSITIVE_INFINITY;
        };
    }
}
