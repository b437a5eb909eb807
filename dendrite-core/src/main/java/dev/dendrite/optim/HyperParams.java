package dev.dendrite.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The base of each optimizer's option builder: a fixed set of named hyperparameters (PyTorch's
 * names, snake_case, booleans as 1 or 0) with their defaults, changed by fluent setters.
 * {@code SGD.options().lr(0.1).momentum(0.9).nesterov(true)}.
 *
 * @param <O> the concrete builder, so that setters chain
 */
public abstract class HyperParams<O extends HyperParams<O>> {
    private final LinkedHashMap<String, Double> values = new LinkedHashMap<>();

    /** Declares a hyperparameter with its default; used by subclass constructors only. */
    protected final void declare(String key, double defaultValue) { values.put(key, defaultValue); }

    /** Sets a declared hyperparameter. */
    @SuppressWarnings("unchecked")
    public final O set(String key, double value) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException(getClass().getEnclosingClass().getSimpleName() + ": unknown hyperparameter '"
                    + key + "' (known: " + values.keySet() + ")");
        }
        values.put(key, value);
        return (O) this;
    }

    protected final O set(String key, boolean value) { return set(key, value ? 1 : 0); }

    public final O lr(double lr) { return set("lr", lr); }

    public final O weightDecay(double weightDecay) { return set("weight_decay", weightDecay); }

    /** The hyperparameters by name, in declaration order. */
    public final Map<String, Double> asMap() { return Collections.unmodifiableMap(values); }
}
