package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.ParamGroup;

import java.util.List;

/**
 * The 1cycle policy (Smith and Topin, "Super-Convergence", 2018), as PyTorch's OneCycleLR, stepped
 * once per batch. With {@code initial = maxLr/divFactor} and {@code min = initial/finalDivFactor},
 * and {@code N = totalSteps}, {@code P = pctStart·N}, the rate moves through phases ending at:
 *
 * <pre>
 * two phases (default):  P − 1: initial → maxLr,   N − 1: maxLr → min
 * threePhase:            P − 1: initial → maxLr,   2P − 2: maxLr → initial,   N − 1: initial → min
 * </pre>
 *
 * each annealed by cosine ({@code end + (start − end)(1 + cos(π·pct))/2}) or linearly, where pct is
 * the fraction of the phase done. When {@code cycleMomentum} is on, momentum (beta1 for Adam-like
 * optimizers) moves inversely between maxMomentum and baseMomentum (in three phases it stays at
 * maxMomentum in the last). Stepping past {@code totalSteps} is an error.
 */
public final class OneCycleLR extends LRScheduler {
    /** How a phase moves from its start value to its end value. */
    public enum Anneal { COS, LINEAR }

    /** Settings; defaults as PyTorch's. */
    public static final class Options {
        private final double[] maxLrs;
        private final int totalSteps;
        private double pctStart = 0.3, baseMomentum = 0.85, maxMomentum = 0.95, divFactor = 25, finalDivFactor = 1e4;
        private Anneal anneal = Anneal.COS;
        private boolean cycleMomentum = true, threePhase = false;

        private Options(double[] maxLrs, int totalSteps) {
            this.maxLrs = maxLrs.clone();
            this.totalSteps = totalSteps;
        }

        public Options pctStart(double v) { pctStart = v; return this; }
        public Options annealStrategy(Anneal v) { anneal = v; return this; }
        public Options cycleMomentum(boolean v) { cycleMomentum = v; return this; }
        public Options baseMomentum(double v) { baseMomentum = v; return this; }
        public Options maxMomentum(double v) { maxMomentum = v; return this; }
        public Options divFactor(double v) { divFactor = v; return this; }
        public Options finalDivFactor(double v) { finalDivFactor = v; return this; }
        public Options threePhase(boolean v) { threePhase = v; return this; }
    }

    /** {@code maxLr}: one value for every group, or one per group. */
    public static Options options(int totalSteps, double... maxLr) { return new Options(maxLr, totalSteps); }

    private record Phase(double endStep, int startLr, int endLr, double startMomentum, double endMomentum) {}

    private static final int INITIAL = 0, MAX = 1, MIN = 2;

    private final Options o;
    private final double[][] lrs;   // [group][INITIAL, MAX, MIN]
    private final List<Phase> phases;
    private final String momentumKey;

    public OneCycleLR(Optimizer optimizer, Options options) {
        super(optimizer, initialLrs(optimizer, options));
        this.o = options;
        if (options.totalSteps < 1) throw new IllegalArgumentException("OneCycleLR: totalSteps must be >= 1, got " + options.totalSteps);
        if (!(options.pctStart >= 0 && options.pctStart <= 1)) {
            throw new IllegalArgumentException("OneCycleLR: pctStart must be in [0, 1], got " + options.pctStart);
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        lrs = new double[groups.size()][];
        for (int i = 0; i < groups.size(); i++) {
            double max = maxLr(options, i);
            double initial = max / options.divFactor;
            lrs[i] = new double[] {initial, max, initial / options.finalDivFactor};
            groups.get(i).set("initial_lr", initial).set("max_lr", max).set("min_lr", lrs[i][MIN]);
        }
        double n = options.totalSteps, p = options.pctStart * n;
        double bm = options.baseMomentum, mm = options.maxMomentum;
        phases = options.threePhase
                ? List.of(new Phase(p - 1, INITIAL, MAX, mm, bm), new Phase(2 * p - 2, MAX, INITIAL, bm, mm),
                        new Phase(n - 1, INITIAL, MIN, mm, mm))
                : List.of(new Phase(p - 1, INITIAL, MAX, mm, bm), new Phase(n - 1, MAX, MIN, bm, mm));
        momentumKey = options.cycleMomentum ? MomentumCycling.key("OneCycleLR", optimizer) : null;
        initialStep();
    }

    private static double maxLr(Options o, int group) {
        return o.maxLrs.length == 1 ? o.maxLrs[0] : o.maxLrs[group];
    }

    private static double[] initialLrs(Optimizer optimizer, Options o) {
        int n = optimizer.paramGroups().size();
        if (o.maxLrs.length != 1 && o.maxLrs.length != n) {
            throw new IllegalArgumentException("OneCycleLR: expected 1 or " + n + " max learning rates (one per parameter group), got "
                    + o.maxLrs.length);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = maxLr(o, i) / o.divFactor;
        return out;
    }

    private double anneal(double start, double end, double pct) {
        return o.anneal == Anneal.COS ? end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
    }

    /** {phase index, pct} at {@code step}. */
    private double[] locate(int step) {
        if (step > o.totalSteps) {
            throw new IllegalStateException("OneCycleLR: tried to step " + step + " times; the schedule has totalSteps "
                    + o.totalSteps);
        }
        double start = 0;
        for (int k = 0; k < phases.size(); k++) {
            double end = phases.get(k).endStep;
            if (step <= end || k == phases.size() - 1) return new double[] {k, (step - start) / (end - start)};
            start = end;
        }
        throw new AssertionError();
    }

    /** Advances one step; stepping past totalSteps is an error that leaves the schedule where it was. */
    @Override
    public void step() {
        locate(lastEpoch() + 1);
        super.step();
    }

    @Override
    public double lrAt(int group, int epoch) {
        double[] at = locate(epoch);
        Phase ph = phases.get((int) at[0]);
        return anneal(lrs[group][ph.startLr], lrs[group][ph.endLr], at[1]);
    }

    /** The momentum (or beta1) at {@code epoch}. */
    public double momentumAt(int epoch) {
        double[] at = locate(epoch);
        Phase ph = phases.get((int) at[0]);
        return anneal(ph.startMomentum, ph.endMomentum, at[1]);
    }

    @Override
    protected void applyExtras(int epoch) {
        if (momentumKey != null) MomentumCycling.set(optimizer, momentumKey, momentumAt(epoch));
    }
}
