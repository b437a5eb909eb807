package dev.dendrite.nn;

import dev.dendrite.functional.Dropouts;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Dropout that keeps the zero mean and unit variance of SELU activations (dropped values become SELU's negative saturation, then an affine correction); the identity in evaluation mode, as torch.nn.AlphaDropout.
 * Masks come from the given {@link Generator} (default {@link Generator#global()}), so seeded runs
 * repeat exactly.
 */
public class AlphaDropout extends Module {
    public final double p;
    private final Generator generator;

    public AlphaDropout() { this(0.5); }

    public AlphaDropout(double p) { this(p, null); }

    /** {@code generator} null means {@link Generator#global()} at each call. */
    public AlphaDropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("AlphaDropout: dropout probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Dropouts.alphaDropout(input, p, isTraining(), generator != null ? generator : Generator.global());
    }

    @Override
    protected String extraRepr() { return "p=" + p; }
}
