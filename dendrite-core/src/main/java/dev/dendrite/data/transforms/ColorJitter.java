package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Random brightness, contrast, saturation and hue changes of an image [C, H, W] in [0, 1], with
 * torchvision's formulas (its tensor functional ops are the reference). Factors are drawn
 * uniformly: brightness, contrast and saturation from [max(0, 1 - x), 1 + x], hue from [-hue, hue]
 * (hue in [0, 0.5]); a zero parameter leaves that property alone. The four adjustments run in a
 * random order (a random permutation, drawn first, then the four factors). With
 * {@code gray = 0.2989 R + 0.587 G + 0.114 B} (ITU-R 601-2 luma; the channel itself for C = 1):
 * <ul>
 * <li>brightness b: {@code out = clamp(b * img, 0, 1)}
 * <li>contrast c: {@code out = clamp(c * img + (1 - c) * mean(gray), 0, 1)}, the mean over the whole image
 * <li>saturation s: {@code out = clamp(s * img + (1 - s) * gray, 0, 1)} per pixel (no-op for C = 1)
 * <li>hue h: to HSV, {@code H = (H + h) mod 1}, back to RGB (no-op for C = 1)
 * </ul>
 */
public record ColorJitter(double brightness, double contrast, double saturation, double hue) implements Transform {
    public ColorJitter {
        if (brightness < 0 || contrast < 0 || saturation < 0) {
            throw new IllegalArgumentException("ColorJitter: brightness, contrast and saturation must be >= 0, got " + brightness + ", " + contrast + ", " + saturation);
        }
        if (hue < 0 || hue > 0.5) throw new IllegalArgumentException("ColorJitter: hue must be in [0, 0.5], got " + hue);
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Img im = Img.of("ColorJitter", input);
        int c = im.channels();
        if (im.lead().length != 1 || (c != 1 && c != 3)) {
            throw new IllegalArgumentException("ColorJitter: expected an image [C, H, W] with C = 1 or 3, got shape " + Arrays.toString(input.shape()));
        }
        int[] order = permutation(gen);
        double b = factor(gen, brightness), ct = factor(gen, contrast), s = factor(gen, saturation);
        double h = hue == 0 ? 0 : Img.uniform(gen, -hue, hue);
        float[] d = im.data().clone();
        int hw = im.h() * im.w();
        for (int op : order) {
            switch (op) {
                case 0 -> { if (brightness != 0) adjustBrightness(d, b); }
                case 1 -> { if (contrast != 0) adjustContrast(d, c, hw, ct); }
                case 2 -> { if (saturation != 0) adjustSaturation(d, c, hw, s); }
                default -> { if (hue != 0) adjustHue(d, c, hw, h); }
            }
        }
        return im.tensor(d);
    }

    private static double factor(Generator gen, double x) {
        return x == 0 ? 1 : Img.uniform(gen, Math.max(0, 1 - x), 1 + x);
    }

    private static int[] permutation(Generator gen) {
        int[] p = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = Img.randint(gen, i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static float clamp(double v) { return (float) Math.min(1, Math.max(0, v)); }

    static void adjustBrightness(float[] d, double b) {
        for (int i = 0; i < d.length; i++) d[i] = clamp(b * d[i]);
    }

    static float gray(float[] d, int c, int hw, int i) {
        return c == 1 ? d[i] : (float) (0.2989 * d[i] + 0.587 * d[hw + i] + 0.114 * d[2 * hw + i]);
    }

    static void adjustContrast(float[] d, int c, int hw, double f) {
        double mean = 0;
        for (int i = 0; i < hw; i++) mean += gray(d, c, hw, i);
        mean /= hw;
        for (int i = 0; i < d.length; i++) d[i] = clamp(f * d[i] + (1 - f) * mean);
    }

    static void adjustSaturation(float[] d, int c, int hw, double f) {
        if (c == 1) return;
        for (int i = 0; i < hw; i++) {
            float g = gray(d, c, hw, i);
            for (int k = 0; k < 3; k++) d[k * hw + i] = clamp(f * d[k * hw + i] + (1 - f) * g);
        }
    }

    static void adjustHue(float[] d, int c, int hw, double shift) {
        if (c == 1) return;
        for (int i = 0; i < hw; i++) {
            double r = d[i], g = d[hw + i], b = d[2 * hw + i];
            double max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
            double cr = max - min;
            double s = max == 0 ? 0 : cr / max, v = max, h = 0;
            if (cr != 0) {
                double rc = (max - r) / cr, gc = (max - g) / cr, bc = (max - b) / cr;
                if (max == r) h = bc - gc;
                else if (max == g) h = 2 + rc - bc;
                else h = 4 + gc - rc;
                h = ((h / 6) % 1 + 1) % 1;
            }
            h = ((h + shift) % 1 + 1) % 1;
            double h6 = h * 6;
            int sector = (int) Math.floor(h6);
            double f = h6 - sector;
            sector %= 6;
            double p = clamp(v * (1 - s)), q = clamp(v * (1 - s * f)), t = clamp(v * (1 - s * (1 - f)));
            double[] rgb = switch (sector) {
                case 0 -> new double[]{v, t, p};
                case 1 -> new double[]{q, v, p};
                case 2 -> new double[]{p, v, t};
                case 3 -> new double[]{p, q, v};
                case 4 -> new double[]{t, p, v};
                default -> new double[]{v, p, q};
            };
            for (int k = 0; k < 3; k++) d[k * hw + i] = clamp(rgb[k]);
        }
    }
}
