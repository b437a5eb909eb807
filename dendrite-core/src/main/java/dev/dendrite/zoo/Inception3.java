package dev.dendrite.zoo;

import dev.dendrite.functional.Pooling;
import dev.dendrite.nn.AdaptiveAvgPool2d;
import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.init.Init;
import dev.dendrite.tensor.Tensor;

/**
 * Inception v3 (Szegedy et al., "Rethinking the Inception architecture for computer vision",
 * 2015) in torchvision's form, every convolution a {@link BasicConv2d} (conv without bias, batch
 * norm with eps 0.001, ReLU). Native input 3x299x299; without the aux head (or in evaluation
 * mode, or through {@link #forward}, where it is not run) any size >= 75 works, while
 * {@link #forwardWithAux} in training mode needs >= 299
 * (its 5x5/3 pool and 5x5 convolution need the 17x17 grid). {@code transform_input} is not
 * offered: inputs are taken as they come.
 *
 * <table>
 *   <caption>Blocks (keys as torchvision's)</caption>
 *   <tr><th>key</th><th>layer</th><th>output at 299</th></tr>
 *   <tr><td>Conv2d_1a_3x3, 2a, 2b</td><td>3x3/2 to 32, 3x3 to 32, 3x3 pad 1 to 64</td><td>64x147x147</td></tr>
 *   <tr><td>maxpool1</td><td>3x3/2</td><td>64x73x73</td></tr>
 *   <tr><td>Conv2d_3b_1x1, 4a_3x3, maxpool2</td><td>1x1 to 80, 3x3 to 192, 3x3/2 max pool</td><td>192x35x35</td></tr>
 *   <tr><td>Mixed_5b, 5c, 5d</td><td>InceptionA, pool features 32, 64, 64</td><td>288x35x35</td></tr>
 *   <tr><td>Mixed_6a</td><td>InceptionB (grid reduction)</td><td>768x17x17</td></tr>
 *   <tr><td>Mixed_6b - 6e</td><td>InceptionC, 7x7 channels 128, 160, 160, 192</td><td>768x17x17</td></tr>
 *   <tr><td>AuxLogits</td><td>InceptionAux on Mixed_6e's output (optional)</td><td>numClasses</td></tr>
 *   <tr><td>Mixed_7a</td><td>InceptionD (grid reduction)</td><td>1280x8x8</td></tr>
 *   <tr><td>Mixed_7b, 7c</td><td>InceptionE</td><td>2048x8x8</td></tr>
 *   <tr><td>avgpool, dropout, fc</td><td>global average pool, Dropout(0.5), Linear(2048, numClasses)</td><td>numClasses</td></tr>
 * </table>
 *
 * <p>{@link #forward} returns the main logits (without running the aux head); {@link #forwardWithAux}
 * also returns the auxiliary ones in training mode. Parameters with 1000 classes: 27,161,264 with the aux head (torchvision's
 * default), 23,834,568 without. Initialization as torchvision: convolution and linear weights
 * truncated normal cut at +-2, std 0.1, except the aux head's second convolution (0.01) and its
 * linear layer (0.001); linear biases zero; batch-norm weight 1, bias 0.
 */
public class Inception3 extends Module {
    /** The main logits and, in training mode with the aux head, the auxiliary ones (else null). */
    public record Outputs(Tensor logits, Tensor auxLogits) {}

    private static Tensor avgPool3x3(Tensor x) {
        return Pooling.avgPool2d(x, new int[] {3}, new int[] {1}, new int[] {1}, false, true, 0);
    }

    private static Tensor maxPool3x3s2(Tensor x) {
        return Pooling.maxPool2d(x, new int[] {3}, new int[] {2}, new int[] {0}, new int[] {1}, false);
    }

    private static Tensor cat(Tensor... parts) { return Tensor.cat(parts, 1); }

    private static int[] k(int h, int w) { return new int[] {h, w}; }

    /** 35x35 block: 1x1, 5x5, double 3x3 and pooled branches (64 + 64 + 96 + poolFeatures channels). */
    public static final class InceptionA extends Module {
        final BasicConv2d branch1x1, branch5x5_1, branch5x5_2, branch3x3dbl_1, branch3x3dbl_2, branch3x3dbl_3, branch_pool;

