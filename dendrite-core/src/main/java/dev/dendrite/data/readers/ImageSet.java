package dev.dendrite.data.readers;

import dev.dendrite.data.SampleSeeds;
import dev.dendrite.data.SeededDataset;
import dev.dendrite.data.Example;
import dev.dendrite.data.transforms.Transform;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Objects;

/**
 * An in-memory image classification split kept as uint8 pixels (one byte per value, so all of
 * MNIST's training images take 47 MB): {@code size()} images of shape [C, H, W] with int64 class
 * labels. {@link #get} returns a float32 [C, H, W] image scaled to [0, 1] (pixel / 255), or with
 * {@link #raw()} the exact uint8 values as int32; the target is a 0-dim int64 tensor.
 * Reads share nothing mutable, so any number of threads may call {@code get} at once.
 */
public final class ImageSet implements SeededDataset<Example> {
    private final byte[] pixels;
    private final long[] labels;
    private final int channels, height, width;
    private final boolean raw;
    private final Transform transform;

    ImageSet(byte[] pixels, long[] labels, int channels, int height, int width, boolean raw, Transform transform) {
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("ImageSet: " + labels.length + " labels of [" + channels + ", " + height + ", " + width
                    + "] images need " + (long) labels.length * channels * height * width + " pixels, got " + pixels.length);
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.raw = raw;
        this.transform = transform;
    }

    /** The same images giving raw uint8 values as int32 (true) or floats in [0, 1] (false). */
    public ImageSet raw(boolean asRaw) { return new ImageSet(pixels, labels, channels, height, width, asRaw, transform); }

    public boolean raw() { return raw; }

    /**
     * The same images with {@code transform} applied in {@link #get(int, Generator)}; plain
     * {@link #get(int)} draws its randomness from {@code SampleSeeds.generator(0, index)}, so it is
     * repeatable (a DataLoader passes its own per-sample generator instead).
     */
    public ImageSet withTransform(Transform transform) {
        return new ImageSet(pixels, labels, channels, height, width, raw, transform);
    }

    @Override public int size() { return labels.length; }

    public int channels() { return channels; }
    public int height() { return height; }
    public int width() { return width; }

    @Override
    public Example get(int index) {
        return get(index, transform == null ? null : SampleSeeds.generator(0, index));
    }

    /** The example at {@code index}, its transform drawing from {@code gen}. */
    @Override
    public Example get(int index, Generator gen) {
        Objects.checkIndex(index, labels.length);
        int n = channels * height * width;
        int base = index * n;
        Tensor image;
        if (raw) {
            int[] v = new int[n];
            for (int i = 0; i < n; i++) v[i] = pixels[base + i] & 0xFF;
            image = Tensor.of(v, channels, height, width);
        } else {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (pixels[base + i] & 0xFF) / 255f;
            image = Tensor.of(v, channels, height, width);
        }
        if (transform != null) image = transform.apply(image, gen == null ? SampleSeeds.generator(0, index) : gen);
        return new Example(image, Tensor.scalar(labels[index], dev.dendrite.storage.Dtype.INT64));
    }

    /** Label of example {@code index}. */
    public long label(int index) { return labels[index]; }

    /** All images as one tensor [N, C, H, W]: float32 in [0, 1], or int32 in [0, 255] when raw (no transform). */
    public Tensor images() {
        int n = pixels.length;
        if (raw) {
            int[] v = new int[n];
            for (int i = 0; i < n; i++) v[i] = pixels[i] & 0xFF;
            return Tensor.of(v, labels.length, channels, height, width);
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (pixels[i] & 0xFF) / 255f;
        return Tensor.of(v, labels.length, channels, height, width);
    }

    /** All labels as an int64 tensor [N]. */
    public Tensor labels() { return Tensor.of(labels, labels.length); }
}
