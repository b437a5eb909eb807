package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Resizes an image [..., H, W]. With one size the shorter edge becomes {@code size} and the longer
 * {@code (int)(size * long / short)}, keeping the aspect ratio, as torchvision's Resize(int);
 * with two it becomes exactly [height, width]. Bilinear (PyTorch's, antialias off) by default.
 */
public record Resize(int height, int width, boolean shorterEdge, Interpolation interpolation) implements Transform {
    public Resize {
        Img.checkSize("Resize", height, width);
    }

    /** Shorter edge to {@code size}, bilinear. */
    public Resize(int size) { this(size, size, true, Interpolation.BILINEAR); }

    /** Exactly [height, width], bilinear. */
    public Resize(int height, int width) { this(height, width, false, Interpolation.BILINEAR); }

    public Resize(int height, int width, Interpolation interpolation) { this(height, width, false, interpolation); }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Img im = Img.of("Resize", input);
        int oh = height, ow = width;
        if (shorterEdge) {
            if (im.h() <= im.w()) {
                oh = height;
                ow = (int) ((long) height * im.w() / im.h());
            } else {
                ow = height;
                oh = (int) ((long) height * im.h() / im.w());
            }
        }
        if (oh == im.h() && ow == im.w()) return im.tensor(im.data());
        return im.tensor(interpolation.resize(im, 0, 0, im.h(), im.w(), oh, ow), oh, ow);
    }
}
