package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * With probability {@code p}, fills a random rectangle of the image [C, H, W] with {@code value},
 * as torchvision's RandomErasing. Up to 10 tries draw an area fraction from [scaleMin, scaleMax]
 * and an aspect ratio log-uniformly from [ratioMin, ratioMax], giving
 * {@code h = round(sqrt(area * ratio))}, {@code w = round(sqrt(area / ratio))}; the first box
 * with h < H and w < W is placed uniformly. If none fits the image is returned unchanged.
 * The value is one number, one per channel, or, with {@code randomValue}, standard normal noise.
 */
public record RandomErasing(double p, double scaleMin, double scaleMax, double ratioMin, double ratioMax, double[] value,
                            boolean randomValue) implements Transform {
    public RandomErasing {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomErasing: p must be in [0, 1], got " + p);
        if (!(0 <= scaleMin && scaleMin <= scaleMax && scaleMax <= 1)) throw new IllegalArgumentException("RandomErasing: need 0 <= scale min <= max <= 1, got (" + scaleMin + ", " + scaleMax + ")");
        if (!(0 < ratioMin && ratioMin <= ratioMax)) throw new IllegalArgumentException("RandomErasing: need 0 < ratio min <= max, got (" + ratioMin + ", " + ratioMax + ")");
        value = value.clone();
    }

    /** torchvision's defaults: p 0.5, scale (0.02, 0.33), ratio (0.3, 3.3), value 0. */
    public RandomErasing() { this(0.5, 0.02, 0.33, 0.3, 3.3, new double[]{0}, false); }

    /** The erased box {top, left, h, w}, or null when nothing is erased. */
    public int[] params(int imgH, int imgW, Generator gen) {
        if (!(gen.nextDouble() < p)) return null;
        double area = (double) imgH * imgW;
        double logR0 = Math.log(ratioMin), logR1 = Math.log(ratioMax);
        for (int attempt = 0; attempt < 10; attempt++) {
            double erase = area * Img.uniform(gen, scaleMin, scaleMax);
            double ratio = Math.exp(Img.uniform(gen, logR0, logR1));
            int h = (int) Math.rint(Math.sqrt(erase * ratio));
            int w = (int) Math.rint(Math.sqrt(erase / ratio));
            if (!(h < imgH && w < imgW)) continue;
            int top = Img.randint(gen, imgH - h + 1), left = Img.randint(gen, imgW - w + 1);
            return new int[]{top, left, h, w};
        }
        return null;
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Img im = Img.of("RandomErasing", input);
        int c = im.channels();
        if (!randomValue && value.length != 1 && value.length != c) {
            throw new IllegalArgumentException("RandomErasing: " + value.length + " values for an image of " + c + " channels (shape " + Arrays.toString(input.shape()) + ")");
        }
        int[] box = params(im.h(), im.w(), gen);
        if (box == null) return input;
        float[] d = im.data().clone();
        for (int pl = 0; pl < im.planes(); pl++) {
            for (int y = box[0]; y < box[0] + box[2]; y++) {
                for (int x = box[1]; x < box[1] + box[3]; x++) {
                    d[(pl * im.h() + y) * im.w() + x] = randomValue ? (float) gen.nextGaussian() : (float) value[value.length == 1 ? 0 : pl % c];
                }
            }
        }
        return im.tensor(d);
    }
}
