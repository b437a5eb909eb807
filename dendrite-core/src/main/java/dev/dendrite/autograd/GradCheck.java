package dev.dendrite.autograd;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Checks analytical gradients against central finite differences, as torch.autograd.gradcheck
 * does: the full Jacobian of {@code f} at the given float64 inputs is computed both ways (one
 * backward pass per output element; two forward passes per input element) and compared with
 * {@code |analytical - numerical| <= atol + rtol * |numerical|}.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Tolerances and step: the defaults are torch's (eps 1e-6, atol 1e-5, rtol 1e-3). */
    public record Options(double eps, double atol, double rtol) {
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-3);
    }

    /** Thrown when the gradients disagree; the message names the input, the element and both values. */
    public static final class GradcheckError extends AssertionError {
        GradcheckError(String message) { super(message); }
    }

    public static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(f, Options.DEFAULT, inputs);
    }

    public static void check(Function<Tensor[], Tensor> f, Options options, Tensor... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in.dtype() != Dtype.FLOAT64) {
                throw new IllegalArgumentException("gradcheck: input " + i + " is " + in.dtype().torchName()
                        + "; finite differences need float64 inputs");
            }
            if (!in.isRequiresGrad()) {
                throw new IllegalArgumentException("gradcheck: input " + i + " does not require grad");
            }
        }
        Tensor out = f.apply(inputs);
        int nOut = out.numel();
        double[][][] analytical = analytical(out, inputs);
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            int[] index = new int[in.dim()];
            for (int e = 0; e < in.numel(); e++) {
                unravel(e, in.shape(), index);
                double[] numerical = numericalColumn(f, inputs, in, index, options.eps(), nOut);
                for (int j = 0; j < nOut; j++) {
                    double a = analytical[i][j][e], n = numerical[j];
                    if (!(Math.abs(a - n) <= options.atol() + options.rtol() * Math.abs(n))) {
                        throw new GradcheckError("gradcheck: Jacobian mismatch for input " + i + " (shape "
                                + Arrays.toString(in.shape()) + ") at element " + Arrays.toString(index)
                                + ", output element " + j + ": analytical " + a + " vs numerical " + n);
                    }
                }
            }
        }
    }

    /** Checks second derivatives: the gradient of {@code f} (taken with createGraph) must itself pass gradcheck. */
    public static void checkSecondOrder(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor probe = f.apply(inputs);
        // a fixed, non-trivial weighting of the outputs, so that the checked function is a scalar-valued mix
        Tensor weights = Tensor.linspace(0.5, 1.5, probe.numel(), Dtype.FLOAT64).reshape(probe.shape());
        check(xs -> {
            try (var grad = Autograd.enableGrad()) {   // finite differences run f under no-grad
                return flatGradient(f, xs, weights);
            }
        }, inputs);
    }

    /** The gradient of {@code weights . f(xs)} with respect to every input, flattened into one differentiable vector. */
    private static Tensor flatGradient(Function<Tensor[], Tensor> f, Tensor[] xs, Tensor weights) {
        Tensor y = f.apply(xs);
        Tensor[] grads = Autograd.grad(y, xs, weights, true, true, true);
        Tensor total = null;
        for (Tensor g : grads) {
            if (g == null) continue;
            Tensor part = g.reshape(-1);
            total = total == null ? part : dev.dendrite.ops.Joins.cat(new Tensor[] {total, part}, 0);
        }
        return total == null ? Tensor.zeros(Dtype.FLOAT64, 1) : total;
    }

    private static double[][][] analytical(Tensor out, Tensor[] inputs) {
        int nOut = out.numel();
        double[][][] jac = new double[inputs.length][nOut][];
        for (int j = 0; j < nOut; j++) {
            Tensor seed = Tensor.zeros(out.dtype(), out.shape());
            try (var s = Autograd.noGrad()) {
                seed.storage().setDouble(j, 1);
            }
            Tensor[] grads = out.isRequiresGrad()
                    ? Autograd.grad(out, inputs, seed, true, false, true) : new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                jac[i][j] = grads[i] == null ? new double[inputs[i].numel()] : grads[i].toDoubleArray();
            }
        }
        return jac;
    }

    private static double[] numericalColumn(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor in, int[] index,
                                            double eps, int nOut) {
        try (var s = Autograd.noGrad()) {
            double orig = in.get(index);
            in.set(orig + eps, index);
            double[] plus = f.apply(inputs).toDoubleArray();
            in.set(orig - eps, index);
            double[] minus = f.apply(inputs).toDoubleArray();
            in.set(orig, index);
            double[] col = new double[nOut];
            for (int j = 0; j < nOut; j++) col[j] = (plus[j] - minus[j]) / (2 * eps);
            return col;
        }
    }

    private static void unravel(int flat, int[] shape, int[] index) {
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
    }
}
