package dev.dendrite.train;

import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.data.Spirals;
import dev.dendrite.kernels.Kernels;
import dev.dendrite.metrics.Accuracy;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.lr.StepLR;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Stopping after 2 epochs and resuming for 2 more gives exactly the weights of 4 uninterrupted epochs. */
class ResumeTest {
    static final Spirals DATA = Spirals.generate(40, 3, 0.1, new Generator(21));

    private boolean wasDeterministic;

    @BeforeEach
    void deterministic() {
        wasDeterministic = Kernels.isDeterministic();
        Kernels.setDeterministic(true);
    }

    @AfterEach
    void restore() { Kernels.setDeterministic(wasDeterministic); }

    /** A fresh run: model (with dropout, drawing from the global generator), Adam, a per-batch schedule, a shuffling generator. */
    static Trainer newTrainer(long initSeed, long shuffleSeed, Generator[] shuffleOut) {
        Generator.seed(initSeed);
        Module net = new Sequential(new Linear(2, 32), new ReLU(), new Dropout(0.2), new Linear(32, 3));
        Adam opt = new Adam(net.parameters(), 0.01);
        Generator shuffle = new Generator(shuffleSeed);
        shuffleOut[0] = shuffle;
        return new Trainer(net, opt)
                .metrics(new Accuracy())
                .scheduler(new StepLR(opt, 7, 0.8), StepUnit.BATCH)
                .dataGenerator(shuffle);
    }

    static Iterable<Batch> data(Generator shuffle) { return TestData.batches(DATA.features(), DATA.labels(), 16, shuffle); }

    @Test
    void resumedRunIsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) {
        Generator[] g = new Generator[1];
        Trainer straight = newTrainer(1, 2, g);
        straight.fit(data(g[0]), null, 4);
        long[] straightRng = Generator.global().getState();

        Trainer first = newTrainer(1, 2, g);
        first.fit(data(g[0]), null, 2);
        Path ck = dir.resolve("run.safetensors");
        first.saveCheckpoint(ck);

        // a new process, in effect: other seeds everywhere, all overwritten by the checkpoint
        Trainer resumed = newTrainer(77, 78, g);
        resumed.resume(ck);
        assertEquals(2, resumed.completedEpochs());
        Trainer.History h = resumed.fit(data(g[0]), null, 4);
        assertEquals(2, h.epochs().size(), "only the two missing epochs run");
        assertEquals(3.0, h.epochs().get(0).get("epoch"));

        Map<String, Tensor> a = straight.model().stateDict(), b = resumed.model().stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
        assertEquals(straight.globalStep(), resumed.globalStep());
        assertEquals(straight.optimizer().paramGroups().get(0).lr(), resumed.optimizer().paramGroups().get(0).lr());
        assertArrayEquals(straightRng, Generator.global().getState(), "the dropout stream lines up too");
    }

    @Test
    void resumesExactlyWithARealDataLoader(@TempDir Path dir) {
        Generator[] g = new Generator[1];
        java.util.function.Function<Generator, DataLoader<Batch>> loader = gen -> DataLoader.builder(new TensorDataset(DATA.features(), DATA.labels()))
                .batchSize(16).shuffle(true).generator(gen).build();
        Trainer straight = newTrainer(1, 2, g);
        List<Integer> sizes = new ArrayList<>();
        straight.callbacks(new Callback() {
            @Override public void onEpochStart(TrainContext ctx) { sizes.add(ctx.batchesPerEpoch()); }
        });
        straight.fit(loader.apply(g[0]), null, 4);
        assertEquals(List.of(8, 8, 8, 8), sizes, "the trainer reads the loader's length");

        Trainer first = newTrainer(1, 2, g);
        first.fit(loader.apply(g[0]), null, 2);
        Path ck = dir.resolve("run.safetensors");
        first.saveCheckpoint(ck);
        Trainer resumed = newTrainer(5, 6, g).resume(ck);
        resumed.fit(loader.apply(g[0]), null, 4);
        Map<String, Tensor> a = straight.model().stateDict(), b = resumed.model().stateDict();
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
    }

    @Test
    void withoutRestoringTheShuffleTheRunDiffers(@TempDir Path dir) {
        Generator[] g = new Generator[1];
        Trainer straight = newTrainer(1, 2, g);
        straight.fit(data(g[0]), null, 3);
        Trainer first = newTrainer(1, 2, g);
        first.fit(data(g[0]), null, 2);
        Path ck = dir.resolve("run.safetensors");
        first.saveCheckpoint(ck);
        Trainer resumed = newTrainer(1, 2, g);
        resumed.resume(ck);
        g[0].manualSeed(2);                   // the data order of epoch 1 again, not epoch 3's
        resumed.fit(data(g[0]), null, 3);
        assertFalse(java.util.Arrays.equals(straight.model().stateDict().get("0.weight").toFloatArray(),
                resumed.model().stateDict().get("0.weight").toFloatArray()), "the shuffle state matters, so the test above is meaningful");
    }

    @Test
    void resumeRefusesAMismatchedCheckpoint(@TempDir Path dir) {
        Generator[] g = new Generator[1];
        Trainer t = newTrainer(1, 2, g);
        Path ck = dir.resolve("plain.safetensors");
        new Checkpoint().put("model", t.model().stateDict()).put("optimizer", t.optimizer().stateDict())
                .putGenerator("rng", Generator.global()).putScalar("epoch", 0).save(ck);
        var e = assertThrows(IllegalArgumentException.class, () -> t.resume(ck));
        assertEquals("Trainer.resume: this trainer has a scheduler but the checkpoint holds no scheduler state", e.getMessage());
    }
}
