package dev.dendrite.metrics;

import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/** Turns a classifier's output and target into predicted and true class indices. */
final class ClassScores {
    private ClassScores() {}

    /** True class ids from a target of shape [N] (any integer or integral-valued float dtype). */
    static long[] labels(String metric, Tensor target) {
        if (target.dim() != 1) {
            throw new IllegalArgumentException(metric + ": expected target of shape [N] holding class indices, got shape "
                    + Arrays.toString(target.shape()));
        }
        return target.toLongArray();
    }

    /**
     * Predicted class ids: the argmax of scores [N, C], or the output itself when it is [N]
     * (already class indices).
     */
    static long[] predictions(String metric, Tensor output, int n) {
        if (output.dim() == 1) {
            if (output.size(0) != n) throw mismatch(metric, output, n);
            return output.toLongArray();
        }
        if (output.dim() != 2 || output.size(0) != n) throw mismatch(metric, output, n);
        int c = output.size(1);
        double[] s = output.toDoubleArray();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) if (s[i * c + j] > s[i * c + best]) best = j;
            out[i] = best;
        }
        return out;
    }

    static IllegalArgumentException mismatch(String metric, Tensor output, int n) {
        return new IllegalArgumentException(metric + ": expected output of shape [N, C] (scores) or [N] (class indices) with N="
                + n + " matching the target, got shape " + Arrays.toString(output.shape()));
    }

    static void checkClass(String metric, long c, int numClasses, String what) {
        if (c < 0 || c >= numClasses) {
            throw new IllegalArgumentException(metric + ": " + what + " class " + c + " is out of range [0, " + numClasses + ")");
        }
    }
}
