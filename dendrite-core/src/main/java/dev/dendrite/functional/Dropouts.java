package dev.dendrite.functional;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Dropout and its variants, as in {@code torch.nn.functional}. Masks are drawn from a
 * {@link Generator} so a seeded run is reproducible; outside training they are the identity.
 */
public final class Dropouts {
    private Dropouts() {}

    private static void checkP(String op, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": dropout probability has to be between 0 and 1, but got " + p);
        }
    }

    /** Zeroes each element with probability p and scales the survivors by 1/(1-p). */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        checkP("dropout", p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0.0);
        Tensor mask = Tensor.bernoulli(1 - p, gen, x.dtype(), x.shape()).mul(1 / (1 - p));
        return x.mul(mask);
    }

    public static Tensor dropout(Tensor x, double p, boolean training) { return dropout(x, p, training, Generator.global()); }

    /**
     * Zeroes whole channels: for input [N, C, H, W] (or unbatched [C, H, W]) each (sample, channel)
     * plane is kept or dropped together, survivors scaled by 1/(1-p).
     */
    public static Tensor dropout2d(Tensor x, double p, boolean training, Generator gen) {
        checkP("dropout2d", p);
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException("dropout2d: expected input of rank 3 [C, H, W] or 4 [N, C, H, W], got shape "
                    + Arrays.toString(x.shape()));
        }
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0.0);
        int[] maskShape = x.shape();
        for (int i = maskShape.length - 2; i < maskShape.length; i++) maskShape[i] = 1;
        Tensor mask = Tensor.bernoulli(1 - p, gen, x.dtype(), maskShape).mul(1 / (1 - p));
        return x.mul(mask);
    }

    public static Tensor dropout2d(Tensor x, double p, boolean training) { return dropout2d(x, p, training, Generator.global()); }

    /**
     * Dropout for self-normalizing (SELU) networks: dropped elements are set to SELU's negative
     * saturation value, then an affine map restores zero mean and unit variance (Klambauer et al.).
     */
    public static Tensor alphaDropout(Tensor x, double p, boolean training, Generator gen) {
        checkP("alphaDropout", p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0.0);
        double alphaPrime = -Activations.SELU_ALPHA * Activations.SELU_SCALE;
        double a = 1 / Math.sqrt((1 - p) * (1 + p * alphaPrime * alphaPrime));
        double b = -a * alphaPrime * p;
        Tensor keep = Tensor.bernoulli(1 - p, gen, x.dtype(), x.shape());
        // a * (x * keep + alpha' * (1 - keep)) + b
        Tensor shift = keep.rsub(1.0).mul(a * alphaPrime).add(b);
        return x.mul(keep.mul(a)).add(shift);
    }

    public static Tensor alphaDropout(Tensor x, double p, boolean training) {
        return alphaDropout(x, p, training, Generator.global());
    }
}
