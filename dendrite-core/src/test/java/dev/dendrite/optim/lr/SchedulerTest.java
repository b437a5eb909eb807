package dev.dendrite.optim.lr;

import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.ParamGroup;
import dev.dendrite.optim.SGD;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each schedule's learning rates over many steps against its formula, written out here, for two
 * groups with different base rates; the optimizer's groups must hold the same rates.
 */
class SchedulerTest {
    static final double B0 = 0.1, B1 = 0.03;

    static SGD sgd() { return sgd(0.9); }

    static SGD sgd(double momentum) {
        return new SGD(List.of(ParamGroup.of(Tensor.zeros(2).requiresGrad()).lr(B0), ParamGroup.of(Tensor.zeros(1).requiresGrad()).lr(B1)),
                SGD.options().momentum(momentum));
    }

    /** Steps {@code s} through {@code epochs} epochs, checking group i's lr against {@code want(base_i, e)}. */
    static void follow(LRScheduler s, int epochs, Formula want) {
        Optimizer opt = s.optimizer();
        double[] bases = {B0, B1};
        for (int e = 0; e <= epochs; e++) {
            if (e > 0) s.step();
            assertEquals(e, s.lastEpoch());
            for (int g = 0; g < 2; g++) {
                double w = want.lr(bases[g], e);
                assertEquals(w, opt.paramGroups().get(g).lr(), 1e-12 * Math.max(1, Math.abs(w)),
                        s.getClass().getSimpleName() + " group " + g + " epoch " + e);
                assertEquals(opt.paramGroups().get(g).lr(), s.getLastLr().get(g));
            }
        }
    }

    interface Formula {
        double lr(double base, int epoch);
    }

    @Test
    void stepLR() {
        follow(new StepLR(sgd(), 7, 0.5), 50, (b, e) -> b * Math.pow(0.5, e / 7));
        follow(new StepLR(sgd(), 3), 10, (b, e) -> b * Math.pow(0.1, e / 3));
    }

    @Test
    void multiStepLR() {
        follow(new MultiStepLR(sgd(), new int[] {30, 10, 25}, 0.2), 40,
                (b, e) -> b * (e < 10 ? 1 : e < 25 ? 0.2 : e < 30 ? 0.04 : 0.008));
    }

    @Test
    void exponentialLR() { follow(new ExponentialLR(sgd(), 0.95), 100, (b, e) -> b * Math.pow(0.95, e)); }

    @Test
    void cosineAnnealingLR() {
        follow(new CosineAnnealingLR(sgd(), 20, 0.001), 40,
                (b, e) -> 0.001 + (b - 0.001) * (1 + Math.cos(Math.PI * e / 20)) / 2);
        SGD opt = sgd();
        var s = new CosineAnnealingLR(opt, 10);
        for (int i = 0; i < 10; i++) s.step();
        assertEquals(0, opt.paramGroups().get(0).lr(), 1e-18);   // reaches eta_min exactly at tMax
    }

