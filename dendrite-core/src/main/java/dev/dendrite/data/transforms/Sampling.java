package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;

/** Gamma and Beta variates from a {@link Generator}, for mixup and cutmix. */
public final class Sampling {
    private Sampling() {}

    /**
     * Gamma(shape, 1) by Marsaglia and Tsang's method (2000): with d = shape - 1/3 and
     * c = 1/sqrt(9d), draw x ~ N(0, 1), v = (1 + c x)^3, accept d v when v > 0 and
     * log u < x^2/2 + d - d v + d log v (after the cheap squeeze u < 1 - 0.0331 x^4). For
     * shape < 1, Gamma(shape) = Gamma(shape + 1) * u^(1/shape).
     */
    public static double gamma(double shape, Generator gen) {
        if (!(shape > 0)) throw new IllegalArgumentException("gamma: shape must be > 0, got " + shape);
        if (shape < 1) {
            double u;
            do {
                u = gen.nextDouble();
            } while (u == 0);
            return gamma(shape + 1, gen) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gen.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = gen.nextDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) return d * v;
            if (u > 0 && Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
        }
    }

    /** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
    public static double beta(double a, double b, Generator gen) {
        double x = gamma(a, gen), y = gamma(b, gen);
        return x + y == 0 ? 0.5 : x / (x + y);
    }
}
