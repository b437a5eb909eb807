package dev.dendrite.data.transforms;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * A float image [.., C, H, W] unpacked into a float array of {@code planes} H x W planes (planes
 * = the product of all leading dims), the working form of the transforms. The result goes back to
 * the input's floating dtype (float32 unless the input was float64).
 */
record Img(float[] data, int[] lead, int planes, int h, int w, Dtype dtype) {

    static Img of(String op, Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected an image [C, H, W] (or [..., H, W]), got shape " + Arrays.toString(t.shape()));
        }
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point image (use ToTensor to convert uint8 pixels), got " + t.dtype());
        }
        int[] s = t.shape();
        int h = s[s.length - 2], w = s[s.length - 1];
        int[] lead = Arrays.copyOf(s, s.length - 2);
        int planes = 1;
        for (int d : lead) planes *= d;
        return new Img(t.toFloatArray(), lead, planes, h, w, t.dtype() == Dtype.FLOAT64 ? Dtype.FLOAT64 : Dtype.FLOAT32);
    }

    /** Channels: the dim just before H (1 for a 2-D image). */
    int channels() { return lead.length == 0 ? 1 : lead[lead.length - 1]; }

    float at(int p, int y, int x) { return data[(p * h + y) * w + x]; }

    Tensor tensor(float[] out, int oh, int ow) {
        int[] shape = Arrays.copyOf(lead, lead.length + 2);
        shape[lead.length] = oh;
        shape[lead.length + 1] = ow;
        Tensor t = Tensor.of(out, shape);
        return dtype == Dtype.FLOAT32 ? t : t.to(dtype);
    }

    Tensor tensor(float[] out) { return tensor(out, h, w); }

    /** A crop of box (top, left, ch, cw); pixels outside the image read as {@code fill}. */
    float[] crop(int top, int left, int ch, int cw, float fill) {
        float[] out = new float[planes * ch * cw];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < ch; y++) {
                int sy = top + y;
                for (int x = 0; x < cw; x++) {
                    int sx = left + x;
                    out[(p * ch + y) * cw + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? at(p, sy, sx) : fill;
                }
            }
        }
        return out;
    }

    /** Uniform integer in [0, bound), as torch.randint(0, bound). */
    static int randint(Generator gen, int bound) { return (int) gen.nextLong(bound); }

    /** Uniform double in [a, b). */
    static double uniform(Generator gen, double a, double b) { return a + (b - a) * gen.nextDouble(); }

    static void checkSize(String op, int h, int w) {
        if (h <= 0 || w <= 0) throw new IllegalArgumentException(op + ": sizes must be positive, got [" + h + ", " + w + "]");
    }
}