        public InceptionA(int in, int poolFeatures) {
            branch1x1 = register("branch1x1", new BasicConv2d(in, 64, 1));
            branch5x5_1 = register("branch5x5_1", new BasicConv2d(in, 48, 1));
            branch5x5_2 = register("branch5x5_2", new BasicConv2d(48, 64, 5, Conv.padding(2)));
            branch3x3dbl_1 = register("branch3x3dbl_1", new BasicConv2d(in, 64, 1));
            branch3x3dbl_2 = register("branch3x3dbl_2", new BasicConv2d(64, 96, 3, Conv.padding(1)));
            branch3x3dbl_3 = register("branch3x3dbl_3", new BasicConv2d(96, 96, 3, Conv.padding(1)));
            branch_pool = register("branch_pool", new BasicConv2d(in, poolFeatures, 1));
        }

        @Override
        public Tensor forward(Tensor x) {
            return cat(branch1x1.call(x), branch5x5_2.call(branch5x5_1.call(x)),
                    branch3x3dbl_3.call(branch3x3dbl_2.call(branch3x3dbl_1.call(x))), branch_pool.call(avgPool3x3(x)));
        }
    }

    /** 35x35 to 17x17 reduction: strided 3x3, strided double 3x3 and max pool branches (384 + 96 + in channels). */
    public static final class InceptionB extends Module {
        final BasicConv2d branch3x3, branch3x3dbl_1, branch3x3dbl_2, branch3x3dbl_3;

        public InceptionB(int in) {
            branch3x3 = register("branch3x3", new BasicConv2d(in, 384, 3, Conv.stride(2)));
            branch3x3dbl_1 = register("branch3x3dbl_1", new BasicConv2d(in, 64, 1));
            branch3x3dbl_2 = register("branch3x3dbl_2", new BasicConv2d(64, 96, 3, Conv.padding(1)));
            branch3x3dbl_3 = register("branch3x3dbl_3", new BasicConv2d(96, 96, 3, Conv.stride(2)));
        }

        @Override
        public Tensor forward(Tensor x) {
            return cat(branch3x3.call(x), branch3x3dbl_3.call(branch3x3dbl_2.call(branch3x3dbl_1.call(x))), maxPool3x3s2(x));
        }
    }

    /** 17x17 block with factorized 7x7 convolutions (1x7 then 7x1): 4 x 192 channels. */
    public static final class InceptionC extends Module {
        final BasicConv2d branch1x1, branch7x7_1, branch7x7_2, branch7x7_3,
                branch7x7dbl_1, branch7x7dbl_2, branch7x7dbl_3, branch7x7dbl_4, branch7x7dbl_5, branch_pool;

        public InceptionC(int in, int c7) {
            branch1x1 = register("branch1x1", new BasicConv2d(in, 192, 1));
            branch7x7_1 = register("branch7x7_1", new BasicConv2d(in, c7, 1));
            branch7x7_2 = register("branch7x7_2", new BasicConv2d(c7, c7, k(1, 7), Conv.padding(0, 3)));
            branch7x7_3 = register("branch7x7_3", new BasicConv2d(c7, 192, k(7, 1), Conv.padding(3, 0)));
            branch7x7dbl_1 = register("branch7x7dbl_1", new BasicConv2d(in, c7, 1));
            branch7x7dbl_2 = register("branch7x7dbl_2", new BasicConv2d(c7, c7, k(7, 1), Conv.padding(3, 0)));
            branch7x7dbl_3 = register("branch7x7dbl_3", new BasicConv2d(c7, c7, k(1, 7), Conv.padding(0, 3)));
            branch7x7dbl_4 = register("branch7x7dbl_4", new BasicConv2d(c7, c7, k(7, 1), Conv.padding(3, 0)));
            branch7x7dbl_5 = register("branch7x7dbl_5", new BasicConv2d(c7, 192, k(1, 7), Conv.padding(0, 3)));
            branch_pool = register("branch_pool", new BasicConv2d(in, 192, 1));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor b7 = branch7x7_3.call(branch7x7_2.call(branch7x7_1.call(x)));
            Tensor d = branch7x7dbl_1.call(x);
            d = branch7x7dbl_5.call(branch7x7dbl_4.call(branch7x7dbl_3.call(branch7x7dbl_2.call(d))));
            return cat(branch1x1.call(x), b7, d, branch_pool.call(avgPool3x3(x)));
        }
    }

    /** 17x17 to 8x8 reduction: 320 + 192 + in channels. */
    public static final class InceptionD extends Module {
        final BasicConv2d branch3x3_1, branch3x3_2, branch7x7x3_1, branch7x7x3_2, branch7x7x3_3, branch7x7x3_4;

