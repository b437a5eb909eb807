package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * A random [height, width] box of the image after padding it by {@code padding} pixels on every
 * side ({@code padMode}, constant {@code fill}), as torchvision's RandomCrop: top ~ U{0..H'-h},
 * left ~ U{0..W'-w} on the padded size H' x W'. With {@code padIfNeeded} an image smaller than the
 * crop is padded further to fit; otherwise that is an error.
 */
public record RandomCrop(int height, int width, int padding, PadMode padMode, float fill, boolean padIfNeeded) implements Transform {
    public RandomCrop {
        Img.checkSize("RandomCrop", height, width);
        if (padding < 0) throw new IllegalArgumentException("RandomCrop: padding must be >= 0, got " + padding);
    }

    public RandomCrop(int size) { this(size, size, 0, PadMode.CONSTANT, 0f, false); }

    /** CIFAR-style: {@code RandomCrop(32, 4)} pads by 4 with zeros. */
    public RandomCrop(int size, int padding) { this(size, size, padding, PadMode.CONSTANT, 0f, false); }

    public RandomCrop(int size, int padding, PadMode padMode) { this(size, size, padding, padMode, 0f, false); }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Img im = Img.of("RandomCrop", input);
        int padTop = padding, padLeft = padding;
        int ph = im.h() + 2 * padding, pw = im.w() + 2 * padding;
        if (padIfNeeded && ph < height) {
            padTop += height - ph;
            ph = height + (height - ph);
        }
        if (padIfNeeded && pw < width) {
            padLeft += width - pw;
            pw = width + (width - pw);
        }
        if (ph < height || pw < width) {
            throw new IllegalArgumentException("RandomCrop: crop [" + height + ", " + width + "] is larger than the (padded) image ["
                    + ph + ", " + pw + "]");
        }
        int top = Img.randint(gen, ph - height + 1) - padTop;
        int left = Img.randint(gen, pw - width + 1) - padLeft;
        return im.tensor(padCrop(im, top, left, height, width, padMode, fill), height, width);
    }

    /** A crop whose box may reach outside the image, the outside read through {@code mode}. */
    static float[] padCrop(Img im, int top, int left, int ch, int cw, PadMode mode, float fill) {
        float[] out = new float[im.planes() * ch * cw];
        for (int p = 0; p < im.planes(); p++) {
            for (int y = 0; y < ch; y++) {
                int sy = mode.source(top + y, im.h());
                for (int x = 0; x < cw; x++) {
                    int sx = mode.source(left + x, im.w());
                    out[(p * ch + y) * cw + x] = sy < 0 || sx < 0 ? fill : im.at(p, sy, sx);
                }
            }
        }
        return out;
    }
}
