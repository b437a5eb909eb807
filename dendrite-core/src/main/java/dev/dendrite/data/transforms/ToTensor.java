package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * Pixels to a float32 [C, H, W] tensor in [0, 1], as torchvision's ToTensor.
 * <ul>
 * <li>{@link #fromImage}: greyscale images (grey colour space, with or without alpha) give 1
 * channel, read straight from the raster and divided by 2^bits - 1 (255 for 8-bit, 65535 for
 * 16-bit PNGs), so values are the stored ones, not gamma-converted. Every other image (RGB, RGBA,
 * palette, CMYK-less JPEG) gives 3 channels, its sRGB values / 255. <b>Alpha is dropped</b>, not
 * composited onto a background: the colour channels are kept as stored, which is what PIL's
 * {@code convert("RGB")} does and what torchvision's ImageFolder loader returns.
 * <li>{@link #fromHwc}: uint8 values in height, width, channel order (as a decoded image or a
 * NumPy array holds them), e.g. int values 0-255 or a byte array.
 * </ul>
 */
public final class ToTensor {
    private ToTensor() {}

    public static Tensor fromImage(BufferedImage image) {
        int h = image.getHeight(), w = image.getWidth();
        var cs = image.getColorModel().getColorSpace();
        if (cs.getType() == java.awt.color.ColorSpace.TYPE_GRAY && image.getColorModel().getNumColorComponents() == 1) {
            Raster r = image.getRaster();
            int bits = image.getColorModel().getComponentSize(0);
            float scale = (float) ((1L << bits) - 1);
            float[] v = new float[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) v[y * w + x] = r.getSample(x, y, 0) / scale;
            }
            return Tensor.of(v, 1, h, w);
        }
        float[] v = new float[3 * h * w];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                v[y * w + x] = ((p >> 16) & 0xFF) / 255f;
                v[(h + y) * w + x] = ((p >> 8) & 0xFF) / 255f;
                v[(2 * h + y) * w + x] = (p & 0xFF) / 255f;
            }
        }
        return Tensor.of(v, 3, h, w);
    }

    /** uint8 pixels stored as bytes in HWC order. */
    public static Tensor fromHwc(byte[] pixels, int h, int w, int c) {
        check(pixels.length, h, w, c);
        float[] v = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) v[(k * h + y) * w + x] = (pixels[(y * w + x) * c + k] & 0xFF) / 255f;
            }
        }
        return Tensor.of(v, c, h, w);
    }

    /** A uint8-valued integer tensor [H, W, C] (or [H, W] for one channel). */
    public static Tensor fromHwc(Tensor pixels) {
        int[] s = pixels.shape();
        if (pixels.isFloatingPoint() || (s.length != 3 && s.length != 2)) {
            throw new IllegalArgumentException("ToTensor: expected integer pixels [H, W, C] or [H, W] in 0..255, got " + pixels.dtype() + " " + Arrays.toString(s));
        }
        int h = s[0], w = s[1], c = s.length == 3 ? s[2] : 1;
        int[] v = pixels.toIntArray();
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > 255) throw new IllegalArgumentException("ToTensor: pixel value " + v[i] + " at flat index " + i + " is outside 0..255");
            b[i] = (byte) v[i];
        }
        return fromHwc(b, h, w, c);
    }

    private static void check(int len, int h, int w, int c) {
        if ((long) h * w * c != len) {
            throw new IllegalArgumentException("ToTensor: " + len + " values do not make an image of [H, W, C] = [" + h + ", " + w + ", " + c + "]");
        }
    }
}
