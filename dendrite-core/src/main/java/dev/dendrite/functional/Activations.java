package dev.dendrite.functional;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.ArrayKernels;
import dev.dendrite.kernels.BinaryOp;
import dev.dendrite.kernels.Kernels;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.ReduceOp;
import dev.dendrite.kernels.UnaryOp;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Shapes;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Activation functions, as in {@code torch.nn.functional}. Each is either a composition of
 * differentiable tensor ops, or (where the composition would be slow or would produce NaN
 * gradients in a masked-off branch) a forward on detached data beside a derivative written with
 * differentiable ops, so that double backward works everywhere.
 */
public final class Activations {
    private Activations() {}

    /** SELU's constants (Klambauer et al. 2017), the values torch uses. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private static final double INV_SQRT2 = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;
    private static final double SQRT_2_OVER_PI = 0.79788456080286535588;

    /**
     * Runs {@code forward} on the detached input and records {@code derivative(g, x)} (built from
     * differentiable ops) as the gradient.
     */
    private static Tensor pointwise(String name, Tensor x, UnaryOperator<Tensor> forward,
                                    BiFunction<Tensor, Tensor, Tensor> derivative) {
        requireFloating(name, x);
        Tensor out = forward.apply(x.detach());
        if (Autograd.needsGrad(x)) Autograd.record(name, out, x, g -> new Tensor[] {derivative.apply(g, x)});
        return out;
    }

