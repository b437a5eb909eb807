package dev.dendrite.functional;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Resampling, as {@code torch.nn.functional.interpolate} (nearest, linear, bilinear) and
 * {@code pixel_shuffle} / {@code pixel_unshuffle}. Interpolation is separable: it runs along one
 * spatial dim at a time as index selections blended by fixed weights, so its gradient (and the
 * gradient of that) comes from the index ops it is built from.
 */
public final class Resampling {
    private Resampling() {}

    /** The {@code mode} of interpolate; LINEAR is for [N, C, L] input, BILINEAR for [N, C, H, W]. */
    public enum Mode {
        NEAREST, LINEAR, BILINEAR;

        String torchName() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** Resizes the spatial dims to {@code size} (one value for every dim, or one per dim). */
    public static Tensor interpolate(Tensor x, int[] size, Mode mode, boolean alignCorners) {
        return resample(x, size, null, mode, alignCorners);
    }

    /** Scales the spatial dims by {@code scaleFactor}: the output size is floor(in * scale). */
    public static Tensor interpolate(Tensor x, double[] scaleFactor, Mode mode, boolean alignCorners) {
        return resample(x, null, scaleFactor, mode, alignCorners);
    }

    private static Tensor resample(Tensor x, int[] size, double[] scale, Mode mode, boolean alignCorners) {
        String op = "interpolate(" + mode.torchName() + ")";
        int nd = x.dim() - 2;
        if (nd < 1 || nd > 3) {
            throw new IllegalArgumentException(op + ": expected input of rank 3, 4 or 5 [N, C, spatial...], got shape "
                    + Arrays.toString(x.shape()));
        }
        if (mode == Mode.LINEAR && nd != 1 || mode == Mode.BILINEAR && nd != 2) {
            throw new IllegalArgumentException(op + ": expects " + (mode == Mode.LINEAR ? "3-D [N, C, L]" : "4-D [N, C, H, W]")
                    + " input, got shape " + Arrays.toString(x.shape()));
        }
        if (mode == Mode.NEAREST && alignCorners) {
            throw new IllegalArgumentException(op + ": align_corners only applies to linear modes");
        }
        if (x.dtype() != Dtype.FLOAT32 && x.dtype() != Dtype.FLOAT64) {
            throw new IllegalArgumentException(op + ": expected a float32 or float64 input, got " + x.dtype().torchName());
        }
        int[] out = new int[nd];
        double[] srcPerDst = new double[nd];   // the source step per output step (before align_corners)
        for (int i = 0; i < nd; i++) {
            int in = x.size(2 + i);
            if (size != null) {
                out[i] = Convolution.perDim(op, "size", size, nd, 1)[i];
                srcPerDst[i] = (double) in / out[i];
            } else {
                if (scale == null || (scale.length != 1 && scale.length != nd)) {
                    throw new IllegalArgumentException(op + ": scale_factor needs 1 or " + nd + " values, got "
                            + (scale == null ? "null" : Arrays.toString(scale)));
                }
                double sf = scale.length == 1 ? scale[0] : scale[i];
                if (!(sf > 0)) throw new IllegalArgumentException(op + ": scale_factor must be positive, got " + Arrays.toString(scale));
                out[i] = (int) Math.floor(in * sf);
                if (out[i] < 1) {
                    throw new IllegalArgumentException(op + ": scale_factor " + Arrays.toString(scale) + " makes spatial dim " + i
                            + " of input shape " + Arrays.toString(x.shape()) + " empty");
                }
                srcPerDst[i] = 1 / sf;   // PyTorch uses the given factor, not in / out
            }
        }
        Tensor y = x;
        for (int i = 0; i < nd; i++) {
            int in = x.size(2 + i), dim = 2 + i;
            if (mode == Mode.NEAREST) {
                long[] idx = new long[out[i]];
                for (int j = 0; j < out[i]; j++) idx[j] = Math.min((long) Math.floor(j * srcPerDst[i]), in - 1);
                y = y.indexSelect(dim, Tensor.of(idx));
            } else {
                y = linearAlong(y, dim, in, out[i], srcPerDst[i], alignCorners);
            }
        }
        return y;
    }

