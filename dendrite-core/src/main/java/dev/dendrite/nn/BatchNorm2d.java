package dev.dendrite.nn;

import dev.dendrite.functional.Normalization;
import dev.dendrite.tensor.Tensor;

/**
 * Batch normalization over a mini-batch of [N, C, H, W] images, as torch.nn.BatchNorm2d: per channel, training mode normalizes with the
 * batch statistics (biased variance) and updates the running statistics by momentum (unbiased
 * variance); evaluation mode normalizes with the running statistics. Without running statistics
 * ({@code trackRunningStats=false}) the batch statistics are used in both modes.
 */
public class BatchNorm2d extends NormBase {
    public BatchNorm2d(int numFeatures) { this(numFeatures, Options.batchNorm()); }

    public BatchNorm2d(int numFeatures, Options options) { super(numFeatures, options); }

    /** torch's positional form: {@code BatchNorm2d(num_features, eps, momentum, affine, track_running_stats)}. */
    public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this(numFeatures, new Options(eps, momentum, affine, trackRunningStats));
    }

    @Override
    public Tensor forward(Tensor input) {
        checkRank(input, "4 [N, C, H, W]", 4);
        double factor = stepMomentum();
        boolean useBatchStats = isTraining() || runningMean == null;
        // in training without tracking, the buffers (absent) are not updated
        boolean passStats = !isTraining() || options.trackRunningStats();
        return Normalization.batchNorm(input, passStats ? runningMean : null, passStats ? runningVar : null,
                weight, bias, useBatchStats, factor, options.eps());
    }
}
