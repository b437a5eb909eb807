package dev.dendrite.cli;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Datasets;
import dev.dendrite.data.Example;
import dev.dendrite.data.transforms.Compose;
import dev.dendrite.data.transforms.Interpolation;
import dev.dendrite.data.transforms.PadMode;
import dev.dendrite.data.transforms.RandomCrop;
import dev.dendrite.data.transforms.RandomRotation;
import dev.dendrite.data.transforms.Transform;
import dev.dendrite.functional.Losses;
import dev.dendrite.metrics.Accuracy;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.AdamW;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.SGD;
import dev.dendrite.optim.lr.CosineAnnealingLR;
import dev.dendrite.optim.lr.OneCycleLR;
import dev.dendrite.optim.lr.StepLR;
import dev.dendrite.tensor.Generator;
import dev.dendrite.train.CsvLogger;
import dev.dendrite.train.HtmlReport;
import dev.dendrite.train.ModelCheckpoint;
import dev.dendrite.train.ProgressBar;
import dev.dendrite.train.StepUnit;
import dev.dendrite.train.TensorBoardLogger;
import dev.dendrite.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code dendrite train MODEL --dataset NAME ...}: trains a zoo model, keeping the best checkpoint and logs. */
final class TrainCommand implements Command {
    @Override
    public String name() { return "train"; }

    @Override
    public String summary() { return "train a model on a data set (best checkpoint, CSV, TensorBoard and HTML logs)"; }

    @Override
    public String usage() {
        return """
                usage: dendrite train MODEL [--dataset NAME] [--epochs N] [--batch-size N] [--lr RATE]
                                            [--optimizer adam|adamw|sgd] [--scheduler cosine|step|onecycle|none]
                                            [--weight-decay W] [--augment none|crop|crop-rotate] [--seed S]
                                            [--workers N] [--data-dir DIR] [--out DIR]

                MODEL is mlp or a zoo model (see 'dendrite summary --list'); datasets: %s.
                The default dataset, auto, is MNIST when its files are at hand (--data-dir, DENDRITE_DATA
                or ../shared/data) and the built-in spirals set otherwise. The run directory (default
                runs/MODEL-DATASET) receives best.safetensors (the full training state at the best
                validation accuracy, resumable), run.json, epochs.csv and steps.csv, TensorBoard event
                files under tb/, and report.html.

                options:
                  --epochs N        training epochs (default 5; 30 for the synthetic sets)
                  --batch-size N    examples per batch (default 128)
                  --lr RATE         initial learning rate (default 0.001, 0.01 for the synthetic sets; 0.05 is a
                                    good start for sgd)
                  --optimizer NAME  adam (default), adamw or sgd (momentum 0.9, Nesterov)
                  --scheduler NAME  cosine (default, per batch over the run), step (x0.1 every third of the run),
                                    onecycle, or none
                  --weight-decay W  L2 (adam, sgd) or decoupled (adamw) weight decay (default 0)
                  --augment WHAT    image augmentation of the training set: none (default), crop (random
                                    crop after padding by 2 for 28x28 images, 4 for larger), or crop-rotate
                                    (crop, then a random rotation within +-10 degrees)
                  --seed S          seed for initialization, shuffling and synthetic data (default 0)
                  --workers N       data loader worker threads (default 0)
                  --data-dir DIR    where the data sets live (default: DENDRITE_DATA, then ../shared/data)
                  --out DIR         run directory (default runs/MODEL-DATASET)
                """.formatted(String.join(", ", DataChoice.NAMES));
    }

