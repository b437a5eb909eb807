package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Tensor;

/**
 * A batch after {@link Mixup} or {@link CutMix}: the mixed inputs, soft targets [N, K]
 * ({@code lambda * onehot(y) + (1 - lambda) * onehot(y rolled by one)}, each row summing to 1) and
 * the weight {@code lambda} of each example's own label.
 */
public record Mixed(Tensor input, Tensor target, double lambda) {

    /** Targets [N] (class indices) become one-hot float32 [N, K]; float targets [N, K] pass through. */
    static float[] softTargets(String op, Tensor target, int n, int numClasses) {
        if (target.isFloatingPoint()) {
            if (target.dim() != 2 || target.size(0) != n || target.size(1) != numClasses) {
                throw new IllegalArgumentException(op + ": soft targets must be [N, numClasses] = [" + n + ", " + numClasses + "], got "
                        + java.util.Arrays.toString(target.shape()));
            }
            return target.toFloatArray();
        }
        if (target.dim() != 1 || target.size(0) != n) {
            throw new IllegalArgumentException(op + ": class targets must be [N] = [" + n + "], got " + java.util.Arrays.toString(target.shape()));
        }
        long[] y = target.toLongArray();
        float[] out = new float[n * numClasses];
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= numClasses) throw new IllegalArgumentException(op + ": target " + y[i] + " at " + i + " is outside 0.." + (numClasses - 1));
            out[i * numClasses + (int) y[i]] = 1;
        }
        return out;
    }

    /** {@code lam * a[i] + (1 - lam) * a[i - 1 mod n]} row by row ({@code row} values per example). */
    static float[] mixRolled(float[] a, int n, int row, double lam) {
        float[] out = new float[a.length];
        for (int i = 0; i < n; i++) {
            int j = (i + n - 1) % n;
            for (int k = 0; k < row; k++) out[i * row + k] = (float) (lam * a[i * row + k] + (1 - lam) * a[j * row + k]);
        }
        return out;
    }
}
