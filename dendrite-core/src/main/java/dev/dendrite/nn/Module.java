package dev.dendrite.nn;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The base of every layer and model. A module owns named parameters (tensors that require grad),
 * named buffers (state that is saved but not trained, such as running statistics) and named child
 * modules, all kept in declaration order so that names and orders match PyTorch's:
 *
 * <pre>{@code
 * class Net extends Module {
 *     final Linear fc1 = register("fc1", new Linear(784, 128));
 *     final Linear fc2 = register("fc2", new Linear(128, 10));
 *     @Override public Tensor forward(Tensor x) { return fc2.call(fc1.call(x).relu()); }
 * }
 * }</pre>
 *
 * <p>Invoke a module with {@link #call(Tensor)} (PyTorch's {@code module(x)}): it runs the
 * forward pre-hooks, {@link #forward(Tensor)}, and the forward hooks. A module registered twice
 * (or in two places) is one module: its parameters are listed once and their gradients add up.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistent = new java.util.HashSet<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final List<ForwardPreHook> preHooks = new ArrayList<>();
    private final List<ForwardHook> forwardHooks = new ArrayList<>();
    private boolean training = true;

    /** The computation; call {@link #call(Tensor)} to run it with hooks. */
    public abstract Tensor forward(Tensor input);

    /** Runs pre-hooks, {@link #forward}, then forward hooks (which may replace the output). */
    public final Tensor call(Tensor input) {
        for (ForwardPreHook h : preHooks) {
            Tensor replaced = h.apply(this, input);
            if (replaced != null) input = replaced;
        }
        Tensor out = forward(input);
        for (ForwardHook h : forwardHooks) {
            Tensor replaced = h.apply(this, input, out);
            if (replaced != null) out = replaced;
        }
        return out;
    }

    /** A hook run before forward; returning non-null replaces the input. */
    @FunctionalInterface
    public interface ForwardPreHook {
        Tensor apply(Module module, Tensor input);
    }

    /** A hook run after forward; returning non-null replaces the output. */
    @FunctionalInterface
    public interface ForwardHook {
        Tensor apply(Module module, Tensor input, Tensor output);
    }

    /** Something that can be removed again, as PyTorch's RemovableHandle. */
    @FunctionalInterface
    public interface HookHandle {
        void remove();
    }

    public HookHandle registerForwardPreHook(ForwardPreHook hook) {
        preHooks.add(hook);
        return () -> preHooks.remove(hook);
    }

    public HookHandle registerForwardHook(ForwardHook hook) {
        forwardHooks.add(hook);
        return () -> forwardHooks.remove(hook);
    }

    /**
     * Registers a hook on the gradient of this module's output, called during backward with that
     * gradient (PyTorch's full backward hook restricted to the output side); it may return a
     * replacement.
     */
    public HookHandle registerBackwardHook(java.util.function.UnaryOperator<Tensor> hook) {
        ForwardHook attach = (m, in, out) -> {
            if (out.isRequiresGrad()) out.registerHook(hook);
            return null;
        };
        return registerForwardHook(attach);
    }

    // ================================================================ registration

    /** Registers a child module under {@code name} and returns it. */
    protected <M extends Module> M register(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /** Registers a trainable parameter (it is made to require grad) and returns it. */
    protected Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        if (!value.isLeaf()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name
                    + "' must be a leaf tensor (detach it first)");
        }
        parameters.put(name, value.requiresGrad());
        return value;
    }

    /** Registers a buffer: saved in the state dict, moved with the module, never trained. */
    protected Tensor registerBuffer(String name, Tensor value) {
        return registerBuffer(name, value, true);
    }

    /** A buffer that is not {@code persistent} is left out of the state dict. */
    protected Tensor registerBuffer(String name, Tensor value, boolean persistent) {
        checkName(name);
        buffers.put(name, value);
        if (!persistent) nonPersistent.add(name);
        return value;
    }

    /** Replaces a registered buffer's tensor (for buffers whose shape is only known later). */
    protected void setBuffer(String name, Tensor value) {
        if (!buffers.containsKey(name)) throw new IllegalArgumentException("setBuffer: no buffer named '" + name + "'");
        buffers.put(name, value);
    }

    /** Replaces a registered parameter (lazy modules materialize theirs on the first call). */
    protected void setParameter(String name, Tensor value) {
        if (!parameters.containsKey(name)) throw new IllegalArgumentException("setParameter: no parameter named '" + name + "'");
        parameters.put(name, value.requiresGrad());
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name
                    + "' (names are non-empty and contain no '.')");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": the name '" + name + "' is already registered");
        }
    }

    // ================================================================ traversal

    /** Direct children in registration order. */
    public Map<String, Module> namedChildren() { return Collections.unmodifiableMap(children); }

    public List<Module> children() { return List.copyOf(children.values()); }

    /** This module and every descendant with dotted names ("" for this one), each module once. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) return;
        out.put(prefix, m);
        for (var e : m.children.entrySet()) collectModules(join(prefix, e.getKey()), e.getValue(), out, seen);
    }

    public List<Module> modules() { return List.copyOf(namedModules().values()); }

    /** All parameters with dotted names ({@code layer1.0.conv1.weight}), each tensor once. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var e : namedModules().entrySet()) {
            for (var p : e.getValue().parameters.entrySet()) {
                if (seen.add(p.getValue())) out.put(join(e.getKey(), p.getKey()), p.getValue());
            }
        }
        return out;
    }

    public List<Tensor> parameters() { return List.copyOf(namedParameters().values()); }

    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : namedModules().entrySet()) {
            for (var b : e.getValue().buffers.entrySet()) out.put(join(e.getKey(), b.getKey()), b.getValue());
        }
        return out;
    }

    /** This module's own parameters (not its children's), by name. */
    protected Map<String, Tensor> ownParameters() { return Collections.unmodifiableMap(parameters); }

    /** This module's own buffers, by name. */
    protected Map<String, Tensor> ownBuffers() { return Collections.unmodifiableMap(buffers); }

    boolean isPersistentBuffer(String name) { return !nonPersistent.contains(name); }

    static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    /** Number of parameter elements; with {@code trainableOnly}, only those that require grad. */
    public long parameterCount(boolean trainableOnly) {
        long n = 0;
        for (Tensor p : parameters()) if (!trainableOnly || p.isRequiresGrad()) n += p.numel();
        return n;
    }

    public long parameterCount() { return parameterCount(false); }

    /** Calls {@code fn} on every module, children first and this module last (as torch's apply). */
    public Module apply(Consumer<Module> fn) {
        for (Module c : children.values()) c.apply(fn);
        fn.accept(this);
        return this;
    }

    // ================================================================ modes and gradients

    /** Training mode (dropout active, batch norm uses batch statistics) for this module and all below. */
    public Module train() { return train(true); }

    public Module train(boolean mode) {
        for (Module m : modules()) m.training = mode;
        return this;
    }

    /** Evaluation mode. */
    public Module eval() { return train(false); }

    public boolean isTraining() { return training; }

    /** Sets requiresGrad on every parameter: {@code requiresGrad(false)} freezes the module. */
    public Module requiresGrad(boolean flag) {
        for (Tensor p : parameters()) p.requiresGrad(flag);
        return this;
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Tensor p : parameters()) p.zeroGrad();
    }

    /** Copies values into this module's parameters and buffers without recording a graph. */
    protected static void copyInto(Tensor target, Tensor source) {
        try (var s = Autograd.noGrad()) {
            target.copy_(source);
        }
    }

    // ================================================================ state dicts

    /** Parameters and persistent buffers by dotted name, in registration order (values are live, not copies). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collectState("", this, out, seen);
        return out;
    }

    private static void collectState(String prefix, Module m, Map<String, Tensor> out, Set<Module> seen) {
        if (!seen.add(m)) return;
        for (var p : m.parameters.entrySet()) out.put(join(prefix, p.getKey()), p.getValue());
        for (var b : m.buffers.entrySet()) {
            if (m.isPersistentBuffer(b.getKey())) out.put(join(prefix, b.getKey()), b.getValue());
        }
        for (var c : m.children.entrySet()) collectState(join(prefix, c.getKey()), c.getValue(), out, seen);
    }

    /** What {@link #loadStateDict} found: keys the module has but the dict lacks, and the reverse. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    /**
     * Copies values from {@code state} into this module's parameters and buffers. Shape mismatches
     * are always an error (naming every mismatched key); with {@code strict}, so are missing and
     * unexpected keys. Nothing is modified unless every check passes.
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (String k : own.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (var e : state.entrySet()) {
            Tensor target = own.get(e.getKey());
            if (target == null) unexpected.add(e.getKey());
            else if (!java.util.Arrays.equals(target.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + ": checkpoint " + java.util.Arrays.toString(e.getValue().shape())
                        + " vs model " + java.util.Arrays.toString(target.shape()));
            }
        }
        StringBuilder problems = new StringBuilder();
        if (!mismatched.isEmpty()) problems.append("size mismatch for ").append(String.join("; ", mismatched)).append(". ");
        if (strict && !missing.isEmpty()) problems.append("missing keys: ").append(missing).append(". ");
        if (strict && !unexpected.isEmpty()) problems.append("unexpected keys: ").append(unexpected).append(". ");
        if (problems.length() > 0) {
            throw new IllegalArgumentException("loadStateDict into " + getClass().getSimpleName() + ": " + problems.toString().trim());
        }
        for (var e : state.entrySet()) {
            Tensor target = own.get(e.getKey());
            if (target != null) copyInto(target, e.getValue());
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    // ================================================================ checkpoints

    /**
     * Saves {@link #stateDict()} as a safetensors file, atomically (a previous file survives a
     * failed write). The metadata says {@code format=pt}: the layout of every tensor is PyTorch's,
     * and Hugging Face loaders ask for that tag.
     */
    public void save(java.nio.file.Path path) {
        dev.dendrite.io.SafeTensors.save(path, stateDict(), Map.of("format", "pt"));
    }

    /**
     * Loads a safetensors state dict into this module with {@link #loadStateDict}'s rules: shape
     * mismatches are errors; with {@code strict}, so are missing and unexpected keys (all named).
     * A corrupt file is refused before anything is copied, so the module is either fully loaded
     * or unchanged.
     */
    public LoadResult load(java.nio.file.Path path, boolean strict) {
        Map<String, Tensor> state = dev.dendrite.io.SafeTensors.load(path).tensors();
        try {
            return loadStateDict(state, strict);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("load " + path + ": " + e.getMessage(), e);
        }
    }

    // ================================================================ printing

    /** One line of configuration shown after the class name, e.g. {@code in_features=784, out_features=10}. */
    protected String extraRepr() { return ""; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (var e : children.entrySet()) {
                String child = e.getValue().toString().replace("\n", "\n  ");
                sb.append("  (").append(e.getKey()).append("): ").append(child).append('\n');
            }
        }
        return sb.append(')').toString();
    }
}
