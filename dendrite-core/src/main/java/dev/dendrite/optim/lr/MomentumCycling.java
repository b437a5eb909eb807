package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.ParamGroup;

/** Finds which hyperparameter plays momentum for the cyclic schedules: Adam-like beta1, else SGD-like momentum. */
final class MomentumCycling {
    private MomentumCycling() {}

    static String key(String who, Optimizer optimizer) {
        ParamGroup g = optimizer.paramGroups().get(0);
        if (g.has("beta1")) return "beta1";
        if (g.has("momentum")) return "momentum";
        throw new IllegalArgumentException(who + ": the optimizer " + optimizer.name()
                + " has neither momentum nor beta1 to cycle; pass cycleMomentum(false)");
    }

    static void set(Optimizer optimizer, String key, double value) {
        for (ParamGroup g : optimizer.paramGroups()) g.set(key, value);
    }
}
