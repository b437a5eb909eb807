package dev.dendrite.functional;

import dev.dendrite.tensor.Tensor;

/**
 * The functional API, as {@code torch.nn.functional}: stateless, differentiable building blocks
 * that layers are made of. Each family lives in its own class (activations, convolution, pooling,
 * normalization, losses, ...); this class gathers their entry points under one short name.
 */
public final class F {
    private F() {}

    /** {@code x @ weight^T + bias}; weight is [out, in], bias [out] or null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("linear: weight must be 2-D [out_features, in_features], got shape "
                    + java.util.Arrays.toString(weight.shape()));
        }
        if (x.dim() == 0 || x.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("linear: input shape " + java.util.Arrays.toString(x.shape())
                    + " does not end in in_features=" + weight.size(1));
        }
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    // activations, normalization, dropout, embeddings

    public static Tensor relu(Tensor x) { return Activations.relu(x); }
    public static Tensor relu6(Tensor x) { return Activations.relu6(x); }
    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return Activations.leakyRelu(x, negativeSlope); }
    public static Tensor leakyRelu(Tensor x) { return Activations.leakyRelu(x); }
    public static Tensor prelu(Tensor x, Tensor weight) { return Activations.prelu(x, weight); }
    public static Tensor elu(Tensor x, double alpha) { return Activations.elu(x, alpha); }
    public static Tensor elu(Tensor x) { return Activations.elu(x); }
    public static Tensor selu(Tensor x) { return Activations.selu(x); }
    public static Tensor celu(Tensor x, double alpha) { return Activations.celu(x, alpha); }
    public static Tensor celu(Tensor x) { return Activations.celu(x); }
    public static Tensor gelu(Tensor x) { return Activations.gelu(x); }
    /** {@code approximate} is "none" (erf, exact) or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) { return Activations.gelu(x, approximate); }
    public static Tensor silu(Tensor x) { return Activations.silu(x); }
    public static Tensor mish(Tensor x) { return Activations.mish(x); }
    public static Tensor sigmoid(Tensor x) { return Activations.sigmoid(x); }
    public static Tensor tanh(Tensor x) { return Activations.tanh(x); }
    public static Tensor logsigmoid(Tensor x) { return Activations.logsigmoid(x); }
    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) { return Activations.hardtanh(x, minVal, maxVal); }
    public static Tensor hardtanh(Tensor x) { return Activations.hardtanh(x); }
    public static Tensor hardsigmoid(Tensor x) { return Activations.hardsigmoid(x); }
    public static Tensor hardswish(Tensor x) { return Activations.hardswish(x); }
    public static Tensor softplus(Tensor x, double beta, double threshold) { return Activations.softplus(x, beta, threshold); }
    public static Tensor softplus(Tensor x) { return Activations.softplus(x); }
    public static Tensor softsign(Tensor x) { return Activations.softsign(x); }
    public static Tensor softmax(Tensor x, int dim) { return Activations.softmax(x, dim); }
    public static Tensor logSoftmax(Tensor x, int dim) { return Activations.logSoftmax(x, dim); }
    public static Tensor softmin(Tensor x, int dim) { return Activations.softmin(x, dim); }
    public static Tensor glu(Tensor x, int dim) { return Activations.glu(x, dim); }

    /** See {@link Normalization#batchNorm}; running statistics, weight and bias may be null. */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        return Normalization.groupNorm(x, numGroups, weight, bias, eps);
    }
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        return Normalization.instanceNorm(x, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
    }
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        return Normalization.localResponseNorm(x, size, alpha, beta, k);
    }
    /** A null {@code eps} means the machine epsilon of x's dtype, as torch. */
    public static Tensor rmsNorm(Tensor x, int[] normalizedShape, Tensor weight, Double eps) {
        return Normalization.rmsNorm(x, normalizedShape, weight, eps);
    }

    public static Tensor dropout(Tensor x, double p, boolean training) { return Dropouts.dropout(x, p, training); }
    public static Tensor dropout(Tensor x, double p, boolean training, dev.dendrite.tensor.Generator gen) {
        return Dropouts.dropout(x, p, training, gen);
    }
    public static Tensor dropout2d(Tensor x, double p, boolean training) { return Dropouts.dropout2d(x, p, training); }
    public static Tensor alphaDropout(Tensor x, double p, boolean training) { return Dropouts.alphaDropout(x, p, training); }

    /** Rows of weight picked by the indices; {@code paddingIdx} (null for none) gets no gradient. */
    public static Tensor embedding(Tensor input, Tensor weight, Integer paddingIdx) {
        return Embeddings.embedding(input, weight, paddingIdx);
    }
    public static Tensor embedding(Tensor input, Tensor weight) { return Embeddings.embedding(input, weight); }
    /** {@code mode} "sum" or "mean"; offsets for 1-D input, null for 2-D [B, L]. */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, String mode) {
        return Embeddings.embeddingBag(input, weight, offsets, mode);
    }

    // losses (see Losses and Ctc for the formulas; Reduction is none, mean or sum)
    public static Tensor mseLoss(Tensor input, Tensor target) { return Losses.mseLoss(input, target); }
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) { return Losses.mseLoss(input, target, reduction); }
    public static Tensor l1Loss(Tensor input, Tensor target) { return Losses.l1Loss(input, target); }
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) { return Losses.l1Loss(input, target, reduction); }
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        return Losses.smoothL1Loss(input, target, reduction, beta);
    }
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        return Losses.huberLoss(input, target, reduction, delta);
    }
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return Losses.binaryCrossEntropy(input, target); }
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return Losses.binaryCrossEntropy(input, target, weight, reduction);
    }
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target);
    }
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Reduction reduction,
                                                      Tensor posWeight) {
        return Losses.binaryCrossEntropyWithLogits(input, target, weight, reduction, posWeight);
    }
    public static Tensor crossEntropy(Tensor input, Tensor target) { return Losses.crossEntropy(input, target); }
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction,
                                      double labelSmoothing) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
    }
    public static Tensor nllLoss(Tensor input, Tensor target) { return Losses.nllLoss(input, target); }
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        return Losses.nllLoss(input, target, weight, ignoreIndex, reduction);
    }
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        return Losses.klDiv(input, target, reduction, logTarget);
    }
    public static Tensor sigmoidFocalLoss(Tensor input, Tensor target, double alpha, double gamma, Reduction reduction) {
        return Losses.sigmoidFocalLoss(input, target, alpha, gamma, reduction);
    }
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        return Losses.hingeEmbeddingLoss(input, target, margin, reduction);
    }
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        return Losses.marginRankingLoss(input1, input2, target, margin, reduction);
    }
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        return Losses.cosineEmbeddingLoss(input1, input2, target, margin, reduction);
    }
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p,
                                           double eps, boolean swap, Reduction reduction) {
        return Losses.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction);
    }
    public static Tensor contrastiveLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        return Losses.contrastiveLoss(input1, input2, target, margin, reduction);
    }
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths, int blank,
                                 Reduction reduction, boolean zeroInfinity) {
        return Ctc.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps,
                                        Reduction reduction) {
        return Losses.poissonNllLoss(input, target, logInput, full, eps, reduction);
    }
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps,
                                         Reduction reduction) {
        return Losses.gaussianNllLoss(input, target, var, full, eps, reduction);
    }

    // convolution, pooling, resampling (see Convolution, Pooling, Resampling; one value in an int[] stands for every dim)
    private static final int[] ONE = {1}, ZERO = {0};
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) { return Convolution.conv1d(x, weight, bias, ONE, Padding.of(0), ONE, 1); }
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation, int groups) {
        return Convolution.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) { return Convolution.conv2d(x, weight, bias, ONE, Padding.of(0), ONE, 1); }
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.conv2d(x, weight, bias, new int[] {stride}, Padding.of(padding), ONE, 1);
    }
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation, int groups) {
        return Convolution.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }
    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation, int groups) {
        return Convolution.conv3d(x, weight, bias, stride, padding, dilation, groups);
    }
    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                         int groups, int[] dilation) {
        return Convolution.convTranspose1d(x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.convTranspose2d(x, weight, bias, new int[] {stride}, new int[] {padding}, ZERO, 1, ONE);
    }
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                         int groups, int[] dilation) {
        return Convolution.convTranspose2d(x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }
    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                         int groups, int[] dilation) {
        return Convolution.convTranspose3d(x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }
    public static Tensor maxPool1d(Tensor x, int kernel) { return Pooling.maxPool1d(x, kernel, kernel, 0, 1, false); }
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        return Pooling.maxPool1d(x, kernel, stride, padding, dilation, ceilMode);
    }
    public static Tensor maxPool2d(Tensor x, int kernel) { return Pooling.maxPool2d(x, new int[] {kernel}, null, ZERO, ONE, false); }
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return Pooling.maxPool2d(x, kernel, stride, padding, dilation, ceilMode);
    }
    public static Pooling.WithIndices maxPool2dWithIndices(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                                           boolean ceilMode) {
        return Pooling.maxPool2dWithIndices(x, kernel, stride, padding, dilation, ceilMode);
    }
    public static Tensor avgPool1d(Tensor x, int kernel) { return Pooling.avgPool1d(x, kernel, kernel, 0, false, true); }
    public static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        return Pooling.avgPool1d(x, kernel, stride, padding, ceilMode, countIncludePad);
    }
    public static Tensor avgPool2d(Tensor x, int kernel) { return Pooling.avgPool2d(x, new int[] {kernel}, null, ZERO, false, true, 0); }
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                                   int divisorOverride) {
        return Pooling.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }
    public static Tensor adaptiveAvgPool1d(Tensor x, int outputSize) { return Pooling.adaptiveAvgPool1d(x, outputSize); }
    public static Tensor adaptiveAvgPool2d(Tensor x, int... outputSize) { return Pooling.adaptiveAvgPool2d(x, outputSize); }
    public static Tensor adaptiveMaxPool1d(Tensor x, int outputSize) { return Pooling.adaptiveMaxPool1d(x, outputSize); }
    public static Tensor adaptiveMaxPool2d(Tensor x, int... outputSize) { return Pooling.adaptiveMaxPool2d(x, outputSize); }
    public static Tensor maxUnpool2d(Tensor x, Tensor indices, int[] kernel, int[] stride, int[] padding, int[] outputSize) {
        return Pooling.maxUnpool2d(x, indices, kernel, stride, padding, outputSize);
    }
    public static Tensor interpolate(Tensor x, int[] size, Resampling.Mode mode, boolean alignCorners) {
        return Resampling.interpolate(x, size, mode, alignCorners);
    }
    public static Tensor interpolate(Tensor x, double[] scaleFactor, Resampling.Mode mode, boolean alignCorners) {
        return Resampling.interpolate(x, scaleFactor, mode, alignCorners);
    }
    public static Tensor pixelShuffle(Tensor x, int upscaleFactor) { return Resampling.pixelShuffle(x, upscaleFactor); }
    public static Tensor pixelUnshuffle(Tensor x, int downscaleFactor) { return Resampling.pixelUnshuffle(x, downscaleFactor); }
}