    /** The restart bookkeeping as PyTorch does it per step: T_cur += 1; on reaching T_i, restart and lengthen. */
    static Formula restarts(int t0, int mult, double etaMin) {
        return (b, e) -> {
            int tCur = 0, tI = t0;
            for (int k = 0; k < e; k++) {
                tCur++;
                if (tCur >= tI) {
                    tCur -= tI;
                    tI *= mult;
                }
            }
            return etaMin + (b - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
        };
    }

    @Test
    void cosineAnnealingWarmRestarts() {
        follow(new CosineAnnealingWarmRestarts(sgd(), 10, 2, 1e-3), 160, restarts(10, 2, 1e-3));
        follow(new CosineAnnealingWarmRestarts(sgd(), 7), 50, restarts(7, 1, 0));
        // restarts land on the base rate: epochs 10, 30, 70 with t0 = 10, tMult = 2
        SGD opt = sgd();
        var s = new CosineAnnealingWarmRestarts(opt, 10, 2, 0);
        for (int e = 1; e <= 70; e++) {
            s.step();
            if (e == 10 || e == 30 || e == 70) assertEquals(B0, opt.paramGroups().get(0).lr(), 1e-15, "epoch " + e);
        }
        // a fractional epoch: 15.5 is 5.5 into the second cycle of length 20
        s.step(15.5);
        assertEquals(B0 * (1 + Math.cos(Math.PI * 5.5 / 20)) / 2, opt.paramGroups().get(0).lr(), 1e-15);
        assertEquals(15, s.lastEpoch());
        Map<String, Double> st = s.stateDict();
        assertEquals(15.5, st.get("fractional_epoch"));
    }

    @Test
    void linearLRWarmup() {
        follow(new LinearLR(sgd(), 0.1, 1.0, 8), 20, (b, e) -> b * (0.1 + 0.9 * Math.min(e, 8) / 8.0));
        follow(new LinearLR(sgd()), 10, (b, e) -> b * (1.0 / 3 + (2.0 / 3) * Math.min(e, 5) / 5.0));
        var e = assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(), 0, 1, 5));
        assertEquals("LinearLR: startFactor must be in (0, 1], got 0.0", e.getMessage());
    }

    @Test
    void polynomialLR() {
        follow(new PolynomialLR(sgd(), 12, 2.0), 20, (b, e) -> b * Math.pow(1 - Math.min(e, 12) / 12.0, 2));
    }

    @Test
    void lambdaLR() {
        IntToDoubleFunction f = e -> 1.0 / (1 + e);
        follow(new LambdaLR(sgd(), f), 30, (b, e) -> b / (1 + e));
        SGD opt = sgd();
        new LambdaLR(opt, List.<IntToDoubleFunction>of(e -> 1, e -> 0.5));
        assertEquals(B0, opt.paramGroups().get(0).lr());
        assertEquals(B1 * 0.5, opt.paramGroups().get(1).lr());
    }

    @Test
    void inverseSqrtLR() {
        follow(new InverseSqrtLR(sgd(), 10), 100, (b, e) -> {
            // the paper's d^-0.5 * min(s^-0.5, s * w^-1.5), scaled so its peak (at s = w) is b
            double s = e + 1, w = 10;
            double paper = Math.min(Math.pow(s, -0.5), s * Math.pow(w, -1.5));
            double peak = Math.pow(w, -0.5);
            return b * paper / peak;
        });
        follow(new InverseSqrtLR(sgd(), 0), 20, (b, e) -> b / Math.sqrt(e + 1));
    }

    @Test
    void warmupCosine() {
        follow(new WarmupCosine(sgd(), 5, 25, 1e-3), 40, (b, e) -> {
            if (e < 5) return b * (e + 1) / 5;
            if (e >= 25) return 1e-3;
            return 1e-3 + (b - 1e-3) * 0.5 * (1 + Math.cos(Math.PI * (e - 5) / 20));
        });
    }

    @Test
    void oneCycleTwoPhaseCos() {
        SGD opt = sgd();
        var s = new OneCycleLR(opt, OneCycleLR.options(100, 1.0, 0.5));
        double[] max = {1.0, 0.5};
        for (int e = 0; e <= 100; e++) {
            if (e > 0) s.step();
            for (int g = 0; g < 2; g++) {
                double initial = max[g] / 25, min = initial / 1e4, lr, mom;
                if (e <= 29) {   // phase 1 ends at 0.3·100 − 1 = 29
                    double pct = e / 29.0;
                    lr = max[g] + (initial - max[g]) / 2 * (1 + Math.cos(Math.PI * pct));
                    mom = 0.85 + (0.95 - 0.85) / 2 * (1 + Math.cos(Math.PI * pct));
                } else {
                    double pct = (e - 29) / 70.0;
                    lr = min + (max[g] - min) / 2 * (1 + Math.cos(Math.PI * pct));
                    mom = 0.95 + (0.85 - 0.95) / 2 * (1 + Math.cos(Math.PI * pct));
                }
                assertEquals(lr, opt.paramGroups().get(g).lr(), 1e-12, "lr group " + g + " step " + e);
                assertEquals(mom, opt.paramGroups().get(g).get("momentum"), 1e-12, "momentum step " + e);
            }
        }
        assertEquals(0.04, s.lrAt(0, 0), 1e-15);
        assertEquals(1.0, s.lrAt(0, 29), 1e-15);
        assertEquals(0.04 / 1e4, s.lrAt(0, 99), 1e-15);
        assertEquals(0.04, opt.paramGroups().get(0).get("initial_lr"), 1e-15);
        var e = assertThrows(IllegalStateException.class, s::step);   // step 101 > totalSteps
        assertEquals("OneCycleLR: tried to step 101 times; the schedule has totalSteps 100", e.getMessage());
    }

    @Test
    void oneCycleThreePhaseLinearCyclesAdamBeta1() {
        var opt = new Adam(List.of(Tensor.zeros(2).requiresGrad()), 1e-3);
        var s = new OneCycleLR(opt, OneCycleLR.options(50, 0.2).threePhase(true).annealStrategy(OneCycleLR.Anneal.LINEAR)
                .divFactor(10).finalDivFactor(100).pctStart(0.2));
        // phase ends: 0.2·50 − 1 = 9, 2·10 − 2 = 18, 49
        double initial = 0.02, max = 0.2, min = 0.0002;
        for (int e = 0; e <= 50; e++) {
            if (e > 0) s.step();
            double lr, mom;
            if (e <= 9) {
                lr = initial + (max - initial) * e / 9.0;
                mom = 0.95 + (0.85 - 0.95) * e / 9.0;
            } else if (e <= 18) {
                lr = max + (initial - max) * (e - 9) / 9.0;
                mom = 0.85 + (0.95 - 0.85) * (e - 9) / 9.0;
            } else {
                lr = initial + (min - initial) * (e - 18) / 31.0;
                mom = 0.95;
            }
            assertEquals(lr, opt.paramGroups().get(0).lr(), 1e-12, "lr step " + e);
            assertEquals(mom, opt.paramGroups().get(0).get("beta1"), 1e-12, "beta1 step " + e);
        }
    }

    @Test
    void oneCycleNeedsSomethingToCycle() {
        var opt = new dev.dendrite.optim.Adagrad(List.of(Tensor.zeros(2).requiresGrad()), 0.1);
        var e = assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(opt, OneCycleLR.options(10, 0.1)));
        assertEquals("OneCycleLR: the optimizer Adagrad has neither momentum nor beta1 to cycle; pass cycleMomentum(false)", e.getMessage());
        new OneCycleLR(opt, OneCycleLR.options(10, 0.1).cycleMomentum(false));
    }

    /** The triangle wave written as position in the cycle, independent of the cycle/x formulation. */
    static double wave(int e, int up, int down) {
        int p = e % (up + down);
        return p <= up ? (double) p / up : (double) (up + down - p) / down;
    }

    @Test
    void cyclicTriangularModes() {
        SGD opt = sgd();
        var s = new CyclicLR(opt, CyclicLR.options(0.01, 0.1).stepSizeUp(4).stepSizeDown(6));
        for (int e = 0; e <= 60; e++) {
            if (e > 0) s.step();
            double f = wave(e, 4, 6);
            assertEquals(0.01 + 0.09 * f, opt.paramGroups().get(0).lr(), 1e-12, "lr step " + e);
            assertEquals(0.01 + 0.09 * f, opt.paramGroups().get(1).lr(), 1e-12);
            assertEquals(0.9 - 0.1 * f, opt.paramGroups().get(0).get("momentum"), 1e-12, "momentum step " + e);
        }
        SGD opt2 = sgd();
        var s2 = new CyclicLR(opt2, CyclicLR.options(0.01, 0.1).stepSizeUp(5).mode(CyclicLR.Mode.TRIANGULAR2).cycleMomentum(false));
        for (int e = 0; e <= 60; e++) {
            if (e > 0) s2.step();
            int cycle = e / 10;   // amplitude halves every cycle
            assertEquals(0.01 + 0.09 * wave(e, 5, 5) / Math.pow(2, cycle), opt2.paramGroups().get(0).lr(), 1e-12, "step " + e);
            assertEquals(0.9, opt2.paramGroups().get(0).get("momentum"));
        }
        SGD opt3 = sgd();
        var s3 = new CyclicLR(opt3, CyclicLR.options(0.01, 0.1).stepSizeUp(3).mode(CyclicLR.Mode.EXP_RANGE).gamma(0.97));
        for (int e = 0; e <= 40; e++) {
            if (e > 0) s3.step();
            assertEquals(0.01 + 0.09 * wave(e, 3, 3) * Math.pow(0.97, e), opt3.paramGroups().get(0).lr(), 1e-12, "step " + e);
        }
    }

    @Test
    void reduceOnPlateauPatienceCooldownAndFloor() {
        SGD opt = sgd();
        var s = new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().factor(0.5).patience(2).cooldown(1).minLr(0.02, 0.01));
        double[] metrics = {10, 9, 9, 9, 9, 8.9999, 9, 9, 9, 9, 9, 9, 9, 9};
        // by hand (threshold rel 1e-4, so 8.9999 is not better than 9):
        // 10 best; 9 best; 9 bad1; 9 bad2; 9 bad3 > 2 -> cut to 0.05, cooldown 1;
        // 8.9999 bad, cooldown holds bad at 0 (cooldown 0); 9 bad1; 9 bad2; 9 bad3 -> cut to 0.025;
        // 9 held at 0 by cooldown; bad1; bad2; bad3 -> cut to max(0.0125, 0.02) = 0.02; then floor stays.
        double[] want0 = {0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.02, 0.02};
        double[] want1 = {0.03, 0.03, 0.03, 0.03, 0.015, 0.015, 0.015, 0.015, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01};
        for (int i = 0; i < metrics.length; i++) {
            s.step(metrics[i]);
            assertEquals(want0[i], opt.paramGroups().get(0).lr(), 1e-15, "group 0 after metric " + i);
            assertEquals(want1[i], opt.paramGroups().get(1).lr(), 1e-15, "group 1 after metric " + i);
            assertEquals(want0[i], s.getLastLr().get(0), 1e-15);
        }
        assertEquals(9.0, s.best());
    }

    @Test
    void reduceOnPlateauMaxModeAbsoluteThreshold() {
        SGD opt = sgd();
        var s = new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().mode(ReduceLROnPlateau.Mode.MAX)
                .thresholdMode(ReduceLROnPlateau.ThresholdMode.ABS).threshold(0.1).patience(1));
        // accuracy-like metric: 0.5 best, 0.55 not better by 0.1 (bad1), 0.7 best, 0.75 bad1, 0.79 bad2 -> cut
        double[] metrics = {0.5, 0.55, 0.7, 0.75, 0.79};
        double[] want = {0.1, 0.1, 0.1, 0.1, 0.01};
        for (int i = 0; i < metrics.length; i++) {
            s.step(metrics[i]);
            assertEquals(want[i], opt.paramGroups().get(0).lr(), 1e-15, "after metric " + i);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().factor(1.0)));
        assertEquals("ReduceLROnPlateau: factor must be < 1.0, got 1.0", e.getMessage());
    }

    @Test
    void reduceOnPlateauResumes() {
        SGD a = sgd(), b = sgd();
        var sa = new ReduceLROnPlateau(a, ReduceLROnPlateau.options().patience(3).cooldown(2));
        var sb = new ReduceLROnPlateau(b, ReduceLROnPlateau.options().patience(3).cooldown(2));
        double[] metrics = {5, 4, 4, 4, 4, 4, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5};
        for (int i = 0; i < 6; i++) sa.step(metrics[i]);
        b.loadStateDict(a.stateDict());
        sb.loadStateDict(sa.stateDict());
        for (int i = 6; i < metrics.length; i++) {
            sa.step(metrics[i]);
            sb.step(metrics[i]);
            assertEquals(a.paramGroups().get(0).lr(), b.paramGroups().get(0).lr());
        }
        assertEquals(sa.stateDict(), sb.stateDict());
    }

    @Test
    void sequentialWarmupThenCosine() {
        SGD opt = sgd();
        var s = new SequentialLR(opt, List.of(new LinearLR(opt, 0.1, 1.0, 5), new CosineAnnealingLR(opt, 20, 0.0)), 5);
        follow(s, 40, (b, e) -> e < 5 ? b * (0.1 + 0.9 * e / 5.0) : b * (1 + Math.cos(Math.PI * (e - 5) / 20)) / 2);
        SGD opt2 = sgd();
        var s2 = new SequentialLR(opt2, List.of(new ConstantLambda(opt2, 0.5), new ExponentialLR(opt2, 0.9), new StepLR(opt2, 2, 0.5)), 3, 8);
        follow(s2, 20, (b, e) -> e < 3 ? b * 0.5 : e < 8 ? b * Math.pow(0.9, e - 3) : b * Math.pow(0.5, (e - 8) / 2));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SequentialLR(opt, List.of(new StepLR(opt, 2), new StepLR(opt, 3)), 4, 6));
        assertEquals("SequentialLR: expected 1 milestones (one fewer than the 2 schedulers), got 2", e.getMessage());
    }

    /** A LambdaLR with a constant factor, named for readability above. */
    static final class ConstantLambda extends LRScheduler {
        private final double factor;

        ConstantLambda(Optimizer opt, double factor) {
            super(opt);
            this.factor = factor;
            initialStep();
        }

        @Override
        public double lrAt(int group, int epoch) { return baseLrs[group] * factor; }
    }

    @Test
    void chainedWarmupTimesDecay() {
        SGD opt = sgd();
        var s = new ChainedScheduler(List.of(new LinearLR(opt, 0.25, 1.0, 4), new ExponentialLR(opt, 0.9), new StepLR(opt, 5, 0.5)));
        follow(s, 30, (b, e) -> b * (0.25 + 0.75 * Math.min(e, 4) / 4.0) * Math.pow(0.9, e) * Math.pow(0.5, e / 5));
    }

    @Test
    void schedulersResumeFromTheirState() {
        List<java.util.function.Function<Optimizer, LRScheduler>> makers = List.of(
                o -> new StepLR(o, 3, 0.5),
                o -> new CosineAnnealingWarmRestarts(o, 4, 2, 0.001),
                o -> new OneCycleLR(o, OneCycleLR.options(40, 0.3)),
                o -> new CyclicLR(o, CyclicLR.options(0.01, 0.1).stepSizeUp(3).mode(CyclicLR.Mode.TRIANGULAR2)),
                o -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1, 5), new CosineAnnealingLR(o, 30)), 5),
                o -> new ChainedScheduler(List.of(new LinearLR(o, 0.1, 1, 5), new ExponentialLR(o, 0.95))));
        for (var make : makers) {
            SGD a = sgd();
            LRScheduler sa = make.apply(a);
            for (int i = 0; i < 13; i++) sa.step();
            var optState = a.stateDict();
            var schedState = sa.stateDict();
            SGD b = sgd();
            LRScheduler sb = make.apply(b);
            b.loadStateDict(optState);
            sb.loadStateDict(schedState);
            for (int i = 0; i < 20; i++) {
                sa.step();
                sb.step();
                assertEquals(sa.getLastLr(), sb.getLastLr(), sa.getClass().getSimpleName() + " step " + i);
                assertEquals(a.paramGroups().get(0).hyperparameters(), b.paramGroups().get(0).hyperparameters());
            }
        }
    }
}
