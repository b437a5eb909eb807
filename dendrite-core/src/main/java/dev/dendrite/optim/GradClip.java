package dev.dendrite.optim;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, as PyTorch's {@code torch.nn.utils.clip_grad_norm_} and
 * {@code clip_grad_value_}, and the total gradient norm for monitoring. Parameters without a
 * gradient are skipped. Norms are accumulated in double in a fixed order.
 */
public final class GradClip {
    private GradClip() {}

    /**
     * The norm of all gradients together, as if they were concatenated into one vector: for
     * {@code normType} p, (Σ|g|^p)^(1/p); {@code Double.POSITIVE_INFINITY} gives max |g|,
     * {@code NEGATIVE_INFINITY} min |g|, and 0 the count of non-zero entries. 0 when no parameter has
     * a gradient.
     */
    public static double totalGradNorm(Iterable<Tensor> parameters, double normType) {
        List<Tensor> grads = grads(parameters);
        if (Double.isNaN(normType)) throw new IllegalArgumentException("totalGradNorm: normType is NaN");
        if (grads.isEmpty()) return 0;
        if (normType == Double.POSITIVE_INFINITY || normType == Double.NEGATIVE_INFINITY) {
            boolean max = normType > 0;
            double acc = max ? 0 : Double.POSITIVE_INFINITY;
            for (Tensor g : grads) {
                Flat f = Flat.read(g);
                for (int i = 0; i < f.n; i++) {
                    double a = Math.abs(f.get(i));
                    if (Double.isNaN(a)) return Double.NaN;
                    acc = max ? Math.max(acc, a) : Math.min(acc, a);
                }
            }
            return acc;
        }
        double acc = 0;
        for (Tensor g : grads) {
            Flat f = Flat.read(g);
            acc += Optimizer.sums(f.n, 1, (from, to, a) -> {
                double s = 0;
                if (normType == 0) {
                    for (int i = from; i < to; i++) s += f.get(i) != 0 ? 1 : 0;
                } else if (normType == 2) {
                    for (int i = from; i < to; i++) s += f.get(i) * f.get(i);
                } else if (normType == 1) {
                    for (int i = from; i < to; i++) s += Math.abs(f.get(i));
                } else {
                    for (int i = from; i < to; i++) s += Math.pow(Math.abs(f.get(i)), normType);
                }
                a[0] += s;
            })[0];
        }
        if (normType == 0 || normType == 1) return acc;
        if (normType == 2) return Math.sqrt(acc);
        return Math.pow(acc, 1 / normType);
    }

    /** The Euclidean norm of all gradients together. */
    public static double totalGradNorm(Iterable<Tensor> parameters) { return totalGradNorm(parameters, 2); }

    /**
     * Scales all gradients in place so that their total norm is at most {@code maxNorm}: each is
     * multiplied by {@code min(1, maxNorm / (total + 1e-6))}, as PyTorch does. Returns the total norm
     * before clipping. With {@code errorIfNonfinite}, a NaN or infinite total is an error and no
     * gradient is changed; without it, the gradients are scaled
     * by the factor that results (NaN, or 0 for an infinite total), as PyTorch does.
     */
    public static double clipGradNorm(Iterable<Tensor> parameters, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        List<Tensor> grads = grads(parameters);
        double total = totalGradNorm(parameters, normType);
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new IllegalStateException("clipGradNorm: the total norm of order " + normType
                    + " for gradients from the parameters is non-finite (" + total + "), so it cannot be clipped; "
                    + "to scale the gradients by the non-finite norm anyway, pass errorIfNonfinite=false");
        }
        final double coef = Math.min(1.0, maxNorm / (total + 1e-6));
        if (coef == 1.0) return total;   // scaling by exactly 1 changes nothing
        try (var s = Autograd.noGrad()) {
            for (Tensor g : grads) {
                Flat f = Flat.of(g);
                Optimizer.forEach(f.n, (from, to) -> {
                    for (int i = from; i < to; i++) f.set(i, f.get(i) * coef);
                });
                f.writeBack();
            }
        }
        return total;
    }

    /** {@link #clipGradNorm(Iterable, double, double, boolean)} without the non-finite check. */
    public static double clipGradNorm(Iterable<Tensor> parameters, double maxNorm, double normType) {
        return clipGradNorm(parameters, maxNorm, normType, false);
    }

    /** Clips by the Euclidean norm. */
    public static double clipGradNorm(Iterable<Tensor> parameters, double maxNorm) {
        return clipGradNorm(parameters, maxNorm, 2, false);
    }

    /** Clamps every gradient element into {@code [-clipValue, clipValue]} in place. */
    public static void clipGradValue(Iterable<Tensor> parameters, double clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clipGradValue: clipValue must be >= 0, got " + clipValue);
        try (var s = Autograd.noGrad()) {
            for (Tensor g : grads(parameters)) {
                Flat f = Flat.of(g);
                Optimizer.forEach(f.n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double x = f.get(i);
                        // NaN stays NaN, as torch.clamp leaves it
                        if (x > clipValue) f.set(i, clipValue);
                        else if (x < -clipValue) f.set(i, -clipValue);
                    }
                });
                f.writeBack();
            }
        }
    }

    private static List<Tensor> grads(Iterable<Tensor> parameters) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : parameters) if (p.grad() != null) out.add(p.grad());
        return out;
    }
}
