package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * The central [height, width] box of an image, at top {@code round((H - height) / 2)} and left
 * {@code round((W - width) / 2)} with Python's round-half-to-even, as torchvision. A crop larger
 * than the image is padded with zeros, (diff / 2) before and the rest after, as torchvision pads.
 */
public record CenterCrop(int height, int width) implements Transform {
    public CenterCrop {
        Img.checkSize("CenterCrop", height, width);
    }

    public CenterCrop(int size) { this(size, size); }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Img im = Img.of("CenterCrop", input);
        int top = offset(im.h(), height), left = offset(im.w(), width);
        return im.tensor(im.crop(top, left, height, width, 0f), height, width);
    }

    static int offset(int size, int crop) {
        if (crop > size) return -((crop - size) / 2);
        return (int) Math.rint((size - crop) / 2.0);
    }
}
