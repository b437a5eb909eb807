package dev.dendrite.nn.loss;

import dev.dendrite.functional.Ctc;
import dev.dendrite.tensor.Tensor;

import java.util.StringJoiner;

/** Connectionist temporal classification (defaults: blank 0, zero_infinity false); see {@link Ctc#ctcLoss}. */
public class CTCLoss extends Loss<CTCLoss> {
    private int blank;
    private boolean zeroInfinity;

    public CTCLoss blank(int blank) {
        if (blank < 0) throw new IllegalArgumentException("CTCLoss: blank must be >= 0, got " + blank);
        this.blank = blank;
        return this;
    }

    /** Infinite losses (impossible alignments) and their gradients become 0. */
    public CTCLoss zeroInfinity(boolean zeroInfinity) {
        this.zeroInfinity = zeroInfinity;
        return this;
    }

    /** logProbs [T, N, C] (or [T, C]), targets [N, S] padded or 1-D concatenated, and the N lengths of each. */
    public Tensor forward(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths) {
        return Ctc.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction(), zeroInfinity);
    }

    @Override
    void describe(StringJoiner o) {
        if (blank != 0) o.add("blank=" + blank);
        if (zeroInfinity) o.add("zero_infinity=True");
    }
}
