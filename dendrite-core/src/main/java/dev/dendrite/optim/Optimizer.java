package dev.dendrite.optim;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The base of every optimizer: parameter groups with their own hyperparameters, per-parameter
 * state, {@link #zeroGrad()}, {@link #step()}, and a state dict that resumes training exactly.
 *
 * <p>Subclasses implement {@link #update}, the rule for one parameter. It runs under
 * {@link Autograd#noGrad()} and writes the parameter and its state in place, in one fused loop over
 * the elements (arithmetic in double, stored in the parameter's dtype): a few passes over memory
 * instead of a temporary tensor per term of the formula.
 */
public abstract class Optimizer {
    private final String name;
    private final Map<String, Double> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final IdentityHashMap<Tensor, ParamState> state = new IdentityHashMap<>();

    protected Optimizer(String name, List<ParamGroup> groups, HyperParams<?> defaults) {
        this.name = name;
        this.defaults = Map.copyOf(defaults.asMap());
        validate(defaultsGroup());
        if (groups.isEmpty()) throw new IllegalArgumentException(name + ": optimizer got an empty parameter list");
        for (ParamGroup g : groups) addParamGroup(g);
    }

    /** One group holding every parameter in {@code params}. */
    protected static List<ParamGroup> single(Iterable<Tensor> params) {
        List<Tensor> list = new ArrayList<>();
        params.forEach(list::add);
        return List.of(ParamGroup.of(list));
    }

    private ParamGroup defaultsGroup() {
        ParamGroup g = ParamGroup.of();
        defaults.forEach(g::set);
        return g;
    }

    /** The optimizer's name, as used in error messages. */
    public String name() { return name; }

    /** The groups, in order (live: schedulers change their learning rates). */
    public List<ParamGroup> paramGroups() { return Collections.unmodifiableList(groups); }

    /** Adds a group; hyperparameters it does not set come from the optimizer's defaults. */
    public void addParamGroup(ParamGroup group) {
        if (group.params().isEmpty()) throw new IllegalArgumentException(name + ": a parameter group has no parameters");
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup g : groups) seen.addAll(g.params());
        for (Tensor p : group.params()) {
            if (!p.isFloatingPoint()) {
                throw new IllegalArgumentException(name + ": can only optimize floating-point tensors, got " + p.dtype().torchName());
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name + ": can't optimize a non-leaf tensor (shape "
                        + Arrays.toString(p.shape()) + "); optimize the leaf it was computed from");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException(name + ": some parameters appear in more than one parameter group (or twice in one)");
            }
        }
        // keys a scheduler added (initial_lr, ...) are allowed; keys this optimizer does not know are typos
        for (String k : group.hyperparameters().keySet()) {
            if (!defaults.containsKey(k) && !k.equals("initial_lr") && !k.equals("max_lr") && !k.equals("min_lr")) {
                throw new IllegalArgumentException(name + ": unknown hyperparameter '" + k + "' in a parameter group (known: "
                        + new java.util.TreeSet<>(defaults.keySet()) + ")");
            }
        }
        defaults.forEach(group::putIfAbsent);
        validate(group);
        groups.add(group);
    }

    /**
     * Checks one group's hyperparameters; subclasses call {@link #require} for each rule, so that
     * bad settings fail at construction with a message naming the optimizer and the value.
     */
    protected abstract void validate(ParamGroup group);

    protected final void require(boolean ok, ParamGroup g, String key, String rule) {
        if (!ok) throw new IllegalArgumentException(name + ": invalid " + key + " " + g.get(key) + " (" + rule + ")");
    }

    /** Clears every parameter's gradient (to null, as PyTorch's default {@code set_to_none=True}). */
    public void zeroGrad() { zeroGrad(true); }

    /** Clears gradients, to null or (with {@code setToNone=false}) to zeros. */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                if (p.grad() == null) continue;
                if (setToNone) p.zeroGrad();
                else try (var s = Autograd.noGrad()) { p.setGrad(Tensor.zerosLike(p)); }
            }
        }
    }

    /** One update of every parameter that has a gradient. */
    public void step() {
        try (var s = Autograd.noGrad()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    ParamState st = state.computeIfAbsent(p, k -> new ParamState());
                    update(p, grad, st, g);
                }
            }
        }
    }

    /** Re-evaluates the loss with {@code closure} (with grad on), steps, and returns that loss. */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (var s = Autograd.enableGrad()) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    /**
     * Updates {@code param} in place from {@code grad}. {@code st} is empty on the parameter's first
     * update; create buffers with {@link ParamState#buffer}.
     */
    protected abstract void update(Tensor param, Tensor grad, ParamState st, ParamGroup group);

    /** The state of one parameter (empty until its first step). */
    public ParamState state(Tensor param) {
        ParamState st = state.get(param);
        return st == null ? new ParamState() : st;
    }

    /** Runs an elementwise loop body over {@code [0, n)} on the shared pool when it is large. */
    protected static void forEach(int n, Parallel.RangeBody body) { Parallel.forRange(n, 12, body); }

    /** A loop body that adds to {@code acc} (k running sums) over {@code [from, to)}. */
    @FunctionalInterface
    protected interface SumBody {
        void run(int from, int to, double[] acc);
    }

    private static final int SUM_BLOCK = 1 << 14;

    /**
     * {@code k} sums over {@code [0, n)}, computed on the shared pool in fixed blocks and added in
     * block order, so the result is the same bit for bit whatever the thread count.
     */
    protected static double[] sums(int n, int k, SumBody body) {
        int blocks = Math.max(1, (n + SUM_BLOCK - 1) / SUM_BLOCK);
        double[][] partial = new double[blocks][k];
        Parallel.forRange(blocks, (long) SUM_BLOCK * 12, (b0, b1) -> {
            for (int b = b0; b < b1; b++) body.run(b * SUM_BLOCK, Math.min(n, (b + 1) * SUM_BLOCK), partial[b]);
        });
        double[] out = new double[k];
        for (double[] p : partial) for (int j = 0; j < k; j++) out[j] += p[j];
        return out;
    }

    // ================================================================ state dicts

    /** A snapshot of the state (copies); see {@link OptimizerState} for the key names. */
    public OptimizerState stateDict() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        int index = 0;
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            for (var e : g.hyperparameters().entrySet()) scalars.put("param_groups." + gi + "." + e.getKey(), e.getValue());
            scalars.put("param_groups." + gi + ".num_params", (double) g.params().size());
            for (Tensor p : g.params()) {
                ParamState st = state.get(p);
                if (st != null) {
                    for (var e : st.tensors.entrySet()) tensors.put("state." + index + "." + e.getKey(), e.getValue().contiguousCopy());
                    for (var e : st.scalars.entrySet()) scalars.put("state." + index + "." + e.getKey(), e.getValue());
                }
                index++;
            }
        }
        return new OptimizerState(tensors, scalars);
    }

    /**
     * Restores a state saved by {@link #stateDict()} of an optimizer of the same kind over the same
     * parameter layout: the groups' hyperparameters and every parameter's state (copied, and cast
     * to the parameter's dtype). Nothing is changed unless the whole state fits.
     */
    public void loadStateDict(OptimizerState saved) {
        List<Tensor> params = new ArrayList<>();
        for (ParamGroup g : groups) params.addAll(g.params());
        List<Map<String, Double>> hypers = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) hypers.add(new LinkedHashMap<>());
        Map<Integer, ParamState> loaded = new java.util.HashMap<>();
        for (var e : saved.scalars().entrySet()) {
            String[] parts = split(e.getKey());
            int at = parseIndex(parts[1], e.getKey());
            if (parts[0].equals("param_groups")) {
                if (at >= groups.size()) {
                    throw new IllegalArgumentException(name + ".loadStateDict: the saved state has more parameter groups than this optimizer ("
                            + groups.size() + "): key '" + e.getKey() + "'");
                }
                hypers.get(at).put(parts[2], e.getValue());
            } else {
                checkParamIndex(at, params.size(), e.getKey());
                loaded.computeIfAbsent(at, k -> new ParamState()).scalars.put(parts[2], e.getValue());
            }
        }
        for (var e : saved.tensors().entrySet()) {
            String[] parts = split(e.getKey());
            if (!parts[0].equals("state")) throw badKey(e.getKey());
            int at = parseIndex(parts[1], e.getKey());
            checkParamIndex(at, params.size(), e.getKey());
            Tensor p = params.get(at);
            Tensor t = e.getValue();
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new IllegalArgumentException(name + ".loadStateDict: '" + e.getKey() + "' has shape " + Arrays.toString(t.shape())
                        + " but parameter " + at + " has shape " + Arrays.toString(p.shape()));
            }
            loaded.computeIfAbsent(at, k -> new ParamState()).tensors.put(parts[2],
                    t.detach().to(p.dtype().computeType()).contiguousCopy());
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            Map<String, Double> h = hypers.get(gi);
            Double count = h.remove("num_params");
            if (count == null) {
                throw new IllegalArgumentException(name + ".loadStateDict: the saved state has " + countGroups(hypers)
                        + " parameter groups but this optimizer has " + groups.size());
            }
            if (count.intValue() != groups.get(gi).params().size()) {
                throw new IllegalArgumentException(name + ".loadStateDict: parameter group " + gi + " has "
                        + groups.get(gi).params().size() + " parameters but the saved group has " + count.intValue());
            }
            for (String k : defaults.keySet()) {
                if (!h.containsKey(k)) {
                    throw new IllegalArgumentException(name + ".loadStateDict: the saved parameter group " + gi
                            + " lacks hyperparameter '" + k + "' (was it saved by another kind of optimizer?)");
                }
            }
        }
        // everything checked: apply
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            hypers.get(gi).forEach(g::set);
        }
        state.clear();
        loaded.forEach((i, st) -> state.put(params.get(i), st));
    }

    private static int countGroups(List<Map<String, Double>> hypers) {
        int n = 0;
        for (var h : hypers) if (!h.isEmpty()) n++;
        return n;
    }

    private String[] split(String key) {
        String[] parts = key.split("\\.", 3);
        if (parts.length != 3 || !(parts[0].equals("state") || parts[0].equals("param_groups"))) throw badKey(key);
        return parts;
    }

    private IllegalArgumentException badKey(String key) {
        return new IllegalArgumentException(name + ".loadStateDict: unexpected key '" + key
                + "' (expected state.<param>.<name> or param_groups.<group>.<name>)");
    }

    private int parseIndex(String s, String key) {
        try {
            int i = Integer.parseInt(s);
            if (i >= 0) return i;
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw badKey(key);
    }

    private void checkParamIndex(int at, int count, String key) {
        if (at >= count) {
            throw new IllegalArgumentException(name + ".loadStateDict: '" + key + "' refers to parameter " + at
                    + " but this optimizer has " + count + " parameters");
        }
    }

    /** Per-parameter state: named buffers shaped like the parameter, and named numbers such as the step count. */
    public static final class ParamState {
        final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        final LinkedHashMap<String, Double> scalars = new LinkedHashMap<>();

        public boolean isEmpty() { return tensors.isEmpty() && scalars.isEmpty(); }

        /** The buffer {@code key} (null if absent). */
        public Tensor tensor(String key) { return tensors.get(key); }

        /** The buffer {@code key}, created filled with {@code init} in the parameter's compute dtype if absent. */
        public Tensor buffer(String key, Tensor param, double init) {
            Tensor t = tensors.get(key);
            if (t == null) {
                t = Tensor.full(init, param.dtype().computeType(), param.shape());
                tensors.put(key, t);
            }
            return t;
        }

        public double scalar(String key, double ifAbsent) { return scalars.getOrDefault(key, ifAbsent); }

        public void setScalar(String key, double value) { scalars.put(key, value); }

        /** Increments and returns the step count ({@code step}). */
        public long nextStep() {
            double s = scalar("step", 0) + 1;
            scalars.put("step", s);
            return (long) s;
        }

        public Map<String, Tensor> tensors() { return Collections.unmodifiableMap(tensors); }

        public Map<String, Double> scalars() { return Collections.unmodifiableMap(scalars); }
    }
}
