package dev.dendrite.nn;

import dev.dendrite.functional.F;
import dev.dendrite.nn.init.Init;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * {@code y = x W^T + b} over the last dim. The weight is [out_features, in_features] as in
 * PyTorch, and both are initialized as PyTorch does: uniform on +-1/sqrt(in_features).
 */
public class Linear extends Module {
    public final int inFeatures, outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    public Linear(int inFeatures, int outFeatures) { this(inFeatures, outFeatures, true); }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be positive, got "
                    + inFeatures + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        Generator gen = Generator.global();
        // PyTorch's reset_parameters: kaiming_uniform with a = sqrt(5) is uniform on +-1/sqrt(fan_in)
        Tensor w = Init.kaimingUniform_(Tensor.empty(outFeatures, inFeatures), Math.sqrt(5), Init.FanMode.FAN_IN,
                Init.Nonlinearity.LEAKY_RELU, gen);
        this.weight = registerParameter("weight", w);
        double bound = 1 / Math.sqrt(Init.fanInAndFanOut(w)[0]);
        this.bias = bias ? registerParameter("bias", Init.uniform_(Tensor.empty(outFeatures), -bound, bound, gen)) : null;
    }

    public Tensor weight() { return weight; }

    public Tensor bias() { return bias; }

    @Override
    public Tensor forward(Tensor input) {
        return F.linear(input, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
