package dev.dendrite.nn;

import dev.dendrite.functional.Normalization;
import dev.dendrite.tensor.Tensor;

/**
 * Divides the channels into {@code numGroups} groups and normalizes each group of each sample, then
 * applies a per-channel affine (weight ones, bias zeros) unless disabled, as torch.nn.GroupNorm.
 */
public class GroupNorm extends Module {
    public final int numGroups, numChannels;
    public final double eps;
    public final boolean affine;
    private final Tensor weight, bias;

    public GroupNorm(int numGroups, int numChannels) { this(numGroups, numChannels, 1e-5, true); }

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        if (numGroups < 1 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: num_channels (" + numChannels + ") must be divisible by num_groups ("
                    + numGroups + ")");
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.affine = affine;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numChannels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numChannels)) : null;
    }

    public Tensor weight() { return weight; }
    public Tensor bias() { return bias; }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 2 || input.size(1) != numChannels) {
            throw new IllegalArgumentException("GroupNorm: expected input [N, " + numChannels + ", *], got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        return Normalization.groupNorm(input, numGroups, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + eps + ", affine=" + (affine ? "True" : "False");
    }
}