    @Override
    public int run(String[] args, PrintStream out) throws UsageException {
        if (args.length == 0 || args[0].startsWith("--")) throw new UsageException("missing MODEL");
        String modelName = args[0];
        Options o = new Options().declare("dataset", "auto").declare("epochs", null).declare("batch-size", "128")
                .declare("lr", null).declare("optimizer", "adam").declare("scheduler", "cosine").declare("weight-decay", "0").declare("augment", "none")
                .declare("seed", "0").declare("workers", "0").declare("data-dir", null).declare("out", null)
                .parse(java.util.Arrays.copyOfRange(args, 1, args.length));
        int batchSize = o.getInt("batch-size", 1), workers = o.getInt("workers", 0);
        double weightDecay = o.getDouble("weight-decay", -1);
        if (o.get("epochs") != null) o.getInt("epochs", 1);   // validate before any work
        if (o.get("lr") != null) o.getDouble("lr", 0);
        long seed = o.getLong("seed");
        String optimizerName = o.get("optimizer"), schedulerName = o.get("scheduler");
        if (!java.util.List.of("adam", "adamw", "sgd").contains(optimizerName)) {
            throw new UsageException("--optimizer must be adam, adamw or sgd, got '" + optimizerName + "'");
        }
        if (!java.util.List.of("cosine", "step", "onecycle", "none").contains(schedulerName)) {
            throw new UsageException("--scheduler must be cosine, step, onecycle or none, got '" + schedulerName + "'");
        }
        String augment = o.get("augment");
        if (!java.util.List.of("none", "crop", "crop-rotate").contains(augment)) {
            throw new UsageException("--augment must be none, crop or crop-rotate, got '" + augment + "'");
        }
        if (!DataChoice.NAMES.contains(o.get("dataset"))) {
            throw new UsageException("unknown dataset '" + o.get("dataset") + "'; known: " + String.join(", ", DataChoice.NAMES));
        }
        Path dataDir = o.get("data-dir") == null ? null : Path.of(o.get("data-dir"));

        Generator.seed(seed);
        DataChoice.Splits data = DataChoice.load(o.get("dataset"), dataDir, seed, out);
        // small synthetic sets need more, larger steps than the image sets the defaults are tuned for
        boolean synthetic = data.mean() == null && data.inputShape().length == 1;
        int epochs = o.get("epochs") != null ? o.getInt("epochs", 1) : synthetic ? 30 : 5;
        double lr = o.get("lr") != null ? o.getDouble("lr", 0) : synthetic ? 0.01 : 0.001;
        Module model = Models.create(modelName, data.inputShape(), data.numClasses());
        Path runDir = Path.of(o.get("out") != null ? o.get("out") : "runs/" + modelName + "-" + data.name());
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + runDir, e);
        }
        new RunInfo(modelName, data.name(), seed, data.inputShape(), data.classNames(), data.mean(), data.std()).write(runDir);

        Generator shuffle = new Generator(seed + 17);
        var train = DataLoader.builder(augmented(data, augment)).batchSize(batchSize).shuffle(true).generator(shuffle).numWorkers(workers).build();
        var test = DataLoader.builder(data.test()).batchSize(Math.max(batchSize, 256)).numWorkers(workers).build();
        Optimizer optimizer = switch (optimizerName) {
            case "sgd" -> new SGD(model.parameters(), SGD.options().lr(lr).momentum(0.9).nesterov(true).weightDecay(weightDecay));
            case "adamw" -> new AdamW(model.parameters(), lr, weightDecay);
            default -> new Adam(model.parameters(), Adam.options().lr(lr).weightDecay(weightDecay));
        };
        int steps = epochs * train.size();
        Trainer trainer = new Trainer(model, optimizer)
                .loss(Losses::crossEntropy)
                .metrics(new Accuracy())
                .dataGenerator(shuffle)
                .confusionMatrix(data.numClasses())
                .callbacks(new ProgressBar(), ModelCheckpoint.best(runDir, "val_accuracy"), new CsvLogger(runDir),
                        new TensorBoardLogger(runDir.resolve("tb")),
                        new HtmlReport(runDir.resolve("report.html"), modelName + " on " + data.name(), data.classNames()));
        switch (schedulerName) {
            case "cosine" -> trainer.scheduler(new CosineAnnealingLR(optimizer, steps), StepUnit.BATCH);
            case "step" -> trainer.scheduler(new StepLR(optimizer, Math.max(1, epochs / 3)), StepUnit.EPOCH);
            case "onecycle" -> trainer.scheduler(new OneCycleLR(optimizer, OneCycleLR.options(steps, lr)),
                    StepUnit.BATCH);
            default -> { }
        }
        out.printf("train %s on %s: %,d parameters, %d train / %d test examples, %d epochs of %d batches%n", modelName,
                data.name(), model.parameterCount(), data.train().size(), data.test().size(), epochs, train.size());
        long start = System.nanoTime();
        Trainer.History history = trainer.fit(Trainer.sized(train, train.size()), Trainer.sized(test, test.size()), epochs);
        double seconds = (System.nanoTime() - start) / 1e9;
        double best = 0;
        int bestEpoch = 0;
        for (int i = 0; i < history.epochs().size(); i++) {
            Map<String, Double> e = history.epochs().get(i);
            double acc = e.getOrDefault("val_accuracy", Double.NaN);
            if (acc > best) {
                best = acc;
                bestEpoch = i + 1;
            }
        }
        out.printf("done in %.1f s (%.1f s per epoch): best test accuracy %.2f%% at epoch %d%n", seconds, seconds / epochs,
                100 * best, bestEpoch);
        out.println("run directory: " + runDir + " (best.safetensors, run.json, epochs.csv, steps.csv, tb/, report.html)");
        if (history.stopReason() != null) out.println("stopped early: " + history.stopReason());
        return 0;
    }

    /**
     * The training set with random crops (and rotations) drawn per example from the loader's
     * per-sample generators, so that augmented runs stay reproducible for a seed at any worker
     * count. Padding repeats the edge pixels and rotation fills with the normalized zero, the
     * background of digit images.
     */
    private static Dataset<Example> augmented(DataChoice.Splits data, String augment) {
        if (augment.equals("none")) return data.train();
        int[] chw = data.inputShape();
        if (chw.length != 3) throw new IllegalArgumentException("--augment " + augment + " needs an image data set, not " + data.name());
        Transform crop = new RandomCrop(chw[1], chw[1] <= 28 ? 2 : 4, PadMode.EDGE);
        if (augment.equals("crop")) return Datasets.transformInputs(data.train(), crop);
        float background = data.mean() == null ? 0f : (float) (-data.mean()[0] / data.std()[0]);
        Transform rotate = new RandomRotation(-10, 10, Interpolation.BILINEAR, background);
        return Datasets.transformInputs(data.train(), new Compose(crop, rotate));
    }
}
