package dev.dendrite.nn;

/**
 * Plain direct-loop convolutions and pooling in double, written from the definitions and nothing else, as
 * an independent reference for the im2col + GEMM kernels. Shapes are 3-D spatial
 * (1-D and 2-D callers pass sizes of 1).
 */
public final class ConvReference {
    private ConvReference() {}

    /** y[n, o, z] = sum_{c in group, k} w[o, c, k] * x[n, g*cg + c, z*s - p + k*d]. */
    public static double[] conv(double[] x, int n, int c, int[] in, double[] w, int o, int[] k, int[] s, int[] p, int[] d,
                         int groups, int[] out) {
        int cg = c / groups, og = o / groups;
        double[] y = new double[n * o * out[0] * out[1] * out[2]];
        int yi = 0;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int z0 = 0; z0 < out[0]; z0++)
                    for (int z1 = 0; z1 < out[1]; z1++)
                        for (int z2 = 0; z2 < out[2]; z2++) {
                            double acc = 0;
                            int g = oc / og;
                            for (int ci = 0; ci < cg; ci++)
                                for (int k0 = 0; k0 < k[0]; k0++)
                                    for (int k1 = 0; k1 < k[1]; k1++)
                                        for (int k2 = 0; k2 < k[2]; k2++) {
                                            int i0 = z0 * s[0] - p[0] + k0 * d[0];
                                            int i1 = z1 * s[1] - p[1] + k1 * d[1];
                                            int i2 = z2 * s[2] - p[2] + k2 * d[2];
                                            if (i0 < 0 || i0 >= in[0] || i1 < 0 || i1 >= in[1] || i2 < 0 || i2 >= in[2]) continue;
                                            int cc = g * cg + ci;
                                            double xv = x[(((b * c + cc) * in[0] + i0) * in[1] + i1) * in[2] + i2];
                                            double wv = w[(((oc * cg + ci) * k[0] + k0) * k[1] + k1) * k[2] + k2];
                                            acc += xv * wv;
                                        }
                            y[yi++] = acc;
                        }
        return y;
    }

    /**
     * Transposed convolution by scattering: each input element x[n, ci, z] adds
     * w[ci, co, k] * x to y[n, g*cog + co, z*s - p + k*d]. w is [cin, cout/groups, k].
     */
    public static double[] convTranspose(double[] x, int n, int cin, int[] in, double[] w, int cout, int[] k, int[] s, int[] p,
                                  int[] d, int groups, int[] out) {
        int cig = cin / groups, cog = cout / groups;
        double[] y = new double[n * cout * out[0] * out[1] * out[2]];
        for (int b = 0; b < n; b++)
            for (int ci = 0; ci < cin; ci++) {
                int g = ci / cig;
                for (int z0 = 0; z0 < in[0]; z0++)
                    for (int z1 = 0; z1 < in[1]; z1++)
                        for (int z2 = 0; z2 < in[2]; z2++) {
                            double xv = x[(((b * cin + ci) * in[0] + z0) * in[1] + z1) * in[2] + z2];
                            for (int co = 0; co < cog; co++)
                                for (int k0 = 0; k0 < k[0]; k0++)
                                    for (int k1 = 0; k1 < k[1]; k1++)
                                        for (int k2 = 0; k2 < k[2]; k2++) {
                                            int o0 = z0 * s[0] - p[0] + k0 * d[0];
                                            int o1 = z1 * s[1] - p[1] + k1 * d[1];
                                            int o2 = z2 * s[2] - p[2] + k2 * d[2];
                                            if (o0 < 0 || o0 >= out[0] || o1 < 0 || o1 >= out[1] || o2 < 0 || o2 >= out[2]) continue;
                                            double wv = w[(((ci * cog + co) * k[0] + k0) * k[1] + k1) * k[2] + k2];
                                            y[(((b * cout + g * cog + co) * out[0] + o0) * out[1] + o1) * out[2] + o2] += xv * wv;
                                        }
                        }
            }
        return y;
    }

    /** gw[o, ci, k] = sum_{n, z} gy[n, o, z] * x[n, g*cg + ci, z*s - p + k*d]. */
    public static double[] weightGrad(double[] x, int n, int c, int[] in, double[] gy, int o, int[] out, int[] k, int[] s,
                               int[] p, int[] d, int groups) {
        int cg = c / groups, og = o / groups;
        double[] gw = new double[o * cg * k[0] * k[1] * k[2]];
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int z0 = 0; z0 < out[0]; z0++)
                    for (int z1 = 0; z1 < out[1]; z1++)
                        for (int z2 = 0; z2 < out[2]; z2++) {
                            double gv = gy[(((b * o + oc) * out[0] + z0) * out[1] + z1) * out[2] + z2];
                            int g = oc / og;
                            for (int ci = 0; ci < cg; ci++)
                                for (int k0 = 0; k0 < k[0]; k0++)
                                    for (int k1 = 0; k1 < k[1]; k1++)
                                        for (int k2 = 0; k2 < k[2]; k2++) {
                                            int i0 = z0 * s[0] - p[0] + k0 * d[0];
                                            int i1 = z1 * s[1] - p[1] + k1 * d[1];
                                            int i2 = z2 * s[2] - p[2] + k2 * d[2];
                                            if (i0 < 0 || i0 >= in[0] || i1 < 0 || i1 >= in[1] || i2 < 0 || i2 >= in[2]) continue;
                                            double xv = x[(((b * c + g * cg + ci) * in[0] + i0) * in[1] + i1) * in[2] + i2];
                                            gw[(((oc * cg + ci) * k[0] + k0) * k[1] + k1) * k[2] + k2] += gv * xv;
                                        }
                        }
        return gw;
    }

    /** PyTorch's output size rule, written out again independently. */
    public static int poolOutputSize(int in, int k, int s, int p, int d, boolean ceil) {
        double v = (double) (in + 2 * p - d * (k - 1) - 1) / s;
        int o = (int) (ceil ? Math.ceil(v) : Math.floor(v)) + 1;
        if (ceil && (o - 1) * s >= in + p) o--;
        return o;
    }

    /** Direct-loop max pooling of [planes, h, w]; returns the values and the flat argmax positions within each plane. */
    public static double[][] maxPool(double[] x, int planes, int h, int w, int[] k, int[] s, int[] p, int[] d, boolean ceil) {
        int oh = poolOutputSize(h, k[0], s[0], p[0], d[0], ceil), ow = poolOutputSize(w, k[1], s[1], p[1], d[1], ceil);
        double[] v = new double[planes * oh * ow], idx = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int a = 0; a < k[0]; a++)
                        for (int b = 0; b < k[1]; b++) {
                            int r = i * s[0] - p[0] + a * d[0], c = j * s[1] - p[1] + b * d[1];
                            if (r < 0 || r >= h || c < 0 || c >= w) continue;
                            double val = x[pl * h * w + r * w + c];
                            if (val > best) { best = val; at = r * w + c; }
                        }
                    v[(pl * oh + i) * ow + j] = best;
                    idx[(pl * oh + i) * ow + j] = at;
                }
        return new double[][] {v, idx};
    }

    /** Direct-loop average pooling of [planes, h, w]; the divisor counts padding cells (not the ceil overhang) when includePad. */
    public static double[] avgPool(double[] x, int planes, int h, int w, int[] k, int[] s, int[] p, boolean ceil, boolean includePad) {
        int oh = poolOutputSize(h, k[0], s[0], p[0], 1, ceil), ow = poolOutputSize(w, k[1], s[1], p[1], 1, ceil);
        double[] v = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double sum = 0;
                    int inside = 0, padded = 0;
                    for (int a = 0; a < k[0]; a++)
                        for (int b = 0; b < k[1]; b++) {
                            int r = i * s[0] - p[0] + a, c = j * s[1] - p[1] + b;
                            if (r < h + p[0] && c < w + p[1]) padded++;   // window cells within input + padding
                            if (r < 0 || r >= h || c < 0 || c >= w) continue;
                            sum += x[pl * h * w + r * w + c];
                            inside++;
                        }
                    v[(pl * oh + i) * ow + j] = sum / (includePad ? padded : inside);
                }
        return v;
    }
}
