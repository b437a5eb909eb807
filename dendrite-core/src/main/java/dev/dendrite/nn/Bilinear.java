package dev.dendrite.nn;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * {@code y_k = x1^T W_k x2 + b_k}: weight [out, in1, in2], bias [out], both initialized uniform on
 * +-1/sqrt(in1) as torch.nn.Bilinear. Takes two inputs [*, in1] and [*, in2] with the same leading
 * dims; call it with {@link #call(Tensor, Tensor)}.
 */
public class Bilinear extends Module {
    public final int in1Features, in2Features, outFeatures;
    private final Tensor weight, bias;

    public Bilinear(int in1Features, int in2Features, int outFeatures) { this(in1Features, in2Features, outFeatures, true); }

    public Bilinear(int in1Features, int in2Features, int outFeatures, boolean bias) {
        if (in1Features < 1 || in2Features < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Bilinear: in1_features, in2_features and out_features must be positive, got "
                    + in1Features + ", " + in2Features + " and " + outFeatures);
        }
        this.in1Features = in1Features;
        this.in2Features = in2Features;
        this.outFeatures = outFeatures;
        double bound = 1 / Math.sqrt(in1Features);
        Generator gen = Generator.global();
        this.weight = registerParameter("weight", Tensor.empty(outFeatures, in1Features, in2Features).uniform_(-bound, bound, gen));
        this.bias = bias ? registerParameter("bias", Tensor.empty(outFeatures).uniform_(-bound, bound, gen)) : null;
    }

    public Tensor weight() { return weight; }

    public Tensor bias() { return bias; }

    /** The functional form: {@code x1 [*, in1], x2 [*, in2], weight [out, in1, in2], bias [out] or null}. */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        if (weight.dim() != 3) {
            throw new IllegalArgumentException("bilinear: weight must be 3-D [out, in1, in2], got shape " + Arrays.toString(weight.shape()));
        }
        int[] s1 = x1.shape(), s2 = x2.shape();
        boolean ok = s1.length >= 1 && s1.length == s2.length
                && Arrays.equals(Arrays.copyOf(s1, s1.length - 1), Arrays.copyOf(s2, s2.length - 1))
                && s1[s1.length - 1] == weight.size(1) && s2[s2.length - 1] == weight.size(2);
        if (!ok) {
            throw new IllegalArgumentException("bilinear: inputs of shapes " + Arrays.toString(s1) + " and " + Arrays.toString(s2)
                    + " must share leading dims and end in in1_features=" + weight.size(1) + " and in2_features=" + weight.size(2));
        }
        int in1 = weight.size(1), in2 = weight.size(2), out = weight.size(0);
        Tensor a = x1.reshape(-1, in1), b = x2.reshape(-1, in2);
        // (a W_k) for every k at once: [B, in1] @ [in1, out*in2] -> [B, out, in2], then dot with b
        Tensor aw = a.matmul(weight.permute(1, 0, 2).reshape(in1, out * in2)).reshape(-1, out, in2);
        Tensor y = aw.mul(b.unsqueeze(1)).sum(2);
        if (bias != null) y = y.add(bias);
        int[] outShape = s1.clone();
        outShape[outShape.length - 1] = out;
        return y.reshape(outShape);
    }

    public Tensor call(Tensor input1, Tensor input2) { return bilinear(input1, input2, weight, bias); }

    /** Bilinear takes two inputs: use {@link #call(Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Bilinear: takes two inputs; call bilinear.call(input1, input2)");
    }

    @Override
    protected String extraRepr() {
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures
                + ", bias=" + (bias != null ? "True" : "False");
    }
}
