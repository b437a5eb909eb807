package dev.dendrite.optim;

import dev.dendrite.optim.lr.CosineAnnealingWarmRestarts;
import dev.dendrite.optim.lr.LRScheduler;
import dev.dendrite.optim.lr.OneCycleLR;
import dev.dendrite.optim.lr.StepLR;
import dev.dendrite.optim.lr.WarmupCosine;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Resuming is exact: k steps, save, n more steps; against a fresh optimizer (and scheduler) loaded
 * from the saved state at the saved parameter values, then the same n steps. Parameters must match
 * bit for bit.
 */
class OptimizerStateDictTest {
    static final int K = 4, N = 5;

    record Case(String name, Function<List<ParamGroup>, Optimizer> make, Function<Optimizer, LRScheduler> sched) {
        @Override
        public String toString() { return name; }
    }

    static Stream<Arguments> cases() {
        Function<Optimizer, LRScheduler> step = o -> new StepLR(o, 3, 0.5);
        Function<Optimizer, LRScheduler> cos = o -> new WarmupCosine(o, 2, 12, 1e-4);
        return Stream.of(
                new Case("SGD", gs -> new SGD(gs, SGD.options().lr(0.1).momentum(0.9).nesterov(true).weightDecay(1e-2)), step),
                new Case("Adagrad", gs -> new Adagrad(gs, Adagrad.options().lrDecay(0.01)), cos),
                new Case("RMSprop", gs -> new RMSprop(gs, RMSprop.options().centered(true).momentum(0.5)), cos),
                new Case("Adadelta", gs -> new Adadelta(gs, Adadelta.options()), step),
                new Case("Adam", gs -> new Adam(gs, Adam.options().amsgrad(true)), o -> new OneCycleLR(o, OneCycleLR.options(12, 0.01))),
                new Case("AdamW", gs -> new AdamW(gs, AdamW.options()), cos),
                new Case("Adamax", gs -> new Adamax(gs, Adamax.options()), step),
                new Case("NAdam", gs -> new NAdam(gs, NAdam.options()), cos),
                new Case("RAdam", gs -> new RAdam(gs, RAdam.options().betas(0.9, 0.9)), cos),
                new Case("Yogi", gs -> new Yogi(gs, Yogi.options()), step),
                new Case("Lamb", gs -> new Lamb(gs, Lamb.options().weightDecay(0.01)), cos),
                new Case("Lars", gs -> new Lars(gs, Lars.options().lr(0.5).weightDecay(1e-3)),
                        o -> new CosineAnnealingWarmRestarts(o, 3, 2, 0.01)))
                .map(Arguments::of);
    }

    static Tensor[] fresh(float[][] values) {
        return new Tensor[] {Tensor.of(values[0], 2, 3).requiresGrad(), Tensor.of(values[1], 4).requiresGrad()};
    }

    static List<ParamGroup> groups(Tensor[] ps) {
        return List.of(ParamGroup.of(ps[0]).lr(0.02), ParamGroup.of(ps[1]).lr(0.005));
    }

