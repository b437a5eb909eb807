package dev.dendrite.zoo;

import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.NormBase;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.SiLU;
import dev.dendrite.nn.StochasticDepth;
import dev.dendrite.nn.init.Init;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * EfficientNet B0-B3 (Tan and Le, 2019, "EfficientNet: Rethinking Model Scaling for Convolutional
 * Neural Networks") in torchvision's form: MBConv blocks with squeeze-excitation and SiLU, scaled
 * by a width multiplier (channels rounded to multiples of 8 as {@code Channels.makeDivisible}) and a
 * depth multiplier (repeats rounded up).
 *
 * <table>
 * <caption>Variants (params at 1000 classes)</caption>
 * <tr><th>model</th><th>width</th><th>depth</th><th>dropout</th><th>native input</th><th>params</th></tr>
 * <tr><td>b0</td><td>1.0</td><td>1.0</td><td>0.2</td><td>224</td><td>5,288,548</td></tr>
 * <tr><td>b1</td><td>1.0</td><td>1.1</td><td>0.2</td><td>240</td><td>7,794,184</td></tr>
 * <tr><td>b2</td><td>1.1</td><td>1.2</td><td>0.3</td><td>260</td><td>9,109,994</td></tr>
 * <tr><td>b3</td><td>1.2</td><td>1.4</td><td>0.3</td><td>300</td><td>12,233,232</td></tr>
 * </table>
 *
 * <table>
 * <caption>B0 stages (expansion, kernel, first stride, in, out, repeats)</caption>
 * <tr><td>1, 3, 1, 32, 16, 1</td></tr> <tr><td>6, 3, 2, 16, 24, 2</td></tr>
 * <tr><td>6, 5, 2, 24, 40, 2</td></tr> <tr><td>6, 3, 2, 40, 80, 3</td></tr>
 * <tr><td>6, 5, 1, 80, 112, 3</td></tr> <tr><td>6, 5, 2, 112, 192, 4</td></tr>
 * <tr><td>6, 3, 1, 192, 320, 1</td></tr>
 * </table>
 *
 * <p>{@code features.0} is a 3x3/2 stem (Conv-BN-SiLU), {@code features.1..7} the stages (each a
 * Sequential of MBConv blocks), {@code features.8} a 1x1 convolution to four times the last stage's
 * channels; global average pool; {@code classifier} = Dropout ({@code classifier.0}), Linear
 * ({@code classifier.1}). An MBConv's child {@code block} is [1x1 expand, omitted for expansion 1]
 * → depthwise k x k → squeeze-excitation (to max(1, in / 4) channels, SiLU inside, sigmoid gate) →
 * 1x1 projection; with a residual connection (stride 1, same channels) the branch passes through
 * {@link StochasticDepth} (row mode) first, whose drop probability grows linearly with the block's
 * index over the whole network: {@code 0.2 * i / totalBlocks} for block i = 0, 1, .... Keys as
 * torchvision's: {@code features.0.0.weight, features.1.0.block.0.0.weight,
 * features.1.0.block.1.fc1.weight, features.2.0.block.3.1.running_mean, classifier.1.bias}.
 *
 * <p>Initialization as torchvision's: convolutions Kaiming-normal (fan_out) with zero bias, batch
 * norms weight 1 and bias 0, the classifier uniform on ±1/sqrt(numClasses) with zero bias.
 */
public class EfficientNet extends Module {
    /** One stage of the B0 baseline, before width and depth scaling. */
    public record StageConfig(int expandRatio, int kernel, int stride, int in, int out, int layers) {}

    public static final List<StageConfig> B0_STAGES = List.of(
            new StageConfig(1, 3, 1, 32, 16, 1),
            new StageConfig(6, 3, 2, 16, 24, 2),
            new StageConfig(6, 5, 2, 24, 40, 2),
            new StageConfig(6, 3, 2, 40, 80, 3),
            new StageConfig(6, 5, 1, 80, 112, 3),
            new StageConfig(6, 5, 2, 112, 192, 4),
            new StageConfig(6, 3, 1, 192, 320, 1));

    public final double widthMult, depthMult, dropout, stochasticDepthProb;
    public final int numClasses;
    private final Sequential features, classifier;

