package dev.dendrite.data;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * The interleaved-spirals classification set: {@code classes} arms of {@code perClass} points
 * each in the plane, every arm a spiral running from the origin to radius 1 while its angle
 * sweeps 4 radians, with Gaussian angular noise. No straight line separates the arms, so a linear model stays near chance while a
 * small MLP learns them: a quick, honest test that gradients and training work.
 *
 * @param features float32 [classes * perClass, 2]
 * @param labels   int64 [classes * perClass], arm index of each point
 */
public record Spirals(Tensor features, Tensor labels) {

    public static Spirals generate(int perClass, int classes, double noise, Generator gen) {
        if (perClass < 1 || classes < 2) {
            throw new IllegalArgumentException("spirals: need perClass >= 1 and classes >= 2, got " + perClass + " and " + classes);
        }
        int n = perClass * classes;
        float[] xy = new float[n * 2];
        long[] y = new long[n];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                int k = c * perClass + i;
                double r = perClass == 1 ? 1 : (double) i / (perClass - 1);
                // each arm sweeps 4 radians, starting 4 radians after the previous arm
                double theta = 4.0 * (c + r) + gen.nextGaussian() * noise;
                xy[2 * k] = (float) (r * Math.sin(theta));
                xy[2 * k + 1] = (float) (r * Math.cos(theta));
                y[k] = c;
            }
        }
        return new Spirals(Tensor.of(xy, n, 2), Tensor.of(y, n));
    }

    public int size() { return labels.numel(); }

    /** The points as a dataset of (features[i] float32 [2], labels[i] int64 0-dim) examples. */
    public TensorDataset asDataset() { return new TensorDataset(features, labels); }

    /** Float32 one-hot targets [n, classes]. */
    public Tensor oneHot(int classes) {
        return Tensor.arange(classes).eq(labels.unsqueeze(1)).to(Dtype.FLOAT32);
    }
}
