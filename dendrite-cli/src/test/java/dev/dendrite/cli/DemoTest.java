package dev.dendrite.cli;

import dev.dendrite.kernels.Kernels;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DemoTest {

    @Test
    void demoLearnsTheSpirals() {
        var result = new SpiralsDemo(new SpiralsDemo.Config(7, 250, 0.01, 120)).train(null);
        // a linear classifier cannot beat ~55% here; a broken gradient stays near 33%
        assertTrue(result.trainAccuracy() > 0.95, "train accuracy " + result.trainAccuracy());
        assertTrue(result.testAccuracy() > 0.90, "held-out accuracy " + result.testAccuracy());
        assertTrue(result.finalLoss() < 0.2, "final loss " + result.finalLoss());
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsInDeterministicMode() {
        var config = new SpiralsDemo.Config(11, 30, 0.01, 50);
        Kernels.setDeterministic(true);
        List<Tensor> a, b;
        try {
            a = new SpiralsDemo(config).train(null).parameters();
            b = new SpiralsDemo(config).train(null).parameters();
        } finally {
            Kernels.setDeterministic(false);
        }
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray());
        List<Tensor> c = new SpiralsDemo(new SpiralsDemo.Config(12, 30, 0.01, 50)).train(null).parameters();
        assertFalse(java.util.Arrays.equals(a.get(0).toFloatArray(), c.get(0).toFloatArray()), "another seed differs");
    }

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void demoCommandPrintsFallingLossAndAccuracy() {
        Run r = run("demo", "--steps", "40", "--points", "40", "--seed", "3");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("step    1/40"), r.out());
        assertTrue(r.out().matches("(?s).*held-out accuracy \\d+\\.\\d%.*"), r.out());
    }

    @Test
    void badArgumentsGetOneLineAndTheUsage() {
        Run r = run("demo", "--steps", "many");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("dendrite demo: --steps expects an integer, got 'many'\nusage: dendrite demo"), r.err());
        Run unknown = run("demo", "--epochs", "3");
        assertTrue(unknown.err().startsWith("dendrite demo: unknown option --epochs"), unknown.err());
        Run cmd = run("frobnicate");
        assertEquals(2, cmd.status());
        assertTrue(cmd.err().startsWith("dendrite: unknown command 'frobnicate'"), cmd.err());
    }

    @Test
    void helpListsCommandsAndOptions() {
        Run r = run("--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("demo"), r.out());
        Run d = run("demo", "--help");
        assertTrue(d.out().contains("--steps N"), d.out());
    }
}
