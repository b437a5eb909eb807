package dev.dendrite.functional;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Loss functions, as in {@code torch.nn.functional}, with PyTorch's semantics, argument order and
 * defaults. Each is written with differentiable tensor ops, so gradients (and, except where noted,
 * gradients of gradients) come from the ops themselves; the few places where the composed form
 * would not be stable use a small recorded op with a dedicated derivative (softplus, the clamped
 * binary cross entropy) and CTC has its own forward and backward in {@link Ctc}.
 *
 * <p>Numerical stability: logits go through log-sum-exp ({@code x - logsumexp(x)}) or softplus
 * ({@code max(x, 0) + log1p(exp(-|x|))}), never through {@code log(softmax)} or
 * {@code log(sigmoid)}; no branch of a {@code where} ever evaluates {@code log(0)} (a masked
 * infinite would still poison the gradient with {@code 0 * inf}).
 *
 * <p>Elementwise losses require input and target of the same shape. PyTorch broadcasts mismatched
 * shapes in mse/l1 with a warning because doing so is nearly always a bug; Java has no warning
 * channel, so Dendrite makes it an error.
 */
public final class Losses {
    private Losses() {}

    // ================================================================ regression

    public static Tensor mseLoss(Tensor input, Tensor target) { return mseLoss(input, target, Reduction.MEAN); }

    /** {@code (input - target)^2}. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        sameShape("mseLoss", input, target);
        checkReduction("mseLoss", reduction);
        if (reduction != Reduction.NONE && input.numel() > 0 && input.isContiguous() && target.isContiguous() && input.dtype() == target.dtype()
                && (input.dtype() == Dtype.FLOAT32 || input.dtype() == Dtype.FLOAT64)) {
            return fusedMse(input, target, reduction == Reduction.SUM ? 1.0 : 1.0 / Math.max(1, input.numel()));
        }
        return reduce("mseLoss", input.sub(target).square(), reduction);
    }

    /**
     * {@code scale * sum((input - target)^2)} in one pass, and its gradient {@code 2 * scale *
     * (input - target) * g} in one more, instead of the composed form's five. The backward falls
     * back to the composed derivative when it is itself recorded (double backward).
     */
    private static Tensor fusedMse(Tensor input, Tensor target, double scale) {
        int n = input.numel(), xo = input.storageOffset(), to = target.storageOffset();
        boolean f32 = input.dtype() == Dtype.FLOAT32;
        double sum = f32
                ? dev.dendrite.kernels.cpu.LossKernels.squaredDistance(input.storage().floats(), xo, target.storage().floats(), to, n)
                : dev.dendrite.kernels.cpu.LossKernels.squaredDistance(input.storage().doubles(), xo, target.storage().doubles(), to, n);
        Tensor loss = Tensor.scalar(sum * scale, input.dtype());
        if (Autograd.needsGrad(input, target)) {
            Autograd.record("mseLoss", loss, new Tensor[] {input, target}, g -> {
                Tensor d;
                if (Autograd.isGradEnabled()) {
                    d = input.sub(target).mul(g.mul(2 * scale));
                } else {
                    double c = 2 * scale * g.item();
                    d = Tensor.empty(input.dtype(), input.shape());
                    if (f32) {
                        dev.dendrite.kernels.cpu.LossKernels.scaledDifference((float) c, input.storage().floats(), xo,
                                target.storage().floats(), to, d.storage().floats(), n);
                    } else {
                        dev.dendrite.kernels.cpu.LossKernels.scaledDifference(c, input.storage().doubles(), xo,
                                target.storage().doubles(), to, d.storage().doubles(), n);
                    }
                }
                return new Tensor[] {input.isRequiresGrad() ? d : null, target.isRequiresGrad() ? d.neg() : null};
            });
        }
        return loss;
    }

    public static Tensor l1Loss(Tensor input, Tensor target) { return l1Loss(input, target, Reduction.MEAN); }