    /** Linear interpolation along one dim: y = (1 - t) * x[i0] + t * x[i1]. */
    private static Tensor linearAlong(Tensor x, int dim, int in, int out, double srcPerDst, boolean alignCorners) {
        long[] i0 = new long[out], i1 = new long[out];
        double[] t = new double[out];
        for (int j = 0; j < out; j++) {
            double src = alignCorners ? (out > 1 ? j * (double) (in - 1) / (out - 1) : 0)
                    : Math.max(0, (j + 0.5) * srcPerDst - 0.5);
            int lo = Math.min((int) Math.floor(src), in - 1);
            i0[j] = lo;
            i1[j] = Math.min(lo + 1, in - 1);
            t[j] = src - lo;
        }
        int[] wShape = new int[x.dim()];
        Arrays.fill(wShape, 1);
        wShape[dim] = out;
        Tensor lam = Tensor.of(t, wShape).to(x.dtype());
        Tensor a = x.indexSelect(dim, Tensor.of(i0)), b = x.indexSelect(dim, Tensor.of(i1));
        return a.add(b.sub(a).mul(lam));
    }

    /** [*, C * r^2, H, W] -> [*, C, H * r, W * r]. */
    public static Tensor pixelShuffle(Tensor x, int upscaleFactor) {
        int r = upscaleFactor, d = x.dim();
        if (r < 1) throw new IllegalArgumentException("pixel_shuffle: upscale_factor must be >= 1, got " + r);
        if (d < 3) {
            throw new IllegalArgumentException("pixel_shuffle: expected input of rank >= 3 [*, C * r^2, H, W], got shape "
                    + Arrays.toString(x.shape()));
        }
        int c = x.size(-3), h = x.size(-2), w = x.size(-1);
        if (c % (r * r) != 0) {
            throw new IllegalArgumentException("pixel_shuffle: the channel count " + c + " of input shape " + Arrays.toString(x.shape())
                    + " is not divisible by upscale_factor^2 = " + r * r);
        }
        int[] lead = Arrays.copyOf(x.shape(), d - 3);
        int b = 1;
        for (int v : lead) b *= v;
        Tensor y = x.reshape(b, c / (r * r), r, r, h, w).permute(0, 1, 4, 2, 5, 3).reshape(b, c / (r * r), h * r, w * r);
        return y.reshape(withTail(lead, c / (r * r), h * r, w * r));
    }

    /** [*, C, H * r, W * r] -> [*, C * r^2, H, W], the inverse of {@link #pixelShuffle}. */
    public static Tensor pixelUnshuffle(Tensor x, int downscaleFactor) {
        int r = downscaleFactor, d = x.dim();
        if (r < 1) throw new IllegalArgumentException("pixel_unshuffle: downscale_factor must be >= 1, got " + r);
        if (d < 3) {
            throw new IllegalArgumentException("pixel_unshuffle: expected input of rank >= 3 [*, C, H, W], got shape "
                    + Arrays.toString(x.shape()));
        }
        int c = x.size(-3), h = x.size(-2), w = x.size(-1);
        if (h % r != 0 || w % r != 0) {
            throw new IllegalArgumentException("pixel_unshuffle: height " + h + " and width " + w + " of input shape "
                    + Arrays.toString(x.shape()) + " must be divisible by downscale_factor " + r);
        }
        int[] lead = Arrays.copyOf(x.shape(), d - 3);
        int b = 1;
        for (int v : lead) b *= v;
        Tensor y = x.reshape(b, c, h / r, r, w / r, r).permute(0, 1, 3, 5, 2, 4).reshape(b, c * r * r, h / r, w / r);
        return y.reshape(withTail(lead, c * r * r, h / r, w / r));
    }

    private static int[] withTail(int[] lead, int c, int h, int w) {
        int[] s = Arrays.copyOf(lead, lead.length + 3);
        s[lead.length] = c;
        s[lead.length + 1] = h;
        s[lead.length + 2] = w;
        return s;
    }
}
