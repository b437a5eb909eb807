package dev.dendrite.nn;

import dev.dendrite.functional.F;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * A {@link Linear} whose in_features is inferred from the last dim of the first input, as
 * torch.nn.LazyLinear. Until then its parameters are empty placeholders (shape [0]) registered
 * under the usual names; the first call materializes them with Linear's initialization.
 */
public class LazyLinear extends Module {
    public final int outFeatures;
    private int inFeatures;   // 0 until the first call
    private Tensor weight, bias;

    public LazyLinear(int outFeatures) { this(outFeatures, true); }

    public LazyLinear(int outFeatures, boolean bias) {
        if (outFeatures < 1) throw new IllegalArgumentException("LazyLinear: out_features must be positive, got " + outFeatures);
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.empty(0));
        this.bias = bias ? registerParameter("bias", Tensor.empty(0)) : null;
    }

    /** True until the first forward call fixed in_features. */
    public boolean hasUninitializedParams() { return inFeatures == 0; }

    public int inFeatures() { return inFeatures; }

    public Tensor weight() { return weight; }

    public Tensor bias() { return bias; }

    @Override
    public Tensor forward(Tensor input) {
        if (inFeatures == 0) {
            if (input.dim() == 0 || input.size(-1) == 0) {
                throw new IllegalArgumentException("LazyLinear: cannot infer in_features from input of shape "
                        + java.util.Arrays.toString(input.shape()));
            }
            inFeatures = input.size(-1);
            double bound = 1 / Math.sqrt(inFeatures);
            Generator gen = Generator.global();
            weight = Tensor.empty(outFeatures, inFeatures).uniform_(-bound, bound, gen);
            setParameter("weight", weight);
            if (bias != null) {
                bias = Tensor.empty(outFeatures).uniform_(-bound, bound, gen);
                setParameter("bias", bias);
            }
        }
        return F.linear(input, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
