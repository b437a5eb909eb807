package dev.dendrite.train;

import dev.dendrite.data.Batch;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.OptimizerState;
import dev.dendrite.optim.ParamGroup;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The learning-rate range test (Smith, "Cyclical Learning Rates"): trains for up to
 * {@code numIter} batches while the learning rate grows exponentially from {@code startLr} to
 * {@code endLr}, records the loss smoothed by an exponential moving average (bias-corrected), and
 * stops early once the smoothed loss exceeds {@code divergeThreshold} times its minimum or is not
 * finite. The suggested rate is where the smoothed loss falls fastest against log(lr) (the most
 * negative slope), ignoring the first {@code skipStart} and last {@code skipEnd} points, which
 * are noisy. Afterwards the model (parameters and buffers), the optimizer (state and learning
 * rates), the model's train/eval mode and the global random generator are restored, so the sweep
 * leaves no trace.
 */
public final class LRFinder {
    /**
     * @param lrs       the learning rate of each recorded step
     * @param losses    the smoothed loss after each recorded step
     * @param rawLosses the loss of each recorded step's batch
     * @param diverged  whether the sweep stopped early on divergence
     */
    public record Result(List<Double> lrs, List<Double> losses, List<Double> rawLosses, double suggestedLr, boolean diverged) {}

    private final Module model;
    private final Optimizer optimizer;
    private final BiFunction<Tensor, Tensor, Tensor> lossFn;
    private double startLr = 1e-7, endLr = 10, smoothing = 0.98, divergeThreshold = 5;
    private int numIter = 100, skipStart = 10, skipEnd = 5;

    public LRFinder(Module model, Optimizer optimizer, BiFunction<Tensor, Tensor, Tensor> loss) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.lossFn = Objects.requireNonNull(loss, "loss");
    }

    public LRFinder range(double startLr, double endLr, int numIter) {
        if (!(startLr > 0) || !(endLr > startLr) || Double.isInfinite(endLr)) {
            throw new IllegalArgumentException("LRFinder: need 0 < startLr < endLr < inf, got " + startLr + " and " + endLr);
        }
        if (numIter < 2) throw new IllegalArgumentException("LRFinder: numIter must be >= 2, got " + numIter);
        this.startLr = startLr;
        this.endLr = endLr;
        this.numIter = numIter;
        return this;
    }

    /** The EMA factor of the smoothed loss (0: no smoothing) and the divergence factor. */
    public LRFinder smoothing(double beta, double divergeThreshold) {
        if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("LRFinder: smoothing beta must be in [0, 1), got " + beta);
        if (!(divergeThreshold > 1)) throw new IllegalArgumentException("LRFinder: divergeThreshold must be > 1, got " + divergeThreshold);
        this.smoothing = beta;
        this.divergeThreshold = divergeThreshold;
        return this;
    }

    /** Points left out at either end when looking for the steepest descent. */
    public LRFinder skip(int start, int end) {
        if (start < 0 || end < 0) throw new IllegalArgumentException("LRFinder: skip counts must be >= 0, got " + start + " and " + end);
        this.skipStart = start;
        this.skipEnd = end;
        return this;
    }

    /** Runs the sweep over {@code data} (iterated again from the start if it runs out). */
    public Result run(Iterable<Batch> data) {
        Map<String, Tensor> savedModel = new LinkedHashMap<>();
        for (var e : model.stateDict().entrySet()) savedModel.put(e.getKey(), e.getValue().detach().contiguousCopy());
        OptimizerState savedOpt = optimizer.stateDict();
        long[] savedRng = Generator.global().getState();
        boolean wasTraining = model.isTraining();
        List<Double> lrs = new ArrayList<>(), losses = new ArrayList<>(), raw = new ArrayList<>();
        boolean diverged = false;
        try {
            model.train();
            Iterator<Batch> it = data.iterator();
            double avg = 0, best = Double.POSITIVE_INFINITY;
            double ratio = endLr / startLr;
            for (int i = 0; i < numIter; i++) {
                if (!it.hasNext()) {
                    it = data.iterator();
                    if (!it.hasNext()) throw new IllegalArgumentException("LRFinder: the data has no batches");
                }
                Batch b = it.next();
                double lr = startLr * Math.pow(ratio, (double) i / (numIter - 1));
                for (ParamGroup g : optimizer.paramGroups()) g.lr(lr);
                optimizer.zeroGrad();
                Tensor loss = lossFn.apply(model.call(b.input()), b.target());
                double v = loss.item();
                if (!Double.isFinite(v)) {
                    diverged = true;
                    break;
                }
                loss.backward();
                optimizer.step();
                avg = smoothing * avg + (1 - smoothing) * v;
                double smoothed = avg / (1 - Math.pow(smoothing, i + 1));
                lrs.add(lr);
                losses.add(smoothed);
                raw.add(v);
                best = Math.min(best, smoothed);
                if (smoothed > divergeThreshold * best) {
                    diverged = true;
                    break;
                }
            }
        } finally {
            optimizer.zeroGrad();
            model.loadStateDict(savedModel, true);
            optimizer.loadStateDict(savedOpt);
            Generator.global().setState(savedRng);
            model.train(wasTraining);
        }
        return new Result(List.copyOf(lrs), List.copyOf(losses), List.copyOf(raw), suggest(lrs, losses), diverged);
    }

    /** The lr at the most negative slope of loss against log(lr) (central differences inside, one-sided at the ends). */
    double suggest(List<Double> lrs, List<Double> losses) {
        int n = losses.size();
        int from = skipStart, to = n - skipEnd;
        if (to - from < 3) {
            from = 0;
            to = n;
        }
        if (to - from < 3) {
            throw new IllegalStateException("LRFinder: only " + n + " finite losses were recorded before the loss diverged; "
                    + "lower startLr or raise numIter");
        }
        int bestAt = from;
        double bestSlope = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            int lo = Math.max(from, i - 1), hi = Math.min(to - 1, i + 1);
            double slope = (losses.get(hi) - losses.get(lo)) / (Math.log(lrs.get(hi)) - Math.log(lrs.get(lo)));
            if (slope < bestSlope) {
                bestSlope = slope;
                bestAt = i;
            }
        }
        return lrs.get(bestAt);
    }
}
