package dev.dendrite.zoo;

import dev.dendrite.nn.AdaptiveAvgPool2d;
import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Identity;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.init.Init;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * VGG (Simonyan and Zisserman, "Very deep convolutional networks for large-scale image
 * recognition", 2014), configurations A, B, D and E (VGG-11, 13, 16 and 19), optionally with
 * batch normalization after every convolution (as torchvision's {@code vgg*_bn}).
 *
 * <table>
 *   <caption>Convolution stages (3x3 convolutions with padding 1; each stage ends in a 2x2 max pool)</caption>
 *   <tr><th>depth</th><th>64</th><th>128</th><th>256</th><th>512</th><th>512</th><th>parameters (1000 classes, plain / BN)</th></tr>
 *   <tr><td>11 (A)</td><td>1</td><td>1</td><td>2</td><td>2</td><td>2</td><td>132,863,336 / 132,868,840</td></tr>
 *   <tr><td>13 (B)</td><td>2</td><td>2</td><td>2</td><td>2</td><td>2</td><td>133,047,848 / 133,053,736</td></tr>
 *   <tr><td>16 (D)</td><td>2</td><td>2</td><td>3</td><td>3</td><td>3</td><td>138,357,544 / 138,365,992</td></tr>
 *   <tr><td>19 (E)</td><td>2</td><td>2</td><td>4</td><td>4</td><td>4</td><td>143,667,240 / 143,678,248</td></tr>
 * </table>
 *
 * <p><b>ImageNet form</b> (torchvision's layout and keys): {@code features} is one Sequential of
 * Conv2d, [BatchNorm2d,] ReLU per convolution and MaxPool2d per stage (so VGG-16's last
 * convolution is {@code features.28}, with BN {@code features.40}); {@code avgpool} is
 * AdaptiveAvgPool2d(7, 7); {@code classifier} is Linear(25088, 4096), ReLU, Dropout,
 * Linear(4096, 4096), ReLU, Dropout, Linear(4096, numClasses) ({@code classifier.0}, {@code .3},
 * {@code .6}). Native input 3x224x224 (any size of at least 32 works).
 *
 * <p><b>CIFAR form</b> ({@link #cifar}): the same {@code features} on 3x32x32 input, which the five
 * pools reduce to 512x1x1, then {@code avgpool} is an Identity and {@code classifier} a single
 * Linear(512, numClasses) ({@code classifier.0}), the common CIFAR adaptation (e.g. Liu and Deng,
 * 2015, without their dropout). VGG-16's CIFAR form has 14,719,818 parameters for 10 classes
 * (14,728,266 with batch norm).
 *
 * <p>Initialization as torchvision: convolutions kaiming-normal (fan_out, ReLU gain) with zero
 * bias, batch-norm weight 1 and bias 0, linear layers N(0, 0.01) with zero bias.
 */
public class Vgg extends Module {
    /** Channel counts per convolution, 0 standing for a max pool: configurations A, B, D, E. */
    private static int[] config(int depth) {
        return switch (depth) {
            case 11 -> new int[] {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};
            case 13 -> new int[] {64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};
            case 16 -> new int[] {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
            case 19 -> new int[] {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0};
            default -> throw new IllegalArgumentException("Vgg: depth must be 11, 13, 16 or 19, got " + depth);
        };
    }

    public final int depth;
    public final boolean batchNorm, cifar;
    public final Sequential features, classifier;
    public final Module avgpool;
    private final Flatten flatten = new Flatten();

    /** The ImageNet form with 1000 classes. */
    public Vgg(int depth, boolean batchNorm) { this(depth, batchNorm, 1000); }

    /** The ImageNet form (torchvision's {@code vgg16(num_classes=...)}, dropout 0.5). */
    public Vgg(int depth, boolean batchNorm, int numClasses) { this(depth, batchNorm, numClasses, 0.5, false); }

    /** The CIFAR form for 3x32x32 input; see the class comment. */
    public static Vgg cifar(int depth, boolean batchNorm, int numClasses) { return new Vgg(depth, batchNorm, numClasses, 0, true); }

    private Vgg(int depth, boolean batchNorm, int numClasses, double dropout, boolean cifar) {
        if (numClasses < 1) throw new IllegalArgumentException("Vgg: numClasses must be positive, got " + numClasses);
        this.depth = depth;
        this.batchNorm = batchNorm;
        this.cifar = cifar;
        List<Module> layers = new ArrayList<>();
        int in = 3;
        for (int c : config(depth)) {
            if (c == 0) {
                layers.add(new MaxPool2d(2, 2));
                continue;
            }
            layers.add(new Conv2d(in, c, 3, Conv.padding(1)));
            if (batchNorm) layers.add(new BatchNorm2d(c));
            layers.add(new ReLU());
            in = c;
        }
        this.features = register("features", new Sequential(layers.toArray(Module[]::new)));
        if (cifar) {
            this.avgpool = register("avgpool", new Identity());
            this.classifier = register("classifier", new Sequential(new Linear(512, numClasses)));
        } else {
            this.avgpool = register("avgpool", new AdaptiveAvgPool2d(7, 7));
            this.classifier = register("classifier", new Sequential(
                    new Linear(512 * 7 * 7, 4096), new ReLU(), new Dropout(dropout),
                    new Linear(4096, 4096), new ReLU(), new Dropout(dropout),
                    new Linear(4096, numClasses)));
        }
        initWeights();
    }

    private void initWeights() {
        apply(m -> {
            if (m instanceof Conv2d conv) {
                Init.kaimingNormal_(conv.weight(), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU);
                if (conv.bias() != null) Init.zeros_(conv.bias());
            } else if (m instanceof BatchNorm2d bn) {
                Init.ones_(bn.weight());
                Init.zeros_(bn.bias());
            } else if (m instanceof Linear fc) {
                Init.normal_(fc.weight(), 0, 0.01);
                Init.zeros_(fc.bias());
            }
        });
    }

    @Override
    public Tensor forward(Tensor input) {
        String name = "Vgg" + depth + (batchNorm ? "_bn" : "") + (cifar ? " (CIFAR form)" : "");
        if (cifar) Shapes.check(name, input, 3, 32, 32);
        else Shapes.checkMin(name, input, 3, 32);
        return classifier.call(flatten.call(avgpool.call(features.call(input))));
    }

    @Override
    protected String extraRepr() { return "depth=" + depth + ", batch_norm=" + batchNorm + (cifar ? ", cifar" : ""); }
}
