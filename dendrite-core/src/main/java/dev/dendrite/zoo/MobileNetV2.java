package dev.dendrite.zoo;

import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.NormBase;
import dev.dendrite.nn.ReLU6;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV2 (Sandler et al., 2018, "MobileNetV2: Inverted Residuals and Linear Bottlenecks") in
 * torchvision's form. Input 3x224x224, output [N, numClasses]; 3,504,872 parameters at 1000 classes
 * and width 1.0.
 *
 * <p>{@code features.0} is a 3x3/2 convolution to 32 channels (Conv-BN-ReLU6), then the inverted
 * residual blocks of the table below, then {@code features.18}, a 1x1 convolution to 1280; global
 * average pool; {@code classifier} = Dropout(0.2) ({@code classifier.0}), Linear
 * ({@code classifier.1}). Channels are multiplied by {@code widthMult} and rounded to multiples of 8.
 *
 * <table>
 * <caption>Inverted residual settings (t expansion, c channels, n repeats, s first stride)</caption>
 * <tr><th>t</th><th>c</th><th>n</th><th>s</th></tr>
 * <tr><td>1</td><td>16</td><td>1</td><td>1</td></tr>
 * <tr><td>6</td><td>24</td><td>2</td><td>2</td></tr>
 * <tr><td>6</td><td>32</td><td>3</td><td>2</td></tr>
 * <tr><td>6</td><td>64</td><td>4</td><td>2</td></tr>
 * <tr><td>6</td><td>96</td><td>3</td><td>1</td></tr>
 * <tr><td>6</td><td>160</td><td>3</td><td>2</td></tr>
 * <tr><td>6</td><td>320</td><td>1</td><td>1</td></tr>
 * </table>
 *
 * <p>A block is {@code conv} = [1x1 expand (Conv-BN-ReLU6), omitted when t = 1] → 3x3 depthwise
 * (Conv-BN-ReLU6) → 1x1 linear projection (a bare convolution and its BN), with a residual
 * connection when the stride is 1 and the channels are unchanged. Keys as torchvision's:
 * {@code features.0.0.weight, features.1.conv.0.0.weight, features.1.conv.1.weight,
 * features.2.conv.3.running_var, features.18.1.bias, classifier.1.weight}. Initialization as
 * torchvision's (see {@code Channels.initMobile}).
 */
public class MobileNetV2 extends Module {
    private static final int[][] SETTINGS = {
            {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    public final int numClasses;
    public final double widthMult, dropout;
    private final Sequential features, classifier;

    public MobileNetV2(int numClasses) { this(numClasses, 1.0, 0.2); }

    public MobileNetV2(int numClasses, double widthMult, double dropout) {
        if (numClasses < 1 || !(widthMult > 0)) {
            throw new IllegalArgumentException("MobileNetV2: num_classes and width_mult must be positive, got " + numClasses + " and " + widthMult);
        }
        this.numClasses = numClasses;
        this.widthMult = widthMult;
        this.dropout = dropout;
        NormBase.Options bn = NormBase.Options.batchNorm();
        int input = Channels.makeDivisible(32 * widthMult, 8);
        int last = Channels.makeDivisible(1280 * Math.max(1.0, widthMult), 8);
        List<Module> layers = new ArrayList<>();
        layers.add(new Conv2dNormActivation(3, input, 3, 2, 1, bn, ReLU6::new));
        for (int[] s : SETTINGS) {
            int out = Channels.makeDivisible(s[1] * widthMult, 8);
            for (int i = 0; i < s[2]; i++) {
                layers.add(new InvertedResidual(input, out, i == 0 ? s[3] : 1, s[0]));
                input = out;
            }
        }
        layers.add(new Conv2dNormActivation(input, last, 1, 1, 1, bn, ReLU6::new));
        features = register("features", new Sequential(layers.toArray(Module[]::new)));
        classifier = register("classifier", new Sequential(new Dropout(dropout), new Linear(last, numClasses)));
        Channels.initMobile(this);
    }

    @Override
    public Tensor forward(Tensor x) {
        Shapes.checkMin("MobileNetV2", x, 3, 1);
        return classifier.call(features.call(x).mean(new int[] {2, 3}, false));
    }

    /** The inverted residual block; its only child is {@code conv}, a Sequential of the layers. */
    public static class InvertedResidual extends Module {
        private final Sequential conv;
        private final boolean useResidual;

        InvertedResidual(int in, int out, int stride, int expandRatio) {
            int hidden = (int) Math.round(in * (double) expandRatio);
            NormBase.Options bn = NormBase.Options.batchNorm();
            List<Module> layers = new ArrayList<>();
            if (expandRatio != 1) layers.add(new Conv2dNormActivation(in, hidden, 1, 1, 1, bn, ReLU6::new));
            layers.add(new Conv2dNormActivation(hidden, hidden, 3, stride, hidden, bn, ReLU6::new));
            layers.add(new Conv2d(hidden, out, 1, Conv.bias(false)));
            layers.add(new BatchNorm2d(out));
            conv = register("conv", new Sequential(layers.toArray(Module[]::new)));
            useResidual = stride == 1 && in == out;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = conv.call(x);
            return useResidual ? x.add(y) : y;
        }
    }
}
