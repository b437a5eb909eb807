package dev.dendrite.nn;

import dev.dendrite.functional.Dropouts;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Zeroes each element with probability p in training mode and scales the survivors by 1/(1-p); the identity in evaluation mode, as torch.nn.Dropout.
 * Masks come from the given {@link Generator} (default {@link Generator#global()}), so seeded runs
 * repeat exactly.
 */
public class Dropout extends Module {
    public final double p;
    private final Generator generator;

    public Dropout() { this(0.5); }

    public Dropout(double p) { this(p, null); }

    /** {@code generator} null means {@link Generator#global()} at each call. */
    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: dropout probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Dropouts.dropout(input, p, isTraining(), generator != null ? generator : Generator.global());
    }

    @Override
    protected String extraRepr() { return "p=" + p; }
}
