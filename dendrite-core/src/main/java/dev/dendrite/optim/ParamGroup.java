package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of parameters with its own hyperparameters, as a PyTorch param group. Before it joins an
 * optimizer, the settings given here override the optimizer's defaults; every other hyperparameter
 * is filled in from them:
 *
 * <pre>{@code
 * new AdamW(List.of(ParamGroup.of(backbone.parameters()).lr(1e-4),
 *                   ParamGroup.of(head.parameters())),
 *           AdamW.options().lr(1e-3).weightDecay(0.05));
 * }</pre>
 *
 * Schedulers change {@link #setLr(double) lr} (and momentum) through the group during training.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final LinkedHashMap<String, Double> hyper = new LinkedHashMap<>();

    private ParamGroup(List<Tensor> params) { this.params = List.copyOf(params); }

    public static ParamGroup of(List<Tensor> params) { return new ParamGroup(params); }

    public static ParamGroup of(Tensor... params) { return new ParamGroup(List.of(params)); }

    public List<Tensor> params() { return params; }

    /** Sets this group's learning rate (fluent, before or after joining an optimizer). */
    public ParamGroup lr(double lr) { return set("lr", lr); }

    public ParamGroup weightDecay(double weightDecay) { return set("weight_decay", weightDecay); }

    /** Sets any hyperparameter by its PyTorch name ({@code "momentum"}, {@code "beta1"}, ...). */
    public ParamGroup set(String key, double value) {
        hyper.put(key, value);
        return this;
    }

    public double lr() { return get("lr"); }

    public void setLr(double lr) { hyper.put("lr", lr); }

    public boolean has(String key) { return hyper.containsKey(key); }

    public double get(String key) {
        Double v = hyper.get(key);
        if (v == null) throw new IllegalArgumentException("param group: no hyperparameter '" + key + "' (has " + hyper.keySet() + ")");
        return v;
    }

    /** A boolean hyperparameter (stored as 1 or 0). */
    public boolean flag(String key) { return get(key) != 0; }

    /** The hyperparameters by name (a read-only view). */
    public Map<String, Double> hyperparameters() { return Collections.unmodifiableMap(hyper); }

    void putIfAbsent(String key, double value) { hyper.putIfAbsent(key, value); }
}
