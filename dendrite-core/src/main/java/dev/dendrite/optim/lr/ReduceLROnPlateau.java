package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.ParamGroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the rates when a monitored metric stops improving, as PyTorch's ReduceLROnPlateau. On each
 * {@link #step(double)}:
 *
 * <ol>
 *   <li>the metric is better when it beats the best so far by the threshold (mode MIN, rel:
 *       {@code m < best·(1 − threshold)}; abs: {@code m < best − threshold}; MAX mirrors it); a
 *       better metric becomes the best and resets the count of bad epochs, else the count grows;</li>
 *   <li>during cooldown the count of bad epochs is held at 0 (and the cooldown counts down);</li>
 *   <li>when the count exceeds {@code patience}, every lr becomes {@code max(lr·factor, minLr)}
 *       (changes smaller than eps are skipped), the cooldown starts and the count resets.</li>
 * </ol>
 */
public final class ReduceLROnPlateau implements Scheduler {
    public enum Mode { MIN, MAX }

    public enum ThresholdMode { REL, ABS }

    /** Settings; defaults as PyTorch's. */
    public static final class Options {
        private Mode mode = Mode.MIN;
        private double factor = 0.1, threshold = 1e-4, eps = 1e-8;
        private int patience = 10, cooldown = 0;
        private ThresholdMode thresholdMode = ThresholdMode.REL;
        private double[] minLrs = {0};

        public Options mode(Mode v) { mode = v; return this; }
        public Options factor(double v) { factor = v; return this; }
        public Options patience(int v) { patience = v; return this; }
        public Options threshold(double v) { threshold = v; return this; }
        public Options thresholdMode(ThresholdMode v) { thresholdMode = v; return this; }
        public Options cooldown(int v) { cooldown = v; return this; }
        /** One floor for every group, or one per group. */
        public Options minLr(double... v) { minLrs = v.clone(); return this; }
        public Options eps(double v) { eps = v; return this; }
    }

    public static Options options() { return new Options(); }

    private final Optimizer optimizer;
    private final Options o;
    private final double[] minLrs;
    private double best;
    private int numBadEpochs, cooldownCounter, lastEpoch;
    private final double[] lastLr;

    public ReduceLROnPlateau(Optimizer optimizer, Options options) {
        this.optimizer = optimizer;
        this.o = options;
        if (!(options.factor < 1)) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be < 1.0, got " + options.factor);
        if (options.patience < 0 || options.cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience and cooldown must be >= 0, got " + options.patience
                    + " and " + options.cooldown);
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        if (options.minLrs.length != 1 && options.minLrs.length != groups.size()) {
            throw new IllegalArgumentException("ReduceLROnPlateau: expected 1 or " + groups.size()
                    + " minimum learning rates (one per parameter group), got " + options.minLrs.length);
        }
        minLrs = new double[groups.size()];
        lastLr = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            minLrs[i] = options.minLrs.length == 1 ? options.minLrs[0] : options.minLrs[i];
            lastLr[i] = groups.get(i).lr();
        }
        best = options.mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, options()); }

    private boolean isBetter(double a) {
        double t = o.threshold;
        return switch (o.mode) {
            case MIN -> o.thresholdMode == ThresholdMode.REL ? a < best * (1 - t) : a < best - t;
            case MAX -> o.thresholdMode == ThresholdMode.REL ? a > best * (t + 1) : a > best + t;
        };
    }

    /** Records one epoch's metric, and reduces the rates when it has stopped improving. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > o.patience) {
            List<ParamGroup> groups = optimizer.paramGroups();
            for (int i = 0; i < groups.size(); i++) {
                double old = groups.get(i).lr();
                double next = Math.max(old * o.factor, minLrs[i]);
                if (old - next > o.eps) groups.get(i).setLr(next);
            }
            cooldownCounter = o.cooldown;
            numBadEpochs = 0;
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) lastLr[i] = groups.get(i).lr();
    }

    public double best() { return best; }

    public int numBadEpochs() { return numBadEpochs; }

    public int cooldownCounter() { return cooldownCounter; }

    @Override
    public List<Double> getLastLr() {
        List<Double> out = new ArrayList<>();
        for (double v : lastLr) out.add(v);
        return Collections.unmodifiableList(out);
    }

    @Override
    public Map<String, Double> stateDict() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("last_epoch", (double) lastEpoch);
        out.put("best", best);
        out.put("num_bad_epochs", (double) numBadEpochs);
        out.put("cooldown_counter", (double) cooldownCounter);
        for (int i = 0; i < lastLr.length; i++) out.put("last_lr." + i, lastLr[i]);
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Double> state) {
        for (String k : List.of("last_epoch", "best", "num_bad_epochs", "cooldown_counter")) {
            if (!state.containsKey(k)) throw new IllegalArgumentException("ReduceLROnPlateau.loadStateDict: missing key '" + k + "'");
        }
        lastEpoch = state.get("last_epoch").intValue();
        best = state.get("best");
        numBadEpochs = state.get("num_bad_epochs").intValue();
        cooldownCounter = state.get("cooldown_counter").intValue();
        for (int i = 0; i < lastLr.length; i++) lastLr[i] = state.getOrDefault("last_lr." + i, lastLr[i]);
    }
}
