package dev.dendrite.data.readers;

import dev.dendrite.data.SampleSeeds;
import dev.dendrite.data.SeededDataset;
import dev.dendrite.data.Example;
import dev.dendrite.data.transforms.ToTensor;
import dev.dendrite.data.transforms.Transform;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Images arranged one subfolder per class, {@code root/<class>/<image>}, as torchvision's
 * ImageFolder: class names are the subfolder names sorted, numbered 0, 1, ...; the images of each
 * class (searched recursively, files ending .png, .jpg or .jpeg in any case) are sorted by path.
 * Images are decoded with {@code javax.imageio} on each {@link #get} and converted by
 * {@link ToTensor#fromImage} (greyscale: 1 channel, otherwise 3; alpha dropped), then the optional
 * transform is applied.
 */
public final class ImageFolder implements SeededDataset<Example> {
    /** One image file and its class index. */
    public record Sample(Path path, int classIndex) {}

    private final Path root;
    private final List<String> classes;
    private final List<Sample> samples;
    private final Transform transform;

    private ImageFolder(Path root, List<String> classes, List<Sample> samples, Transform transform) {
        this.root = root;
        this.classes = classes;
        this.samples = samples;
        this.transform = transform;
    }

    public static ImageFolder of(Path root) { return of(root, null); }

    public static ImageFolder of(Path root, Transform transform) {
        if (!Files.isDirectory(root)) throw new IllegalArgumentException("ImageFolder: " + root.toAbsolutePath() + " is not a directory");
        List<String> classes;
        try (Stream<Path> s = Files.list(root)) {
            classes = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("ImageFolder: cannot list " + root + ": " + e.getMessage(), e);
        }
        if (classes.isEmpty()) throw new IllegalArgumentException("ImageFolder: " + root.toAbsolutePath() + " has no class subfolders");
        List<Sample> samples = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            int ci = c;
            try (Stream<Path> s = Files.walk(root.resolve(classes.get(c)))) {
                s.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().forEach(p -> samples.add(new Sample(p, ci)));
            } catch (IOException e) {
                throw new UncheckedIOException("ImageFolder: cannot list " + root.resolve(classes.get(c)) + ": " + e.getMessage(), e);
            }
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("ImageFolder: no .png, .jpg or .jpeg files in the class folders " + classes + " of " + root.toAbsolutePath());
        }
        return new ImageFolder(root, classes, List.copyOf(samples), transform);
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    public ImageFolder withTransform(Transform t) { return new ImageFolder(root, classes, samples, t); }

    public List<String> classes() { return classes; }

    public List<Sample> samples() { return samples; }

    @Override public int size() { return samples.size(); }

    /** The example at {@code index}; a transform draws from {@code SampleSeeds.generator(0, index)}. */
    @Override public Example get(int index) { return get(index, SampleSeeds.generator(0, index)); }

    @Override
    public Example get(int index, Generator gen) {
        Objects.checkIndex(index, samples.size());
        Sample s = samples.get(index);
        Tensor x = load(s.path());
        if (transform != null) x = transform.apply(x, gen);
        return new Example(x, Tensor.scalar(s.classIndex(), Dtype.INT64));
    }

    /** Decodes one image file to float32 [C, H, W] in [0, 1]. */
    public static Tensor load(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("ImageFolder: cannot decode " + file + ": " + e.getMessage(), e);
        }
        if (img == null) throw new IllegalArgumentException("ImageFolder: " + file + " is not an image javax.imageio can read");
        return ToTensor.fromImage(img);
    }
}
