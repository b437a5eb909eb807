package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Stochastic depth (Huang et al., 2016, "Deep Networks with Stochastic Depth"), as torchvision's
 * {@code ops.StochasticDepth}: in training, the residual branch it wraps is dropped with
 * probability {@code p} and otherwise scaled by {@code 1 / (1 - p)}, so its expectation is
 * unchanged; in evaluation (or with {@code p = 0}) it is the identity. With {@link Mode#ROW} each
 * sample of the batch draws its own keep/drop (a mask of shape [N, 1, 1, ...]); with
 * {@link Mode#BATCH} one draw decides for the whole batch. Used on the residual branch only, i.e.
 * {@code x + stochasticDepth(branch(x))}.
 */
public class StochasticDepth extends Module {
    /** Whether each sample ({@code ROW}) or the whole batch ({@code BATCH}) shares one keep/drop draw. */
    public enum Mode { ROW, BATCH }

    public final double p;
    public final Mode mode;
    private final Generator generator;

    public StochasticDepth(double p, Mode mode) { this(p, mode, null); }

    /** @param generator the random source of the masks; null for {@link Generator#global()} */
    public StochasticDepth(double p, Mode mode, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("StochasticDepth: drop probability has to be between 0 and 1, but got " + p);
        }
        if (mode == null) throw new IllegalArgumentException("StochasticDepth: mode must be ROW or BATCH, got null");
        this.p = p;
        this.mode = mode;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (!isTraining() || p == 0) return input;
        if (mode == Mode.ROW && input.dim() < 1) {
            throw new IllegalArgumentException("StochasticDepth: row mode needs an input with a batch dim, got shape "
                    + Arrays.toString(input.shape()));
        }
        double survival = 1 - p;
        int[] maskShape = new int[input.dim()];
        Arrays.fill(maskShape, 1);
        if (mode == Mode.ROW) maskShape[0] = input.size(0);
        Generator gen = generator != null ? generator : Generator.global();
        Tensor mask = Tensor.bernoulli(survival, gen, input.dtype(), maskShape);
        // at p = 1 every branch is dropped: the mask is all zeros and there is nothing to rescale
        if (survival > 0) mask = mask.div(survival);
        return input.mul(mask);
    }

    @Override
    protected String extraRepr() { return "p=" + p + ", mode=" + mode.name().toLowerCase(); }
}
