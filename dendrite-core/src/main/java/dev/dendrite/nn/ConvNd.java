package dev.dendrite.nn;

import dev.dendrite.functional.Convolution;
import dev.dendrite.functional.Padding;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * What the convolution layers share: argument checks, PyTorch's parameter layout and default
 * initialization, padding modes, and the printed form. Subclasses fix the number of spatial dims
 * and whether the convolution is transposed.
 */
public abstract class ConvNd extends Module {
    public final int inChannels, outChannels;
    protected final int nd;
    protected final boolean transposed;
    protected final int[] kernelSize, stride, dilation, outputPadding;
    protected final Padding padding;
    protected final int groups;
    protected final PaddingMode paddingMode;
    protected Tensor weight, bias;

    protected ConvNd(String name, int nd, boolean transposed, int inChannels, int outChannels, int[] kernelSize, Conv.Options options) {
        this.nd = nd;
        this.transposed = transposed;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = spread(name, "kernel_size", kernelSize, nd, 1);
        this.stride = spread(name, "stride", options.stride(), nd, 1);
        this.dilation = spread(name, "dilation", options.dilation(), nd, 1);
        this.outputPadding = spread(name, "output_padding", options.outputPadding(), nd, 0);
        this.groups = options.groups();
        this.paddingMode = options.paddingMode();
        Padding p = options.padding();
        this.padding = p instanceof Padding.Explicit e ? Padding.of(spread(name, "padding", e.sizes(), nd, 0)) : p;
        if (inChannels < 0 || outChannels < 1) {   // in_channels 0 marks a lazy layer
            throw new IllegalArgumentException(name + ": in_channels and out_channels must be positive, got " + inChannels
                    + " and " + outChannels);
        }
        if (groups < 1) throw new IllegalArgumentException(name + ": groups must be positive, got " + groups);
        if (inChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": in_channels=" + inChannels + " must be divisible by groups=" + groups);
        }
        if (outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": out_channels=" + outChannels + " must be divisible by groups=" + groups);
        }
        if (p instanceof Padding.Same) {
            for (int s : stride) {
                if (s != 1) throw new IllegalArgumentException(name + ": padding='same' is not supported for strided convolutions");
            }
        }
        if (transposed) {
            if (paddingMode != PaddingMode.ZEROS) {
                throw new IllegalArgumentException(name + ": only padding_mode 'zeros' is supported, got '" + paddingMode.torchName() + "'");
            }
            if (!(p instanceof Padding.Explicit)) {
                throw new IllegalArgumentException(name + ": padding must be explicit sizes, got '" + p + "'");
            }
        } else if (Arrays.stream(outputPadding).anyMatch(v -> v != 0)) {
            throw new IllegalArgumentException(name + ": output_padding applies only to transposed convolutions");
        }
        if (inChannels > 0) {
            weight = registerParameter("weight", initialWeight(inChannels));
            bias = options.bias() ? registerParameter("bias", initialBias(inChannels)) : null;
        } else {
            weight = registerParameter("weight", Tensor.empty(0));
            bias = options.bias() ? registerParameter("bias", Tensor.empty(0)) : null;
        }
    }

    static int[] spread(String name, String what, int[] v, int nd, int min) {
        if (v == null || (v.length != 1 && v.length != nd)) {
            throw new IllegalArgumentException(name + ": " + what + " needs 1 or " + nd + " values, got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        int[] r = new int[nd];
        for (int i = 0; i < nd; i++) {
            r[i] = v.length == 1 ? v[0] : v[i];
            if (r[i] < min) throw new IllegalArgumentException(name + ": " + what + " must be >= " + min + ", got " + Arrays.toString(v));
        }
        return r;
    }

    /** Weight shape: [out, in / groups, k...], or [in, out / groups, k...] when transposed. */
    protected int[] weightShape(int in) {
        int[] s = new int[nd + 2];
        s[0] = transposed ? in : outChannels;
        s[1] = transposed ? outChannels / groups : in / groups;
        System.arraycopy(kernelSize, 0, s, 2, nd);
        return s;
    }

    /**
     * PyTorch's fan_in of the weight tensor: size(1) * prod(kernel), which is in / groups * k for
     * a convolution and out / groups * k for a transposed one.
     */
    protected int fanIn(int in) {
        int[] s = weightShape(in);
        int f = s[1];
        for (int i = 2; i < s.length; i++) f *= s[i];
        return f;
    }

    /** kaiming_uniform(a = sqrt(5)), which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    protected Tensor initialWeight(int in) {
        double bound = 1 / Math.sqrt(fanIn(in));
        return Tensor.empty(weightShape(in)).uniform_(-bound, bound, Generator.global());
    }

    protected Tensor initialBias(int in) {
        double bound = 1 / Math.sqrt(fanIn(in));
        return Tensor.empty(outChannels).uniform_(-bound, bound, Generator.global());
    }

    public Tensor weight() { return weight; }

    public Tensor bias() { return bias; }

    public int[] kernelSize() { return kernelSize.clone(); }

    /**
     * Pads the input by the padding mode (reflect, replicate, circular), as PyTorch does before a
     * convolution with no padding of its own; with zeros the convolution pads and this is the input.
     */
    protected Tensor padInput(Tensor x) {
        if (paddingMode == PaddingMode.ZEROS || padding instanceof Padding.Valid) return x;
        int[] pads = new int[2 * nd];
        for (int i = 0; i < nd; i++) {
            int left, right;
            if (padding instanceof Padding.Explicit e) {
                left = right = e.sizes()[i];
            } else {
                int total = dilation[i] * (kernelSize[i] - 1);
                left = total / 2;
                right = total - left;
            }
            pads[2 * (nd - 1 - i)] = left;       // F.pad lists (left, right) from the last dim
            pads[2 * (nd - 1 - i) + 1] = right;
        }
        if (x.dim() != nd + 2) return x;   // let the convolution report the rank error
        return x.pad(pads, paddingMode.padMode);
    }

    /** The padding the convolution itself applies: none once padInput has padded by a mode. */
    protected Padding convPadding() {
        return paddingMode == PaddingMode.ZEROS ? padding : Padding.VALID;
    }

    private static String tuple(int[] v) {
        if (v.length == 1) return "(" + v[0] + ",)";
        return Arrays.toString(v).replace('[', '(').replace(']', ')');
    }

    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(tuple(kernelSize)).append(", stride=").append(tuple(stride));
        if (padding instanceof Padding.Explicit e) {
            if (Arrays.stream(e.sizes()).anyMatch(v -> v != 0)) sb.append(", padding=").append(tuple(e.sizes()));
        } else {
            sb.append(", padding=").append(padding);
        }
        if (Arrays.stream(dilation).anyMatch(v -> v != 1)) sb.append(", dilation=").append(tuple(dilation));
        if (Arrays.stream(outputPadding).anyMatch(v -> v != 0)) sb.append(", output_padding=").append(tuple(outputPadding));
        if (groups != 1) sb.append(", groups=").append(groups);
        if (bias == null) sb.append(", bias=False");
        if (paddingMode != PaddingMode.ZEROS) sb.append(", padding_mode=").append(paddingMode.torchName());
        return sb.toString();
    }

    /** Pads by the mode where needed, then convolves. */
    protected Tensor convolve(Tensor x) {
        Tensor in = padInput(x);
        if (transposed) {
            int[] pads = ((Padding.Explicit) padding).sizes();
            return switch (nd) {
                case 1 -> Convolution.convTranspose1d(in, weight, bias, stride, pads, outputPadding, groups, dilation);
                case 2 -> Convolution.convTranspose2d(in, weight, bias, stride, pads, outputPadding, groups, dilation);
                default -> Convolution.convTranspose3d(in, weight, bias, stride, pads, outputPadding, groups, dilation);
            };
        }
        return switch (nd) {
            case 1 -> Convolution.conv1d(in, weight, bias, stride, convPadding(), dilation, groups);
            case 2 -> Convolution.conv2d(in, weight, bias, stride, convPadding(), dilation, groups);
            default -> Convolution.conv3d(in, weight, bias, stride, convPadding(), dilation, groups);
        };
    }

    @Override
    public Tensor forward(Tensor input) { return convolve(input); }

    /**
     * A transposed convolution to a chosen spatial size, as PyTorch's {@code forward(input,
     * output_size)}: strided transposed convolutions can reach several sizes, and the extra
     * output padding that reaches {@code outputSize} (one value per spatial dim, or a full shape)
     * is worked out here.
     */
    protected Tensor convolveTo(Tensor x, int[] outputSize) {
        String name = getClass().getSimpleName();
        if (x.dim() != nd + 2) return convolve(x);   // the functional form reports the rank error
        int[] size = outputSize.length == nd + 2 ? Arrays.copyOfRange(outputSize, 2, nd + 2) : outputSize;
        if (size.length != nd) {
            throw new IllegalArgumentException(name + ": output_size needs " + nd + " values, got " + Arrays.toString(outputSize));
        }
        int[] extra = new int[nd];
        int[] pads = ((Padding.Explicit) padding).sizes();
        for (int i = 0; i < nd; i++) {
            int min = (x.size(2 + i) - 1) * stride[i] - 2 * pads[i] + dilation[i] * (kernelSize[i] - 1) + 1;
            int max = min + Math.max(stride[i], dilation[i]) - 1;
            if (size[i] < min || size[i] > max) {
                throw new IllegalArgumentException(name + ": output_size " + Arrays.toString(size) + " is not reachable from input shape "
                        + Arrays.toString(x.shape()) + ": spatial dim " + i + " can be " + min + " to " + max);
            }
            extra[i] = size[i] - min;
        }
        return switch (nd) {
            case 1 -> Convolution.convTranspose1d(x, weight, bias, stride, pads, extra, groups, dilation);
            case 2 -> Convolution.convTranspose2d(x, weight, bias, stride, pads, extra, groups, dilation);
            default -> Convolution.convTranspose3d(x, weight, bias, stride, pads, extra, groups, dilation);
        };
    }
}
