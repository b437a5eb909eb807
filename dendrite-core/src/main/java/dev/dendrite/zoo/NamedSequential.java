package dev.dendrite.zoo;

import dev.dendrite.nn.Module;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequential container whose children have names rather than indices, as PyTorch's
 * {@code nn.Sequential(OrderedDict(...))}: DenseNet's {@code features.conv0}, RegNet's
 * {@code trunk_output.block1.block1-0}. Children run in the order they were added.
 */
public class NamedSequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** Adds {@code module} under {@code name} (to run after the ones added before) and returns it. */
    public <M extends Module> M add(String name, M module) {
        register(name, module);
        layers.add(module);
        return module;
    }

    public int size() { return layers.size(); }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : layers) x = m.call(x);
        return x;
    }
}
