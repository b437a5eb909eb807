package dev.dendrite.nn;

import dev.dendrite.functional.Normalization;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * {@code x / sqrt(mean(x^2) + eps) * weight} over the trailing {@code normalizedShape}, as
 * torch.nn.RMSNorm. A null {@code eps} (the default, as torch's {@code eps=None}) uses the machine
 * epsilon of the input's dtype: 1.19e-7 for float32, 2.22e-16 for float64.
 */
public class RMSNorm extends Module {
    private final int[] normalizedShape;
    public final Double eps;
    public final boolean elementwiseAffine;
    private final Tensor weight;

    public RMSNorm(int... normalizedShape) { this(normalizedShape, null, true); }

    public RMSNorm(int[] normalizedShape, Double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) throw new IllegalArgumentException("RMSNorm: normalized_shape must not be empty");
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
    }

    public int[] normalizedShape() { return normalizedShape.clone(); }
    public Tensor weight() { return weight; }

    @Override
    public Tensor forward(Tensor input) { return Normalization.rmsNorm(input, normalizedShape, weight, eps); }

    @Override
    protected String extraRepr() {
        String s = Arrays.toString(normalizedShape);
        return "(" + s.substring(1, s.length() - 1) + (normalizedShape.length == 1 ? ",)" : ")") + ", eps="
                + (eps == null ? "None" : eps) + ", elementwise_affine=" + (elementwiseAffine ? "True" : "False");
    }
}
