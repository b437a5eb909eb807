package dev.dendrite.metrics;

import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/** Shared checks for the regression metrics: output and target of the same shape, read as doubles. */
final class Regression {
    private Regression() {}

    static double[][] read(String metric, Tensor output, Tensor target) {
        if (!Arrays.equals(output.shape(), target.shape())) {
            throw new IllegalArgumentException(metric + ": output and target must have the same shape, got "
                    + Arrays.toString(output.shape()) + " and " + Arrays.toString(target.shape()));
        }
        return new double[][] {output.toDoubleArray(), target.toDoubleArray()};
    }
}
