package dev.dendrite.train;

import dev.dendrite.io.SafeTensors;
import dev.dendrite.io.SafeTensorsException;
import dev.dendrite.io.SafeTensorsTest;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.OptimizerState;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest {
    @TempDir Path dir;

    static final class Net extends Module {
        final Sequential body = register("body", new Sequential(new Linear(4, 8), new Linear(8, 3)));
        final Tensor count = registerBuffer("count", Tensor.scalar(0, Dtype.INT64));
        final Tensor cache = registerBuffer("cache", Tensor.zeros(2), false);   // not persistent: not saved

        @Override
        public Tensor forward(Tensor x) { return body.call(x).tanh(); }
    }

    static Tensor input() { return Tensor.randn(new Generator(99), Dtype.FLOAT32, 5, 4); }

    static void assertBitEqual(Tensor a, Tensor b) {
        assertArrayEquals(a.shape(), b.shape());
        assertArrayEquals(SafeTensorsTest.bits(a), SafeTensorsTest.bits(b));
    }

    // ================================================================ Module.save / Module.load

    @Test
    void savedModelReproducesItsOutputsExactly() {
        Generator.seed(1);
        Net a = new Net();
        a.count.fill_(17);
        Path p = dir.resolve("net.safetensors");
        a.save(p);
        Generator.seed(2);
        Net b = new Net();
        assertNotEquals(a.body.get(0).stateDict().get("weight").get(0, 0), b.body.get(0).stateDict().get("weight").get(0, 0));

        Module.LoadResult r = b.load(p, true);
        assertEquals(List.of(), r.missingKeys());
        assertEquals(List.of(), r.unexpectedKeys());
        assertBitEqual(a.call(input()), b.call(input()));
        assertEquals(17, b.count.itemLong());
        assertTrue(b.body.get(0).stateDict().get("weight").isRequiresGrad(), "parameters stay trainable");

        var file = SafeTensors.load(p);
        assertEquals(List.of("count", "body.0.weight", "body.0.bias", "body.1.weight", "body.1.bias"),
                List.copyOf(file.tensors().keySet()), "PyTorch's state-dict names, non-persistent buffer left out");
        assertEquals(Map.of("format", "pt"), file.metadata());
        assertArrayEquals(new int[] {8, 4}, file.tensors().get("body.0.weight").shape(), "PyTorch's [out, in] layout");
    }

    @Test
    void strictLoadingNamesMissingAndUnexpectedKeys() {
        Path p = dir.resolve("seq.safetensors");
        Sequential two = new Sequential(new Linear(4, 8), new Linear(8, 3));
        two.save(p);
        Sequential three = new Sequential(new Linear(4, 8), new Linear(8, 3), new Linear(3, 2, false));
        var e = assertThrows(IllegalArgumentException.class, () -> three.load(p, true));
        assertTrue(e.getMessage().startsWith("load " + p + ": loadStateDict into Sequential: "), e.getMessage());
        assertTrue(e.getMessage().contains("missing keys: [2.weight]"), e.getMessage());

        Sequential one = new Sequential(new Linear(4, 8));
        var e2 = assertThrows(IllegalArgumentException.class, () -> one.load(p, true));
        assertTrue(e2.getMessage().contains("unexpected keys: [1.weight, 1.bias]"), e2.getMessage());

        // Non-strict: loads what matches and reports the rest.
        Module.LoadResult r = three.load(p, false);
        assertEquals(List.of("2.weight"), r.missingKeys());
        assertEquals(List.of(), r.unexpectedKeys());
        assertBitEqual(two.get(1).stateDict().get("weight"), three.get(1).stateDict().get("weight"));
        Module.LoadResult r2 = one.load(p, false);
        assertEquals(List.of("1.weight", "1.bias"), r2.unexpectedKeys());
        assertBitEqual(two.get(0).stateDict().get("bias"), one.get(0).stateDict().get("bias"));
    }

    @Test
    void shapeMismatchesAreNamedAndNothingIsChanged() {
        Path p = dir.resolve("wide.safetensors");
        new Sequential(new Linear(4, 8), new Linear(8, 3)).save(p);
        Sequential narrow = new Sequential(new Linear(4, 6), new Linear(6, 3));
        Map<String, Tensor> before = new LinkedHashMap<>();
        narrow.stateDict().forEach((k, v) -> before.put(k, v.contiguousCopy()));
        var e = assertThrows(IllegalArgumentException.class, () -> narrow.load(p, false));
        assertTrue(e.getMessage().contains("size mismatch for 0.weight: checkpoint [8, 4] vs model [6, 4]; "
                + "0.bias: checkpoint [8] vs model [6]; 1.weight: checkpoint [3, 8] vs model [3, 6]"), e.getMessage());
        narrow.stateDict().forEach((k, v) -> assertBitEqual(before.get(k), v));
    }

    @Test
    void aCorruptFileLeavesTheModuleUntouched() throws IOException {
        Path p = dir.resolve("m.safetensors");
        Sequential src = new Sequential(new Linear(3, 3), new Linear(3, 3));
        src.save(p);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(all, all.length - 1));
        Sequential dst = new Sequential(new Linear(3, 3), new Linear(3, 3));
        Tensor w0 = dst.get(0).stateDict().get("weight").contiguousCopy();
        assertThrows(SafeTensorsException.class, () -> dst.load(p, true));
        assertBitEqual(w0, dst.get(0).stateDict().get("weight"));
    }

    // ================================================================ Checkpoint

    @Test
    void bundlesModelOptimizerSchedulerRngAndScalarsInOneFile() {
        Generator.seed(5);
        Net model = new Net();
        Map<String, Tensor> optTensors = new LinkedHashMap<>();
        optTensors.put("state.0.exp_avg", Tensor.randn(new Generator(1), Dtype.FLOAT32, 8, 4));
        optTensors.put("state.0.exp_avg_sq", Tensor.rand(new Generator(2), Dtype.FLOAT32, 8, 4));
        Map<String, Double> optScalars = new LinkedHashMap<>();
        optScalars.put("state.0.step", 12.0);
        optScalars.put("param_groups.0.lr", 0.1);                 // not exact in binary: must survive exactly
        optScalars.put("param_groups.0.eps", 1e-300);
        optScalars.put("param_groups.0.beta1", 0.9);
        optScalars.put("param_groups.0.amsgrad", 0.0);
        optScalars.put("param_groups.0.odd", Math.nextUp(1.0) / 3);
        optScalars.put("param_groups.0.nan", Double.NaN);
        OptimizerState opt = new OptimizerState(optTensors, optScalars);
        Generator rng = new Generator(1234);
        rng.nextGaussian();                                       // leaves a spare Gaussian in the state

        Path p = dir.resolve("ckpt.safetensors");
        new Checkpoint()
                .put("model", model.stateDict())
                .put("optimizer", opt)
                .put("scheduler", Map.of(), Map.of("last_epoch", 7, "base_lr", 0.1f))
                .putGenerator("rng", rng)
                .putScalar("epoch", 7)
                .putScalar("best_loss", 0.123456789012345678)
                .putScalar("tag", "run a.b")
                .save(p);

        // Any safetensors reader sees prefixed tensors and string metadata.
        var raw = SafeTensors.load(p);
        assertEquals(List.of("model.count", "model.body.0.weight", "model.body.0.bias", "model.body.1.weight", "model.body.1.bias",
                "optimizer.state.0.exp_avg", "optimizer.state.0.exp_avg_sq", "rng.state"), List.copyOf(raw.tensors().keySet()));
        assertEquals("[\"model\",\"optimizer\",\"scheduler\",\"rng\"]", raw.metadata().get("__checkpoint__"));
        assertEquals("7", raw.metadata().get("epoch"));
        assertEquals("0.1", raw.metadata().get("optimizer.param_groups.0.lr"));

        Checkpoint ck = Checkpoint.load(p);
        assertEquals(List.of("model", "optimizer", "scheduler", "rng"), ck.sectionNames());
        Generator.seed(6);
        Net restored = new Net();
        restored.loadStateDict(ck.tensors("model"), true);
        assertBitEqual(model.call(input()), restored.call(input()));

        OptimizerState back = ck.optimizerState("optimizer");
        assertEquals(List.copyOf(optScalars.keySet()), List.copyOf(back.scalars().keySet()));
        for (var e : optScalars.entrySet()) {
            assertEquals(Double.doubleToLongBits(e.getValue()), Double.doubleToLongBits(back.scalars().get(e.getKey())), e.getKey());
        }
        for (var e : optTensors.entrySet()) assertBitEqual(e.getValue(), back.tensors().get(e.getKey()));

        assertEquals(Map.of(), ck.tensors("scheduler"));
        assertEquals(7.0, ck.section("scheduler").scalarDouble("last_epoch"));
        assertEquals(0.1f, (float) ck.section("scheduler").scalarDouble("base_lr"));

        Generator resumed = new Generator(0);
        ck.restoreGenerator("rng", resumed);
        for (int i = 0; i < 5; i++) assertEquals(Double.doubleToLongBits(rng.nextGaussian()), Double.doubleToLongBits(resumed.nextGaussian()));

        assertEquals(7, ck.getLong("epoch"));
        assertEquals(0.123456789012345678, ck.getDouble("best_loss"));
        assertEquals("run a.b", ck.getString("tag"));
    }

    @Test
    void refusesFilesThatAreNotCheckpointsAndBadNames() {
        Path p = dir.resolve("plain.safetensors");
        new Linear(2, 2).save(p);
        var e = assertThrows(SafeTensorsException.class, () -> Checkpoint.load(p));
        assertTrue(e.getMessage().contains("not a Dendrite checkpoint (no \"__checkpoint__\" metadata)"), e.getMessage());

        SafeTensors.save(p, Map.of("stray.w", Tensor.ones(1)), Map.of("__checkpoint__", "[\"model\"]"));
        var e2 = assertThrows(SafeTensorsException.class, () -> Checkpoint.load(p));
        assertTrue(e2.getMessage().contains("tensor 'stray.w' belongs to no checkpoint section [model]"), e2.getMessage());

        SafeTensors.save(p, Map.of(), Map.of("__checkpoint__", "{oops"));
        var e3 = assertThrows(SafeTensorsException.class, () -> Checkpoint.load(p));
        assertTrue(e3.getMessage().contains("checkpoint section list \"{oops\" is malformed"), e3.getMessage());

        var c = new Checkpoint();
        assertThrows(IllegalArgumentException.class, () -> c.put("a.b", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> c.putScalar("a.b", 1));
        assertThrows(IllegalArgumentException.class, () -> c.putScalar("__x", 1));
        c.put("model", Map.of());
        var dup = assertThrows(IllegalArgumentException.class, () -> c.put("model", Map.of()));
        assertEquals("Checkpoint: section 'model' is already present", dup.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> c.section("optimizer"));
        assertEquals("Checkpoint: no section 'optimizer' (sections: [model])", missing.getMessage());
        var notLong = assertThrows(IllegalArgumentException.class, () -> c.putScalar("lr", 0.5).getLong("lr"));
        assertEquals("Checkpoint: scalar 'lr' is \"0.5\", not an integer", notLong.getMessage());
    }
}
