package dev.dendrite.cli;

import dev.dendrite.data.Spirals;
import dev.dendrite.data.Synthetic;
import dev.dendrite.data.TensorDataset;
import dev.dendrite.data.readers.Cifar;
import dev.dendrite.data.readers.FashionMnist;
import dev.dendrite.data.readers.ImageSet;
import dev.dendrite.data.readers.MissingDataException;
import dev.dendrite.data.readers.Mnist;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The data sets the command line knows by name, loaded as normalized train and test splits.
 * Image sets are normalized per channel with their usual training-set statistics (recorded in the
 * run so that eval and predict apply the same); synthetic sets are generated from the seed.
 */
final class DataChoice {
    private DataChoice() {}

    static final List<String> NAMES = List.of("auto", "mnist", "fashion-mnist", "cifar10", "cifar100", "spirals", "moons",
            "circles", "xor");

    /** A loaded data set: splits, the per-example input shape, classes and the normalization applied. */
    record Splits(String name, TensorDataset train, TensorDataset test, int[] inputShape, List<String> classNames,
                  double[] mean, double[] std) {
        int numClasses() { return classNames.size(); }
    }

    /**
     * Loads {@code name}. "auto" is MNIST when the data is at hand (--data-dir, DENDRITE_DATA or
     * ../shared/data), else the built-in spirals set, saying so on {@code log}.
     */
    static Splits load(String name, Path dataDir, long seed, PrintStream log) {
        if (name.equals("auto")) {
            try {
                return load("mnist", dataDir, seed, log);
            } catch (MissingDataException e) {
                log.println("dendrite: MNIST is not available here (" + firstLine(e.getMessage()) + ");");
                log.println("          training on the built-in spirals set instead (use --dataset or DENDRITE_DATA to choose)");
                return load("spirals", dataDir, seed, log);
            }
        }
        return switch (name) {
            case "mnist" -> images(name, Mnist.train(dataDir), Mnist.test(dataDir), digits(), new double[] {0.1307}, new double[] {0.3081});
            case "fashion-mnist" -> images(name, FashionMnist.train(dataDir), FashionMnist.test(dataDir), FashionMnist.CLASSES,
                    new double[] {0.2860}, new double[] {0.3530});
            case "cifar10" -> images(name, Cifar.cifar10Train(dataDir), Cifar.cifar10Test(dataDir), Cifar.CIFAR10_CLASSES,
                    new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616});
            case "cifar100" -> images(name, Cifar.cifar100Train(dataDir), Cifar.cifar100Test(dataDir),
                    IntStream.range(0, 100).mapToObj(i -> "class " + i).toList(),
                    new double[] {0.5071, 0.4865, 0.4409}, new double[] {0.2673, 0.2564, 0.2762});
            case "spirals" -> synthetic(name, Spirals.generate(1000, 3, 0.2, new Generator(seed)).asDataset(),
                    Spirals.generate(300, 3, 0.2, new Generator(seed + 1)).asDataset(), 3);
            case "moons" -> synthetic(name, Synthetic.moons(2000, 0.15, new Generator(seed)), Synthetic.moons(500, 0.15, new Generator(seed + 1)), 2);
            case "circles" -> synthetic(name, Synthetic.circles(2000, 0.08, new Generator(seed)),
                    Synthetic.circles(500, 0.08, new Generator(seed + 1)), 2);
            case "xor" -> synthetic(name, Synthetic.xor(2000, 0.1, new Generator(seed)), Synthetic.xor(500, 0.1, new Generator(seed + 1)), 2);
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    private static List<String> digits() { return IntStream.range(0, 10).mapToObj(Integer::toString).toList(); }

    private static Splits images(String name, ImageSet train, ImageSet test, List<String> classes, double[] mean, double[] std) {
        return new Splits(name, new TensorDataset(normalize(train.images(), mean, std), train.labels()),
                new TensorDataset(normalize(test.images(), mean, std), test.labels()),
                new int[] {train.channels(), train.height(), train.width()}, classes, mean, std);
    }

    private static Splits synthetic(String name, TensorDataset train, TensorDataset test, int classes) {
        int[] shape = train.input().shape();
        return new Splits(name, train, test, new int[] {shape[1]},
                IntStream.range(0, classes).mapToObj(i -> "class " + i).toList(), null, null);
    }

    /** {@code (x - mean[c]) / std[c]} over [N, C, H, W] (or one image [C, H, W]). */
    static Tensor normalize(Tensor images, double[] mean, double[] std) {
        if (mean == null) return images;
        int c = mean.length;
        float[] m = new float[c], s = new float[c];
        for (int i = 0; i < c; i++) {
            m[i] = (float) mean[i];
            s[i] = (float) std[i];
        }
        return images.sub(Tensor.of(m, c, 1, 1)).div(Tensor.of(s, c, 1, 1));
    }
}
