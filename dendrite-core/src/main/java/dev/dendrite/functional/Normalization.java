package dev.dendrite.functional;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.ArrayKernels;
import dev.dendrite.kernels.BinaryOp;
import dev.dendrite.kernels.Kernels;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.ReduceOp;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Normalization layers' functional forms, as in {@code torch.nn.functional}: batch, layer, group,
 * instance, local-response and RMS normalization.
 */
public final class Normalization {
    private Normalization() {}

    private static String shape(Tensor t) { return Arrays.toString(t.shape()); }

    // ================================================================ batch norm

    /**
     * Batch normalization over dim 1 of an input [N, C, *]. In training mode the batch statistics
     * (biased variance) normalize the input and, when running statistics are given, update them in
     * place by {@code running = (1 - momentum) running + momentum batch} with the unbiased variance
     * (as torch does). Otherwise the running statistics normalize the input. {@code weight},
     * {@code bias}, {@code runningMean} and {@code runningVar} may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("batchNorm: expected input of rank >= 2 [N, C, *], got shape " + shape(x));
        }
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException("batchNorm: expected a floating-point input, got " + x.dtype().torchName());
        }
        int c = x.size(1);
        checkChannels(runningMean, c);
        checkChannels(runningVar, c);
        checkChannels(weight, c);
        checkChannels(bias, c);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: running_mean and running_var must both be given or both be null");
        }
        if (!training) {
            if (runningMean == null) {
                throw new IllegalArgumentException("batchNorm: evaluation (training=false) needs running_mean and running_var");
            }
            return affineChannels(x, runningMean, runningVar.add(eps).rsqrt(), weight, bias);
        }
        int m = x.numel() / c;
        if (m <= 1) {
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input "
                    + "of shape " + shape(x));
        }
        BatchStats stats = BatchNormKernels.forward(x, weight, bias, eps);
        if (runningMean != null) {
            try (var s = Autograd.noGrad()) {
                Tensor mean = stats.mean.to(runningMean.dtype());
                Tensor unbiased = stats.var.mul((double) m / (m - 1)).to(runningVar.dtype());
                runningMean.mul_(1 - momentum).add_(mean.mul(momentum));
                runningVar.mul_(1 - momentum).add_(unbiased.mul(momentum));
            }
        }
        Tensor out = stats.out;
        if (Autograd.needsGrad(x, weight, bias)) {
            Autograd.record("batchNorm", out, new Tensor[] {x, weight, bias}, g -> {
                if (Autograd.isGradEnabled()) return batchNormBackwardComposed(g, x, weight, bias, eps);
                return BatchNormKernels.backward(g, x, weight, bias, stats, x.isRequiresGrad(),
                        weight != null && weight.isRequiresGrad(), bias != null && bias.isRequiresGrad());
            });
        }
        return out;
    }

    /** Batch statistics of one forward pass, saved for backward: per-channel mean, biased var and 1/sqrt(var + eps). */
    record BatchStats(Tensor out, Tensor mean, Tensor var, Tensor invstd) {}

    private static void checkChannels(Tensor t, int c) {
        if (t != null && (t.dim() != 1 || t.size(0) != c)) {
            throw new IllegalArgumentException("batchNorm: expected " + (t.dim() == 1 ? t.size(0) : Arrays.toString(t.shape()))
                    + " channels, got " + c);
        }
    }