    /** {@code |input - target|}. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        sameShape("l1Loss", input, target);
        return reduce("l1Loss", input.sub(target).abs(), reduction);
    }

    public static Tensor smoothL1Loss(Tensor input, Tensor target) { return smoothL1Loss(input, target, Reduction.MEAN, 1.0); }

    /** {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - 0.5 beta}; beta 0 is the L1 loss. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        sameShape("smoothL1Loss", input, target);
        if (!(beta >= 0)) throw new IllegalArgumentException("smoothL1Loss: beta must be >= 0, got " + beta);
        Tensor d = input.sub(target), ad = d.abs();
        if (beta == 0) return reduce("smoothL1Loss", ad, reduction);
        Tensor loss = Tensor.where(ad.lt(beta), d.square().mul(0.5 / beta), ad.sub(0.5 * beta));
        return reduce("smoothL1Loss", loss, reduction);
    }

    public static Tensor huberLoss(Tensor input, Tensor target) { return huberLoss(input, target, Reduction.MEAN, 1.0); }

    /** {@code 0.5 d^2} where {@code |d| < delta}, else {@code delta (|d| - 0.5 delta)} (= delta * smoothL1 with beta = delta). */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        sameShape("huberLoss", input, target);
        if (!(delta > 0)) throw new IllegalArgumentException("huberLoss: delta must be > 0, got " + delta);
        Tensor d = input.sub(target), ad = d.abs();
        Tensor loss = Tensor.where(ad.lt(delta), d.square().mul(0.5), ad.sub(0.5 * delta).mul(delta));
        return reduce("huberLoss", loss, reduction);
    }

    // ================================================================ binary classification

    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    /**
     * {@code -w (y log x + (1 - y) log(1 - x))} on probabilities {@code x}, with each log clamped to
     * at least -100 as PyTorch does, so x = 0 or 1 gives a finite loss. The gradient is PyTorch's,
     * {@code w (x - y) / max(x (1 - x), 1e-12)}, finite everywhere. {@code weight} (or null) broadcasts
     * to the input.
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        sameShape("binaryCrossEntropy", input, target);
        requireFloat("binaryCrossEntropy", "input", input);
        try (var s = Autograd.noGrad()) {
            Tensor in = input.detach();
            if (in.lt(0).logicalOr(in.gt(1)).any().item() != 0) {
                throw new IllegalArgumentException("binaryCrossEntropy: all input values must lie in [0, 1] "
                        + "(probabilities; use binaryCrossEntropyWithLogits for logits)");
            }
        }
        Tensor loss = bce(input, target);
        if (weight != null) loss = loss.mul(weight);
        return reduce("binaryCrossEntropy", loss, reduction);
    }

    /** The elementwise clamped BCE as one recorded op (the composed form would give 0 * inf = NaN gradients at 0 and 1). */
    private static Tensor bce(Tensor x, Tensor y) {
        Tensor xd = x.detach(), yd = y.detach();
        Tensor out = yd.mul(clampedLog(xd)).add(yd.rsub(1).mul(clampedLog(xd.rsub(1)))).neg();
        if (Autograd.needsGrad(x, y)) {
            Autograd.record("binaryCrossEntropy", out, new Tensor[] {x, y}, g -> new Tensor[] {
                    x.isRequiresGrad() ? g.mul(x.sub(y)).div(x.mul(x.rsub(1)).clampMin(1e-12)) : null,
                    y.isRequiresGrad() ? g.mul(clampedLog(x.rsub(1)).sub(clampedLog(x))) : null});
        }
        return out;
    }

    private static Tensor clampedLog(Tensor p) { return p.log().clampMin(-100); }

    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, Reduction.MEAN, null);
    }

    /**
     * BCE on logits, in the stable form {@code (1 - y) x + lw softplus(-x)} with
     * {@code lw = 1 + (posWeight - 1) y}; for {@code posWeight} null this is
     * {@code max(x, 0) - x y + log(1 + exp(-|x|))}. {@code posWeight} (or null) broadcasts along the
     * last (class) dim, {@code weight} (or null) to the whole input.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Reduction reduction,
                                                      Tensor posWeight) {
        sameShape("binaryCrossEntropyWithLogits", input, target);
        requireFloat("binaryCrossEntropyWithLogits", "input", input);
        Tensor spNeg = softplus(input.neg());
        Tensor loss;
        if (posWeight == null) {
            loss = target.rsub(1).mul(input).add(spNeg);
        } else {
            Tensor lw = posWeight.sub(1).mul(target).add(1);
            loss = target.rsub(1).mul(input).add(lw.mul(spNeg));
        }
        if (weight != null) loss = loss.mul(weight);
        return reduce("binaryCrossEntropyWithLogits", loss, reduction);
    }

    /**
     * {@code log(1 + exp(x))} as {@code max(x, 0) + log1p(exp(-|x|))}, finite for any x, with the
     * derivative {@code sigmoid(x)} (itself differentiable, so double backward works; at x = 0 it is
     * the true 0.5, where the composed form with |x| would give 0).
     */
    static Tensor softplus(Tensor x) {
        Tensor xd = x.detach();
        Tensor out = xd.relu().add(xd.abs().neg().exp().log1p());
        if (Autograd.needsGrad(x)) Autograd.record("softplus", out, x, g -> new Tensor[] {g.mul(x.sigmoid())});
        return out;
    }

    /** torchvision's defaults: alpha 0.25, gamma 2, reduction none. */
    public static Tensor sigmoidFocalLoss(Tensor input, Tensor target) {
        return sigmoidFocalLoss(input, target, 0.25, 2, Reduction.NONE);
    }

    /**
     * The sigmoid focal loss of Lin et al. (2017), as torchvision.ops.sigmoid_focal_loss: with
     * {@code p = sigmoid(x)}, {@code ce = bceWithLogits(x, y)} and {@code p_t = p y + (1 - p)(1 - y)},
     * the loss is {@code alpha_t (1 - p_t)^gamma ce} where {@code alpha_t = alpha y + (1 - alpha)(1 - y)};
     * a negative alpha turns the weighting off. Targets are in [0, 1] (usually 0 or 1). torchvision's
     * default reduction is none. For {@code 0 < gamma < 1} the gradient at {@code p_t = 1} is infinite
     * (the derivative of {@code t^gamma} at 0), as in torchvision; gamma 0 or >= 1 is finite everywhere.
     */
    public static Tensor sigmoidFocalLoss(Tensor input, Tensor target, double alpha, double gamma, Reduction reduction) {
        sameShape("sigmoidFocalLoss", input, target);
        requireFloat("sigmoidFocalLoss", "input", input);
        if (!(gamma >= 0)) throw new IllegalArgumentException("sigmoidFocalLoss: gamma must be >= 0, got " + gamma);
        Tensor p = input.sigmoid();
        Tensor ce = binaryCrossEntropyWithLogits(input, target, null, Reduction.NONE, null);
        Tensor pt = p.mul(target).add(p.rsub(1).mul(target.rsub(1)));
        // gamma 0 must not evaluate pow(0, 0)'s derivative 0 * 0^-1
        Tensor loss = gamma == 0 ? ce : ce.mul(pt.rsub(1).pow(gamma));
        if (alpha >= 0) loss = target.mul(alpha).add(target.rsub(1).mul(1 - alpha)).mul(loss);
        return reduce("sigmoidFocalLoss", loss, reduction);
    }

    // ================================================================ multi-class classification

    /** Default options: no weight, ignore_index -100, mean, no label smoothing. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, -100, Reduction.MEAN, 0);
    }

    /**
     * Cross entropy of logits {@code input} ([N, C], [N, C, d1, ...] or unbatched [C]) against
     * {@code target}: int class indices ([N], [N, d1, ...] or []) or float class probabilities (the
     * input's shape). With indices it is {@link #nllLoss} of {@code log_softmax(input, 1)}
     * (ignore_index and weighted mean as there); with label smoothing {@code e} it becomes
     * {@code (1 - e) nll + e/C * smooth} where {@code smooth = -sum_c w_c log p_c}, reduced with the
     * same divisor. With probabilities it is {@code -sum_c w_c y_c log p_c} (smoothing mixes y with the
     * uniform distribution), and mean divides by the number of positions {@code numel / C}.
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction,
                                      double labelSmoothing) {
        String op = "crossEntropy";
        requireFloat(op, "input", input);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(op + ": label_smoothing must lie in [0, 1], got " + labelSmoothing);
        }
        checkReduction(op, reduction);
        if (input.dim() == 0) throw new IllegalArgumentException(op + ": input must have at least 1 dim [C], got a scalar");
        boolean unbatched = input.dim() == 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        int classes = x.size(1);
        checkWeight(op, weight, classes);
        if (weight != null) weight = weight.to(x.dtype());   // class weights never widen the result's dtype
        Tensor logp = x.sub(x.logsumexp(1, true));
        if (target.isFloatingPoint()) {
            if (!Arrays.equals(input.shape(), target.shape())) {
                throw new IllegalArgumentException(op + ": class-probability target " + shape(target)
                        + " must have the input's shape " + shape(input));
            }
            Tensor y = unbatched ? target.unsqueeze(0) : target;
            if (labelSmoothing > 0) y = y.mul(1 - labelSmoothing).add(labelSmoothing / classes);
            Tensor prod = logp.mul(y);
            if (weight != null) prod = prod.mul(weight.reshape(classBroadcastShape(x.dim(), classes)));
            Tensor perPos = prod.sum(1).neg();
            Tensor out = switch (reduction) {
                case NONE -> perPos;
                case SUM -> perPos.sum();
                default -> perPos.sum().div((double) x.numel() / classes);
            };
            return unbatched && reduction == Reduction.NONE ? out.squeeze(0) : out;
        }
        Targets t = classTargets(op, x, unbatched ? target.reshape(1) : target, unbatched, ignoreIndex, weight);
        Tensor nll = weightedPick(logp, t);
        Tensor result = reduceWeighted(nll, t, reduction);
        if (labelSmoothing > 0) {
            Tensor lw = weight == null ? logp : logp.mul(weight.reshape(classBroadcastShape(x.dim(), classes)));
            Tensor smooth = Tensor.where(t.valid(), lw.sum(1).neg(), Tensor.zerosLike(t.w()));
            Tensor smoothRed = reduceWeighted(smooth, t, reduction);
            result = result.mul(1 - labelSmoothing).add(smoothRed.mul(labelSmoothing / classes));
        }
        return unbatched && reduction == Reduction.NONE ? result.squeeze(0) : result;
    }

    public static Tensor nllLoss(Tensor input, Tensor target) { return nllLoss(input, target, null, -100, Reduction.MEAN); }

    /**
     * The negative log likelihood {@code -w[y] input[n, y]} of log-probabilities {@code input}
     * ([N, C], [N, C, d1, ...] or [C]) at int class indices {@code target} ([N], [N, d1, ...] or []).
     * Positions whose target equals {@code ignoreIndex} contribute 0 and carry no weight; mean divides
     * by the sum of the weights of the non-ignored targets (NaN when all are ignored, as in PyTorch).
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        String op = "nllLoss";
        requireFloat(op, "input", input);
        checkReduction(op, reduction);
        if (input.dim() == 0) throw new IllegalArgumentException(op + ": input must have at least 1 dim [C], got a scalar");
        boolean unbatched = input.dim() == 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        checkWeight(op, weight, x.size(1));
        Targets t = classTargets(op, x, unbatched ? target.reshape(1) : target, unbatched, ignoreIndex, weight);
        Tensor result = reduceWeighted(weightedPick(x, t), t, reduction);
        return unbatched && reduction == Reduction.NONE ? result.squeeze(0) : result;
    }

    /** Validated class targets: safe indices (ignored ones set to 0), the valid mask, the per-position weights. */
    private record Targets(Tensor index, Tensor valid, Tensor w, double weightSum) {}

    private static Targets classTargets(String op, Tensor x, Tensor target, boolean unbatched, long ignoreIndex, Tensor weight) {
        if (target.isFloatingPoint() || target.dtype() == Dtype.BOOL) {
            throw new IllegalArgumentException(op + ": class-index target must be an integer tensor, got "
                    + target.dtype().torchName());
        }
        int[] xs = x.shape(), ts = target.shape();
        if (ts.length != xs.length - 1) {
            throw new IllegalArgumentException(op + ": input " + shape(unbatched ? x.squeeze(0) : x) + " and target "
                    + shape(unbatched ? target.reshape() : target) + ": expected a target of rank " + (xs.length - 1)
                    + " (the input's shape without the class dim 1)");
        }
        if (ts[0] != xs[0]) {
            throw new IllegalArgumentException(op + ": input " + shape(x) + " and target " + shape(target)
                    + " have different batch sizes");
        }
        for (int k = 1; k < ts.length; k++) {
            if (ts[k] != xs[k + 1]) {
                throw new IllegalArgumentException(op + ": input " + shape(x) + " and target " + shape(target)
                        + " differ in spatial dims (the target must be the input's shape without dim 1)");
            }
        }
        int classes = xs[1];
        long[] tv = target.toLongArray();
        double[] wv = weight == null ? null : weight.toDoubleArray();
        long[] safe = new long[tv.length];
        boolean[] valid = new boolean[tv.length];
        double[] w = new double[tv.length];
        double sum = 0;
        for (int i = 0; i < tv.length; i++) {
            if (tv[i] == ignoreIndex) continue;
            if (tv[i] < 0 || tv[i] >= classes) {
                throw new IllegalArgumentException(op + ": target " + tv[i] + " is out of bounds for " + classes
                        + " classes (expected 0.." + (classes - 1) + " or ignore_index " + ignoreIndex + ")");
            }
            safe[i] = tv[i];
            valid[i] = true;
            w[i] = wv == null ? 1 : wv[(int) tv[i]];
            sum += w[i];
        }
        Tensor wt = Tensor.of(w, ts).to(x.dtype());
        return new Targets(Tensor.of(safe, ts), Tensor.of(valid).reshape(ts), wt, sum);
    }

    /** {@code -w[y] x[n, y, ...]}, zero at ignored positions. */
    private static Tensor weightedPick(Tensor x, Targets t) {
        return x.gather(1, t.index().unsqueeze(1)).squeeze(1).mul(t.w()).neg();
    }

    private static Tensor reduceWeighted(Tensor perPos, Targets t, Reduction reduction) {
        return switch (reduction) {
            case NONE -> perPos;
            case SUM -> perPos.sum();
            default -> perPos.sum().div(t.weightSum());
        };
    }

    private static int[] classBroadcastShape(int rank, int classes) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        s[1] = classes;
        return s;
    }

    private static void checkWeight(String op, Tensor weight, int classes) {
        if (weight != null && (weight.dim() != 1 || weight.size(0) != classes)) {
            throw new IllegalArgumentException(op + ": weight must be 1-D with one value per class [" + classes
                    + "], got shape " + shape(weight));
        }
    }

    public static Tensor klDiv(Tensor input, Tensor target) { return klDiv(input, target, Reduction.MEAN, false); }

    /**
     * The pointwise KL divergence of log-probabilities {@code input} from {@code target}:
     * {@code y (log y - x)} (0 where y = 0), or with {@code logTarget} {@code exp(t) (t - x)}.
     * MEAN averages over all elements (PyTorch's default, which is not the KL divergence);
     * {@code BATCHMEAN} divides the sum by the batch size and is the mathematically right choice.
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        sameShape("klDiv", input, target);
        Tensor loss;
        if (logTarget) {
            loss = target.exp().mul(target.sub(input));
        } else {
            Tensor pos = target.gt(0);
            // log of a 1 in place of a 0 keeps log(0) out of both the value and the gradient
            Tensor safe = Tensor.where(pos, target, Tensor.onesLike(target));
            Tensor xlogy = Tensor.where(pos, target.mul(safe.log()), Tensor.zerosLike(target));
            loss = xlogy.sub(target.mul(input));
        }
        if (reduction == Reduction.BATCHMEAN) {
            if (input.dim() == 0) return loss;
            return loss.sum().div(input.size(0));
        }
        return reduce("klDiv", loss, reduction);
    }

    // ================================================================ margin and embedding losses

    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target) {
        return hingeEmbeddingLoss(input, target, 1.0, Reduction.MEAN);
    }

    /** {@code x} where y = 1, {@code max(0, margin - x)} where y = -1 (targets are 1 or -1). */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        sameShape("hingeEmbeddingLoss", input, target);
        Tensor zero = Tensor.zerosLike(input);
        Tensor marginPart = Tensor.where(target.ne(1), input.rsub(margin).clampMin(0), zero);
        Tensor selfPart = Tensor.where(target.ne(-1), input, zero);
        return reduce("hingeEmbeddingLoss", marginPart.add(selfPart), reduction);
    }

    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target) {
        return marginRankingLoss(input1, input2, target, 0, Reduction.MEAN);
    }

    /** {@code max(0, -y (x1 - x2) + margin)}; y = 1 says x1 should rank higher. */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        sameShape("marginRankingLoss", "input1", input1, "input2", input2);
        sameShape("marginRankingLoss", "input1", input1, "target", target);
        return reduce("marginRankingLoss", target.neg().mul(input1.sub(input2)).add(margin).clampMin(0), reduction);
    }

    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target) {
        return cosineEmbeddingLoss(input1, input2, target, 0, Reduction.MEAN);
    }

    /**
     * {@code 1 - cos(x1, x2)} where y = 1, {@code max(0, cos(x1, x2) - margin)} where y = -1, over
     * [N, D] (target [N]) or unbatched [D] (target []) inputs; as PyTorch, the cosine is
     * {@code x1.x2 / sqrt((|x1|^2 + 1e-12)(|x2|^2 + 1e-12))}, so a zero vector gives cos 0, not NaN.
     */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin,
                                             Reduction reduction) {
        String op = "cosineEmbeddingLoss";
        sameShape(op, "input1", input1, "input2", input2);
        if (input1.dim() < 1 || input1.dim() > 2) {
            throw new IllegalArgumentException(op + ": expected inputs of rank 1 [D] or 2 [N, D], got shape " + shape(input1));
        }
        if (target.dim() != input1.dim() - 1 || (target.dim() == 1 && target.size(0) != input1.size(0))) {
            throw new IllegalArgumentException(op + ": target " + shape(target) + " must be "
                    + (input1.dim() == 2 ? "[" + input1.size(0) + "]" : "a scalar []") + " for inputs " + shape(input1));
        }
        int d = input1.dim() - 1;
        Tensor dot = input1.mul(input2).sum(d);
        Tensor m1 = input1.square().sum(d).add(1e-12), m2 = input2.square().sum(d).add(1e-12);
        Tensor cos = dot.div(m1.mul(m2).sqrt());
        Tensor zero = Tensor.zerosLike(cos);
        Tensor loss = Tensor.where(target.eq(1), cos.rsub(1), zero)
                .add(Tensor.where(target.eq(-1), cos.sub(margin).clampMin(0), zero));
        return reduce(op, loss, reduction);
    }

    /** As torch.pairwise_distance: {@code ||x1 - x2 + eps||_p} over the last dim. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps) {
        Tensor diff = x1.sub(x2).add(eps);
        return diff.norm(p, new int[] {-1}, false);
    }

    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative) {
        return tripletMarginLoss(anchor, positive, negative, 1.0, 2, 1e-6, false, Reduction.MEAN);
    }

    /**
     * {@code max(d(a, p) - d(a, n) + margin, 0)} with {@code d} the p-norm pairwise distance (eps
     * added to the difference as PyTorch). With {@code swap} (Balntas et al., 2016) the negative
     * distance is {@code min(d(a, n), d(p, n))}. Inputs are [N, D] or unbatched [D].
     */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p,
                                           double eps, boolean swap, Reduction reduction) {
        String op = "tripletMarginLoss";
        sameShape(op, "anchor", anchor, "positive", positive);
        sameShape(op, "anchor", anchor, "negative", negative);
        if (anchor.dim() < 1 || anchor.dim() > 2) {
            throw new IllegalArgumentException(op + ": expected inputs of rank 1 [D] or 2 [N, D], got shape " + shape(anchor));
        }
        Tensor dPos = pairwiseDistance(anchor, positive, p, eps);
        Tensor dNeg = pairwiseDistance(anchor, negative, p, eps);
        if (swap) dNeg = dNeg.minimum(pairwiseDistance(positive, negative, p, eps));
        return reduce(op, dPos.sub(dNeg).add(margin).clampMin(0), reduction);
    }

    public static Tensor contrastiveLoss(Tensor input1, Tensor input2, Tensor target) {
        return contrastiveLoss(input1, input2, target, 1.0, Reduction.MEAN);
    }

    /**
     * The pairwise contrastive loss of Hadsell, Chopra and LeCun (2006), "Dimensionality Reduction by
     * Learning an Invariant Mapping": with {@code D = ||x1 - x2 + 1e-6||_2} (the pairwise distance
     * over the last dim) and target Y = 0 for a similar pair, Y = 1 for a dissimilar one,
     * <pre>{@code L = (1 - Y) * 1/2 * D^2 + Y * 1/2 * max(0, margin - D)^2}</pre>
     * Inputs are [N, D] (target [N]) or unbatched [D] (target []). PyTorch has no such loss; the
     * label convention is the paper's.
     */
    public static Tensor contrastiveLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        String op = "contrastiveLoss";
        sameShape(op, "input1", input1, "input2", input2);
        if (input1.dim() < 1 || input1.dim() > 2) {
            throw new IllegalArgumentException(op + ": expected inputs of rank 1 [D] or 2 [N, D], got shape " + shape(input1));
        }
        if (target.dim() != input1.dim() - 1 || (target.dim() == 1 && target.size(0) != input1.size(0))) {
            throw new IllegalArgumentException(op + ": target " + shape(target) + " must be "
                    + (input1.dim() == 2 ? "[" + input1.size(0) + "]" : "a scalar []") + " for inputs " + shape(input1));
        }
        if (!(margin > 0)) throw new IllegalArgumentException(op + ": margin must be > 0, got " + margin);
        Tensor d = pairwiseDistance(input1, input2, 2, 1e-6);
        Tensor y = target.to(d.dtype());
        Tensor similar = y.rsub(1).mul(d.square()).mul(0.5);
        Tensor dissimilar = y.mul(d.rsub(margin).clampMin(0).square()).mul(0.5);
        return reduce(op, similar.add(dissimilar), reduction);
    }

    // ================================================================ likelihoods

    public static Tensor poissonNllLoss(Tensor input, Tensor target) {
        return poissonNllLoss(input, target, true, false, 1e-8, Reduction.MEAN);
    }

    /**
     * The Poisson negative log likelihood: {@code exp(x) - y x} with {@code logInput}, else
     * {@code x - y log(x + eps)}. {@code full} adds Stirling's approximation of {@code log(y!)},
     * {@code y log y - y + 0.5 log(2 pi y)}, where y > 1 (0 elsewhere, as PyTorch).
     */
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps,
                                        Reduction reduction) {
        sameShape("poissonNllLoss", input, target);
        Tensor loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
        if (full) {
            Tensor big = target.gt(1);
            Tensor safe = Tensor.where(big, target, Tensor.fullLike(target, 2));
            Tensor stirling = safe.mul(safe.log()).sub(safe).add(safe.mul(2 * Math.PI).log().mul(0.5));
            loss = loss.add(Tensor.where(big, stirling, Tensor.zerosLike(stirling)));
        }
        return reduce("poissonNllLoss", loss, reduction);
    }

    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var) {
        return gaussianNllLoss(input, target, var, false, 1e-6, Reduction.MEAN);
    }

    /**
     * The Gaussian negative log likelihood {@code 0.5 (log max(var, eps) + (x - y)^2 / max(var, eps))}
     * (+ {@code 0.5 log(2 pi)} with {@code full}). As PyTorch, {@code var} has the input's shape, or
     * that shape without its last dim, or with a last dim of 1 (one variance shared by the last
     * dim); it must be non-negative. The clamp at eps changes the value
     * only: the gradient passes to var unchanged, as PyTorch's clamp under no_grad.
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps,
                                         Reduction reduction) {
        String op = "gaussianNllLoss";
        sameShape(op, input, target);
        int[] is = input.shape(), vs = var.shape();
        if (!Arrays.equals(is, vs)) {
            int[] head = Arrays.copyOf(is, Math.max(0, is.length - 1));
            if (is.length >= 1 && Arrays.equals(head, vs)) {
                var = var.unsqueeze(-1);
            } else if (!(is.length >= 1 && vs.length == is.length && vs[vs.length - 1] == 1
                    && Arrays.equals(head, Arrays.copyOf(vs, vs.length - 1)))) {
                throw new IllegalArgumentException(op + ": var " + shape(var) + " does not fit input " + shape(input)
                        + " (it must have the input's shape, that shape without the last dim, or with a last dim of 1)");
            }
        }
        try (var s = Autograd.noGrad()) {
            if (var.detach().lt(0).any().item() != 0) {
                throw new IllegalArgumentException(op + ": var has negative entries");
            }
        }
        Tensor vd = var.detach();
        Tensor v = var.add(vd.clampMin(eps).sub(vd));   // the clamped value, with var's gradient passed through
        Tensor loss = v.log().add(input.sub(target).square().div(v)).mul(0.5);
        if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
        return reduce(op, loss, reduction);
    }

    // ================================================================ CTC

    /**
     * The connectionist temporal classification loss; see {@link Ctc#ctcLoss} for the shapes and the
     * algorithm. Defaults: blank 0, mean reduction (each loss divided by its target length, then the
     * batch mean), zero_infinity false.
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths) {
        return Ctc.ctcLoss(logProbs, targets, inputLengths, targetLengths, 0, Reduction.MEAN, false);
    }

    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths, int blank,
                                 Reduction reduction, boolean zeroInfinity) {
        return Ctc.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    // ================================================================ helpers

    static Tensor reduce(String op, Tensor loss, Reduction reduction) {
        checkReduction(op, reduction);
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            default -> loss.mean();
        };
    }

    static void checkReduction(String op, Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException(op + ": reduction must not be null");
        if (reduction == Reduction.BATCHMEAN) {
            throw new IllegalArgumentException(op + ": reduction 'batchmean' is only defined for klDiv; use none, mean or sum");
        }
    }

    private static void sameShape(String op, Tensor input, Tensor target) { sameShape(op, "input", input, "target", target); }

    private static void sameShape(String op, String nameA, Tensor a, String nameB, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": " + nameA + " " + shape(a) + " and " + nameB + " " + shape(b)
                    + " must have the same shape");
        }
    }

    private static void requireFloat(String op, String what, Tensor t) {
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": " + what + " must be a floating-point tensor, got " + t.dtype().torchName());
        }
    }

    static String shape(Tensor t) { return Arrays.toString(t.shape()); }
}
