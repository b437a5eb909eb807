package dev.dendrite.cli;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.data.transforms.Resize;
import dev.dendrite.data.transforms.ToTensor;
import dev.dendrite.nn.Module;
import dev.dendrite.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code dendrite predict CHECKPOINT IMAGE...}: the most likely classes of image files. */
final class PredictCommand implements Command {
    @Override
    public String name() { return "predict"; }

    @Override
    public String summary() { return "classify image files with a trained checkpoint"; }

    @Override
    public String usage() {
        return """
                usage: dendrite predict CHECKPOINT IMAGE... [--top K]

                Reads each PNG or JPEG, converts it to the model's channels (grey or RGB) and input size,
                normalizes it as in training (run.json beside CHECKPOINT) and prints the K most likely
                classes with their probabilities (default 3).
                """;
    }

    @Override
    public int run(String[] args, PrintStream out) throws UsageException {
        java.util.List<String> positional = new java.util.ArrayList<>();
        int top = 3;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--top")) {
                if (i + 1 >= args.length) throw new UsageException("option --top needs a value");
                try {
                    top = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    throw new UsageException("--top expects an integer, got '" + args[i] + "'");
                }
                if (top < 1) throw new UsageException("--top must be at least 1, got " + top);
            } else if (args[i].startsWith("--")) {
                throw new UsageException("unknown option " + args[i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() < 2) throw new UsageException("need a CHECKPOINT and at least one IMAGE");
        Path checkpoint = Path.of(positional.get(0));
        RunInfo info = RunInfo.besides(checkpoint);
        if (info.inputShape().length != 3) {
            throw new IllegalArgumentException("model " + info.model() + " was trained on " + info.dataset() + ", which is not images");
        }
        Module model = Models.create(info.model(), info.inputShape(), info.classNames().size());
        Weights.load(model, checkpoint);
        model.eval();
        int k = Math.min(top, info.classNames().size());
        for (String file : positional.subList(1, positional.size())) {
            Tensor x = DataChoice.normalize(read(Path.of(file), info.inputShape()), info.mean(), info.std()).unsqueeze(0);
            Tensor probs;
            try (var scope = Autograd.noGrad()) {
                probs = model.call(x).softmax(1).squeeze(0);
            }
            var best = probs.topk(k, 0, true, true);
            StringBuilder line = new StringBuilder(file).append(':');
            for (int i = 0; i < k; i++) {
                line.append(String.format("  %s %.1f%%", info.classNames().get((int) best.indices().getLong(i)),
                        100 * best.values().get(i)));
            }
            out.println(line);
        }
        return 0;
    }

    /** The image as [C, H, W] in [0, 1] with the model's channel count and size. */
    private static Tensor read(Path file, int[] chw) {
        BufferedImage img;
        try {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no image file " + file);
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (img == null) throw new IllegalArgumentException(file + " is not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
        Tensor t = ToTensor.fromImage(img);
        if (t.size(0) != chw[0]) {
            // grey to RGB by repetition, RGB to grey by the mean of the channels
            t = chw[0] == 1 ? t.mean(0, true) : t.size(0) == 1 ? t.expand(chw[0], t.size(1), t.size(2)).contiguous()
                    : t.narrow(0, 0, chw[0]);
        }
        if (t.size(1) != chw[1] || t.size(2) != chw[2]) t = new Resize(chw[1], chw[2]).apply(t, null);
        return t;
    }
}
