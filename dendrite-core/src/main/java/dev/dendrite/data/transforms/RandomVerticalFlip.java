package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/** Mirrors the image top-bottom with probability {@code p} (default 0.5). */
public record RandomVerticalFlip(double p) implements Transform {
    public RandomVerticalFlip {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomVerticalFlip: p must be in [0, 1], got " + p);
    }

    public RandomVerticalFlip() { this(0.5); }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Img im = Img.of("RandomVerticalFlip", input);
        if (!(gen.nextDouble() < p)) return input;
        float[] out = new float[im.data().length];
        int h = im.h(), w = im.w();
        for (int pl = 0; pl < im.planes(); pl++) {
            for (int y = 0; y < h; y++) System.arraycopy(im.data(), (pl * h + h - 1 - y) * w, out, (pl * h + y) * w, w);
        }
        return im.tensor(out);
    }
}
