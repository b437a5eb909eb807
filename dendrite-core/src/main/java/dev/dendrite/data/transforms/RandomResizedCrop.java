package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * A random box covering a random fraction of the image area with a random aspect ratio, resized
 * to [height, width], as torchvision's RandomResizedCrop. Up to 10 tries draw
 * {@code area = H * W * U(scale)} and {@code ratio = exp(U(log ratio0, log ratio1))}, giving
 * {@code w = round(sqrt(area * ratio))}, {@code h = round(sqrt(area / ratio))}; the first box that
 * fits is placed uniformly. If none fits, the whole image is cropped to the nearest allowed ratio
 * and centred.
 */
public record RandomResizedCrop(int height, int width, double scaleMin, double scaleMax, double ratioMin, double ratioMax,
                                Interpolation interpolation) implements Transform {
    public RandomResizedCrop {
        Img.checkSize("RandomResizedCrop", height, width);
        if (!(scaleMin <= scaleMax) || !(ratioMin <= ratioMax) || scaleMin < 0 || ratioMin <= 0) {
            throw new IllegalArgumentException("RandomResizedCrop: need 0 <= scale min <= max and 0 < ratio min <= max, got scale ("
                    + scaleMin + ", " + scaleMax + ") ratio (" + ratioMin + ", " + ratioMax + ")");
        }
    }

    /** torchvision's defaults: scale (0.08, 1), ratio (3/4, 4/3), bilinear. */
    public RandomResizedCrop(int size) { this(size, size, 0.08, 1.0, 3.0 / 4, 4.0 / 3, Interpolation.BILINEAR); }

    /** The crop box {top, left, h, w} for an image of H x W. */
    public int[] params(int imgH, int imgW, Generator gen) {
        double area = (double) imgH * imgW;
        double logR0 = Math.log(ratioMin), logR1 = Math.log(ratioMax);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * Img.uniform(gen, scaleMin, scaleMax);
            double ratio = Math.exp(Img.uniform(gen, logR0, logR1));
            int w = (int) Math.rint(Math.sqrt(target * ratio));
            int h = (int) Math.rint(Math.sqrt(target / ratio));
            if (w > 0 && w <= imgW && h > 0 && h <= imgH) {
                int top = Img.randint(gen, imgH - h + 1), left = Img.randint(gen, imgW - w + 1);
                return new int[]{top, left, h, w};
            }
        }
        double inRatio = (double) imgW / imgH;
        int w, h;
        if (inRatio < ratioMin) {
            w = imgW;
            h = (int) Math.rint(w / ratioMin);
        } else if (inRatio > ratioMax) {
            h = imgH;
            w = (int) Math.rint(h * ratioMax);
        } else {
            w = imgW;
            h = imgH;
        }
        return new int[]{(imgH - h) / 2, (imgW - w) / 2, h, w};
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Img im = Img.of("RandomResizedCrop", input);
        int[] b = params(im.h(), im.w(), gen);
        return im.tensor(interpolation.resize(im, b[0], b[1], b[2], b[3], height, width), height, width);
    }
}
