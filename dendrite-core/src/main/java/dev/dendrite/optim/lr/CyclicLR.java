package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

import java.util.function.DoubleUnaryOperator;

/**
 * Cyclical learning rates (Smith, 2017), as PyTorch's CyclicLR, stepped once per batch. The rate
 * rises from baseLr to maxLr over {@code stepSizeUp} steps and falls back over {@code stepSizeDown}
 * (default: the same). With {@code C = up + down}:
 *
 * <pre>
 * cycle = ⌊1 + epoch/C⌋,   x = 1 + epoch/C − cycle,   r = up/C
 * f = x/r when x &lt;= r, else (x − 1)/(r − 1)                  (0 → 1 → 0 over a cycle)
 * lr = baseLr + (maxLr − baseLr)·f·scale
 * </pre>
 *
 * where scale is 1 ({@code TRIANGULAR}), {@code 1/2^(cycle−1)} ({@code TRIANGULAR2}), or
 * {@code gamma^epoch} ({@code EXP_RANGE}), or a custom function of the cycle or of the step. With
 * {@code cycleMomentum}, momentum (beta1 for Adam-like optimizers) moves inversely:
 * {@code maxMomentum − (maxMomentum − baseMomentum)·f·scale}. Construction sets every group's lr to
 * baseLr.
 */
public final class CyclicLR extends LRScheduler {
    public enum Mode { TRIANGULAR, TRIANGULAR2, EXP_RANGE }

    /** Whether a custom scale function is applied to the cycle number or to the step count. */
    public enum ScaleMode { CYCLE, ITERATIONS }

    /** Settings; defaults as PyTorch's. */
    public static final class Options {
        private final double baseLr, maxLr;
        private int stepSizeUp = 2000;
        private Integer stepSizeDown;
        private Mode mode = Mode.TRIANGULAR;
        private double gamma = 1, baseMomentum = 0.8, maxMomentum = 0.9;
        private DoubleUnaryOperator scaleFn;
        private ScaleMode scaleMode = ScaleMode.CYCLE;
        private boolean cycleMomentum = true;

        private Options(double baseLr, double maxLr) {
            this.baseLr = baseLr;
            this.maxLr = maxLr;
        }

        public Options stepSizeUp(int v) { stepSizeUp = v; return this; }
        public Options stepSizeDown(int v) { stepSizeDown = v; return this; }
        public Options mode(Mode v) { mode = v; return this; }
        public Options gamma(double v) { gamma = v; return this; }
        /** A custom scale (replaces the mode's). */
        public Options scaleFn(DoubleUnaryOperator fn, ScaleMode mode) { scaleFn = fn; scaleMode = mode; return this; }
        public Options cycleMomentum(boolean v) { cycleMomentum = v; return this; }
        public Options baseMomentum(double v) { baseMomentum = v; return this; }
        public Options maxMomentum(double v) { maxMomentum = v; return this; }
    }

    public static Options options(double baseLr, double maxLr) { return new Options(baseLr, maxLr); }

    private final Options o;
    private final double total, ratio;
    private final DoubleUnaryOperator scale;
    private final ScaleMode scaleMode;
    private final String momentumKey;

    public CyclicLR(Optimizer optimizer, Options options) {
        super(optimizer, filled(optimizer, options.baseLr));
        this.o = options;
        int up = options.stepSizeUp, down = options.stepSizeDown == null ? up : options.stepSizeDown;
        if (up < 1 || down < 0) {
            throw new IllegalArgumentException("CyclicLR: need stepSizeUp >= 1 and stepSizeDown >= 0, got " + up + " and " + down);
        }
        total = up + down;
        ratio = up / total;
        if (options.scaleFn != null) {
            scale = options.scaleFn;
            scaleMode = options.scaleMode;
        } else {
            double gamma = options.gamma;
            scale = switch (options.mode) {
                case TRIANGULAR -> x -> 1.0;
                case TRIANGULAR2 -> x -> 1 / Math.pow(2, x - 1);
                case EXP_RANGE -> x -> Math.pow(gamma, x);
            };
            scaleMode = options.mode == Mode.EXP_RANGE ? ScaleMode.ITERATIONS : ScaleMode.CYCLE;
        }
        momentumKey = options.cycleMomentum ? MomentumCycling.key("CyclicLR", optimizer) : null;
        initialStep();
    }

    private static double[] filled(Optimizer optimizer, double v) {
        double[] out = new double[optimizer.paramGroups().size()];
        java.util.Arrays.fill(out, v);
        return out;
    }

    /** {f·scale} at {@code epoch}. */
    private double height(int epoch) {
        double cycle = Math.floor(1 + epoch / total);
        double x = 1 + epoch / total - cycle;
        double f = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
        return f * scale.applyAsDouble(scaleMode == ScaleMode.CYCLE ? cycle : epoch);
    }

    @Override
    public double lrAt(int group, int epoch) { return baseLrs[group] + (o.maxLr - baseLrs[group]) * height(epoch); }

    /** The momentum (or beta1) at {@code epoch}. */
    public double momentumAt(int epoch) { return o.maxMomentum - (o.maxMomentum - o.baseMomentum) * height(epoch); }

    @Override
    protected void applyExtras(int epoch) {
        if (momentumKey != null) MomentumCycling.set(optimizer, momentumKey, momentumAt(epoch));
    }
}
