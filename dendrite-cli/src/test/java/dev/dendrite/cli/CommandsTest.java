package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class CommandsTest {

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void trainThenEvalOnASyntheticSetReachesHighAccuracyAndWritesTheRun(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        Run train = run("train", "mlp", "--dataset", "moons", "--epochs", "8", "--batch-size", "64", "--lr", "0.01",
                "--out", runDir.toString());
        assertEquals(0, train.status(), train.err() + train.out());
        assertTrue(train.out().contains("best test accuracy"), train.out());
        for (String f : new String[] {"best.safetensors", "run.json", "epochs.csv", "steps.csv", "report.html"}) {
            assertTrue(Files.exists(runDir.resolve(f)), f + " missing in " + runDir);
        }
        Run eval = run("eval", runDir.resolve("best.safetensors").toString());
        assertEquals(0, eval.status(), eval.err());
        var m = java.util.regex.Pattern.compile("accuracy (\\d+\\.\\d+)%").matcher(eval.out());
        assertTrue(m.find(), eval.out());
        // two interleaved half-moons with noise 0.15: a straight line gets about 86%; the MLP must bend
        assertTrue(Double.parseDouble(m.group(1)) > 95, eval.out());
        assertTrue(eval.out().contains("confusion matrix"), eval.out());
    }

    @Test
    void summaryPrintsTheZooModelTable() {
        Run r = run("summary", "small_resnet");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Total params: 42,490"), r.out());
        Run list = run("summary", "--list");
        assertTrue(list.out().contains("resnet18") && list.out().contains("mlp"), list.out());
        Run unknown = run("summary", "resnet9000");
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().startsWith("dendrite summary: Zoo: unknown model 'resnet9000'"), unknown.err());
    }

    @Test
    void trainRejectsBadArgumentsWithOneLineAndTheUsage() {
        Run r = run("train", "mlp", "--optimizer", "rmsprop-ish");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("dendrite train: --optimizer must be adam, adamw or sgd, got 'rmsprop-ish'\nusage: dendrite train"),
                r.err());
        Run missing = run("train");
        assertTrue(missing.err().startsWith("dendrite train: missing MODEL"), missing.err());
        Run data = run("train", "mlp", "--dataset", "imagenet");
        assertTrue(data.err().startsWith("dendrite train: unknown dataset 'imagenet'"), data.err());
    }

    @Test
    void evalWithoutRunDescriptionSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        Path ck = dir.resolve("x.safetensors");
        Files.writeString(ck, "not a checkpoint");
        Run r = run("eval", ck.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("no run.json beside"), r.err());
    }

    @Test
    void predictClassifiesImageFilesWithTheRunsNormalization(@TempDir Path dir) throws Exception {
        // a LeNet-5 whose head is rigged to prefer class 7 for every input: all weights zero, bias of class 7 large
        var model = dev.dendrite.zoo.Zoo.create("lenet5_relu", 10);
        java.util.Map<String, dev.dendrite.tensor.Tensor> state = model.stateDict();
        try (var s = dev.dendrite.autograd.Autograd.noGrad()) {
            for (var t : state.values()) t.zero_();
            var keys = new java.util.ArrayList<>(state.keySet());
            state.get(keys.get(keys.size() - 1)).set(5.0, 7);
        }
        Path ck = dir.resolve("best.safetensors");
        model.save(ck);
        new RunInfo("lenet5_relu", "mnist", 0, new int[] {1, 28, 28},
                java.util.stream.IntStream.range(0, 10).mapToObj(Integer::toString).toList(),
                new double[] {0.1307}, new double[] {0.3081}).write(dir);
        var img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Path png = dir.resolve("digit.png");
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        Run r = run("predict", ck.toString(), png.toString(), "--top", "2");
        assertEquals(0, r.status(), r.err());
        // softmax of logits (5 for class 7, 0 elsewhere): e^5 / (e^5 + 9) = 94.3%, then 0.6% for the first other class
        assertTrue(r.out().startsWith(png + ":  7 94.3%  0 0.6%"), r.out());
        Run missing = run("predict", ck.toString(), dir.resolve("nope.png").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("no image file"), missing.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"train", "eval", "predict", "summary", "bench", "demo"}) {
            Run r = run(c, "--help");
            assertEquals(0, r.status(), c);
            assertTrue(r.out().startsWith("usage: dendrite " + c), c + ": " + r.out());
        }
    }
}
