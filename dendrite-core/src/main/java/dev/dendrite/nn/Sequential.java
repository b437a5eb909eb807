package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/** Modules applied one after another; children are named "0", "1", ... as in PyTorch. */
public class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        for (int i = 0; i < layers.length; i++) register(Integer.toString(i), layers[i]);
        this.layers = List.of(layers);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : layers) x = m.call(x);
        return x;
    }

    public Module get(int index) { return layers.get(index); }

    public int size() { return layers.size(); }
}
