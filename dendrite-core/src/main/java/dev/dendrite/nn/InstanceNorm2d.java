package dev.dendrite.nn;

import dev.dendrite.functional.Normalization;
import dev.dendrite.tensor.Tensor;

/**
 * Instance normalization over each (sample, channel) plane of [N, C, H, W] (or unbatched [C, H, W])
 * input, as torch.nn.InstanceNorm2d: by default without affine parameters and without running
 * statistics. With {@code trackRunningStats}, evaluation mode normalizes with the running
 * statistics, which training updates with the batch-averaged instance statistics.
 */
public class InstanceNorm2d extends NormBase {
    public InstanceNorm2d(int numFeatures) { this(numFeatures, Options.instanceNorm()); }

    public InstanceNorm2d(int numFeatures, Options options) { super(numFeatures, options); }

    /** torch's positional form: {@code InstanceNorm2d(num_features, eps, momentum, affine, track_running_stats)}. */
    public InstanceNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this(numFeatures, new Options(eps, momentum, affine, trackRunningStats));
    }

    @Override
    public Tensor forward(Tensor input) {
        checkRank(input, "3 [C, H, W] or 4 [N, C, H, W]", 3, 4);
        if (input.dim() == 3) return forward(input.unsqueeze(0)).squeeze(0);
        if (input.size(1) != numFeatures && (options.affine() || options.trackRunningStats())) {
            throw new IllegalArgumentException("InstanceNorm2d: expected " + numFeatures + " channels, got " + input.size(1)
                    + " in input of shape " + java.util.Arrays.toString(input.shape()));
        }
        // as torch's instance norm: a plain momentum (None counts as 0); num_batches_tracked is not counted
        double factor = options.momentum() == null ? 0.0 : options.momentum();
        boolean useInputStats = isTraining() || !options.trackRunningStats();
        return Normalization.instanceNorm(input, runningMean, runningVar, weight, bias, useInputStats, factor, options.eps());
    }
}
