package dev.dendrite.train;

/** Thrown by the trainer's NaN guard when a training loss is NaN or infinite. */
public final class NonFiniteLossException extends RuntimeException {
    private final int epoch;
    private final long step;
    private final double lastFiniteLoss;

    public NonFiniteLossException(double loss, int epoch, long step, double lastFiniteLoss) {
        super((Double.isNaN(loss) ? "NaN" : loss > 0 ? "Inf" : "-Inf") + " loss at epoch " + epoch + ", step " + step
                + "; last finite loss " + (Double.isNaN(lastFiniteLoss) ? "none" : String.format(java.util.Locale.ROOT, "%.4f", lastFiniteLoss))
                + "; try a lower learning rate or gradient clipping");
        this.epoch = epoch;
        this.step = step;
        this.lastFiniteLoss = lastFiniteLoss;
    }

    /** The 1-based epoch. */
    public int epoch() { return epoch; }

    /** The 1-based batch within that epoch. */
    public long step() { return step; }

    public double lastFiniteLoss() { return lastFiniteLoss; }
}
