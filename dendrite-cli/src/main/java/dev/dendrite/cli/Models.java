package dev.dendrite.cli;

import dev.dendrite.nn.Module;
import dev.dendrite.zoo.Mlp;
import dev.dendrite.zoo.Zoo;

import java.util.Arrays;

/** Builds a model by name for a data set's input shape and classes. */
final class Models {
    private Models() {}

    /**
     * "mlp" adapts to any input (one hidden layer of 256: the zoo's 784-256-10 baseline on MNIST,
     * 2-256-k on points); every other name is a zoo model, whose native input must match the data's.
     */
    static Module create(String name, int[] inputShape, int numClasses) {
        if (name.equals("mlp")) {
            int in = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
            return new Mlp(in, new int[] {256}, numClasses);
        }
        Zoo.Entry entry = Zoo.get(name);
        int[] expected = entry.inputShape();
        if (expected.length != inputShape.length || expected[0] != inputShape[0]) {
            throw new IllegalArgumentException("model " + name + " takes inputs of shape " + Arrays.toString(expected)
                    + " but the data set's are " + Arrays.toString(inputShape) + "; pick a model for this data (for 2-D points: mlp)");
        }
        return entry.create(numClasses);
    }
}
