package dev.dendrite.nn;

import dev.dendrite.functional.Normalization;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Normalizes over the trailing {@code normalizedShape} dims of each sample, then applies an
 * elementwise affine (weight ones, bias zeros, of that shape) unless disabled, as torch.nn.LayerNorm.
 */
public class LayerNorm extends Module {
    private final int[] normalizedShape;
    public final double eps;
    public final boolean elementwiseAffine;
    private final Tensor weight, bias;

    public LayerNorm(int... normalizedShape) { this(normalizedShape, 1e-5, true, true); }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        this(normalizedShape, eps, elementwiseAffine, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        if (normalizedShape.length == 0) throw new IllegalArgumentException("LayerNorm: normalized_shape must not be empty");
        for (int d : normalizedShape) {
            if (d < 1) throw new IllegalArgumentException("LayerNorm: normalized_shape must be positive, got " + Arrays.toString(normalizedShape));
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine && bias ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    public int[] normalizedShape() { return normalizedShape.clone(); }
    public Tensor weight() { return weight; }
    public Tensor bias() { return bias; }

    @Override
    public Tensor forward(Tensor input) { return Normalization.layerNorm(input, normalizedShape, weight, bias, eps); }

    @Override
    protected String extraRepr() {
        String s = Arrays.toString(normalizedShape);
        return "(" + s.substring(1, s.length() - 1) + (normalizedShape.length == 1 ? ",)" : ")") + ", eps=" + eps
                + ", elementwise_affine=" + (elementwiseAffine ? "True" : "False");
    }
}