    /** [1, C, 1, ...] for broadcasting a per-channel vector against [N, C, *]. */
    private static Tensor perChannel(Tensor v, int rank) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = v.numel();
        return v.reshape(shape);
    }

    /** {@code (x - mean) * invstd * weight + bias} folded into one scale and shift per channel. */
    private static Tensor affineChannels(Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias) {
        Tensor scale = weight == null ? invstd : invstd.mul(weight);
        Tensor shift = mean.mul(scale).neg();
        if (bias != null) shift = shift.add(bias);
        int r = x.dim();
        return x.mul(perChannel(scale.to(x.dtype()), r)).add(perChannel(shift.to(x.dtype()), r));
    }

    /**
     * The batch-norm derivative written with differentiable ops (used when the backward pass itself
     * records a graph, for double backward): the batch statistics are recomputed from x so that
     * their dependence on x is differentiated too.
     */
    private static Tensor[] batchNormBackwardComposed(Tensor g, Tensor x, Tensor weight, Tensor bias, double eps) {
        int r = x.dim();
        int[] dims = new int[r - 1];
        dims[0] = 0;
        for (int i = 2; i < r; i++) dims[i - 1] = i;
        int m = x.numel() / x.size(1);
        Tensor mean = x.mean(dims, true);
        Tensor centered = x.sub(mean);
        Tensor invstd = centered.square().mean(dims, true).add(eps).rsqrt();
        Tensor xhat = centered.mul(invstd);
        Tensor sumG = g.sum(dims, true);
        Tensor sumGX = g.mul(xhat).sum(dims, true);
        Tensor gx = null;
        if (x.isRequiresGrad()) {
            Tensor scale = weight == null ? invstd : invstd.mul(perChannel(weight, r));
            gx = scale.div(m).mul(g.mul(m).sub(sumG).sub(xhat.mul(sumGX)));
        }
        return new Tensor[] {gx,
                weight != null && weight.isRequiresGrad() ? sumGX.reshape(-1) : null,
                bias != null && bias.isRequiresGrad() ? sumG.reshape(-1) : null};
    }

    // ================================================================ layer norm

    /**
     * Normalizes over the trailing dims given by {@code normalizedShape} (biased variance), then
     * applies the elementwise affine {@code weight}, {@code bias} of that shape (either may be null).
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length;
        int[] xs = x.shape();
        boolean ok = k >= 1 && k <= xs.length
                && Arrays.equals(Arrays.copyOfRange(xs, xs.length - k, xs.length), normalizedShape);
        if (!ok) {
            throw new IllegalArgumentException("layerNorm: input shape " + shape(x) + " does not end in normalized_shape "
                    + Arrays.toString(normalizedShape));
        }
        checkAffine("layerNorm", "weight", weight, normalizedShape);
        checkAffine("layerNorm", "bias", bias, normalizedShape);
        int d = 1;
        for (int v : normalizedShape) d *= v;
        Tensor y = normalizeRows(x, d, eps);
        if (weight != null) y = y.mul(weight);
        if (bias != null) y = y.add(bias);
        return y;
    }

    private static void checkAffine(String op, String what, Tensor t, int[] shape) {
        if (t != null && !Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(op + ": " + what + " of shape " + shape(t) + " does not match "
                    + Arrays.toString(shape));
        }
    }

    /**
     * {@code (x - mean) / sqrt(var + eps)} over each run of {@code d} consecutive elements (the
     * trailing dims of layer norm, or one group of group norm), biased variance. A typed kernel
     * (vectorized loops per row, rows in parallel) with its own derivative
     * {@code dx = rstd (g - mean(g) - xhat mean(g xhat))}; when the backward itself is recorded
     * (double backward) the derivative is composed from differentiable ops instead.
     */
    static Tensor normalizeRows(Tensor x, int d, double eps) {
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException("normalization: expected a floating-point input, got " + x.dtype().torchName());
        }
        Dtype dt = x.dtype();
        Dtype compute = dt == Dtype.FLOAT64 ? Dtype.FLOAT64 : Dtype.FLOAT32;
        Tensor xc = x.detach().to(compute).contiguous();
        int rows = d == 0 ? 0 : xc.numel() / d;
        Tensor out = Tensor.empty(compute, xc.shape());
        double[] rstd = new double[rows];
        ArrayKernels ak = Kernels.arrays();
        int off = xc.storageOffset();
        if (compute == Dtype.FLOAT64) {
            double[] src = xc.storage().doubles(), dst = out.storage().doubles();
            Parallel.forRange(rows, 3L * d, (from, to) -> {
                double[] k = new double[1];
                for (int r = from; r < to; r++) {
                    int base = r * d;
                    k[0] = ak.reduce(ReduceOp.SUM, src, off + base, d) / d;
                    ak.binary(BinaryOp.SUB, src, off + base, 1, k, 0, 0, dst, base, d);
                    double sq = 0;
                    for (int j = 0; j < d; j++) sq += dst[base + j] * dst[base + j];
                    k[0] = rstd[r] = 1 / Math.sqrt(sq / d + eps);
                    ak.binary(BinaryOp.MUL, dst, base, 1, k, 0, 0, dst, base, d);
                }
            });
        } else {
            float[] src = xc.storage().floats(), dst = out.storage().floats();
            Parallel.forRange(rows, 3L * d, (from, to) -> {
                float[] k = new float[1], tmp = new float[d];
                for (int r = from; r < to; r++) {
                    int base = r * d;
                    k[0] = (float) ((double) ak.reduce(ReduceOp.SUM, src, off + base, d) / d);
                    ak.binary(BinaryOp.SUB, src, off + base, 1, k, 0, 0, dst, base, d);
                    ak.binary(BinaryOp.MUL, dst, base, 1, dst, base, 1, tmp, 0, d);
                    double var = (double) ak.reduce(ReduceOp.SUM, tmp, 0, d) / d;
                    rstd[r] = 1 / Math.sqrt(var + eps);
                    k[0] = (float) rstd[r];
                    ak.binary(BinaryOp.MUL, dst, base, 1, k, 0, 0, dst, base, d);
                }
            });
        }
        Tensor y = compute == dt ? out : out.to(dt);
        if (Autograd.needsGrad(x)) {
            Tensor xhat = out;
            Autograd.record("normalize", y, x, g -> {
                if (Autograd.isGradEnabled()) return new Tensor[] {normalizeRowsBackwardComposed(g, x, d, eps)};
                Tensor gx = normalizeRowsBackward(g.detach().to(compute).contiguous(), xhat, rstd, d);
                return new Tensor[] {compute == dt ? gx : gx.to(dt)};
            });
        }
        return y;
    }

    private static Tensor normalizeRowsBackward(Tensor g, Tensor xhat, double[] rstd, int d) {
        int rows = rstd.length;
        Tensor dx = Tensor.empty(xhat.dtype(), xhat.shape());
        ArrayKernels ak = Kernels.arrays();
        int go = g.storageOffset();
        if (xhat.dtype() == Dtype.FLOAT64) {
            double[] gs = g.storage().doubles(), xs = xhat.storage().doubles(), ds = dx.storage().doubles();
            Parallel.forRange(rows, 4L * d, (from, to) -> {
                double[] k = new double[1];
                for (int r = from; r < to; r++) {
                    int base = r * d;
                    double sg = ak.reduce(ReduceOp.SUM, gs, go + base, d);
                    ak.binary(BinaryOp.MUL, gs, go + base, 1, xs, base, 1, ds, base, d);
                    double sgx = ak.reduce(ReduceOp.SUM, ds, base, d);
                    // dx = rstd (g - sg/d) - xhat (rstd sgx/d)
                    k[0] = sgx / d;
                    ak.binary(BinaryOp.MUL, xs, base, 1, k, 0, 0, ds, base, d);
                    ak.binary(BinaryOp.SUB, gs, go + base, 1, ds, base, 1, ds, base, d);
                    k[0] = sg / d;
                    ak.binary(BinaryOp.SUB, ds, base, 1, k, 0, 0, ds, base, d);
                    k[0] = rstd[r];
                    ak.binary(BinaryOp.MUL, ds, base, 1, k, 0, 0, ds, base, d);
                }
            });
        } else {
            float[] gs = g.storage().floats(), xs = xhat.storage().floats(), ds = dx.storage().floats();
            Parallel.forRange(rows, 4L * d, (from, to) -> {
                float[] k = new float[1];
                for (int r = from; r < to; r++) {
                    int base = r * d;
                    double sg = ak.reduce(ReduceOp.SUM, gs, go + base, d);
                    ak.binary(BinaryOp.MUL, gs, go + base, 1, xs, base, 1, ds, base, d);
                    double sgx = ak.reduce(ReduceOp.SUM, ds, base, d);
                    k[0] = (float) (sgx / d);
                    ak.binary(BinaryOp.MUL, xs, base, 1, k, 0, 0, ds, base, d);
                    ak.binary(BinaryOp.SUB, gs, go + base, 1, ds, base, 1, ds, base, d);
                    k[0] = (float) (sg / d);
                    ak.binary(BinaryOp.SUB, ds, base, 1, k, 0, 0, ds, base, d);
                    k[0] = (float) rstd[r];
                    ak.binary(BinaryOp.MUL, ds, base, 1, k, 0, 0, ds, base, d);
                }
            });
        }
        return dx;
    }

    /** The same derivative from differentiable ops, the statistics recomputed from x (for double backward). */
    private static Tensor normalizeRowsBackwardComposed(Tensor g, Tensor x, int d, double eps) {
        int[] shape = x.shape();
        Tensor x2 = x.reshape(-1, d), g2 = g.reshape(-1, d);
        Tensor centered = x2.sub(x2.mean(1, true));
        Tensor rstd = centered.square().mean(1, true).add(eps).rsqrt();
        Tensor xhat = centered.mul(rstd);
        Tensor dx = g2.sub(g2.mean(1, true)).sub(xhat.mul(g2.mul(xhat).mean(1, true))).mul(rstd);
        return dx.reshape(shape);
    }

    // ================================================================ group norm

    /**
     * Splits the C channels of an input [N, C, *] into {@code numGroups} groups, normalizes each
     * (sample, group) over its channels and positions, then applies a per-channel affine.
     */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("groupNorm: expected input of rank >= 2 [N, C, *], got shape " + shape(x));
        }
        int n = x.size(0), c = x.size(1);
        if (numGroups < 1 || c % numGroups != 0) {
            throw new IllegalArgumentException("groupNorm: num_groups=" + numGroups + " must divide the " + c
                    + " channels of input shape " + shape(x));
        }
        checkAffine("groupNorm", "weight", weight, new int[] {c});
        checkAffine("groupNorm", "bias", bias, new int[] {c});
        Tensor y = normalizeRows(x, x.numel() / Math.max(1, n * numGroups), eps);
        return affine(y, weight, bias);
    }

    private static Tensor affine(Tensor y, Tensor weight, Tensor bias) {
        if (weight != null) y = y.mul(perChannel(weight, y.dim()));
        if (bias != null) y = y.add(perChannel(bias, y.dim()));
        return y;
    }

    // ================================================================ instance norm

    /**
     * Normalizes each (sample, channel) of an input [N, C, *] over its positions. With
     * {@code useInputStats} the instance statistics are used (and, when running statistics are
     * given, their batch average updates them by momentum, unbiased variance); otherwise the
     * running statistics normalize.
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException("instanceNorm: expected input of rank >= 3 [N, C, *], got shape " + shape(x));
        }
        int n = x.size(0), c = x.size(1);
        checkChannels(runningMean, c);
        checkChannels(runningVar, c);
        checkAffine("instanceNorm", "weight", weight, new int[] {c});
        checkAffine("instanceNorm", "bias", bias, new int[] {c});
        if (!useInputStats) {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("instanceNorm: use_input_stats=false needs running_mean and running_var");
            }
            return affineChannels(x, runningMean, runningVar.add(eps).rsqrt(), weight, bias);
        }
        // as torch: the input viewed as [1, N*C, *] is batch-normalized with per-instance statistics
        int[] folded = x.shape();
        folded[0] = 1;
        folded[1] = n * c;
        Tensor rm = null, rv = null;
        if (runningMean != null) {
            rm = runningMean.detach().repeat(n);
            rv = runningVar.detach().repeat(n);
        }
        Tensor y = batchNorm(x.reshape(folded), rm, rv, null, null, true, momentum, eps).reshape(x.shape());
        if (runningMean != null) {
            try (var s = Autograd.noGrad()) {
                runningMean.copy_(rm.reshape(n, c).mean(0));
                runningVar.copy_(rv.reshape(n, c).mean(0));
            }
        }
        return affine(y, weight, bias);
    }

    // ================================================================ local response norm

    /**
     * {@code x / (k + alpha/size * sum of x^2 over the size neighbouring channels)^beta}, the window
     * centred on each channel (zero-padded at the ends) as torch.nn.functional.local_response_norm.
     */
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException("localResponseNorm: expected input of rank >= 3 [N, C, *], got shape " + shape(x));
        }
        if (size < 1) throw new IllegalArgumentException("localResponseNorm: size must be positive, got " + size);
        int c = x.size(1);
        int before = size / 2, after = (size - 1) / 2;
        Tensor sq = x.square();
        // zero-pad the channel dim: pad pairs run from the last dim backwards
        int[] pad = new int[2 * (x.dim() - 1)];
        pad[pad.length - 2] = before;
        pad[pad.length - 1] = after;
        Tensor padded = sq.pad(pad);
        Tensor sum = padded.narrow(1, 0, c);
        for (int i = 1; i < size; i++) sum = sum.add(padded.narrow(1, i, c));
        Tensor div = sum.mul(alpha / size).add(k).pow(beta);
        return x.div(div);
    }

    // ================================================================ RMS norm

    /** torch's default eps for RMSNorm (eps=None): the machine epsilon of the input's dtype. */
    public static double defaultRmsEps(Dtype dtype) {
        return switch (dtype) {
            case FLOAT64 -> Math.ulp(1.0);
            case FLOAT16 -> 0.0009765625;
            case BFLOAT16 -> 0.0078125;
            default -> Math.ulp(1.0f);
        };
    }

    /**
     * {@code x / sqrt(mean(x^2) + eps) * weight} over the trailing {@code normalizedShape}; a null
     * {@code eps} means the input dtype's machine epsilon, as torch.
     */
    public static Tensor rmsNorm(Tensor x, int[] normalizedShape, Tensor weight, Double eps) {
        int k = normalizedShape.length;
        int[] xs = x.shape();
        boolean ok = k >= 1 && k <= xs.length
                && Arrays.equals(Arrays.copyOfRange(xs, xs.length - k, xs.length), normalizedShape);
        if (!ok) {
            throw new IllegalArgumentException("rmsNorm: input shape " + shape(x) + " does not end in normalized_shape "
                    + Arrays.toString(normalizedShape));
        }
        checkAffine("rmsNorm", "weight", weight, normalizedShape);
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = xs.length - k + i;
        double e = eps != null ? eps : defaultRmsEps(x.dtype());
        Tensor y = x.mul(x.square().mean(dims, true).add(e).rsqrt());
        return weight == null ? y : y.mul(weight);
    }

    // ================================================================ typed batch-norm kernels

    /**
     * Batch norm's forward and backward over the input viewed as [N, C, S], channels in parallel.
     * Forward: one pass for the mean, one for the variance and one writing the output; backward:
     * one pass for the two channel sums and one writing dx. Each (sample, channel) run of S
     * contiguous values goes through the vectorized array loops ({@link Kernels#arrays()}); sums
     * are carried across runs in double.
     */
    static final class BatchNormKernels {
        private BatchNormKernels() {}

        /** Below this run length the per-run calls cost more than they save: channels are made contiguous first. */
        private static final int MIN_RUN = 16;

        private static boolean shortRuns(Tensor x) {
            int n = x.size(0), c = x.size(1);
            return n > 1 && x.numel() / Math.max(1, n * c) < MIN_RUN;
        }

        /** [N, C, *] with short runs as [1, C, N*S] (a copy with each channel contiguous). */
        private static Tensor channelsFirst(Tensor t) {
            int n = t.size(0), c = t.size(1);
            return t.detach().reshape(n, c, -1).permute(1, 0, 2).reshape(1, c, -1);
        }

        /** The inverse of {@link #channelsFirst} back to {@code shape}. */
        private static Tensor channelsBack(Tensor t, int[] shape) {
            return t.reshape(shape[1], shape[0], -1).permute(1, 0, 2).reshape(shape);
        }

        static BatchStats forward(Tensor x, Tensor weight, Tensor bias, double eps) {
            if (shortRuns(x)) {
                BatchStats st = forward(channelsFirst(x), weight, bias, eps);
                return new BatchStats(channelsBack(st.out, x.shape()), st.mean, st.var, st.invstd);
            }
            Dtype dt = x.dtype();
            Dtype compute = dt == Dtype.FLOAT64 ? Dtype.FLOAT64 : Dtype.FLOAT32;
            Tensor xc = x.detach().to(compute).contiguous();
            int n = xc.size(0), c = xc.size(1), s = xc.numel() / Math.max(1, n * c);
            double[] mean = new double[c], var = new double[c], invstd = new double[c];
            double[] w = weight == null ? null : weight.toDoubleArray(), b = bias == null ? null : bias.toDoubleArray();
            Tensor out = Tensor.empty(compute, xc.shape());
            int off = xc.storageOffset();
            long m = (long) n * s;
            ArrayKernels ak = Kernels.arrays();
            if (compute == Dtype.FLOAT64) {
                double[] src = xc.storage().doubles(), dst = out.storage().doubles();
                Parallel.forRange(c, 3 * m, (from, to) -> {
                    double[] tmp = new double[s], k = new double[2];
                    for (int ch = from; ch < to; ch++) {
                        double sum = 0;
                        for (int i = 0; i < n; i++) sum += ak.reduce(ReduceOp.SUM, src, off + (i * c + ch) * s, s);
                        double mu = sum / m, sq = 0;
                        k[0] = mu;
                        for (int i = 0; i < n; i++) {
                            ak.binary(BinaryOp.SUB, src, off + (i * c + ch) * s, 1, k, 0, 0, tmp, 0, s);
                            ak.binary(BinaryOp.MUL, tmp, 0, 1, tmp, 0, 1, tmp, 0, s);
                            sq += ak.reduce(ReduceOp.SUM, tmp, 0, s);
                        }
                        double v = sq / m, is = 1 / Math.sqrt(v + eps);
                        mean[ch] = mu;
                        var[ch] = v;
                        invstd[ch] = is;
                        k[0] = is * (w == null ? 1 : w[ch]);
                        k[1] = (b == null ? 0 : b[ch]) - mu * k[0];
                        for (int i = 0; i < n; i++) {
                            int base = (i * c + ch) * s;
                            ak.binary(BinaryOp.MUL, src, off + base, 1, k, 0, 0, dst, base, s);
                            ak.binary(BinaryOp.ADD, dst, base, 1, k, 1, 0, dst, base, s);
                        }
                    }
                });
            } else {
                float[] src = xc.storage().floats(), dst = out.storage().floats();
                Parallel.forRange(c, 3 * m, (from, to) -> {
                    float[] tmp = new float[s], k = new float[1];
                    for (int ch = from; ch < to; ch++) {
                        double sum = 0;
                        for (int i = 0; i < n; i++) sum += ak.reduce(ReduceOp.SUM, src, off + (i * c + ch) * s, s);
                        double mu = sum / m, sq = 0;
                        k[0] = (float) mu;
                        for (int i = 0; i < n; i++) {
                            ak.binary(BinaryOp.SUB, src, off + (i * c + ch) * s, 1, k, 0, 0, tmp, 0, s);
                            ak.binary(BinaryOp.MUL, tmp, 0, 1, tmp, 0, 1, tmp, 0, s);
                            sq += ak.reduce(ReduceOp.SUM, tmp, 0, s);
                        }
                        double v = sq / m, is = 1 / Math.sqrt(v + eps);
                        mean[ch] = mu;
                        var[ch] = v;
                        invstd[ch] = is;
                        double scale = is * (w == null ? 1 : w[ch]);
                        float k0 = (float) scale, k1 = (float) ((b == null ? 0 : b[ch]) - mu * scale);
                        for (int i = 0; i < n; i++) {
                            // one pass (the compiler vectorizes it), rounding as the multiply then add it replaced
                            for (int j = (i * c + ch) * s, end = j + s; j < end; j++) dst[j] = src[off + j] * k0 + k1;
                        }
                    }
                });
            }
            Tensor o = compute == dt ? out : out.to(dt);
            return new BatchStats(o, Tensor.of(mean), Tensor.of(var), Tensor.of(invstd));
        }

        static Tensor[] backward(Tensor g, Tensor x, Tensor weight, Tensor bias, BatchStats st, boolean needX, boolean needW,
                                 boolean needB) {
            if (shortRuns(x)) {
                Tensor[] r = backward(channelsFirst(g), channelsFirst(x), weight, bias, st, needX, needW, needB);
                if (r[0] != null) r[0] = channelsBack(r[0], x.shape());
                return r;
            }
            Dtype dt = x.dtype();
            Dtype compute = dt == Dtype.FLOAT64 ? Dtype.FLOAT64 : Dtype.FLOAT32;
            Tensor xc = x.detach().to(compute).contiguous();
            Tensor gc = g.detach().to(compute).contiguous();
            int n = xc.size(0), c = xc.size(1), s = xc.numel() / Math.max(1, n * c);
            double[] mean = st.mean.toDoubleArray(), invstd = st.invstd.toDoubleArray();
            double[] w = weight == null ? null : weight.toDoubleArray();
            double[] sumG = new double[c], sumGX = new double[c];
            Tensor dx = needX ? Tensor.empty(compute, xc.shape()) : null;
            int xo = xc.storageOffset(), go = gc.storageOffset();
            long m = (long) n * s;
            ArrayKernels ak = Kernels.arrays();
            if (compute == Dtype.FLOAT64) {
                double[] xs = xc.storage().doubles(), gs = gc.storage().doubles();
                double[] ds = needX ? dx.storage().doubles() : null;
                Parallel.forRange(c, 2 * m, (from, to) -> {
                    double[] tmp = new double[s], k = new double[4];
                    for (int ch = from; ch < to; ch++) {
                        double sg = 0, sgx = 0;
                        k[0] = mean[ch];
                        for (int i = 0; i < n; i++) {
                            int base = (i * c + ch) * s;
                            sg += ak.reduce(ReduceOp.SUM, gs, go + base, s);
                            ak.binary(BinaryOp.SUB, xs, xo + base, 1, k, 0, 0, tmp, 0, s);
                            ak.binary(BinaryOp.MUL, tmp, 0, 1, gs, go + base, 1, tmp, 0, s);
                            sgx += ak.reduce(ReduceOp.SUM, tmp, 0, s);
                        }
                        sumG[ch] = sg;
                        sumGX[ch] = sgx * invstd[ch];
                        if (ds == null) continue;
                        // dx = scale * (g - mean(g) - (x - mu) * sum(g (x - mu)) * invstd^2 / m)
                        double is = invstd[ch];
                        k[1] = sgx * is * is / m;
                        k[2] = is * (w == null ? 1 : w[ch]);
                        k[3] = sg / m;
                        for (int i = 0; i < n; i++) {
                            int base = (i * c + ch) * s;
                            ak.binary(BinaryOp.SUB, xs, xo + base, 1, k, 0, 0, tmp, 0, s);
                            ak.binary(BinaryOp.MUL, tmp, 0, 1, k, 1, 0, tmp, 0, s);
                            ak.binary(BinaryOp.SUB, gs, go + base, 1, tmp, 0, 1, tmp, 0, s);
                            ak.binary(BinaryOp.SUB, tmp, 0, 1, k, 3, 0, tmp, 0, s);
                            ak.binary(BinaryOp.MUL, tmp, 0, 1, k, 2, 0, ds, base, s);
                        }
                    }
                });
            } else {
                float[] xs = xc.storage().floats(), gs = gc.storage().floats();
                float[] ds = needX ? dx.storage().floats() : null;
                Parallel.forRange(c, 2 * m, (from, to) -> {
                    float[] tmp = new float[s], k = new float[1];
                    for (int ch = from; ch < to; ch++) {
                        double sg = 0, sgx = 0;
                        k[0] = (float) mean[ch];
                        for (int i = 0; i < n; i++) {
                            int base = (i * c + ch) * s;
                            sg += ak.reduce(ReduceOp.SUM, gs, go + base, s);
                            ak.binary(BinaryOp.SUB, xs, xo + base, 1, k, 0, 0, tmp, 0, s);
                            ak.binary(BinaryOp.MUL, tmp, 0, 1, gs, go + base, 1, tmp, 0, s);
                            sgx += ak.reduce(ReduceOp.SUM, tmp, 0, s);
                        }
                        sumG[ch] = sg;
                        sumGX[ch] = sgx * invstd[ch];
                        if (ds == null) continue;
                        double is = invstd[ch];
                        float mu = k[0], k1 = (float) (sgx * is * is / m), k2 = (float) (is * (w == null ? 1 : w[ch]));
                        float k3 = (float) (sg / m);
                        for (int i = 0; i < n; i++) {
                            // one pass (the compiler vectorizes it), rounding step by step as the five it replaced
                            for (int j = (i * c + ch) * s, end = j + s; j < end; j++) {
                                ds[j] = ((gs[go + j] - (xs[xo + j] - mu) * k1) - k3) * k2;
                            }
                        }
                    }
                });
            }
            Tensor gx = dx == null ? null : compute == dt ? dx : dx.to(dt);
            Tensor gw = needW ? Tensor.of(sumGX).to(weight.dtype()) : null;
            Tensor gb = needB ? Tensor.of(sumG).to(bias.dtype()) : null;
            return new Tensor[] {gx, gw, gb};
        }
    }
}
