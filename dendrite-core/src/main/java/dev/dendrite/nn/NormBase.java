package dev.dendrite.nn;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * The state shared by batch and instance normalization (torch's {@code _NormBase}): an optional
 * per-channel affine {@code weight} (ones) and {@code bias} (zeros), and optional running
 * statistics {@code running_mean} (zeros), {@code running_var} (ones) and {@code num_batches_tracked}
 * (an int64 count), registered under torch's names so state dicts interchange.
 */
public abstract class NormBase extends Module {
    /**
     * The options of batch and instance norm. {@code momentum} null means a cumulative moving
     * average (each batch weighted 1/num_batches_tracked), as torch's {@code momentum=None}.
     */
    public record Options(double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        /** BatchNorm's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
        public static Options batchNorm() { return new Options(1e-5, 0.1, true, true); }

        /** InstanceNorm's defaults: eps 1e-5, momentum 0.1, no affine, no running statistics. */
        public static Options instanceNorm() { return new Options(1e-5, 0.1, false, false); }

        public Options eps(double v) { return new Options(v, momentum, affine, trackRunningStats); }
        public Options momentum(Double v) { return new Options(eps, v, affine, trackRunningStats); }
        public Options affine(boolean v) { return new Options(eps, momentum, v, trackRunningStats); }
        public Options trackRunningStats(boolean v) { return new Options(eps, momentum, affine, v); }
    }

    public final int numFeatures;
    public final Options options;
    protected final Tensor weight, bias, runningMean, runningVar, numBatchesTracked;

    protected NormBase(int numFeatures, Options options) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got " + numFeatures);
        }
        if (options.momentum() != null && !(options.momentum() >= 0 && options.momentum() <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must lie in [0, 1], got " + options.momentum());
        }
        this.numFeatures = numFeatures;
        this.options = options;
        this.weight = options.affine() ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        this.bias = options.affine() ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        if (options.trackRunningStats()) {
            runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
            runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
            numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros(Dtype.INT64));
        } else {
            runningMean = runningVar = numBatchesTracked = null;
        }
    }

    public Tensor weight() { return weight; }
    public Tensor bias() { return bias; }
    public Tensor runningMean() { return runningMean; }
    public Tensor runningVar() { return runningVar; }
    public Tensor numBatchesTracked() { return numBatchesTracked; }

    /** Zeroes the running mean and the batch count and sets the running variance to ones. */
    public void resetRunningStats() {
        if (runningMean == null) return;
        try (var s = Autograd.noGrad()) {
            runningMean.zero_();
            runningVar.fill_(1);
            numBatchesTracked.zero_();
        }
    }

    /** Checks the rank with a message naming the layer and the expected layout. */
    protected void checkRank(Tensor input, String layout, int... ranks) {
        for (int r : ranks) if (input.dim() == r) return;
        throw new IllegalArgumentException(getClass().getSimpleName() + ": expected input of rank " + layout + ", got shape "
                + Arrays.toString(input.shape()));
    }

    /**
     * The averaging factor for this training step: momentum, or 1/num_batches_tracked for the
     * cumulative average; counts the batch when tracking.
     */
    protected double stepMomentum() {
        double factor = options.momentum() == null ? 0.0 : options.momentum();
        if (isTraining() && options.trackRunningStats()) {
            long n;
            try (var s = Autograd.noGrad()) {
                numBatchesTracked.add_(1);
                n = numBatchesTracked.itemLong();
            }
            if (options.momentum() == null) factor = 1.0 / n;
        }
        return factor;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + options.eps() + ", momentum=" + (options.momentum() == null ? "None" : options.momentum())
                + ", affine=" + (options.affine() ? "True" : "False")
                + ", track_running_stats=" + (options.trackRunningStats() ? "True" : "False");
    }
}
