package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Submodules by name, in insertion order; it has no forward of its own. */
public class ModuleDict extends Module {
    private final Map<String, Module> items = new LinkedHashMap<>();

    public ModuleDict() {}

    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::put);
    }

    public ModuleDict put(String name, Module m) {
        register(name, m);
        items.put(name, m);
        return this;
    }

    public Module get(String name) {
        Module m = items.get(name);
        if (m == null) throw new IllegalArgumentException("ModuleDict: no module named '" + name + "' (have " + items.keySet() + ")");
        return m;
    }

    public Map<String, Module> asMap() { return Collections.unmodifiableMap(items); }

    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ModuleDict has no forward: look its modules up by name instead");
    }
}
