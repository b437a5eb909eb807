package dev.dendrite.zoo;

import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Tensor;

/**
 * A multilayer perceptron: flatten, then {@code Linear -> ReLU} for each hidden width, then a
 * linear head. The zoo's {@code mlp} is the classic MNIST baseline 784-256-10.
 *
 * <p>State-dict keys: {@code layers.1.weight} (first hidden), ..., as a {@link Sequential} whose
 * index 0 is the {@link Flatten}.
 */
public final class Mlp extends Module {
    private final Sequential layers;

    public Mlp(int inFeatures, int[] hidden, int numClasses) {
        Module[] m = new Module[1 + 2 * hidden.length + 1];
        m[0] = new Flatten();
        int in = inFeatures;
        for (int i = 0; i < hidden.length; i++) {
            m[1 + 2 * i] = new Linear(in, hidden[i]);
            m[2 + 2 * i] = new ReLU();
            in = hidden[i];
        }
        m[m.length - 1] = new Linear(in, numClasses);
        this.layers = register("layers", new Sequential(m));
    }

    @Override
    public Tensor forward(Tensor input) { return layers.call(input); }
}
