package dev.dendrite.train;

import dev.dendrite.io.SafeTensors;
import dev.dendrite.io.SafeTensorsException;
import dev.dendrite.io.SafeTensorsTest;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.lr.StepLR;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The point of a checkpoint: training that is stopped, saved, and resumed in fresh objects goes on
 * bit for bit as if it had never stopped (model, Adam moments and step counts, learning-rate
 * schedule, and the random stream that perturbs the inputs).
 */
class CheckpointResumeTest {
    @TempDir Path dir;

    static final Tensor X = Tensor.randn(new Generator(10), Dtype.FLOAT32, 16, 4);
    static final Tensor Y = Tensor.randn(new Generator(11), Dtype.FLOAT32, 16, 1);

    record Run(Sequential model, Optimizer opt, StepLR sched, Generator rng) {
        static Run fresh(long seed) {
            Generator.seed(seed);
            Sequential m = new Sequential(new Linear(4, 8), new Linear(8, 1));
            Adam opt = new Adam(m.parameters(), Adam.options().lr(0.05).weightDecay(0.01));
            return new Run(m, opt, new StepLR(opt, 2, 0.5), new Generator(seed * 31));
        }

        void steps(int n) {
            for (int i = 0; i < n; i++) {
                Tensor noisy = X.add(Tensor.randn(rng, Dtype.FLOAT32, 16, 4).mul(0.1));
                opt.zeroGrad();
                model.call(noisy).sub(Y).pow(2).mean().backward();
                opt.step();
                sched.step();
            }
        }

        List<Tensor> params() { return model.parameters(); }
    }

    @Test
    void resumingFromACheckpointContinuesBitForBit() {
        Run a = Run.fresh(1);
        a.steps(3);
        Path p = dir.resolve("resume.safetensors");
        new Checkpoint()
                .put("model", a.model().stateDict())
                .put("optimizer", a.opt().stateDict())
                .put("scheduler", java.util.Map.of(), a.sched().stateDict())
                .putGenerator("rng", a.rng())
                .putScalar("epoch", 3)
                .save(p);
        a.steps(3);

        Run b = Run.fresh(2);                                   // different init, state and stream
        Checkpoint ck = Checkpoint.load(p);
        b.model().loadStateDict(ck.tensors("model"), true);
        b.opt().loadStateDict(ck.optimizerState("optimizer"));
        b.sched().loadStateDict(ck.scalarDoubles("scheduler"));
        ck.restoreGenerator("rng", b.rng());
        assertEquals(3, ck.getLong("epoch"));
        assertEquals(0.05 * 0.5, b.opt().paramGroups().get(0).lr(), 1e-15, "StepLR(2, 0.5) after 3 epochs");
        b.steps(3);

        for (int i = 0; i < a.params().size(); i++) {
            assertArrayEquals(SafeTensorsTest.bits(a.params().get(i)), SafeTensorsTest.bits(b.params().get(i)), "parameter " + i);
        }
        assertEquals(0.05 * 0.125, b.opt().paramGroups().get(0).lr(), 1e-15, "StepLR(2, 0.5) after 6 epochs");
        assertEquals(a.opt().paramGroups().get(0).lr(), b.opt().paramGroups().get(0).lr());
    }
}
