package dev.dendrite.train;

import dev.dendrite.data.Batch;
import dev.dendrite.functional.F;
import dev.dendrite.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LRFinderTest {

    @Test
    void sweepsExponentiallyStopsOnDivergenceAndRestoresEverything() {
        // y = 3x, model y = w x, MSE: the loss curvature is 2 E[x^2] ~ 2, so SGD diverges for lr above ~1
        List<Batch> data = TrainerTest.regression(8, 32, 3);
        TrainerTest.Probe m = new TrainerTest.Probe(0.25);
        SGD opt = new SGD(m.parameters(), SGD.options().lr(0.01).momentum(0.5));
        m.eval();
        LRFinder.Result r = new LRFinder(m, opt, F::mseLoss).range(1e-4, 100, 60).run(data);

        assertTrue(r.diverged(), "a rate of 100 must diverge");
        int n = r.lrs().size();
        assertTrue(n > 20 && n < 60, "stopped early after " + n + " steps");
        double ratio = Math.pow(1e6, 1.0 / 59);
        for (int i = 0; i < n; i++) assertEquals(1e-4 * Math.pow(ratio, i), r.lrs().get(i), 1e-12 * r.lrs().get(i));
        // the smoothed loss is the bias-corrected EMA of the raw losses
        double avg = 0;
        for (int i = 0; i < n; i++) {
            avg = 0.98 * avg + 0.02 * r.rawLosses().get(i);
            assertEquals(avg / (1 - Math.pow(0.98, i + 1)), r.losses().get(i), 1e-9 * Math.abs(r.losses().get(i)));
        }
        assertTrue(r.suggestedLr() > 1e-3 && r.suggestedLr() < 1, "suggested " + r.suggestedLr());

        // nothing changed: weight, lr, optimizer state, mode
        assertEquals(0.25, m.w(), 0);
        assertEquals(0.01, opt.paramGroups().get(0).lr());
        assertTrue(opt.stateDict().tensors().isEmpty(), "no momentum buffers survive the sweep");
        assertFalse(m.isTraining());
        assertNull(m.fc.weight().grad());
    }

    @Test
    void suggestionIsTheSteepestDescentOfTheSmoothedLoss() {
        TrainerTest.Probe m = new TrainerTest.Probe(0);
        LRFinder f = new LRFinder(m, new SGD(m.parameters(), 0.1), F::mseLoss).skip(0, 0);
        List<Double> lrs = List.of(1e-3, 1e-2, 1e-1, 1.0, 10.0);
        // slopes per ln(10): -0.1 (one-sided at the ends), then central -0.3, -1.0 (steepest, at 1e-1), -0.7, +0.1
        List<Double> losses = List.of(2.0, 1.9, 1.4, -0.1, 0.0);
        assertEquals(1e-1, f.suggest(lrs, losses));
        var e = assertThrows(IllegalStateException.class, () -> f.suggest(List.of(1e-3, 1e-2), List.of(1.0, 0.5)));
        assertEquals("LRFinder: only 2 finite losses were recorded before the loss diverged; lower startLr or raise numIter", e.getMessage());
    }
}
