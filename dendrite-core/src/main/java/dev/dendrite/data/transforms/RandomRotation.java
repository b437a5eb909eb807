package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Rotates the image counter-clockwise by an angle drawn uniformly from [minDegrees, maxDegrees]
 * about its centre ((W-1)/2, (H-1)/2), keeping its size, as torchvision's RandomRotation. Each
 * output pixel samples the source point that rotates onto it: with x, y relative to the centre
 * (y pointing down), {@code xs = x cos a - y sin a}, {@code ys = x sin a + y cos a}. Bilinear
 * sampling weighs the four neighbours; neighbours outside the image contribute {@code fill}, i.e.
 * {@code out = sum_inside(w * v) + (1 - sum_inside(w)) * fill}. (torchvision multiplies the inside
 * sum by the mask once more, which darkens the one-pixel rim by a little; here the border is
 * a plain blend.) Nearest takes the closest source pixel, or fill outside.
 */
public record RandomRotation(double minDegrees, double maxDegrees, Interpolation interpolation, float fill) implements Transform {
    public RandomRotation {
        if (!(minDegrees <= maxDegrees)) throw new IllegalArgumentException("RandomRotation: need min <= max degrees, got (" + minDegrees + ", " + maxDegrees + ")");
    }

    /** Angles in [-degrees, degrees], bilinear, fill 0. */
    public RandomRotation(double degrees) {
        this(-Math.abs(degrees), Math.abs(degrees), Interpolation.BILINEAR, 0f);
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Img im = Img.of("RandomRotation", input);
        double angle = Img.uniform(gen, minDegrees, maxDegrees);
        return im.tensor(rotate(im, angle, interpolation, fill));
    }

    /** Rotates every plane by {@code degrees} counter-clockwise. */
    static float[] rotate(Img im, double degrees, Interpolation mode, float fill) {
        int h = im.h(), w = im.w();
        double a = Math.toRadians(degrees), cos = Math.cos(a), sin = Math.sin(a);
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        float[] out = new float[im.data().length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x - cx, dy = y - cy;
                double xs = dx * cos - dy * sin + cx, ys = dx * sin + dy * cos + cy;
                if (mode == Interpolation.NEAREST) {
                    int sx = (int) Math.rint(xs), sy = (int) Math.rint(ys);
                    boolean in = sx >= 0 && sx < w && sy >= 0 && sy < h;
                    for (int p = 0; p < im.planes(); p++) out[(p * h + y) * w + x] = in ? im.at(p, sy, sx) : fill;
                    continue;
                }
                int x0 = (int) Math.floor(xs), y0 = (int) Math.floor(ys);
                double fx = xs - x0, fy = ys - y0;
                double[] wt = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
                int[] px = {x0, x0 + 1, x0, x0 + 1}, py = {y0, y0, y0 + 1, y0 + 1};
                for (int p = 0; p < im.planes(); p++) {
                    double v = 0, inside = 0;
                    for (int k = 0; k < 4; k++) {
                        if (wt[k] == 0 || px[k] < 0 || px[k] >= w || py[k] < 0 || py[k] >= h) continue;
                        v += wt[k] * im.at(p, py[k], px[k]);
                        inside += wt[k];
                    }
                    out[(p * h + y) * w + x] = (float) (v + (1 - inside) * fill);
                }
            }
        }
        return out;
    }
}
