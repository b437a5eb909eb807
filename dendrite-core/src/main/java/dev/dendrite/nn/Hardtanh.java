package dev.dendrite.nn;

import dev.dendrite.functional.Activations;
import dev.dendrite.tensor.Tensor;

/** Clamps into [min_val, max_val] (default [-1, 1]), as torch.nn.Hardtanh. */
public class Hardtanh extends Module {
    public final double minVal, maxVal;

    public Hardtanh() { this(-1, 1); }

    public Hardtanh(double minVal, double maxVal) {
        if (minVal > maxVal) {
            throw new IllegalArgumentException("Hardtanh: min_val (" + minVal + ") must not exceed max_val (" + maxVal + ")");
        }
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    @Override
    public Tensor forward(Tensor input) { return Activations.hardtanh(input, minVal, maxVal); }

    @Override
    protected String extraRepr() { return "min_val=" + minVal + ", max_val=" + maxVal; }
}
