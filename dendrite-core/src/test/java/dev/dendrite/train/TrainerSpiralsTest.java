package dev.dendrite.train;

import dev.dendrite.data.Batch;
import dev.dendrite.data.Spirals;
import dev.dendrite.metrics.Accuracy;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.Adam;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The trainer learning a real problem: three interleaved spirals, which no linear model separates. */
class TrainerSpiralsTest {
    static final int EPOCHS = 40;

    record Run(double trainAcc, double valAcc, Trainer.History history) {}

    static Run train(int batchSize, int accumulate, Dtype autocast) {
        Generator.seed(5);
        Spirals train = Spirals.generate(100, 3, 0.1, new Generator(1));
        Spirals val = Spirals.generate(60, 3, 0.1, new Generator(2));
        Module net = TestData.mlp(48, 3);
        Trainer t = new Trainer(net, new Adam(net.parameters(), 0.01))
                .metrics(new Accuracy())
                .accumulate(accumulate)
                .autocast(autocast);
        Iterable<Batch> trainBatches = TestData.batches(train.features(), train.labels(), batchSize, new Generator(3));
        Iterable<Batch> valBatches = TestData.batches(val.features(), val.labels(), 64, null);
        Trainer.History h = t.fit(trainBatches, valBatches, EPOCHS);
        return new Run(h.last().get("accuracy"), h.last().get("val_accuracy"), h);
    }

    @Test
    void learnsTheSpiralsToOver95Percent() {
        Run r = train(30, 1, null);
        assertTrue(r.valAcc > 0.95, "val accuracy " + r.valAcc);
        // the start was near chance: learning happened in this run
        assertTrue(r.history.epochs().get(0).get("accuracy") < 0.8, "first epoch " + r.history.epochs().get(0));
        assertEquals(EPOCHS, r.history.epochs().size());
    }

    @Test
    void learnsWithGradientAccumulation() {
        // 3 micro-batches of 10 per step: the same effective batch as above
        Run r = train(10, 3, null);
        assertTrue(r.valAcc > 0.95, "val accuracy " + r.valAcc);
        // same shuffles, same effective batch: the run tracks the plain one up to float rounding
        Run plain = train(30, 1, null);
        assertEquals(plain.history.last().get("loss"), r.history.last().get("loss"), 1e-6);
        assertEquals(plain.valAcc, r.valAcc);
    }

    @Test
    void learnsWithBfloat16Autocast() {
        Run r = train(30, 1, Dtype.BFLOAT16);
        assertTrue(r.valAcc > 0.95, "val accuracy " + r.valAcc);
        Run full = train(30, 1, null);
        assertTrue(Math.abs(r.valAcc - full.valAcc) <= 0.03, "bf16 " + r.valAcc + " vs f32 " + full.valAcc);
        // bf16 rounding did change the computation (not silently ignored)
        assertNotEquals(full.history.last().get("loss"), r.history.last().get("loss"));
    }
}
