package dev.dendrite.train;

import dev.dendrite.amp.GradScaler;
import dev.dendrite.autograd.Autograd;
import dev.dendrite.data.Batch;
import dev.dendrite.functional.F;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.SGD;
import dev.dendrite.optim.lr.ReduceLROnPlateau;
import dev.dendrite.optim.lr.StepLR;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {

    /** y = w x without bias, recording the mode and grad state of every forward. */
    static final class Probe extends Module {
        final Linear fc = register("fc", new Linear(1, 1, false));
        final List<String> seen = new ArrayList<>();

        Probe(double w) {
            try (var s = Autograd.noGrad()) { fc.weight().fill_(w); }
        }

        @Override
        public Tensor forward(Tensor x) {
            seen.add((isTraining() ? "train" : "eval") + (Autograd.isGradEnabled() ? "+grad" : "-grad"));
            return fc.call(x);
        }

        double w() { return fc.weight().item(); }
    }

    /** {@code n} batches of {@code size} rows x = xv, y = yv. */
    static List<Batch> constant(int n, int size, float xv, float yv) {
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Batch(Tensor.full(xv, size, 1), Tensor.full(yv, size, 1)));
        return out;
    }

    /** Batches of a fixed random regression set y = 3x + noise. */
    static List<Batch> regression(int n, int size, long seed) {
        Generator g = new Generator(seed);
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Tensor x = Tensor.randn(g, dev.dendrite.storage.Dtype.FLOAT32, size, 1);
            out.add(new Batch(x, x.mul(3).add(Tensor.randn(g, dev.dendrite.storage.Dtype.FLOAT32, size, 1).mul(0.1))));
        }
        return out;
    }

    static final BiFunction<Tensor, Tensor, Tensor> MSE = F::mseLoss;

    @Test
    void trainsInTrainModeWithGradAndValidatesInEvalModeWithout() {
        Probe m = new Probe(0);
        Trainer t = new Trainer(m, new SGD(m.parameters(), 0.01)).loss(MSE);
        t.fit(constant(2, 4, 1, 2), constant(1, 4, 1, 2), 1);
        assertEquals(List.of("train+grad", "train+grad", "eval-grad"), m.seen);
        assertTrue(m.isTraining());
        m.eval();
        m.seen.clear();
        var logs = t.evaluate(constant(1, 4, 1, 2));
        assertEquals(List.of("eval-grad"), m.seen);
        assertFalse(m.isTraining(), "evaluate restores the previous mode");
        double w = m.w();
        assertEquals((w * 1 - 2) * (w * 1 - 2), logs.get("loss"), 1e-6);
        Tensor p = t.predict(constant(3, 2, 2, 0));
        assertArrayEquals(new int[] {6, 1}, p.shape());
        assertEquals(2 * w, p.toFloatArray()[5], 1e-6);
    }

    @Test
    void clipsGradientsByValueAndByNorm() {
        // loss (w - 100)^2 at w = 0: gradient -200
        Probe a = new Probe(0);
        new Trainer(a, new SGD(a.parameters(), 1.0)).loss(MSE).clipGradValue(0.5).fit(constant(1, 1, 1, 100), null, 1);
        assertEquals(0.5, a.w(), 0);
        Probe b = new Probe(0);
        new Trainer(b, new SGD(b.parameters(), 1.0)).loss(MSE).clipGradNorm(1.0).fit(constant(1, 1, 1, 100), null, 1);
        assertEquals(1.0, b.w(), 1e-6);
        Probe c = new Probe(0);
        new Trainer(c, new SGD(c.parameters(), 1.0)).loss(MSE).fit(constant(1, 1, 1, 100), null, 1);
        assertEquals(200, c.w(), 0);
    }

    @Test
    void accumulationStepsLikeOneBigBatch() {
        List<Batch> data = regression(4, 2, 7);
        Probe acc = new Probe(0.5);
        Trainer ta = new Trainer(acc, new SGD(acc.parameters(), 0.1)).loss(MSE).accumulate(4);
        ta.fit(data, null, 1);
        assertEquals(1, ta.globalStep());
        Tensor[] xs = data.stream().map(Batch::input).toArray(Tensor[]::new), ys = data.stream().map(Batch::target).toArray(Tensor[]::new);
        Probe big = new Probe(0.5);
        new Trainer(big, new SGD(big.parameters(), 0.1)).loss(MSE).fit(List.of(new Batch(Tensor.cat(xs, 0), Tensor.cat(ys, 0))), null, 1);
        assertEquals(big.w(), acc.w(), 1e-6);
        assertNotEquals(0.5, acc.w());
        // 5 micro-batches, 2 per step: the leftover one steps at the epoch's end
        Probe left = new Probe(0.5);
        Trainer tl = new Trainer(left, new SGD(left.parameters(), 0.1)).loss(MSE).accumulate(2);
        tl.fit(regression(5, 2, 8), null, 1);
        assertEquals(3, tl.globalStep());
    }

    @Test
    void stepsSchedulersPerBatchOrPerEpoch() {
        Probe m = new Probe(0);
        SGD opt = new SGD(m.parameters(), 0.1);
        StepLR perBatch = new StepLR(opt, 1, 0.5);
        List<Double> batchLrs = new ArrayList<>();
        Trainer t = new Trainer(m, opt).loss(MSE).scheduler(perBatch, StepUnit.BATCH)
                .callbacks(new Callback() {
                    @Override public void onBatchEnd(TrainContext ctx) { batchLrs.add(ctx.logs().get("lr")); }
                });
        t.fit(constant(4, 1, 1, 1), null, 1);
        assertEquals(4, perBatch.lastEpoch());
        assertEquals(List.of(0.1, 0.05, 0.025, 0.0125), batchLrs);
        assertEquals(0.1 / 16, opt.paramGroups().get(0).lr(), 1e-15);

        Probe e = new Probe(0);
        SGD opt2 = new SGD(e.parameters(), 0.1);
        StepLR perEpoch = new StepLR(opt2, 1, 0.5);
        var h = new Trainer(e, opt2).loss(MSE).scheduler(perEpoch, StepUnit.EPOCH).fit(constant(4, 1, 1, 1), null, 3);
        assertEquals(3, perEpoch.lastEpoch());
        assertArrayEquals(new double[] {0.1, 0.05, 0.025}, h.series("lr"), 1e-15);
    }

    @Test
    void reduceLrOnPlateauFollowsTheMonitoredValue() {
        Probe m = new Probe(0);
        SGD opt = new SGD(m.parameters(), 0.1);
        var plateau = new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().factor(0.5).patience(0));
        // a constant loss never improves
        BiFunction<Tensor, Tensor, Tensor> flat = (o, y) -> o.sum().mul(0).add(1.0);
        var h = new Trainer(m, opt).loss(flat).scheduler(plateau, "loss").fit(constant(2, 1, 1, 1), null, 3);
        assertArrayEquals(new double[] {0.1, 0.1, 0.05}, h.series("lr"), 1e-15);
        assertEquals(0.025, opt.paramGroups().get(0).lr(), 1e-15);

        Probe n = new Probe(0);
        SGD opt2 = new SGD(n.parameters(), 0.1);
        Trainer t = new Trainer(n, opt2).loss(MSE).scheduler(new ReduceLROnPlateau(opt2), StepUnit.EPOCH);
        var e = assertThrows(IllegalArgumentException.class, () -> t.fit(constant(1, 1, 1, 1), null, 1));
        assertEquals("Trainer: ReduceLROnPlateau monitors 'val_loss', which is not in the epoch logs [loss, lr] "
                + "(pass a validation set, or monitor another value)", e.getMessage());
    }

    @Test
    void nanGuardStopsWithAClearMessage() {
        Probe m = new Probe(0.1);
        double[] lastFinite = {Double.NaN};
        int[] calls = {0};
        BiFunction<Tensor, Tensor, Tensor> loss = (o, y) -> {
            Tensor l = F.mseLoss(o, y);
            if (++calls[0] == 6) return l.mul(Double.NaN);
            lastFinite[0] = l.item();
            return l;
        };
        boolean[] ended = {false};
        Trainer t = new Trainer(m, new SGD(m.parameters(), 0.01)).loss(loss).callbacks(new Callback() {
            @Override public void onFitEnd(TrainContext ctx) { ended[0] = true; }
        });
        var e = assertThrows(NonFiniteLossException.class, () -> t.fit(regression(3, 4, 9), null, 5));
        assertEquals(String.format(Locale.ROOT, "NaN loss at epoch 2, step 3; last finite loss %.4f; try a lower learning rate or gradient clipping",
                lastFinite[0]), e.getMessage());
        assertTrue(ended[0], "callbacks are closed");
        assertEquals(1, t.completedEpochs());

        // at the first batch of an epoch, the last finite loss is the previous epoch's last
        calls[0] = 0;
        Probe m2 = new Probe(0.1);
        Trainer t2 = new Trainer(m2, new SGD(m2.parameters(), 0.01)).loss(loss);
        var e2 = assertThrows(NonFiniteLossException.class, () -> t2.fit(regression(5, 4, 9), null, 5));
        assertEquals(2, e2.epoch());
        assertEquals(1, e2.step());
        assertEquals(lastFinite[0], e2.lastFiniteLoss());
    }

    @Test
    void gradScalerSkipsOverflowingStepsAndOtherwiseMatchesPlainTraining() {
        // grad -200 * scale overflows float32 for scale >= 2^121: 2^127 .. 2^121 are skipped (7 steps)
        Probe s = new Probe(0);
        GradScaler scaler = new GradScaler(Math.scalb(1.0, 127), 2, 0.5, 1000, true);
        Trainer ts = new Trainer(s, new SGD(s.parameters(), 1e-3)).loss(MSE).gradScaler(scaler).clipGradNorm(1e9);
        ts.fit(constant(10, 1, 1, 100), null, 1);
        assertEquals(3, ts.globalStep());
        assertEquals(Math.scalb(1.0, 120), scaler.getScale());
        Probe p = new Probe(0);
        new Trainer(p, new SGD(p.parameters(), 1e-3)).loss(MSE).fit(constant(3, 1, 1, 100), null, 1);
        assertEquals(p.w(), s.w(), 0, "power-of-two scaling is exact");
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresBestWeights() {
        Probe m = new Probe(0);
        BiFunction<Tensor, Tensor, Tensor> flat = (o, y) -> o.sum().mul(0).add(1.0);
        var h = new Trainer(m, new SGD(m.parameters(), 0.1)).loss(flat).callbacks(new EarlyStopping("loss", 2)).fit(constant(1, 1, 1, 1), null, 10);
        assertEquals(4, h.epochs().size());
        assertEquals("early stopping: loss did not improve for 3 epochs (best 1.00000 at epoch 1)", h.stopReason());

        // loss falls every epoch; "max" mode makes epoch 1 the best, so its weights come back
        Probe r = new Probe(0);
        double[] afterFirst = {Double.NaN};
        var h2 = new Trainer(r, new SGD(r.parameters(), 0.05)).loss(MSE)
                .callbacks(new Callback() {
                    @Override public void onEpochEnd(TrainContext ctx) { if (ctx.epoch() == 0) afterFirst[0] = r.w(); }
                }, new EarlyStopping("loss", 1, 0, "max", true))
                .fit(regression(3, 4, 10), null, 10);
        assertEquals(3, h2.epochs().size());
        assertEquals(afterFirst[0], r.w(), 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(r, new SGD(r.parameters(), 0.05)).loss(MSE).callbacks(new EarlyStopping("val_loss", 1)).fit(regression(1, 4, 10), null, 1));
        assertEquals("EarlyStopping: monitored value 'val_loss' is not in the epoch logs [loss, lr] (did you pass a validation set to fit?)", e.getMessage());
    }

    @Test
    void modelCheckpointKeepsTheBestAndPeriodicStates(@TempDir Path dir) {
        Probe m = new Probe(0);
        List<Double> weights = new ArrayList<>();
        var mc = new ModelCheckpoint(dir, "val_loss", "min", 2);
        // the validation target (2.5) is met on the way from 0 to the training target 3: val_loss dips, then rises
        var h = new Trainer(m, new SGD(m.parameters(), 0.1)).loss(MSE)
                .callbacks(new Callback() {
                    @Override public void onEpochEnd(TrainContext ctx) { weights.add(m.w()); }
                }, mc)
                .fit(constant(2, 1, 1, 3), constant(1, 1, 1, 2.5f), 6);
        double[] val = h.series("val_loss");
        int best = 0;
        for (int i = 1; i < val.length; i++) if (val[i] < val[best]) best = i;
        assertTrue(best > 0 && best < 5, "the dip is inside the run: " + java.util.Arrays.toString(val));
        Checkpoint ck = Checkpoint.load(dir.resolve("best.safetensors"));
        assertEquals(best + 1, ck.getLong("epoch"));
        assertEquals(weights.get(best), ck.tensors("model").get("fc.weight").item(), 0);
        for (String f : List.of("epoch-0002.safetensors", "epoch-0004.safetensors", "epoch-0006.safetensors", "last.safetensors")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        assertFalse(Files.exists(dir.resolve("epoch-0003.safetensors")));
        assertEquals(4, Checkpoint.load(dir.resolve("epoch-0004.safetensors")).getLong("epoch"));
        assertEquals(weights.get(3), Checkpoint.load(dir.resolve("epoch-0004.safetensors")).tensors("model").get("fc.weight").item(), 0);
    }

    @Test
    void badSettingsAreRejectedWithClearMessages() {
        Probe m = new Probe(0);
        SGD opt = new SGD(m.parameters(), 0.1);
        Trainer t = new Trainer(m, opt);
        assertEquals("Trainer: accumulate needs n >= 1 micro-batches per step, got 0",
                assertThrows(IllegalArgumentException.class, () -> t.accumulate(0)).getMessage());
        assertEquals("Trainer: ReduceLROnPlateau steps on an epoch metric; use StepUnit.EPOCH",
                assertThrows(IllegalArgumentException.class, () -> t.scheduler(new ReduceLROnPlateau(opt), StepUnit.BATCH)).getMessage());
        assertEquals("Trainer: autocast dtype must be bfloat16 or float16, got float64",
                assertThrows(IllegalArgumentException.class, () -> t.autocast(dev.dendrite.storage.Dtype.FLOAT64)).getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> t.loss((o, y) -> o.sub(y)).fit(constant(1, 3, 1, 1), null, 1));
        assertEquals("Trainer: the loss must be a scalar (a mean over the batch), got shape [3, 1]", e.getMessage());
        assertEquals(Collections.emptyList(), new Trainer(m, opt).fit(constant(1, 1, 1, 1), null, 0).epochs());
    }

    @Test
    void aCallbackCanStopMidEpochAndTheLrFinderIsAtHand() {
        Probe m = new Probe(0);
        Trainer t = new Trainer(m, new SGD(m.parameters(), 0.01)).loss(MSE).callbacks(new Callback() {
            @Override public void onBatchEnd(TrainContext ctx) { if (ctx.batch() == 2) ctx.stopTraining("enough"); }
        });
        var h = t.fit(regression(5, 2, 1), null, 3);
        assertEquals(1, h.epochs().size());
        assertEquals("enough", h.stopReason());
        assertEquals(2, t.context().globalBatch());
        assertEquals(2, t.globalStep());
        var r = t.lrFinder().range(1e-3, 1, 10).run(regression(5, 2, 1));
        assertEquals(10, r.lrs().size());
    }
}
