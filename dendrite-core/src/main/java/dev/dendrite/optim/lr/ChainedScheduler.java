package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies several schedules at once, each stepping on its own clock, as PyTorch's ChainedScheduler.
 * The rate is the first schedule's rate times each other schedule's factor ({@code lrAt/base}):
 *
 * <pre>
 * lr = s₀.lrAt(e₀) · Π_{k≥1} s_k.lrAt(e_k)/s_k.base
 * </pre>
 *
 * For the multiplicative schedules (StepLR, ExponentialLR, LinearLR, ...) this is exactly what
 * PyTorch's chaining of their recursive forms produces, for example warmup times step decay; for
 * the others it is the natural product of factors. Every schedule steps when the chain does.
 */
public final class ChainedScheduler extends LRScheduler {
    private final List<LRScheduler> schedulers;

    public ChainedScheduler(List<LRScheduler> schedulers) {
        super(first(schedulers).optimizer());
        Optimizer opt = schedulers.get(0).optimizer();
        for (LRScheduler s : schedulers) {
            if (s.optimizer() != opt) {
                throw new IllegalArgumentException("ChainedScheduler: every scheduler must drive the same optimizer; "
                        + s.getClass().getSimpleName() + " drives another");
            }
        }
        this.schedulers = List.copyOf(schedulers);
        // the children already took their step 0 when built; the chain starts from there
        setEpoch(0);
        applyChained();
    }

    private void applyChained() {
        double[] lrs = chained();
        setLrs(lrs);
        for (LRScheduler s : schedulers) s.rememberLrs(lrs);   // as in torch, each reports the rate now in force
    }

    private static LRScheduler first(List<LRScheduler> schedulers) {
        if (schedulers.isEmpty()) throw new IllegalArgumentException("ChainedScheduler: expected at least one scheduler");
        return schedulers.get(0);
    }

    private double[] chained() {
        double[] lrs = new double[numGroups()];
        for (int i = 0; i < lrs.length; i++) {
            LRScheduler s0 = schedulers.get(0);
            double lr = s0.lrAt(i, s0.lastEpoch());
            for (int k = 1; k < schedulers.size(); k++) {
                LRScheduler s = schedulers.get(k);
                double base = s.baseLr(i);
                if (base != 0) lr *= s.lrAt(i, s.lastEpoch()) / base;
            }
            lrs[i] = lr;
        }
        return lrs;
    }

    @Override
    public double lrAt(int group, int epoch) {
        throw new UnsupportedOperationException("ChainedScheduler: the chain's rate depends on each schedule's own epoch; "
                + "use step() and getLastLr()");
    }

    @Override
    void apply(int epoch) {
        for (LRScheduler s : schedulers) {
            s.setEpoch(s.lastEpoch() + 1);
            s.applyExtras(s.lastEpoch());
        }
        applyChained();
    }

    @Override
    protected void saveExtra(Map<String, Double> out) {
        for (int k = 0; k < schedulers.size(); k++) {
            for (var e : schedulers.get(k).stateDict().entrySet()) out.put("schedulers." + k + "." + e.getKey(), e.getValue());
        }
    }

    @Override
    protected void loadExtra(Map<String, Double> state) {
        for (int k = 0; k < schedulers.size(); k++) schedulers.get(k).loadStateDict(sub(state, "schedulers." + k + "."));
    }

    /** The entries under {@code prefix}, with the prefix removed. */
    static Map<String, Double> sub(Map<String, Double> state, String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : state.entrySet()) if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e.getValue());
        return out;
    }
}
