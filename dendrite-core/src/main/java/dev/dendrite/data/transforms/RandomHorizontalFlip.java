package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/** Mirrors the image left-right with probability {@code p} (default 0.5). */
public record RandomHorizontalFlip(double p) implements Transform {
    public RandomHorizontalFlip {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
    }

    public RandomHorizontalFlip() { this(0.5); }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Img im = Img.of("RandomHorizontalFlip", input);
        if (!(gen.nextDouble() < p)) return input;
        return im.tensor(hflip(im));
    }

    static float[] hflip(Img im) {
        float[] out = new float[im.data().length];
        int w = im.w();
        for (int row = 0; row < im.planes() * im.h(); row++) {
            for (int x = 0; x < w; x++) out[row * w + x] = im.data()[row * w + w - 1 - x];
        }
        return out;
    }
}
