package dev.dendrite.optim.lr;

import java.util.List;
import java.util.Map;

/**
 * Something that sets an optimizer's learning rates as training goes: the epoch- or step-driven
 * {@link LRScheduler}s and the metric-driven {@link ReduceLROnPlateau}.
 */
public interface Scheduler {
    /** The learning rate of each parameter group as this scheduler last set it. */
    List<Double> getLastLr();

    /**
     * The state needed to resume, as numbers by name ({@code last_epoch}, {@code base_lrs.0}, ...),
     * for storage as safetensors metadata. Settings given to the constructor are not included: build
     * the same scheduler, then load its state (after loading the optimizer's).
     */
    Map<String, Double> stateDict();

    /** Restores a state saved by {@link #stateDict()}; it does not touch the optimizer (its own state holds the current lrs). */
    void loadStateDict(Map<String, Double> state);
}
