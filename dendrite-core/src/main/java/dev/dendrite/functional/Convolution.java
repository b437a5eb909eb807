package dev.dendrite.functional;

import dev.dendrite.amp.Autocast;
import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.cpu.ConvKernels;
import dev.dendrite.kernels.cpu.ConvKernels.ConvGeometry;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Convolutions, as {@code torch.nn.functional.conv1d/2d/3d} and {@code conv_transpose1d/2d/3d}.
 * Weights are laid out as in PyTorch: [out, in / groups, k...] for a convolution and
 * [in, out / groups, k...] for a transposed one.
 *
 * <p>Every rank runs as a 3-D convolution (leading spatial sizes of 1), through three recorded
 * ops whose backward functions call each other: the convolution, the transposed convolution (the
 * convolution's input gradient) and the weight correlation (its weight gradient). Because each
 * backward is built of these differentiable ops, second derivatives come for free.
 */
public final class Convolution {
    private Convolution() {}

    // ================================================================ public entry points

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation, int groups) {
        return convNd("conv1d", 1, Autocast.input(x), Autocast.input(weight), bias, stride, padding, dilation, groups);
    }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation, int groups) {
        return convNd("conv2d", 2, Autocast.input(x), Autocast.input(weight), bias, stride, padding, dilation, groups);
    }

    public static Tensor conv3d(Tensor x, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation, int groups) {
        return convNd("conv3d", 3, Autocast.input(x), Autocast.input(weight), bias, stride, padding, dilation, groups);
    }

    /** Argument order as torch's conv_transpose: stride, padding, output_padding, groups, dilation. */
    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        return convTransposeNd("conv_transpose1d", 1, Autocast.input(x), Autocast.input(weight), bias, stride, padding, outputPadding, groups, dilation);
    }

    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        return convTransposeNd("conv_transpose2d", 2, Autocast.input(x), Autocast.input(weight), bias, stride, padding, outputPadding, groups, dilation);
    }

    public static Tensor convTranspose3d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        return convTransposeNd("conv_transpose3d", 3, Autocast.input(x), Autocast.input(weight), bias, stride, padding, outputPadding, groups, dilation);
    }

    // ================================================================ argument checks

    private static final String[] DIM_NAMES = {"D", "H", "W"};

    /** "[N, C, H, W]" for nd = 2. */
    static String layout(String first, String second, int nd) {
        StringBuilder sb = new StringBuilder("[").append(first).append(", ").append(second);
        for (int i = 3 - nd; i < 3; i++) sb.append(", ").append(DIM_NAMES[i]);
        return sb.append(']').toString();
    }

    private static String shape(Tensor t) { return Arrays.toString(t.shape()); }

    /** One value for every dim, or one per dim; each at least {@code min}. */
    static int[] perDim(String op, String name, int[] values, int nd, int min) {
        if (values == null || (values.length != 1 && values.length != nd)) {
            throw new IllegalArgumentException(op + ": " + name + " needs 1 or " + nd + " values, got "
                    + (values == null ? "null" : Arrays.toString(values)));
        }
        int[] out = new int[nd];
        for (int i = 0; i < nd; i++) {
            out[i] = values.length == 1 ? values[0] : values[i];
            if (out[i] < min) {
                throw new IllegalArgumentException(op + ": " + name + " must be >= " + min + ", got " + Arrays.toString(values));
            }
        }
        return out;
    }

    private static void checkCommon(String op, int nd, Tensor x, Tensor weight, Tensor bias, int groups, boolean transposed) {
        if (x.dim() != nd + 2) {
            throw new IllegalArgumentException(op + ": expected input of rank " + (nd + 2) + " " + layout("N", "C", nd)
                    + ", got shape " + shape(x));
        }
        String wLayout = transposed ? layout("in_channels", "out_channels/groups", nd) : layout("out_channels", "in_channels/groups", nd);
        if (weight.dim() != nd + 2) {
            throw new IllegalArgumentException(op + ": expected weight of rank " + (nd + 2) + " "
                    + wLayout.replace(", D", ", kD").replace(", H", ", kH").replace(", W", ", kW") + ", got shape " + shape(weight));
        }
        Dtype dt = x.dtype();
        if (dt != Dtype.FLOAT32 && dt != Dtype.FLOAT64) {
            throw new IllegalArgumentException(op + ": expected a float32 or float64 input, got " + dt.torchName());
        }
        if (weight.dtype() != dt || (bias != null && bias.dtype() != dt)) {
            throw new IllegalArgumentException(op + ": input, weight and bias must have the same dtype, got input "
                    + dt.torchName() + ", weight " + weight.dtype().torchName() + (bias == null ? "" : ", bias " + bias.dtype().torchName()));
        }
        if (groups < 1) throw new IllegalArgumentException(op + ": groups must be >= 1, got " + groups);
        int c = x.size(1);
        if (transposed) {
            if (weight.size(0) != c) {
                throw new IllegalArgumentException(op + ": input has " + c + " channels but the weight expects "
                        + weight.size(0) + " (weight shape " + shape(weight) + ", in_channels first)");
            }
            if (c % groups != 0) {
                throw new IllegalArgumentException(op + ": in_channels=" + c + " is not divisible by groups=" + groups);
            }
        } else {
            int o = weight.size(0);
            if (o % groups != 0) {
                throw new IllegalArgumentException(op + ": out_channels=" + o + " (weight shape " + shape(weight)
                        + ") is not divisible by groups=" + groups);
            }
            if (c % groups != 0) {
                throw new IllegalArgumentException(op + ": in_channels=" + c + " is not divisible by groups=" + groups);
            }
            if (weight.size(1) * groups != c) {
                throw new IllegalArgumentException(op + ": input has " + c + " channels but the weight expects "
                        + weight.size(1) * groups + " (in_channels=" + weight.size(1) * groups + ", groups=" + groups + ")");
            }
        }
        int outChannels = transposed ? weight.size(1) * groups : weight.size(0);
        if (bias != null && (bias.dim() != 1 || bias.size(0) != outChannels)) {
            throw new IllegalArgumentException(op + ": expected bias of shape [" + outChannels + "] (out_channels), got " + shape(bias));
        }
    }

    // ================================================================ convolution

    static Tensor convNd(String op, int nd, Tensor x, Tensor weight, Tensor bias, int[] strideArg, Padding padding,
                         int[] dilationArg, int groups) {
        checkCommon(op, nd, x, weight, bias, groups, false);
        int[] stride = perDim(op, "stride", strideArg, nd, 1);
        int[] dilation = perDim(op, "dilation", dilationArg, nd, 1);
        int[] kernel = Arrays.copyOfRange(weight.shape(), 2, nd + 2);
        int[] pad;
        Tensor input = x;
        switch (padding) {
            case Padding.Explicit e -> pad = perDim(op, "padding", e.sizes(), nd, 0);
            case Padding.Valid v -> pad = new int[nd];
            case Padding.Same s -> {
                for (int st : stride) {
                    if (st != 1) {
                        throw new IllegalArgumentException(op + ": padding='same' is not supported for strided convolutions (stride "
                                + Arrays.toString(stride) + ")");
                    }
                }
                pad = new int[nd];
                int[] extra = new int[2 * nd];
                boolean odd = false;
                for (int i = 0; i < nd; i++) {
                    int total = dilation[i] * (kernel[i] - 1);
                    pad[i] = total / 2;
                    extra[2 * (nd - 1 - i) + 1] = total % 2;   // an odd total pads one more at the end, as PyTorch
                    odd |= total % 2 != 0;
                }
                if (odd) input = x.pad(extra);
            }
        }
        int[] in = Arrays.copyOfRange(input.shape(), 2, nd + 2);
        int[] out = new int[nd];
        for (int i = 0; i < nd; i++) {
            int span = dilation[i] * (kernel[i] - 1) + 1;
            if (in[i] + 2 * pad[i] < span) {
                throw new IllegalArgumentException(op + ": kernel size " + Arrays.toString(kernel)
                        + (dilation[i] > 1 ? " with dilation " + Arrays.toString(dilation) : "")
                        + " is larger than the padded input: input shape " + shape(x) + " with padding " + Arrays.toString(pad)
                        + " gives " + (in[i] + 2 * pad[i]) + " in spatial dim " + i + " but the kernel spans " + span);
            }
            out[i] = (in[i] + 2 * pad[i] - span) / stride[i] + 1;
        }
        Params p = new Params(to3(stride, 1), to3(pad, 0), to3(dilation, 1), groups);
        Tensor y = conv(to5(input), to5(weight), bias, p, to3(out, 1));
        return y.reshape(concat(x.size(0), weight.size(0), out));
    }

    static Tensor convTransposeNd(String op, int nd, Tensor x, Tensor weight, Tensor bias, int[] strideArg, int[] paddingArg,
                                  int[] outputPaddingArg, int groups, int[] dilationArg) {
        checkCommon(op, nd, x, weight, bias, groups, true);
        int[] stride = perDim(op, "stride", strideArg, nd, 1);
        int[] pad = perDim(op, "padding", paddingArg, nd, 0);
        int[] outPad = perDim(op, "output_padding", outputPaddingArg, nd, 0);
        int[] dilation = perDim(op, "dilation", dilationArg, nd, 1);
        int[] kernel = Arrays.copyOfRange(weight.shape(), 2, nd + 2);
        int[] in = Arrays.copyOfRange(x.shape(), 2, nd + 2);
        int[] out = new int[nd];
        for (int i = 0; i < nd; i++) {
            if (outPad[i] >= stride[i] && outPad[i] >= dilation[i]) {
                throw new IllegalArgumentException(op + ": output_padding " + Arrays.toString(outPad)
                        + " must be smaller than either stride " + Arrays.toString(stride) + " or dilation " + Arrays.toString(dilation));
            }
            out[i] = (in[i] - 1) * stride[i] - 2 * pad[i] + dilation[i] * (kernel[i] - 1) + outPad[i] + 1;
            if (out[i] < 1) {
                throw new IllegalArgumentException(op + ": the output would be empty: input shape " + shape(x) + ", kernel "
                        + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(pad)
                        + " give output size " + out[i] + " in spatial dim " + i);
            }
        }
        Params p = new Params(to3(stride, 1), to3(pad, 0), to3(dilation, 1), groups);
        Tensor y = convTranspose(to5(x), to5(weight), bias, p, to3(out, 1));
        return y.reshape(concat(x.size(0), weight.size(1) * groups, out));
    }

    private static int[] to3(int[] v, int fill) {
        int[] r = {fill, fill, fill};
        System.arraycopy(v, 0, r, 3 - v.length, v.length);
        return r;
    }

    private static Tensor to5(Tensor t) {
        if (t.dim() == 5) return t;
        int[] s = t.shape();
        return t.reshape(concat(s[0], s[1], to3(Arrays.copyOfRange(s, 2, s.length), 1)));
    }

    private static int[] concat(int a, int b, int[] rest) {
        int[] r = new int[rest.length + 2];
        r[0] = a;
        r[1] = b;
        System.arraycopy(rest, 0, r, 2, rest.length);
        return r;
    }

    // ================================================================ the three recorded ops (5-D)

    /** Stride, padding and dilation per spatial dim (3 each), and the group count. */
    record Params(int[] stride, int[] padding, int[] dilation, int groups) {}

    private static int[] spatial(Tensor t) { return Arrays.copyOfRange(t.shape(), 2, 5); }

    /** y [N, O, out] = conv(x [N, C, in], w [O, C/g, k]) + bias. */
    static Tensor conv(Tensor x, Tensor w, Tensor bias, Params p, int[] out) {
        ConvGeometry geo = new ConvGeometry(x.size(0), x.size(1), w.size(0), p.groups(), spatial(x), out, spatial(w),
                p.stride(), p.padding(), p.dilation());
        Tensor xc = x.contiguous(), wc = w.contiguous();
        Tensor y = Tensor.empty(x.dtype(), concat(geo.n(), geo.o(), out));
        if (x.dtype() == Dtype.FLOAT32) {
            // the bias is added by the kernel while each sample's output is still in cache
            Tensor bc = bias == null ? null : bias.contiguous();
            ConvKernels.forward(geo, xc.storage().floats(), xc.storageOffset(), wc.storage().floats(), wc.storageOffset(),
                    bc == null ? null : bc.storage().floats(), bc == null ? 0 : bc.storageOffset(), y.storage().floats(), 0);
        } else {
            ConvKernels.forward(geo, xc.storage().doubles(), xc.storageOffset(), wc.storage().doubles(), wc.storageOffset(),
                    y.storage().doubles(), 0);
            if (bias != null) addBias(y, bias);
        }
        if (Autograd.needsGrad(x, w, bias)) {
            int[] in = spatial(x), k = spatial(w);
            Autograd.record("convolution", y, new Tensor[] {x, w, bias}, g -> new Tensor[] {
                    x.isRequiresGrad() ? convTranspose(g, w, null, p, in) : null,
                    w.isRequiresGrad() ? convWeight(x, g, p, k) : null,
                    bias != null && bias.isRequiresGrad() ? g.sum(new int[] {0, 2, 3, 4}, false) : null});
        }
        return y;
    }

    /**
     * The transposed convolution y [N, Cout, out] of x [N, Cin, in] with w [Cin, Cout/g, k]: the
     * input gradient of conv from a [N, Cout, out] input to a [N, Cin, in] output.
     */
    static Tensor convTranspose(Tensor x, Tensor w, Tensor bias, Params p, int[] out) {
        ConvGeometry geo = new ConvGeometry(x.size(0), w.size(1) * p.groups(), x.size(1), p.groups(), out, spatial(x),
                spatial(w), p.stride(), p.padding(), p.dilation());
        Tensor xc = x.contiguous(), wc = w.contiguous();
        Tensor y = Tensor.empty(x.dtype(), concat(geo.n(), geo.c(), out));
        if (x.dtype() == Dtype.FLOAT32) {
            ConvKernels.inputGrad(geo, xc.storage().floats(), xc.storageOffset(), wc.storage().floats(), wc.storageOffset(),
                    y.storage().floats(), 0);
        } else {
            ConvKernels.inputGrad(geo, xc.storage().doubles(), xc.storageOffset(), wc.storage().doubles(), wc.storageOffset(),
                    y.storage().doubles(), 0);
        }
        if (bias != null) addBias(y, bias);
        if (Autograd.needsGrad(x, w, bias)) {
            int[] in = spatial(x), k = spatial(w);
            Autograd.record("conv_transpose", y, new Tensor[] {x, w, bias}, g -> new Tensor[] {
                    x.isRequiresGrad() ? conv(g, w, null, p, in) : null,
                    w.isRequiresGrad() ? convWeight(g, x, p, k) : null,
                    bias != null && bias.isRequiresGrad() ? g.sum(new int[] {0, 2, 3, 4}, false) : null});
        }
        return y;
    }

    /** gw [O, C/g, k] = the weight gradient of conv(x [N, C, in]) given gy [N, O, out]. */
    static Tensor convWeight(Tensor x, Tensor gy, Params p, int[] kernel) {
        ConvGeometry geo = new ConvGeometry(x.size(0), x.size(1), gy.size(1), p.groups(), spatial(x), spatial(gy), kernel,
                p.stride(), p.padding(), p.dilation());
        Tensor xc = x.contiguous(), gc = gy.contiguous();
        Tensor gw = Tensor.empty(x.dtype(), concat(geo.o(), geo.cg(), kernel));
        if (x.dtype() == Dtype.FLOAT32) {
            ConvKernels.weightGrad(geo, xc.storage().floats(), xc.storageOffset(), gc.storage().floats(), gc.storageOffset(),
                    gw.storage().floats(), 0);
        } else {
            ConvKernels.weightGrad(geo, xc.storage().doubles(), xc.storageOffset(), gc.storage().doubles(), gc.storageOffset(),
                    gw.storage().doubles(), 0);
        }
        if (Autograd.needsGrad(x, gy)) {
            int[] in = spatial(x), out = spatial(gy);
            Autograd.record("convolution_weight_grad", gw, new Tensor[] {x, gy}, g -> new Tensor[] {
                    x.isRequiresGrad() ? convTranspose(gy, g, null, p, in) : null,
                    gy.isRequiresGrad() ? conv(x, g, null, p, out) : null});
        }
        return gw;
    }

    /** y[n, o, ...] += bias[o], in place on a fresh contiguous output. */
    private static void addBias(Tensor y, Tensor bias) {
        int n = y.size(0), o = y.size(1), plane = y.numel() / Math.max(1, n * o);
        Tensor b = bias.contiguous();
        int bOff = b.storageOffset();
        if (y.dtype() == Dtype.FLOAT32) {
            float[] ya = y.storage().floats(), ba = b.storage().floats();
            Parallel.forRange(n * o, plane, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float v = ba[bOff + i % o];
                    for (int j = i * plane, end = j + plane; j < end; j++) ya[j] += v;
                }
            });
        } else {
            double[] ya = y.storage().doubles(), ba = b.storage().doubles();
            Parallel.forRange(n * o, plane, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double v = ba[bOff + i % o];
                    for (int j = i * plane, end = j + plane; j < end; j++) ya[j] += v;
                }
            });
        }
    }
}
