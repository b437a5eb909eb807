package dev.dendrite.optim.lr;

import dev.dendrite.optim.Optimizer;

import java.util.Map;

/**
 * SGDR, cosine annealing with warm restarts (Loshchilov and Hutter, 2017). The first cycle lasts
 * {@code t0} epochs and each next one {@code tMult} times longer; within a cycle of length
 * {@code T_i}, at {@code T_cur} epochs since its restart:
 * {@code lr = etaMin + (base − etaMin)·(1 + cos(π·T_cur/T_i))/2}.
 *
 * <p>Besides {@link #step()}, {@link #step(double)} sets a fractional epoch ({@code epoch + i/iters}
 * when stepping per batch), as PyTorch allows.
 */
public final class CosineAnnealingWarmRestarts extends LRScheduler {
    private final int t0, tMult;
    private final double etaMin;
    private double fractionalEpoch = -1;   // >= 0 after step(double), until the next step()

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        super(optimizer);
        if (t0 < 1) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: t0 must be >= 1, got " + t0);
        if (tMult < 1) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: tMult must be >= 1, got " + tMult);
        this.t0 = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        initialStep();
    }

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) { this(optimizer, t0, 1, 0); }

    /** {T_cur, T_i} at {@code epoch}: walk the cycles (each at least twice as long when tMult > 1, so few). */
    double[] position(double epoch) {
        if (tMult == 1) return new double[] {epoch % t0, t0};
        double tCur = epoch, tI = t0;
        while (tCur >= tI) {
            tCur -= tI;
            tI *= tMult;
        }
        return new double[] {tCur, tI};
    }

    private double lrAt(int group, double epoch) {
        double[] pos = position(epoch);
        return etaMin + (baseLrs[group] - etaMin) * (1 + Math.cos(Math.PI * pos[0] / pos[1])) / 2;
    }

    @Override
    public double lrAt(int group, int epoch) { return lrAt(group, (double) epoch); }

    @Override
    public void step() {
        fractionalEpoch = -1;
        super.step();
    }

    /** Jumps to a (possibly fractional) epoch. */
    public void step(double epoch) {
        if (!(epoch >= 0)) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: expected a non-negative epoch, got " + epoch);
        fractionalEpoch = epoch;
        setEpoch((int) Math.floor(epoch));
        double[] lrs = new double[baseLrs.length];
        for (int i = 0; i < lrs.length; i++) lrs[i] = lrAt(i, epoch);
        setLrs(lrs);
    }

    @Override
    protected void saveExtra(Map<String, Double> out) {
        if (fractionalEpoch >= 0) out.put("fractional_epoch", fractionalEpoch);
    }

    @Override
    protected void loadExtra(Map<String, Double> state) { fractionalEpoch = state.getOrDefault("fractional_epoch", -1.0); }
}