    public EfficientNet(double widthMult, double depthMult, double dropout, double stochasticDepthProb, int numClasses) {
        if (!(widthMult > 0 && depthMult > 0) || numClasses < 1) {
            throw new IllegalArgumentException("EfficientNet: width_mult, depth_mult and num_classes must be positive, got "
                    + widthMult + ", " + depthMult + ", " + numClasses);
        }
        if (!(stochasticDepthProb >= 0 && stochasticDepthProb <= 1)) {
            throw new IllegalArgumentException("EfficientNet: stochastic_depth_prob must lie in [0, 1], got " + stochasticDepthProb);
        }
        this.widthMult = widthMult;
        this.depthMult = depthMult;
        this.dropout = dropout;
        this.stochasticDepthProb = stochasticDepthProb;
        this.numClasses = numClasses;
        NormBase.Options bn = NormBase.Options.batchNorm();
        List<Module> layers = new ArrayList<>();
        int stem = width(B0_STAGES.get(0).in());
        layers.add(new Conv2dNormActivation(3, stem, 3, 2, 1, bn, SiLU::new));
        int total = 0;
        for (StageConfig s : B0_STAGES) total += depth(s.layers());
        int blockId = 0;
        for (StageConfig s : B0_STAGES) {
            int in = width(s.in()), out = width(s.out()), n = depth(s.layers());
            Module[] stage = new Module[n];
            for (int i = 0; i < n; i++) {
                double sdProb = stochasticDepthProb * blockId / total;
                stage[i] = new MBConv(i == 0 ? in : out, out, s.expandRatio(), s.kernel(), i == 0 ? s.stride() : 1, sdProb, bn);
                blockId++;
            }
            layers.add(new Sequential(stage));
        }
        int lastIn = width(B0_STAGES.get(B0_STAGES.size() - 1).out()), lastOut = 4 * lastIn;
        layers.add(new Conv2dNormActivation(lastIn, lastOut, 1, 1, 1, bn, SiLU::new));
        features = register("features", new Sequential(layers.toArray(Module[]::new)));
        classifier = register("classifier", new Sequential(new Dropout(dropout), new Linear(lastOut, numClasses)));
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight(), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU);
                if (c.bias() != null) Init.zeros_(c.bias());
            } else if (m instanceof BatchNorm2d b) {
                Init.ones_(b.weight());
                Init.zeros_(b.bias());
            } else if (m instanceof Linear l) {
                double range = 1 / Math.sqrt(l.outFeatures);
                Init.uniform_(l.weight(), -range, range);
                Init.zeros_(l.bias());
            }
        }
    }

    private int width(int channels) { return Channels.makeDivisible(channels * widthMult, 8); }

    private int depth(int layers) { return (int) Math.ceil(layers * depthMult); }

    @Override
    public Tensor forward(Tensor x) {
        Shapes.checkMin("EfficientNet", x, 3, 1);
        return classifier.call(features.call(x).mean(new int[] {2, 3}, false));
    }

    /** The mobile inverted bottleneck with squeeze-excitation; children {@code block} and {@code stochastic_depth}. */
    public static class MBConv extends Module {
        private final Sequential block;
        private final StochasticDepth stochasticDepth;
        private final boolean useResidual;

        MBConv(int in, int out, int expandRatio, int kernel, int stride, double stochasticDepthProb, NormBase.Options bn) {
            if (stride != 1 && stride != 2) throw new IllegalArgumentException("MBConv: illegal stride value " + stride);
            useResidual = stride == 1 && in == out;
            int expanded = Channels.makeDivisible(in * (double) expandRatio, 8);
            List<Module> layers = new ArrayList<>();
            if (expanded != in) layers.add(new Conv2dNormActivation(in, expanded, 1, 1, 1, bn, SiLU::new));
            layers.add(new Conv2dNormActivation(expanded, expanded, kernel, stride, expanded, bn, SiLU::new));
            layers.add(new SqueezeExcitation(expanded, Math.max(1, in / 4), SiLU::new, dev.dendrite.nn.Sigmoid::new));
            layers.add(new Conv2dNormActivation(expanded, out, 1, 1, 1, bn, null));
            block = register("block", new Sequential(layers.toArray(Module[]::new)));
            stochasticDepth = register("stochastic_depth", new StochasticDepth(stochasticDepthProb, StochasticDepth.Mode.ROW));
        }

        /** The drop probability of this block's residual branch. */
        public double stochasticDepthProb() { return stochasticDepth.p; }

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = block.call(x);
            return useResidual ? stochasticDepth.call(y).add(x) : y;
        }
    }

    public static EfficientNet b0(int numClasses) { return new EfficientNet(1.0, 1.0, 0.2, 0.2, numClasses); }
    public static EfficientNet b1(int numClasses) { return new EfficientNet(1.0, 1.1, 0.2, 0.2, numClasses); }
    public static EfficientNet b2(int numClasses) { return new EfficientNet(1.1, 1.2, 0.3, 0.2, numClasses); }
    public static EfficientNet b3(int numClasses) { return new EfficientNet(1.2, 1.4, 0.3, 0.2, numClasses); }
}
