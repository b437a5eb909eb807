package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/**
 * {@code max(0, x) + a * min(0, x)} with a learned slope {@code a}: one shared (the default) or one
 * per channel (dim 1 of the input), initialized to 0.25 as torch.nn.PReLU.
 */
public class PReLU extends Module {
    public final int numParameters;
    private final Tensor weight;

    public PReLU() { this(1, 0.25); }

    public PReLU(int numParameters) { this(numParameters, 0.25); }

    public PReLU(int numParameters, double init) {
        if (numParameters < 1) throw new IllegalArgumentException("PReLU: num_parameters must be positive, got " + numParameters);
        this.numParameters = numParameters;
        this.weight = registerParameter("weight", Tensor.full(init, numParameters));
    }

    public Tensor weight() { return weight; }

    @Override
    public Tensor forward(Tensor input) { return Activations.prelu(input, weight); }

    @Override
    protected String extraRepr() { return "num_parameters=" + numParameters; }
}
