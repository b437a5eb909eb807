package dev.dendrite.data.transforms;

/** How resizing transforms sample: PyTorch's "bilinear" (align_corners=False, no antialias) or "nearest". */
public enum Interpolation {
    BILINEAR, NEAREST;

    /**
     * Resizes every plane of {@code im}'s box (top, left, bh, bw) to oh x ow. Bilinear follows
     * PyTorch's upsample_bilinear2d with align_corners=False: the source coordinate of output
     * pixel d is {@code (d + 0.5) * in/out - 0.5}, clamped below at 0, and interpolates the two
     * neighbours (the upper one clamped to the last pixel). Nearest takes source
     * {@code min(floor(d * in/out), in - 1)}, as PyTorch's "nearest" mode.
     */
    float[] resize(Img im, int top, int left, int bh, int bw, int oh, int ow) {
        float[] out = new float[im.planes() * oh * ow];
        double sy = (double) bh / oh, sx = (double) bw / ow;
        int[] y0 = new int[oh], y1 = new int[oh], x0 = new int[ow], x1 = new int[ow];
        float[] ly = new float[oh], lx = new float[ow];
        for (int y = 0; y < oh; y++) index(this, y, sy, bh, y0, y1, ly);
        for (int x = 0; x < ow; x++) index(this, x, sx, bw, x0, x1, lx);
        for (int p = 0; p < im.planes(); p++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    float v;
                    if (this == NEAREST) {
                        v = im.at(p, top + y0[y], left + x0[x]);
                    } else {
                        float a = im.at(p, top + y0[y], left + x0[x]), b = im.at(p, top + y0[y], left + x1[x]);
                        float c = im.at(p, top + y1[y], left + x0[x]), d = im.at(p, top + y1[y], left + x1[x]);
                        float top1 = a + (b - a) * lx[x], bot = c + (d - c) * lx[x];
                        v = top1 + (bot - top1) * ly[y];
                    }
                    out[(p * oh + y) * ow + x] = v;
                }
            }
        }
        return out;
    }

    private static void index(Interpolation mode, int d, double scale, int in, int[] i0, int[] i1, float[] lambda) {
        if (mode == NEAREST) {
            i0[d] = Math.min((int) Math.floor(d * scale), in - 1);
            return;
        }
        double src = Math.max((d + 0.5) * scale - 0.5, 0);
        int lo = Math.min((int) src, in - 1);
        i0[d] = lo;
        i1[d] = lo < in - 1 ? lo + 1 : lo;
        lambda[d] = (float) (src - lo);
    }
}
