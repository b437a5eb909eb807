package dev.dendrite.functional;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.cpu.PoolKernels;
import dev.dendrite.kernels.cpu.PoolKernels.Window;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Pooling, as {@code torch.nn.functional.max_pool1d/2d}, {@code avg_pool1d/2d}, the adaptive
 * pools and {@code max_unpool1d/2d}. Inputs are batched: [N, C, L] for 1-D and [N, C, H, W] for
 * 2-D (1-D pooling runs as 2-D pooling over a height of 1).
 *
 * <p>Max pooling's backward scatters the gradient to the recorded argmax positions, and that
 * scatter's own backward is a gather, so second derivatives work; average pooling is linear, and
 * its forward and backward kernels are each other's adjoints.
 */
public final class Pooling {
    private Pooling() {}

    /** Pooled values and the flat positions ({@code h * W + w}, int64) of each maximum in its input plane. */
    public record WithIndices(Tensor output, Tensor indices) {}

    // ================================================================ max pooling

    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        return maxPool1dWithIndices(x, kernel, stride, padding, dilation, ceilMode).output();
    }

    /** stride 0 means stride = kernel, as PyTorch's default. */
    public static WithIndices maxPool1dWithIndices(Tensor x, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        checkRank("max_pool1d", x, 1);
        WithIndices r = maxPoolNd("max_pool1d", x.unsqueeze(2), new int[] {1, kernel}, new int[] {1, stride == 0 ? kernel : stride},
                new int[] {0, padding}, new int[] {1, dilation}, ceilMode);
        return new WithIndices(r.output().squeeze(2), r.indices().squeeze(2));
    }

    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return maxPool2dWithIndices(x, kernel, stride, padding, dilation, ceilMode).output();
    }

    /** stride null or empty means stride = kernel, as PyTorch's default. */
    public static WithIndices maxPool2dWithIndices(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                                   boolean ceilMode) {
        checkRank("max_pool2d", x, 2);
        int[] k = Convolution.perDim("max_pool2d", "kernel_size", kernel, 2, 1);
        int[] s = stride == null || stride.length == 0 ? k : Convolution.perDim("max_pool2d", "stride", stride, 2, 1);
        return maxPoolNd("max_pool2d", x, k, s, Convolution.perDim("max_pool2d", "padding", padding, 2, 0),
                Convolution.perDim("max_pool2d", "dilation", dilation, 2, 1), ceilMode);
    }

    private static WithIndices maxPoolNd(String op, Tensor x, int[] k, int[] s, int[] p, int[] d, boolean ceilMode) {
        checkArgs(op, k, s, p, d);
        for (int i = 0; i < 2; i++) {
            if (p[i] > ((k[i] - 1) * d[i] + 1) / 2) {
                throw new IllegalArgumentException(op + ": padding " + p[i] + " must be at most half the effective kernel size "
                        + ((k[i] - 1) * d[i] + 1) + " (kernel_size=" + k[i] + ", dilation=" + d[i] + ")");
            }
        }
        int h = x.size(2), w = x.size(3);
        int oh = outputSize(op, x, h, k[0], s[0], p[0], d[0], ceilMode), ow = outputSize(op, x, w, k[1], s[1], p[1], d[1], ceilMode);
        return maxPoolCore(op, x, Window.strided(oh, h, k[0], s[0], p[0], d[0]), Window.strided(ow, w, k[1], s[1], p[1], d[1]));
    }

    // ================================================================ average pooling

    public static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        checkRank("avg_pool1d", x, 1);
        return avgPoolNd("avg_pool1d", x.unsqueeze(2), new int[] {1, kernel}, new int[] {1, stride == 0 ? kernel : stride},
                new int[] {0, padding}, ceilMode, countIncludePad, 0).squeeze(2);
    }

    /** stride null or empty means stride = kernel; divisorOverride 0 means none. */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                                   int divisorOverride) {
        checkRank("avg_pool2d", x, 2);
        int[] k = Convolution.perDim("avg_pool2d", "kernel_size", kernel, 2, 1);
        int[] s = stride == null || stride.length == 0 ? k : Convolution.perDim("avg_pool2d", "stride", stride, 2, 1);
        if (divisorOverride < 0) {
            throw new IllegalArgumentException("avg_pool2d: divisor_override must be positive, got " + divisorOverride);
        }
        return avgPoolNd("avg_pool2d", x, k, s, Convolution.perDim("avg_pool2d", "padding", padding, 2, 0), ceilMode,
                countIncludePad, divisorOverride);
    }

    private static Tensor avgPoolNd(String op, Tensor x, int[] k, int[] s, int[] p, boolean ceilMode, boolean countIncludePad,
                                    int divisorOverride) {
        checkArgs(op, k, s, p, new int[] {1, 1});
        for (int i = 0; i < 2; i++) {
            if (p[i] > k[i] / 2) {
                throw new IllegalArgumentException(op + ": padding " + p[i] + " must be at most half the kernel size " + k[i]);
            }
        }
        int[] in = {x.size(2), x.size(3)};
        Window[] win = new Window[2];
        int[][] div = new int[2][];
        for (int i = 0; i < 2; i++) {
            int out = outputSize(op, x, in[i], k[i], s[i], p[i], 1, ceilMode);
            win[i] = Window.strided(out, in[i], k[i], s[i], p[i], 1);
            div[i] = new int[out];
            for (int j = 0; j < out; j++) {
                int start = j * s[i] - p[i];
                // with count_include_pad the divisor counts padding but not the overhang that ceil mode adds
                div[i][j] = countIncludePad ? Math.min(start + k[i], in[i] + p[i]) - start : win[i].hi()[j] - win[i].lo()[j];
            }
        }
        return avgPoolCore(op, x, win[0], win[1], div[0], div[1], divisorOverride);
    }

    // ================================================================ adaptive pooling

    public static Tensor adaptiveAvgPool1d(Tensor x, int outputSize) {
        checkRank("adaptive_avg_pool1d", x, 1);
        checkOutputSize("adaptive_avg_pool1d", new int[] {outputSize});
        return adaptiveAvg("adaptive_avg_pool1d", x.unsqueeze(2), 1, outputSize).squeeze(2);
    }

    /** Output size per dim (one value for both); {@code F.adaptiveAvgPool2d(x, 1)} is global average pooling. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int... outputSize) {
        checkRank("adaptive_avg_pool2d", x, 2);
        int[] o = Convolution.perDim("adaptive_avg_pool2d", "output_size", outputSize, 2, 1);
        return adaptiveAvg("adaptive_avg_pool2d", x, o[0], o[1]);
    }

    private static Tensor adaptiveAvg(String op, Tensor x, int oh, int ow) {
        Window wh = Window.adaptive(oh, x.size(2)), ww = Window.adaptive(ow, x.size(3));
        return avgPoolCore(op, x, wh, ww, wh.hi(), ww.hi(), 0);   // adaptive windows start at tap 0: the count is hi
    }

    public static Tensor adaptiveMaxPool1d(Tensor x, int outputSize) {
        checkRank("adaptive_max_pool1d", x, 1);
        checkOutputSize("adaptive_max_pool1d", new int[] {outputSize});
        WithIndices r = maxPoolCore("adaptive_max_pool1d", x.unsqueeze(2), Window.adaptive(1, 1), Window.adaptive(outputSize, x.size(2)));
        return r.output().squeeze(2);
    }

    public static Tensor adaptiveMaxPool2d(Tensor x, int... outputSize) {
        return adaptiveMaxPool2dWithIndices(x, outputSize).output();
    }

    public static WithIndices adaptiveMaxPool2dWithIndices(Tensor x, int... outputSize) {
        checkRank("adaptive_max_pool2d", x, 2);
        int[] o = Convolution.perDim("adaptive_max_pool2d", "output_size", outputSize, 2, 1);
        return maxPoolCore("adaptive_max_pool2d", x, Window.adaptive(o[0], x.size(2)), Window.adaptive(o[1], x.size(3)));
    }

    // ================================================================ max unpooling

    /** Default output size: (in - 1) * stride - 2 * padding + kernel. */
    public static Tensor maxUnpool1d(Tensor x, Tensor indices, int kernel, int stride, int padding, int outputSize) {
        checkRank("max_unpool1d", x, 1);
        int s = stride == 0 ? kernel : stride;
        int out = outputSize > 0 ? outputSize : (x.size(2) - 1) * s - 2 * padding + kernel;
        return maxUnpool("max_unpool1d", x, indices, new int[] {x.size(0), x.size(1), out});
    }

    /** outputSize null means the default (in - 1) * stride - 2 * padding + kernel per dim. */
    public static Tensor maxUnpool2d(Tensor x, Tensor indices, int[] kernel, int[] stride, int[] padding, int[] outputSize) {
        checkRank("max_unpool2d", x, 2);
        int[] k = Convolution.perDim("max_unpool2d", "kernel_size", kernel, 2, 1);
        int[] s = stride == null || stride.length == 0 ? k : Convolution.perDim("max_unpool2d", "stride", stride, 2, 1);
        int[] p = Convolution.perDim("max_unpool2d", "padding", padding, 2, 0);
        int[] o = new int[2];
        for (int i = 0; i < 2; i++) o[i] = (x.size(2 + i) - 1) * s[i] - 2 * p[i] + k[i];
        if (outputSize != null) {
            int[] given = outputSize.length > 2 ? Arrays.copyOfRange(outputSize, outputSize.length - 2, outputSize.length) : outputSize;
            given = Convolution.perDim("max_unpool2d", "output_size", given, 2, 1);
            for (int i = 0; i < 2; i++) {
                if (Math.abs(given[i] - o[i]) >= s[i]) {
                    throw new IllegalArgumentException("max_unpool2d: output_size " + Arrays.toString(given)
                            + " must be within a stride " + Arrays.toString(s) + " of the default size " + Arrays.toString(o));
                }
            }
            o = given;
        }
        return maxUnpool("max_unpool2d", x, indices, new int[] {x.size(0), x.size(1), o[0], o[1]});
    }

    private static Tensor maxUnpool(String op, Tensor x, Tensor indices, int[] outShape) {
        if (indices.dtype() != Dtype.INT64) {
            throw new IllegalArgumentException(op + ": indices must be int64, got " + indices.dtype().torchName());
        }
        if (!Arrays.equals(indices.shape(), x.shape())) {
            throw new IllegalArgumentException(op + ": indices shape " + Arrays.toString(indices.shape())
                    + " must match the input shape " + Arrays.toString(x.shape()));
        }
        return scatterPlanes(op, x, indices, outShape);
    }

    // ================================================================ checks

    private static void checkRank(String op, Tensor x, int nd) {
        String layout = nd == 1 ? "[N, C, L]" : "[N, C, H, W]";
        if (x.dim() != nd + 2) {
            throw new IllegalArgumentException(op + ": expected input of rank " + (nd + 2) + " " + layout + ", got shape "
                    + Arrays.toString(x.shape()));
        }
        if (x.dtype() != Dtype.FLOAT32 && x.dtype() != Dtype.FLOAT64) {
            throw new IllegalArgumentException(op + ": expected a float32 or float64 input, got " + x.dtype().torchName());
        }
    }

    private static void checkOutputSize(String op, int[] o) {
        for (int v : o) if (v < 1) throw new IllegalArgumentException(op + ": output_size must be >= 1, got " + Arrays.toString(o));
    }

    private static void checkArgs(String op, int[] k, int[] s, int[] p, int[] d) {
        for (int i = 0; i < 2; i++) {
            if (k[i] < 1 || s[i] < 1 || d[i] < 1 || p[i] < 0) {
                throw new IllegalArgumentException(op + ": kernel_size, stride and dilation must be >= 1 and padding >= 0, got kernel_size "
                        + Arrays.toString(k) + ", stride " + Arrays.toString(s) + ", padding " + Arrays.toString(p)
                        + ", dilation " + Arrays.toString(d));
            }
        }
    }

    /** PyTorch's pooling_output_shape: in ceil mode the last window must start inside the input or left padding. */
    static int outputSize(String op, Tensor x, int in, int k, int s, int p, int d, boolean ceilMode) {
        int span = d * (k - 1) + 1;
        int numer = in + 2 * p - span + (ceilMode ? s - 1 : 0);
        int out = Math.floorDiv(numer, s) + 1;
        if (ceilMode && (long) (out - 1) * s >= in + p) out--;
        if (out < 1) {
            throw new IllegalArgumentException(op + ": the output would be empty: input shape " + Arrays.toString(x.shape())
                    + " with kernel_size " + k + ", stride " + s + ", padding " + p + ", dilation " + d + " gives output size " + out);
        }
        return out;
    }

    // ================================================================ recorded ops (4-D, [N, C, H, W])

    private static WithIndices maxPoolCore(String op, Tensor x, Window wh, Window ww) {
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        Tensor xc = x.contiguous();
        Tensor y = Tensor.empty(x.dtype(), n, c, wh.size(), ww.size());
        Tensor idx = Tensor.empty(Dtype.INT64, n, c, wh.size(), ww.size());
        if (x.dtype() == Dtype.FLOAT32) {
            PoolKernels.maxPool(xc.storage().floats(), xc.storageOffset(), n * c, h, w, wh, ww, y.storage().floats(), idx.storage().longs());
        } else {
            PoolKernels.maxPool(xc.storage().doubles(), xc.storageOffset(), n * c, h, w, wh, ww, y.storage().doubles(), idx.storage().longs());
        }
        if (Autograd.needsGrad(x)) {
            int[] inShape = x.shape();
            Autograd.record(op, y, x, g -> new Tensor[] {scatterPlanes(op + "_backward", g, idx, inShape)});
        }
        return new WithIndices(y, idx);
    }

    /** out[n, c].flat[idx[n, c, i]] += src[n, c].flat[i]; its backward gathers. */
    private static Tensor scatterPlanes(String op, Tensor src, Tensor idx, int[] outShape) {
        int planes = src.size(0) * src.size(1), per = src.numel() / Math.max(1, planes);
        int outPlane = 1;
        for (int i = 2; i < outShape.length; i++) outPlane *= outShape[i];
        Tensor sc = src.contiguous(), ic = idx.contiguous();
        Tensor out = Tensor.empty(src.dtype(), outShape);
        if (src.dtype() == Dtype.FLOAT32) {
            PoolKernels.scatterAddPlanes(sc.storage().floats(), sc.storageOffset(), ic.storage().longs(), ic.storageOffset(), planes, per,
                    outPlane, out.storage().floats(), op);
        } else {
            PoolKernels.scatterAddPlanes(sc.storage().doubles(), sc.storageOffset(), ic.storage().longs(), ic.storageOffset(), planes, per,
                    outPlane, out.storage().doubles(), op);
        }
        if (Autograd.needsGrad(src)) {
            int[] srcShape = src.shape();
            int n = src.size(0), c = src.size(1);
            Autograd.record(op, out, src, g -> new Tensor[] {
                    g.reshape(n, c, -1).gather(2, idx.reshape(n, c, -1)).reshape(srcShape)});
        }
        return out;
    }

    private static Tensor avgPoolCore(String op, Tensor x, Window wh, Window ww, int[] divH, int[] divW, int divisorOverride) {
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        Tensor xc = x.contiguous();
        Tensor y = Tensor.empty(x.dtype(), n, c, wh.size(), ww.size());
        if (x.dtype() == Dtype.FLOAT32) {
            PoolKernels.avgPool(xc.storage().floats(), xc.storageOffset(), n * c, h, w, wh, ww, divH, divW, divisorOverride, y.storage().floats());
        } else {
            PoolKernels.avgPool(xc.storage().doubles(), xc.storageOffset(), n * c, h, w, wh, ww, divH, divW, divisorOverride, y.storage().doubles());
        }
        if (Autograd.needsGrad(x)) {
            Autograd.record(op, y, x, g -> new Tensor[] {avgPoolBackwardCore(op + "_backward", g, h, w, wh, ww, divH, divW, divisorOverride)});
        }
        return y;
    }

    private static Tensor avgPoolBackwardCore(String op, Tensor gy, int h, int w, Window wh, Window ww, int[] divH, int[] divW,
                                              int divisorOverride) {
        int n = gy.size(0), c = gy.size(1);
        Tensor gc = gy.contiguous();
        Tensor gx = Tensor.empty(gy.dtype(), n, c, h, w);
        if (gy.dtype() == Dtype.FLOAT32) {
            PoolKernels.avgPoolBackward(gc.storage().floats(), gc.storageOffset(), n * c, h, w, wh, ww, divH, divW, divisorOverride,
                    gx.storage().floats());
        } else {
            PoolKernels.avgPoolBackward(gc.storage().doubles(), gc.storageOffset(), n * c, h, w, wh, ww, divH, divW, divisorOverride,
                    gx.storage().doubles());
        }
        if (Autograd.needsGrad(gy)) {
            Autograd.record(op, gx, gy, g -> new Tensor[] {avgPoolCore(op.replace("_backward", ""), g, wh, ww, divH, divW, divisorOverride)});
        }
        return gx;
    }
}
