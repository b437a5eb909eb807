package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A list of submodules registered as "0", "1", ...; it has no forward of its own. */
public class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> items = new ArrayList<>();

    public ModuleList(Module... modules) {
        for (Module m : modules) add(m);
    }

    public ModuleList add(Module m) {
        register(Integer.toString(items.size()), m);
        items.add(m);
        return this;
    }

    public Module get(int i) { return items.get(i); }

    public int size() { return items.size(); }

    @Override
    public Iterator<Module> iterator() { return List.copyOf(items).iterator(); }

    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ModuleList has no forward: iterate over its modules instead");
    }
}
