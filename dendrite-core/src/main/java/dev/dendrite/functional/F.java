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
}