        public InceptionD(int in) {
            branch3x3_1 = register("branch3x3_1", new BasicConv2d(in, 192, 1));
            branch3x3_2 = register("branch3x3_2", new BasicConv2d(192, 320, 3, Conv.stride(2)));
            branch7x7x3_1 = register("branch7x7x3_1", new BasicConv2d(in, 192, 1));
            branch7x7x3_2 = register("branch7x7x3_2", new BasicConv2d(192, 192, k(1, 7), Conv.padding(0, 3)));
            branch7x7x3_3 = register("branch7x7x3_3", new BasicConv2d(192, 192, k(7, 1), Conv.padding(3, 0)));
            branch7x7x3_4 = register("branch7x7x3_4", new BasicConv2d(192, 192, 3, Conv.stride(2)));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor b3 = branch3x3_2.call(branch3x3_1.call(x));
            Tensor b7 = branch7x7x3_4.call(branch7x7x3_3.call(branch7x7x3_2.call(branch7x7x3_1.call(x))));
            return cat(b3, b7, maxPool3x3s2(x));
        }
    }

    /** 8x8 block with expanded filter banks (1x3 and 3x1 side by side): 320 + 768 + 768 + 192 channels. */
    public static final class InceptionE extends Module {
        final BasicConv2d branch1x1, branch3x3_1, branch3x3_2a, branch3x3_2b, branch3x3dbl_1, branch3x3dbl_2,
                branch3x3dbl_3a, branch3x3dbl_3b, branch_pool;

        public InceptionE(int in) {
            branch1x1 = register("branch1x1", new BasicConv2d(in, 320, 1));
            branch3x3_1 = register("branch3x3_1", new BasicConv2d(in, 384, 1));
            branch3x3_2a = register("branch3x3_2a", new BasicConv2d(384, 384, k(1, 3), Conv.padding(0, 1)));
            branch3x3_2b = register("branch3x3_2b", new BasicConv2d(384, 384, k(3, 1), Conv.padding(1, 0)));
            branch3x3dbl_1 = register("branch3x3dbl_1", new BasicConv2d(in, 448, 1));
            branch3x3dbl_2 = register("branch3x3dbl_2", new BasicConv2d(448, 384, 3, Conv.padding(1)));
            branch3x3dbl_3a = register("branch3x3dbl_3a", new BasicConv2d(384, 384, k(1, 3), Conv.padding(0, 1)));
            branch3x3dbl_3b = register("branch3x3dbl_3b", new BasicConv2d(384, 384, k(3, 1), Conv.padding(1, 0)));
            branch_pool = register("branch_pool", new BasicConv2d(in, 192, 1));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor b3 = branch3x3_1.call(x);
            b3 = cat(branch3x3_2a.call(b3), branch3x3_2b.call(b3));
            Tensor d = branch3x3dbl_2.call(branch3x3dbl_1.call(x));
            d = cat(branch3x3dbl_3a.call(d), branch3x3dbl_3b.call(d));
            return cat(branch1x1.call(x), b3, d, branch_pool.call(avgPool3x3(x)));
        }
    }

    /** The auxiliary classifier on the 17x17 grid. */
    public static final class InceptionAux extends Module {
        final BasicConv2d conv0, conv1;
        final Linear fc;

        public InceptionAux(int in, int numClasses) {
            conv0 = register("conv0", new BasicConv2d(in, 128, 1));
            conv1 = register("conv1", new BasicConv2d(128, 768, 5));
            fc = register("fc", new Linear(768, numClasses));
        }

        @Override
        public Tensor forward(Tensor x) {
            x = Pooling.avgPool2d(x, new int[] {5}, new int[] {3}, new int[] {0}, false, true, 0);
            x = conv1.call(conv0.call(x));
            return fc.call(Pooling.adaptiveAvgPool2d(x, 1, 1).flatten(1, -1));
        }
    }

    public final boolean auxLogits;
    public final BasicConv2d Conv2d_1a_3x3, Conv2d_2a_3x3, Conv2d_2b_3x3, Conv2d_3b_1x1, Conv2d_4a_3x3;
    public final InceptionA Mixed_5b, Mixed_5c, Mixed_5d;
    public final InceptionB Mixed_6a;
    public final InceptionC Mixed_6b, Mixed_6c, Mixed_6d, Mixed_6e;
    public final InceptionAux AuxLogits;
    public final InceptionD Mixed_7a;
    public final InceptionE Mixed_7b, Mixed_7c;
    public final Linear fc;
    private final MaxPool2d maxpool1, maxpool2;
    private final AdaptiveAvgPool2d avgpool;
    private final Dropout dropout;

    /** 1000 classes with the aux head (torchvision's defaults). */
    public Inception3() { this(1000, true); }

    public Inception3(int numClasses, boolean auxLogits) { this(numClasses, auxLogits, 0.5); }