    private static void requireFloating(String op, Tensor x) {
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point input, got " + x.dtype().torchName());
        }
    }

    private static Tensor mask(Tensor cond, Tensor like) { return cond.to(like.dtype()); }

    // ================================================================ rectifiers

    public static Tensor relu(Tensor x) { return x.relu(); }

    /** {@code min(max(0, x), 6)}. */
    public static Tensor relu6(Tensor x) { return hardtanh(x, 0, 6); }

    /** {@code x} for positive x, {@code negativeSlope * x} otherwise. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return pointwise("leakyRelu", x,
                v -> Tensor.where(v.gt(0), v, v.mul(negativeSlope)),
                (g, v) -> g.mul(Tensor.where(v.gt(0), Tensor.onesLike(v), Tensor.fullLike(v, negativeSlope))));
    }

    public static Tensor leakyRelu(Tensor x) { return leakyRelu(x, 0.01); }

    /**
     * {@code max(0, x) + weight * min(0, x)} where weight has one element or one per channel
     * (dim 1 of the input; dim 0 for a 1-D input), as torch.nn.functional.prelu.
     */
    public static Tensor prelu(Tensor x, Tensor weight) {
        requireFloating("prelu", x);
        if (weight.dim() > 1) {
            throw new IllegalArgumentException("prelu: weight must be 0-D or 1-D, got shape " + Arrays.toString(weight.shape()));
        }
        int n = weight.numel();
        Tensor w = weight;
        if (n != 1) {
            int channelDim = x.dim() >= 2 ? 1 : 0;
            if (x.dim() == 0 || x.size(channelDim) != n) {
                throw new IllegalArgumentException("prelu: weight has " + n + " parameters but the input of shape "
                        + Arrays.toString(x.shape()) + " has " + (x.dim() == 0 ? 0 : x.size(channelDim))
                        + " channels (num_parameters must be 1 or the channel count)");
            }
            int[] shape = new int[x.dim()];
            Arrays.fill(shape, 1);
            shape[channelDim] = n;
            w = weight.reshape(shape);
        } else if (weight.dim() == 1) {
            w = weight.reshape();
        }
        return x.relu().add(x.clampMax(0).mul(w));
    }

    /** {@code x} for positive x, {@code alpha (exp(x) - 1)} otherwise. */
    public static Tensor elu(Tensor x, double alpha) {
        // expm1 of min(x, 0): the masked-off branch never overflows, so its gradient stays finite
        return pointwise("elu", x,
                v -> Tensor.where(v.gt(0), v, v.clampMax(0).expm1().mul(alpha)),
                (g, v) -> g.mul(Tensor.where(v.gt(0), Tensor.onesLike(v), v.clampMax(0).exp().mul(alpha))));
    }

    public static Tensor elu(Tensor x) { return elu(x, 1.0); }

    /** {@code scale * elu(x, alpha)} with the fixed SELU constants. */
    public static Tensor selu(Tensor x) { return elu(x, SELU_ALPHA).mul(SELU_SCALE); }

    /** {@code max(0, x) + min(0, alpha (exp(x / alpha) - 1))}. */
    public static Tensor celu(Tensor x, double alpha) {
        if (alpha == 0) throw new IllegalArgumentException("celu: alpha must not be 0");
        return pointwise("celu", x,
                v -> Tensor.where(v.gt(0), v, v.clampMax(0).div(alpha).expm1().mul(alpha)),
                (g, v) -> g.mul(Tensor.where(v.gt(0), Tensor.onesLike(v), v.clampMax(0).div(alpha).exp())));
    }

    public static Tensor celu(Tensor x) { return celu(x, 1.0); }

    // ================================================================ smooth gates

    /** GELU approximation: exact (erf) or tanh, as torch's {@code approximate} argument. */
    public enum GeluApproximate { NONE, TANH;
        /** Parses torch's spelling, "none" or "tanh". */
        public static GeluApproximate of(String s) {
            return switch (s) {
                case "none" -> NONE;
                case "tanh" -> TANH;
                default -> throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got '" + s + "'");
            };
        }
    }

    /** {@code x * Phi(x)} with Phi the standard normal CDF (through erf). */
    public static Tensor gelu(Tensor x) { return gelu(x, GeluApproximate.NONE); }

    public static Tensor gelu(Tensor x, String approximate) { return gelu(x, GeluApproximate.of(approximate)); }

    public static Tensor gelu(Tensor x, GeluApproximate approximate) {
        if (approximate == GeluApproximate.TANH) {
            // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
            requireFloating("gelu", x);
            Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
            return x.mul(0.5).mul(inner.tanh().add(1.0));
        }
        return pointwise("gelu", x,
                v -> v.mul(v.mul(INV_SQRT2).erf().add(1.0)).mul(0.5),
                // d/dx x Phi(x) = Phi(x) + x phi(x)
                (g, v) -> g.mul(v.mul(INV_SQRT2).erf().add(1.0).mul(0.5)
                        .add(v.mul(v.square().mul(-0.5).exp()).mul(INV_SQRT_2PI))));
    }

    /** {@code x * sigmoid(x)} (swish). */
    public static Tensor silu(Tensor x) {
        return pointwise("silu", x,
                v -> v.mul(v.sigmoid()),
                (g, v) -> {
                    Tensor s = v.sigmoid();
                    return g.mul(s.mul(v.mul(s.rsub(1.0)).add(1.0)));
                });
    }

    /** {@code x * tanh(softplus(x))}. */
    public static Tensor mish(Tensor x) { return x.mul(softplus(x).tanh()); }

    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }

    public static Tensor tanh(Tensor x) { return x.tanh(); }

    /** {@code log(sigmoid(x)) = -softplus(-x)}, stable for large |x|. */
    public static Tensor logsigmoid(Tensor x) { return softplus(x.neg()).neg(); }

    /**
     * {@code log(1 + exp(beta x)) / beta}, reverting to the identity where {@code beta x > threshold}
     * (as torch does, for numerical stability).
     */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        if (beta == 0) throw new IllegalArgumentException("softplus: beta must not be 0");
        return pointwise("softplus", x,
                v -> {
                    Tensor z = v.mul(beta);
                    // log1p(exp(z)) = max(z, 0) + log1p(exp(-|z|)): never overflows
                    Tensor sp = z.relu().add(z.abs().neg().exp().log1p()).div(beta);
                    return Tensor.where(z.gt(threshold), v, sp);
                },
                (g, v) -> {
                    Tensor z = v.mul(beta);
                    return g.mul(Tensor.where(z.gt(threshold), Tensor.onesLike(v), z.sigmoid()));
                });
    }

    public static Tensor softplus(Tensor x) { return softplus(x, 1.0, 20.0); }

    /** {@code x / (1 + |x|)}. */
    public static Tensor softsign(Tensor x) {
        requireFloating("softsign", x);
        return x.div(x.abs().add(1.0));
    }

    // ================================================================ hard (piecewise-linear) forms

    /** Clamps into [minVal, maxVal]; the gradient is 1 strictly inside, 0 outside, as torch's hardtanh. */
    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) {
        if (minVal > maxVal) {
            throw new IllegalArgumentException("hardtanh: min_val (" + minVal + ") must not exceed max_val (" + maxVal + ")");
        }
        return pointwise("hardtanh", x,
                v -> v.clamp(minVal, maxVal),
                (g, v) -> g.mul(mask(v.gt(minVal).logicalAnd(v.lt(maxVal)), g)));
    }

    public static Tensor hardtanh(Tensor x) { return hardtanh(x, -1, 1); }

    /** {@code relu6(x + 3) / 6}. */
    public static Tensor hardsigmoid(Tensor x) {
        return pointwise("hardsigmoid", x,
                v -> v.div(6.0).add(0.5).clamp(0, 1),
                (g, v) -> g.mul(mask(v.gt(-3.0).logicalAnd(v.lt(3.0)), g)).div(6.0));
    }

    /** {@code x * relu6(x + 3) / 6}. */
    public static Tensor hardswish(Tensor x) {
        return pointwise("hardswish", x,
                v -> v.mul(v.div(6.0).add(0.5).clamp(0, 1)),
                (g, v) -> g.mul(Tensor.where(v.lt(-3.0), Tensor.zerosLike(v),
                        Tensor.where(v.gt(3.0), Tensor.onesLike(v), v.mul(2.0).add(3.0).div(6.0)))));
    }

    // ================================================================ softmax family

    /**
     * {@code exp(x) / sum(exp(x))} along {@code dim}, computed stably (shifted by the row maximum)
     * in one typed kernel; the derivative is {@code y (g - sum(g y))}.
     */
    public static Tensor softmax(Tensor x, int dim) {
        requireFloating("softmax", x);
        int d = x.dim() == 0 ? 0 : Shapes.wrapDim("softmax", dim, x.dim());
        Tensor y = softmaxKernel(x, d, false);
        if (Autograd.needsGrad(x)) {
            Autograd.record("softmax", y, x, g -> new Tensor[] {fastBackward(g, y, d, false) ? softmaxBackwardKernel(g, y, false)
                    : y.mul(g.sub(g.mul(y).sum(d, true)))});
        }
        return y;
    }

    /** {@code x - logsumexp(x)} along {@code dim}; the derivative is {@code g - exp(y) sum(g)}. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        requireFloating("logSoftmax", x);
        int d = x.dim() == 0 ? 0 : Shapes.wrapDim("logSoftmax", dim, x.dim());
        Tensor y = softmaxKernel(x, d, true);
        if (Autograd.needsGrad(x)) {
            Autograd.record("logSoftmax", y, x, g -> new Tensor[] {fastBackward(g, y, d, true) ? softmaxBackwardKernel(g, y, true)
                    : g.sub(y.exp().mul(g.sum(d, true)))});
        }
        return y;
    }

    /** {@code softmax(-x)}. */
    public static Tensor softmin(Tensor x, int dim) { return softmax(x.neg(), dim); }

    /** Splits {@code dim} in halves a, b and returns {@code a * sigmoid(b)}. */
    public static Tensor glu(Tensor x, int dim) {
        if (x.dim() == 0) throw new IllegalArgumentException("glu: does not accept a 0-dim tensor");
        int d = Shapes.wrapDim("glu", dim, x.dim());
        if (x.size(d) % 2 != 0) {
            throw new IllegalArgumentException("glu: halving dimension " + d + " must be even, got size " + x.size(d)
                    + " in shape " + Arrays.toString(x.shape()));
        }
        int half = x.size(d) / 2;
        return x.narrow(d, 0, half).mul(x.narrow(d, half, half).sigmoid());
    }

    public static Tensor glu(Tensor x) { return glu(x, -1); }

    /**
     * One pass of max, one of exp-sum, one of output per row of the (contiguous) input viewed as
     * [outer, n, inner]; rows run in parallel. 16-bit inputs compute in float32.
     */
    private static Tensor softmaxKernel(Tensor x, int d, boolean log) {
        Dtype dt = x.dtype();
        Dtype compute = dt.computeType();
        Tensor xc = x.detach().to(compute).contiguous();
        int[] shape = xc.shape();
        int n = shape.length == 0 ? 1 : shape[d];
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        int rows = n == 0 ? 0 : xc.numel() / n;
        Tensor out = Tensor.empty(compute, shape);
        int off = xc.storageOffset(), in = inner;
        if (inner == 1 && n >= 16) {
            contiguousRows(xc, out, rows, n, log);
        } else if (compute == Dtype.FLOAT64) {
            double[] src = xc.storage().doubles(), dst = out.storage().doubles();
            Parallel.forRange(rows, 4L * n, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int base = (r / in) * n * in + r % in;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < n; k++) max = Math.max(max, src[off + base + k * in]);
                    if (Double.isInfinite(max)) max = 0;   // all -inf: no shift (avoids inf - inf)
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        double e = Math.exp(src[off + base + k * in] - max);
                        dst[base + k * in] = e;
                        sum += e;
                    }
                    if (log) {
                        // (x - max) - log(sum): the shifted value is exact, so large inputs keep their precision
                        double logSum = Math.log(sum);
                        for (int k = 0; k < n; k++) dst[base + k * in] = (src[off + base + k * in] - max) - logSum;
                    } else {
                        double inv = 1 / sum;
                        for (int k = 0; k < n; k++) dst[base + k * in] *= inv;
                    }
                }
            });
        } else {
            float[] src = xc.storage().floats(), dst = out.storage().floats();
            Parallel.forRange(rows, 4L * n, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int base = (r / in) * n * in + r % in;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int k = 0; k < n; k++) max = Math.max(max, src[off + base + k * in]);
                    if (Float.isInfinite(max)) max = 0;
                    double sum = 0;   // accumulate in double: rows can be long
                    for (int k = 0; k < n; k++) {
                        float e = (float) Math.exp(src[off + base + k * in] - max);
                        dst[base + k * in] = e;
                        sum += e;
                    }
                    if (log) {
                        float logSum = (float) Math.log(sum);
                        for (int k = 0; k < n; k++) dst[base + k * in] = (src[off + base + k * in] - max) - logSum;
                    } else {
                        float inv = (float) (1 / sum);
                        for (int k = 0; k < n; k++) dst[base + k * in] *= inv;
                    }
                }
            });
        }
        return compute == dt ? out : out.to(dt);
    }

    /**
     * The typed backward applies when no graph of the backward is wanted (no double backward), the
     * softmax ran over the last dim with rows long enough to vectorize, and the dtype is f32 or f64.
     */
    private static boolean fastBackward(Tensor g, Tensor y, int d, boolean log) {
        Dtype dt = y.dtype();
        return !Autograd.isGradEnabled() && (dt == Dtype.FLOAT32 || dt == Dtype.FLOAT64) && g.dtype() == dt
                && y.dim() > 0 && d == y.dim() - 1 && y.size(d) >= 16 && y.isContiguous();
    }

    /**
     * Row by row: softmax {@code dx = y (g - sum(g y))}; log-softmax {@code dx = g - exp(y) sum(g)}.
     */
    private static Tensor softmaxBackwardKernel(Tensor g, Tensor y, boolean log) {
        Tensor gc = g.contiguous();
        int n = y.size(-1), rows = y.numel() / n;
        Tensor dx = Tensor.empty(y.dtype(), y.shape());
        ArrayKernels ak = Kernels.arrays();
        int go = gc.storageOffset(), yo = y.storageOffset();
        if (y.dtype() == Dtype.FLOAT64) {
            double[] gs = gc.storage().doubles(), ys = y.storage().doubles(), ds = dx.storage().doubles();
            Parallel.forRange(rows, 3L * n, (from, to) -> {
                double[] k = new double[1];
                for (int r = from; r < to; r++) {
                    int base = r * n;
                    if (log) {
                        k[0] = ak.reduce(ReduceOp.SUM, gs, go + base, n);
                        ak.unary(UnaryOp.EXP, ys, yo + base, ds, base, n);
                        ak.binary(BinaryOp.MUL, ds, base, 1, k, 0, 0, ds, base, n);
                        ak.binary(BinaryOp.SUB, gs, go + base, 1, ds, base, 1, ds, base, n);
                    } else {
                        ak.binary(BinaryOp.MUL, gs, go + base, 1, ys, yo + base, 1, ds, base, n);
                        k[0] = ak.reduce(ReduceOp.SUM, ds, base, n);
                        ak.binary(BinaryOp.SUB, gs, go + base, 1, k, 0, 0, ds, base, n);
                        ak.binary(BinaryOp.MUL, ds, base, 1, ys, yo + base, 1, ds, base, n);
                    }
                }
            });
        } else {
            float[] gs = gc.storage().floats(), ys = y.storage().floats(), ds = dx.storage().floats();
            Parallel.forRange(rows, 3L * n, (from, to) -> {
                float[] k = new float[1];
                for (int r = from; r < to; r++) {
                    int base = r * n;
                    if (log) {
                        k[0] = ak.reduce(ReduceOp.SUM, gs, go + base, n);
                        ak.unary(UnaryOp.EXP, ys, yo + base, ds, base, n);
                        ak.binary(BinaryOp.MUL, ds, base, 1, k, 0, 0, ds, base, n);
                        ak.binary(BinaryOp.SUB, gs, go + base, 1, ds, base, 1, ds, base, n);
                    } else {
                        ak.binary(BinaryOp.MUL, gs, go + base, 1, ys, yo + base, 1, ds, base, n);
                        k[0] = ak.reduce(ReduceOp.SUM, ds, base, n);
                        ak.binary(BinaryOp.SUB, gs, go + base, 1, k, 0, 0, ds, base, n);
                        ak.binary(BinaryOp.MUL, ds, base, 1, ys, yo + base, 1, ds, base, n);
                    }
                }
            });
        }
        return dx;
    }

    /** Rows of n contiguous values (softmax over the last dim): each step is one vectorized array loop. */
    private static void contiguousRows(Tensor xc, Tensor out, int rows, int n, boolean log) {
        ArrayKernels ak = Kernels.arrays();
        int off = xc.storageOffset();
        if (xc.dtype() == Dtype.FLOAT64) {
            double[] src = xc.storage().doubles(), dst = out.storage().doubles();
            Parallel.forRange(rows, 4L * n, (from, to) -> {
                double[] k = new double[1], e = log ? new double[n] : null;
                for (int r = from; r < to; r++) {
                    int base = r * n;
                    double max = ak.reduce(ReduceOp.MAX, src, off + base, n);
                    k[0] = Double.isInfinite(max) ? 0 : max;   // all -inf: no shift (avoids inf - inf)
                    ak.binary(BinaryOp.SUB, src, off + base, 1, k, 0, 0, dst, base, n);
                    if (log) {
                        ak.unary(UnaryOp.EXP, dst, base, e, 0, n);
                        k[0] = Math.log(ak.reduce(ReduceOp.SUM, e, 0, n));
                        ak.binary(BinaryOp.SUB, dst, base, 1, k, 0, 0, dst, base, n);
                    } else {
                        ak.unary(UnaryOp.EXP, dst, base, dst, base, n);
                        k[0] = 1 / ak.reduce(ReduceOp.SUM, dst, base, n);
                        ak.binary(BinaryOp.MUL, dst, base, 1, k, 0, 0, dst, base, n);
                    }
                }
            });
        } else {
            float[] src = xc.storage().floats(), dst = out.storage().floats();
            Parallel.forRange(rows, 4L * n, (from, to) -> {
                float[] k = new float[1], e = log ? new float[n] : null;
                for (int r = from; r < to; r++) {
                    int base = r * n;
                    float max = ak.reduce(ReduceOp.MAX, src, off + base, n);
                    k[0] = Float.isInfinite(max) ? 0 : max;
                    ak.binary(BinaryOp.SUB, src, off + base, 1, k, 0, 0, dst, base, n);
                    if (log) {
                        ak.unary(UnaryOp.EXP, dst, base, e, 0, n);
                        k[0] = (float) Math.log(ak.reduce(ReduceOp.SUM, e, 0, n));
                        ak.binary(BinaryOp.SUB, dst, base, 1, k, 0, 0, dst, base, n);
                    } else {
                        ak.unary(UnaryOp.EXP, dst, base, dst, base, n);
                        k[0] = 1 / ak.reduce(ReduceOp.SUM, dst, base, n);
                        ak.binary(BinaryOp.MUL, dst, base, 1, k, 0, 0, dst, base, n);
                    }
                }
            });
        }
    }
}
