package dev.dendrite.nn.init;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Parameter initializers, as {@code torch.nn.init}: each fills a tensor in place (outside the
 * autograd graph, so parameters that require grad can be initialized) and returns it. Random ones
 * take an optional {@link Generator} (the global one when omitted), so a seed reproduces them.
 * Fans are PyTorch's: for a weight of shape [out, in, k1, k2, ...], {@code fan_in = in * k1 * k2...}
 * and {@code fan_out = out * k1 * k2...}.
 */
public final class Init {
    private Init() {}

    /** Which fan scales a variance-preserving initializer: fan_in keeps forward activations' variance, fan_out the gradients'. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** The nonlinearities {@link #calculateGain} knows. */
    public enum Nonlinearity {
        LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID, TANH, RELU,
        LEAKY_RELU, SELU
    }

    // ================================================================ gains and fans

    /** The gain with no parameter (leaky_relu's negative slope defaults to 0.01, as PyTorch). */
    public static double calculateGain(Nonlinearity nonlinearity) { return calculateGain(nonlinearity, Double.NaN); }

    /**
     * The recommended gain for a nonlinearity: 1 for linear, conv and sigmoid, 5/3 for tanh,
     * sqrt(2) for relu, {@code sqrt(2 / (1 + slope^2))} for leaky_relu and 3/4 for selu. {@code param}
     * is leaky_relu's negative slope (NaN for the default 0.01); the others ignore it.
     */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID -> 1;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> {
                double slope = Double.isNaN(param) ? 0.01 : param;
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case SELU -> 3.0 / 4;
        };
    }

    /** As {@link #calculateGain(Nonlinearity, double)} by PyTorch's name ("relu", "leaky_relu", "conv2d", ...). */
    public static double calculateGain(String nonlinearity, double param) {
        return calculateGain(nonlinearityByName(nonlinearity), param);
    }

    public static double calculateGain(String nonlinearity) { return calculateGain(nonlinearity, Double.NaN); }

    private static Nonlinearity nonlinearityByName(String name) {
        for (Nonlinearity n : Nonlinearity.values()) {
            if (n.name().equalsIgnoreCase(name)) return n;
        }
        throw new IllegalArgumentException("calculateGain: unsupported nonlinearity '" + name + "' (expected one of "
                + Arrays.toString(Nonlinearity.values()).toLowerCase() + ")");
    }

    /** {@code [fan_in, fan_out]} of a tensor with at least 2 dims (PyTorch's _calculate_fan_in_and_fan_out). */
    public static int[] fanInAndFanOut(Tensor t) { return fans("fanInAndFanOut", t); }

    private static int[] fans(String op, Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException(op + ": fan in and fan out can not be computed for a tensor with fewer than 2 dimensions"
                    + " (got shape " + Arrays.toString(t.shape()) + ")");
        }
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) receptive *= t.size(d);
        return new int[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    private static int fan(String op, Tensor t, FanMode mode) {
        int[] f = fans(op, t);
        return mode == FanMode.FAN_IN ? f[0] : f[1];
    }

    // ================================================================ plain fills

    public static Tensor uniform_(Tensor t) { return uniform_(t, 0, 1, Generator.global()); }

    public static Tensor uniform_(Tensor t, double a, double b) { return uniform_(t, a, b, Generator.global()); }

    /** Uniform on [a, b). */
    public static Tensor uniform_(Tensor t, double a, double b, Generator gen) {
        if (!(a <= b)) throw new IllegalArgumentException("uniform: expected a <= b, got a=" + a + " and b=" + b);
        requireFloat("uniform", t);
        try (var s = Autograd.noGrad()) {
            return t.uniform_(a, b, gen);
        }
    }

    public static Tensor normal_(Tensor t) { return normal_(t, 0, 1, Generator.global()); }

    public static Tensor normal_(Tensor t, double mean, double std) { return normal_(t, mean, std, Generator.global()); }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal_(Tensor t, double mean, double std, Generator gen) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        requireFloat("normal", t);
        try (var s = Autograd.noGrad()) {
            return t.normal_(mean, std, gen);
        }
    }

    public static Tensor constant_(Tensor t, double value) {
        try (var s = Autograd.noGrad()) {
            return t.fill_(value);
        }
    }

    public static Tensor zeros_(Tensor t) { return constant_(t, 0); }

    public static Tensor ones_(Tensor t) { return constant_(t, 1); }

    /** The identity matrix in a 2-D tensor (ones on the main diagonal of a non-square one too). */
    public static Tensor eye_(Tensor t) {
        if (t.dim() != 2) {
            throw new IllegalArgumentException("eye: only tensors with 2 dimensions are supported, got shape "
                    + Arrays.toString(t.shape()));
        }
        try (var s = Autograd.noGrad()) {
            t.zero_();
            for (int i = 0; i < Math.min(t.size(0), t.size(1)); i++) t.set(1, i, i);
            return t;
        }
    }

    public static Tensor dirac_(Tensor t) { return dirac_(t, 1); }

    /**
     * The Dirac delta for a conv weight [out, in, k...] (3, 4 or 5 dims): each of the {@code groups}
     * groups of {@code out / groups} output channels passes input channel d to output channel d at the
     * kernel's centre, so the convolution preserves its input (as many channels as fit).
     */
    public static Tensor dirac_(Tensor t, int groups) {
        int dims = t.dim();
        if (dims < 3 || dims > 5) {
            throw new IllegalArgumentException("dirac: only tensors with 3, 4, or 5 dimensions are supported, got shape "
                    + Arrays.toString(t.shape()));
        }
        if (groups < 1 || t.size(0) % groups != 0) {
            throw new IllegalArgumentException("dirac: dim 0 (" + t.size(0) + ") must be divisible by groups (" + groups + ")");
        }
        int outPerGroup = t.size(0) / groups;
        int minDim = Math.min(outPerGroup, t.size(1));
        try (var s = Autograd.noGrad()) {
            t.zero_();
            int[] index = new int[dims];
            for (int k = 2; k < dims; k++) index[k] = t.size(k) / 2;
            for (int g = 0; g < groups; g++) {
                for (int d = 0; d < minDim; d++) {
                    index[0] = g * outPerGroup + d;
                    index[1] = d;
                    t.set(1, index);
                }
            }
            return t;
        }
    }

    // ================================================================ variance-scaling initializers

    public static Tensor xavierUniform_(Tensor t) { return xavierUniform_(t, 1, Generator.global()); }

    public static Tensor xavierUniform_(Tensor t, double gain) { return xavierUniform_(t, gain, Generator.global()); }

    /** Glorot and Bengio (2010): uniform on +-{@code gain sqrt(6 / (fan_in + fan_out))}. */
    public static Tensor xavierUniform_(Tensor t, double gain, Generator gen) {
        int[] f = fans("xavierUniform", t);
        double std = gain * Math.sqrt(2.0 / (f[0] + f[1]));
        double a = Math.sqrt(3.0) * std;
        return uniform_(t, -a, a, gen);
    }

    public static Tensor xavierNormal_(Tensor t) { return xavierNormal_(t, 1, Generator.global()); }

    public static Tensor xavierNormal_(Tensor t, double gain) { return xavierNormal_(t, gain, Generator.global()); }

    /** Glorot and Bengio (2010): normal with std {@code gain sqrt(2 / (fan_in + fan_out))}. */
    public static Tensor xavierNormal_(Tensor t, double gain, Generator gen) {
        int[] f = fans("xavierNormal", t);
        return normal_(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), gen);
    }

    /** PyTorch's defaults: a = 0, fan_in, leaky_relu (whose gain at slope 0 is relu's sqrt(2)). */
    public static Tensor kaimingUniform_(Tensor t) {
        return kaimingUniform_(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, Generator.global());
    }

    public static Tensor kaimingUniform_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        return kaimingUniform_(t, a, mode, nonlinearity, Generator.global());
    }

    /**
     * He et al. (2015): uniform on +-{@code sqrt(3) gain / sqrt(fan)} with the gain of
     * {@code nonlinearity} (a is leaky_relu's negative slope). Empty tensors are left alone.
     */
    public static Tensor kaimingUniform_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator gen) {
        if (t.numel() == 0) return t;
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan("kaimingUniform", t, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform_(t, -bound, bound, gen);
    }

    public static Tensor kaimingNormal_(Tensor t) {
        return kaimingNormal_(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, Generator.global());
    }

    public static Tensor kaimingNormal_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        return kaimingNormal_(t, a, mode, nonlinearity, Generator.global());
    }

    /** He et al. (2015): normal with std {@code gain / sqrt(fan)}. Empty tensors are left alone. */
    public static Tensor kaimingNormal_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator gen) {
        if (t.numel() == 0) return t;
        return normal_(t, 0, calculateGain(nonlinearity, a) / Math.sqrt(fan("kaimingNormal", t, mode)), gen);
    }

    public static Tensor lecunUniform_(Tensor t) { return lecunUniform_(t, Generator.global()); }

    /**
     * LeCun et al. (1998), "Efficient BackProp": variance {@code 1 / fan_in}, here uniform on
     * +-{@code sqrt(3 / fan_in)} (Keras's lecun_uniform; the same as kaiming_uniform with the linear
     * gain). PyTorch has no lecun initializer.
     */
    public static Tensor lecunUniform_(Tensor t, Generator gen) {
        double bound = Math.sqrt(3.0 / fan("lecunUniform", t, FanMode.FAN_IN));
        return uniform_(t, -bound, bound, gen);
    }

    public static Tensor lecunNormal_(Tensor t) { return lecunNormal_(t, Generator.global()); }

    /**
     * LeCun normal: variance {@code 1 / fan_in} from a plain (untruncated) normal with std
     * {@code 1 / sqrt(fan_in)}, the initialization SELU networks assume. (Keras draws from a normal
     * truncated at 2 std and rescaled; use {@link #truncNormal_} for that.)
     */
    public static Tensor lecunNormal_(Tensor t, Generator gen) {
        return normal_(t, 0, 1 / Math.sqrt(fan("lecunNormal", t, FanMode.FAN_IN)), gen);
    }

    // ================================================================ structured initializers

    public static Tensor orthogonal_(Tensor t) { return orthogonal_(t, 1, Generator.global()); }

    public static Tensor orthogonal_(Tensor t, double gain) { return orthogonal_(t, gain, Generator.global()); }

    /**
     * Saxe et al. (2013): a (semi-)orthogonal matrix, as PyTorch. The tensor is viewed as
     * [size(0), numel / size(0)]; a standard normal matrix of that shape (transposed when it is wide)
     * is factored as Q R by Householder QR in float64, Q's columns are multiplied by the signs of R's
     * diagonal (which makes Q uniformly distributed over the orthogonal matrices), and gain * Q
     * (transposed back) fills the tensor: rows are orthonormal when rows <= cols, columns otherwise.
     */
    public static Tensor orthogonal_(Tensor t, double gain, Generator gen) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("orthogonal: only tensors with 2 or more dimensions are supported, got shape "
                    + Arrays.toString(t.shape()));
        }
        if (t.numel() == 0) return t;
        int rows = t.size(0), cols = t.numel() / rows;
        boolean wide = rows < cols;
        int m = wide ? cols : rows, n = wide ? rows : cols;   // factor an m x n matrix with m >= n
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) a[i] = gen.nextGaussian();
        double[] q = householderQ(a, m, n);
        double[] out = new double[rows * cols];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = gain * q[i * n + j];
                if (wide) out[j * cols + i] = v; else out[i * cols + j] = v;
            }
        }
        try (var s = Autograd.noGrad()) {
            return t.copy_(Tensor.of(out, t.shape()));
        }
    }

    /**
     * The m x n factor Q of {@code A = Q R} (A row-major m x n, m >= n) with R's diagonal made
     * positive, by Householder reflections: {@code H_k = I - 2 v v^T / v^T v} zeroes column k below
     * the diagonal; Q is the product of the reflections applied to the first n columns of I.
     */
    static double[] householderQ(double[] a, int m, int n) {
        double[][] vs = new double[n][];
        double[] rDiag = new double[n];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) norm += a[i * n + k] * a[i * n + k];
            norm = Math.sqrt(norm);
            double[] v = new double[m - k];
            // reflect onto -sign(a_kk) |x| e_k: adding, not subtracting, avoids cancellation
            double alpha = a[k * n + k] >= 0 ? -norm : norm;
            for (int i = k; i < m; i++) v[i - k] = a[i * n + k];
            v[0] -= alpha;
            double vv = 0;
            for (double x : v) vv += x * x;
            vs[k] = vv == 0 ? null : v;
            if (vv != 0) {
                for (int j = k; j < n; j++) {
                    double dot = 0;
                    for (int i = k; i < m; i++) dot += v[i - k] * a[i * n + j];
                    double f = 2 * dot / vv;
                    for (int i = k; i < m; i++) a[i * n + j] -= f * v[i - k];
                }
            }
            rDiag[k] = a[k * n + k];
        }
        // Q = H_0 H_1 ... H_{n-1} [I_n; 0]: apply the reflections in reverse order to the thin identity
        double[] q = new double[m * n];
        for (int j = 0; j < n; j++) q[j * n + j] = 1;
        for (int k = n - 1; k >= 0; k--) {
            double[] v = vs[k];
            if (v == null) continue;
            double vv = 0;
            for (double x : v) vv += x * x;
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int i = k; i < m; i++) dot += v[i - k] * q[i * n + j];
                double f = 2 * dot / vv;
                for (int i = k; i < m; i++) q[i * n + j] -= f * v[i - k];
            }
        }
        // sign correction: Q diag(sign(r_kk)) makes the factorization unique (R with a positive diagonal)
        for (int j = 0; j < n; j++) {
            if (rDiag[j] < 0) for (int i = 0; i < m; i++) q[i * n + j] = -q[i * n + j];
        }
        return q;
    }

    /** PyTorch's defaults: mean 0, std 1, cut at a = -2 and b = 2 (absolute values, not multiples of std). */
    public static Tensor truncNormal_(Tensor t) { return truncNormal_(t, 0, 1, -2, 2, Generator.global()); }

    public static Tensor truncNormal_(Tensor t, double mean, double std, double a, double b) {
        return truncNormal_(t, mean, std, a, b, Generator.global());
    }

    /**
     * Samples the normal distribution N(mean, std^2) restricted to [a, b], exactly (not by clamping):
     * every value is a draw from the truncated distribution, by rejection with Robert's (1995)
     * proposals chosen for the interval: the normal itself when the interval holds much of the mass,
     * a uniform proposal on narrow intervals, and an exponential proposal on intervals out in a tail.
     */
    public static Tensor truncNormal_(Tensor t, double mean, double std, double a, double b, Generator gen) {
        if (!(std > 0)) throw new IllegalArgumentException("truncNormal: std must be > 0, got " + std);
        if (!(a < b)) throw new IllegalArgumentException("truncNormal: expected a < b, got a=" + a + " and b=" + b);
        requireFloat("truncNormal", t);
        double lo = (a - mean) / std, hi = (b - mean) / std;
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + std * truncatedStandard(lo, hi, gen);
            // rounding mean + std z can step just outside [a, b]; the sample's support is closed
            v[i] = Math.min(b, Math.max(a, v[i]));
        }
        try (var s = Autograd.noGrad()) {
            return t.copy_(Tensor.of(v, t.shape()));
        }
    }

    /** One draw of a standard normal restricted to [lo, hi]. */
    static double truncatedStandard(double lo, double hi, Generator gen) {
        if (lo >= 0) return rightTail(lo, hi, gen);
        if (hi <= 0) return -rightTail(-hi, -lo, gen);
        // the interval holds 0: the normal itself when wide (acceptance >= ~0.48), else uniform with density ratio
        if (hi - lo >= 2.5) {
            while (true) {
                double z = gen.nextGaussian();
                if (z >= lo && z <= hi) return z;
            }
        }
        while (true) {
            double z = lo + (hi - lo) * gen.nextDouble();
            if (gen.nextDouble() <= Math.exp(-0.5 * z * z)) return z;
        }
    }

    /** A standard normal restricted to [lo, hi] with 0 <= lo (Robert 1995). */
    private static double rightTail(double lo, double hi, Generator gen) {
        double lambda = (lo + Math.sqrt(lo * lo + 4)) / 2;
        // the exponential proposal is the better one unless the interval is narrow (Robert's criterion)
        double threshold = lo + 2 * Math.sqrt(Math.E) / (lo + Math.sqrt(lo * lo + 4)) * Math.exp((lo * lo - lo * Math.sqrt(lo * lo + 4)) / 4);
        if (hi > threshold) {
            while (true) {
                double z = lo - Math.log(1 - gen.nextDouble()) / lambda;
                if (z > hi) continue;
                if (gen.nextDouble() <= Math.exp(-0.5 * (z - lambda) * (z - lambda))) return z;
            }
        }
        while (true) {
            double z = lo + (hi - lo) * gen.nextDouble();
            if (gen.nextDouble() <= Math.exp(0.5 * (lo * lo - z * z))) return z;
        }
    }

    public static Tensor sparse_(Tensor t, double sparsity) { return sparse_(t, sparsity, 0.01, Generator.global()); }

    /**
     * Martens (2010): a 2-D tensor from N(0, std^2) with {@code ceil(sparsity * rows)} entries of
     * each column set to zero, at rows picked by a random permutation.
     */
    public static Tensor sparse_(Tensor t, double sparsity, double std, Generator gen) {
        if (t.dim() != 2) {
            throw new IllegalArgumentException("sparse: only tensors with 2 dimensions are supported, got shape "
                    + Arrays.toString(t.shape()));
        }
        if (!(sparsity >= 0 && sparsity <= 1)) {
            throw new IllegalArgumentException("sparse: sparsity must lie in [0, 1], got " + sparsity);
        }
        int rows = t.size(0), cols = t.size(1);
        int numZeros = (int) Math.ceil(sparsity * rows);
        normal_(t, 0, std, gen);
        try (var s = Autograd.noGrad()) {
            for (int c = 0; c < cols; c++) {
                long[] perm = Tensor.randperm(rows, gen).toLongArray();
                for (int k = 0; k < numZeros; k++) t.set(0, (int) perm[k], c);
            }
        }
        return t;
    }

    private static void requireFloat(String op, Tensor t) {
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": needs a floating-point tensor, got " + t.dtype().torchName());
        }
    }
}