    public Inception3(int numClasses, boolean auxLogits, double dropout) {
        if (numClasses < 1) throw new IllegalArgumentException("Inception3: numClasses must be positive, got " + numClasses);
        this.auxLogits = auxLogits;
        Conv2d_1a_3x3 = register("Conv2d_1a_3x3", new BasicConv2d(3, 32, 3, Conv.stride(2)));
        Conv2d_2a_3x3 = register("Conv2d_2a_3x3", new BasicConv2d(32, 32, 3));
        Conv2d_2b_3x3 = register("Conv2d_2b_3x3", new BasicConv2d(32, 64, 3, Conv.padding(1)));
        maxpool1 = register("maxpool1", new MaxPool2d(3, 2));
        Conv2d_3b_1x1 = register("Conv2d_3b_1x1", new BasicConv2d(64, 80, 1));
        Conv2d_4a_3x3 = register("Conv2d_4a_3x3", new BasicConv2d(80, 192, 3));
        maxpool2 = register("maxpool2", new MaxPool2d(3, 2));
        Mixed_5b = register("Mixed_5b", new InceptionA(192, 32));
        Mixed_5c = register("Mixed_5c", new InceptionA(256, 64));
        Mixed_5d = register("Mixed_5d", new InceptionA(288, 64));
        Mixed_6a = register("Mixed_6a", new InceptionB(288));
        Mixed_6b = register("Mixed_6b", new InceptionC(768, 128));
        Mixed_6c = register("Mixed_6c", new InceptionC(768, 160));
        Mixed_6d = register("Mixed_6d", new InceptionC(768, 160));
        Mixed_6e = register("Mixed_6e", new InceptionC(768, 192));
        AuxLogits = auxLogits ? register("AuxLogits", new InceptionAux(768, numClasses)) : null;
        Mixed_7a = register("Mixed_7a", new InceptionD(768));
        Mixed_7b = register("Mixed_7b", new InceptionE(1280));
        Mixed_7c = register("Mixed_7c", new InceptionE(2048));
        avgpool = register("avgpool", new AdaptiveAvgPool2d(1, 1));
        this.dropout = register("dropout", new Dropout(dropout));
        fc = register("fc", new Linear(2048, numClasses));
        initWeights();
    }

    private void initWeights() {
        apply(m -> {
            if (m instanceof Conv2d c) Init.truncNormal_(c.weight(), 0, 0.1, -2, 2);
            else if (m instanceof Linear l) {
                Init.truncNormal_(l.weight(), 0, 0.1, -2, 2);
                Init.zeros_(l.bias());
            } else if (m instanceof BatchNorm2d bn) {
                Init.ones_(bn.weight());
                Init.zeros_(bn.bias());
            }
        });
        if (AuxLogits != null) {
            // torchvision gives these two layers their own, smaller standard deviations
            Init.truncNormal_(AuxLogits.conv1.conv.weight(), 0, 0.01, -2, 2);
            Init.truncNormal_(AuxLogits.fc.weight(), 0, 0.001, -2, 2);
        }
    }

    /** The main logits only (the aux head, if any, is not run). */
    @Override
    public Tensor forward(Tensor input) { return run(input, false).logits(); }

    /** The logits, with the auxiliary logits when training with the aux head (torchvision's InceptionOutputs). */
    public Outputs forwardWithAux(Tensor input) { return run(input, auxLogits && isTraining()); }

    private Outputs run(Tensor input, boolean aux) {
        // the aux head's 5x5/3 pool and 5x5 convolution need the 17x17 grid that 299x299 input gives
        if (aux) Shapes.checkMin("Inception3 (training with the aux head)", input, 3, 299);
        else Shapes.checkMin("Inception3", input, 3, 75);
        Tensor x = Conv2d_2b_3x3.call(Conv2d_2a_3x3.call(Conv2d_1a_3x3.call(input)));
        x = maxpool1.call(x);
        x = maxpool2.call(Conv2d_4a_3x3.call(Conv2d_3b_1x1.call(x)));
        x = Mixed_5d.call(Mixed_5c.call(Mixed_5b.call(x)));
        x = Mixed_6a.call(x);
        x = Mixed_6e.call(Mixed_6d.call(Mixed_6c.call(Mixed_6b.call(x))));
        Tensor auxOut = aux ? AuxLogits.call(x) : null;
        x = Mixed_7c.call(Mixed_7b.call(Mixed_7a.call(x)));
        x = dropout.call(avgpool.call(x).flatten(1, -1));
        return new Outputs(fc.call(x), auxOut);
    }

    @Override
    protected String extraRepr() { return "aux_logits=" + auxLogits; }
}