    /** A gradient that depends on the parameters and the step, as a real loss's would. */
    static void setGrads(Tensor[] ps, int t) {
        for (int k = 0; k < ps.length; k++) {
            float[] v = ps[k].toFloatArray();
            float[] g = new float[v.length];
            for (int i = 0; i < v.length; i++) g[i] = (float) (0.7 * v[i] + Math.sin(1.3 * i + 0.9 * t + k));
            ps[k].setGrad(Tensor.of(g, ps[k].shape()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resumesBitForBit(Case c) {
        float[][] init = {{0.5f, -1f, 0.25f, 2f, -0.3f, 0.8f}, {1f, -2f, 0.1f, 0.4f}};
        Tensor[] ps = fresh(init);
        Optimizer opt = c.make.apply(groups(ps));
        LRScheduler sched = c.sched.apply(opt);
        for (int t = 0; t < K; t++) {
            setGrads(ps, t);
            opt.step();
            sched.step();
        }
        OptimizerState saved = opt.stateDict();
        Map<String, Double> savedSched = sched.stateDict();
        float[][] atK = {ps[0].toFloatArray(), ps[1].toFloatArray()};
        for (int t = K; t < K + N; t++) {
            setGrads(ps, t);
            opt.step();
            sched.step();
        }

        Tensor[] qs = fresh(atK);
        Optimizer opt2 = c.make.apply(groups(qs));
        LRScheduler sched2 = c.sched.apply(opt2);
        opt2.loadStateDict(saved);
        sched2.loadStateDict(savedSched);
        assertEquals(sched.lastEpoch() - N, sched2.lastEpoch());
        for (int t = K; t < K + N; t++) {
            setGrads(qs, t);
            opt2.step();
            sched2.step();
        }
        for (int k = 0; k < 2; k++) assertArrayEquals(ps[k].toFloatArray(), qs[k].toFloatArray(), c.name + " param " + k);
        assertEquals(sched.getLastLr(), sched2.getLastLr());
        assertEquals(opt.stateDict().scalars(), opt2.stateDict().scalars());
        // the run really moved: training on from the loaded state differs from the saved values
        assertFalse(java.util.Arrays.equals(atK[0], qs[0].toFloatArray()));
    }

    @Test
    void keyNamesFollowTorch() {
        Tensor a = Tensor.zeros(2).requiresGrad(), b = Tensor.zeros(3).requiresGrad(), c = Tensor.zeros(1).requiresGrad();
        var opt = new Adam(List.of(ParamGroup.of(a, b).lr(0.1), ParamGroup.of(c)), Adam.options().amsgrad(true));
        a.setGrad(Tensor.ones(2));
        c.setGrad(Tensor.ones(1));
        opt.step();
        OptimizerState s = opt.stateDict();
        assertEquals(List.of("state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq",
                "state.2.exp_avg", "state.2.exp_avg_sq", "state.2.max_exp_avg_sq"), List.copyOf(s.tensors().keySet()));
        assertEquals(1.0, s.scalars().get("state.0.step"));
        assertNull(s.scalars().get("state.1.step"));   // b had no gradient: no state, as in torch
        assertEquals(0.1, s.scalars().get("param_groups.0.lr"));
        assertEquals(1e-3, s.scalars().get("param_groups.1.lr"));
        assertEquals(1.0, s.scalars().get("param_groups.1.amsgrad"));
        assertEquals(2.0, s.scalars().get("param_groups.0.num_params"));
        assertEquals(0.9, s.scalars().get("param_groups.1.beta1"));
        // a snapshot: stepping on leaves it unchanged
        float first = s.tensors().get("state.0.exp_avg").toFloatArray()[0];
        a.setGrad(Tensor.ones(2));
        opt.step();
        assertEquals(first, s.tensors().get("state.0.exp_avg").toFloatArray()[0]);
    }

    @Test
    void mismatchedStatesAreRefusedWholesale() {
        Tensor a = Tensor.zeros(2).requiresGrad(), b = Tensor.zeros(3).requiresGrad();
        var opt = new SGD(List.of(a, b), SGD.options().lr(0.1).momentum(0.9));
        a.setGrad(Tensor.ones(2));
        opt.step();
        OptimizerState s = opt.stateDict();

        Tensor c = Tensor.zeros(2).requiresGrad();
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(c), SGD.options().momentum(0.9)).loadStateDict(s));
        assertEquals("SGD.loadStateDict: parameter group 0 has 1 parameters but the saved group has 2", e.getMessage());

        Tensor d = Tensor.zeros(3).requiresGrad(), f = Tensor.zeros(3).requiresGrad();
        var other = new SGD(List.of(d, f), SGD.options().lr(0.7).momentum(0.9));
        e = assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(s));
        assertEquals("SGD.loadStateDict: 'state.0.momentum_buffer' has shape [2] but parameter 0 has shape [3]", e.getMessage());
        assertEquals(0.7, other.paramGroups().get(0).lr());   // nothing was applied

        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(a, b), 0.1).loadStateDict(s));
        assertTrue(e.getMessage().startsWith("Adam.loadStateDict: the saved parameter group 0 lacks hyperparameter"), e.getMessage());

        var bad = new OptimizerState(Map.of("momentum.0", Tensor.zeros(2)), s.scalars());
        e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(bad));
        assertEquals("SGD.loadStateDict: unexpected key 'momentum.0' (expected state.<param>.<name> or param_groups.<group>.<name>)",
                e.getMessage());
    }
}
