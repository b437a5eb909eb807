package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.ParamGroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the step-driven schedules. Each schedule is a closed form: the learning rate of
 * group {@code i} after {@code epoch} steps, {@link #lrAt(int, int)}, from the group's base rate.
 * As in PyTorch, the base rate is the group's {@code initial_lr} (recorded from its lr by the first
 * scheduler attached), construction performs the first step (epoch 0 and its rate), and each
 * {@link #step()} advances one epoch (or one batch: the unit is the caller's).
 *
 * <p>Closed forms make the schedules exact over long runs (no accumulated rounding from repeated
 * multiplication), let {@link SequentialLR} and {@link ChainedScheduler} compose them without
 * side effects, and make resuming a matter of restoring {@code last_epoch}.
 */
public abstract class LRScheduler implements Scheduler {
    protected final Optimizer optimizer;
    protected final double[] baseLrs;
    private int lastEpoch = -1;
    private final double[] lastLr;

    /** Base rates from each group's {@code initial_lr}, set to its current lr when absent. */
    protected LRScheduler(Optimizer optimizer) {
        this(optimizer, null);
    }

    /** Explicit base rates (one per group), for schedules that define their own starting point. */
    protected LRScheduler(Optimizer optimizer, double[] baseLrs) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        if (baseLrs != null && baseLrs.length != groups.size()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected " + groups.size()
                    + " base learning rates (one per parameter group), got " + baseLrs.length);
        }
        this.baseLrs = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            if (!g.has("initial_lr")) g.set("initial_lr", g.lr());
            this.baseLrs[i] = baseLrs != null ? baseLrs[i] : g.get("initial_lr");
        }
        this.lastLr = new double[groups.size()];
    }

    /** Subclasses call this at the end of their constructor: PyTorch's initial step to epoch 0. */
    protected final void initialStep() { step(); }

    /** The learning rate of group {@code group} at {@code epoch} (0 is the rate set at construction). */
    public abstract double lrAt(int group, int epoch);

    /** Sets other hyperparameters that follow the schedule (momentum); default none. */
    protected void applyExtras(int epoch) {}

    /** Advances one epoch and sets every group's lr. */
    public void step() {
        lastEpoch++;
        apply(lastEpoch);
    }

    /** The number of steps taken since construction's step 0 (PyTorch's {@code last_epoch}). */
    public int lastEpoch() { return lastEpoch; }

    public int numGroups() { return baseLrs.length; }

    public double baseLr(int group) { return baseLrs[group]; }

    public Optimizer optimizer() { return optimizer; }

    @Override
    public List<Double> getLastLr() {
        List<Double> out = new ArrayList<>(lastLr.length);
        for (double v : lastLr) out.add(v);
        return Collections.unmodifiableList(out);
    }

    /** Sets the epoch without touching the optimizer (used by composite schedules). */
    void setEpoch(int epoch) { this.lastEpoch = epoch; }

    /** Records rates as this schedule's last lrs without touching the optimizer (a composite set them). */
    void rememberLrs(double[] lrs) { System.arraycopy(lrs, 0, lastLr, 0, lastLr.length); }

    /** Sets group lrs to this schedule's rates at {@code epoch}. */
    void apply(int epoch) {
        double[] lrs = new double[baseLrs.length];
        for (int i = 0; i < lrs.length; i++) lrs[i] = lrAt(i, epoch);
        setLrs(lrs);
        applyExtras(epoch);
    }

    /** Writes rates into the optimizer's groups and remembers them as the last lrs. */
    protected final void setLrs(double[] lrs) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < lrs.length; i++) {
            groups.get(i).setLr(lrs[i]);
            lastLr[i] = lrs[i];
        }
    }

    @Override
    public Map<String, Double> stateDict() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("last_epoch", (double) lastEpoch);
        for (int i = 0; i < baseLrs.length; i++) out.put("base_lrs." + i, baseLrs[i]);
        for (int i = 0; i < lastLr.length; i++) out.put("last_lr." + i, lastLr[i]);
        saveExtra(out);
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Double> state) {
        double epoch = need(state, "last_epoch");
        double[] base = new double[baseLrs.length], last = new double[lastLr.length];
        for (int i = 0; i < base.length; i++) {
            base[i] = need(state, "base_lrs." + i);
            last[i] = need(state, "last_lr." + i);
        }
        if (state.containsKey("base_lrs." + base.length)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: the saved state has more than "
                    + base.length + " parameter groups");
        }
        loadExtra(state);
        lastEpoch = (int) epoch;
        System.arraycopy(base, 0, baseLrs, 0, base.length);
        System.arraycopy(last, 0, lastLr, 0, last.length);
    }

    /** Adds a subclass's own resumable state. */
    protected void saveExtra(Map<String, Double> out) {}

    /** Restores what {@link #saveExtra} saved. */
    protected void loadExtra(Map<String, Double> state) {}

    protected final double need(Map<String, Double> state, String key) {
        Double v = state.get(key);
        if (v == null) throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: missing key '" + key + "'");
        return v;
    }

    protected static void requirePositive(String who, String what, double v) {
        if (!(v > 0)) throw new IllegalArgumentException(who + ": " + what + " must be > 0, got " + v);
    }
}
