package dev.dendrite.zoo;

import dev.dendrite.nn.AvgPool2d;
import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.init.Init;
import dev.dendrite.functional.F;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Densely connected networks (Huang et al., 2017, "Densely Connected Convolutional Networks"), the
 * ImageNet DenseNet-BC form as torchvision's: every layer of a dense block sees the concatenation
 * of all earlier feature maps of the block and adds {@code growthRate} channels; transitions
 * between blocks halve the channels (compression 0.5) and the resolution.
 *
 * <p>Layout: {@code features} = {@code conv0} (7x7/2, 64) → {@code norm0} → {@code relu0} →
 * {@code pool0} (3x3/2 max) → {@code denseblock1} → {@code transition1} → ... →
 * {@code denseblock4} → {@code norm5}; then ReLU, global average pool and {@code classifier}. A
 * dense layer is {@code norm1, relu1, conv1} (1x1, bnSize * growthRate) and {@code norm2, relu2,
 * conv2} (3x3, growthRate); a transition is {@code norm, relu, conv} (1x1), {@code pool} (2x2
 * average). Keys as torchvision's current ones: {@code features.conv0.weight,
 * features.denseblock1.denselayer1.norm1.weight, features.transition1.conv.weight,
 * features.norm5.running_mean, classifier.bias}. Input 3x224x224 (at least 29x29: three 2x2 pools
 * follow the stride-4 stem), output [N, numClasses].
 *
 * <table>
 * <caption>Configurations (growth rate 32, 64 initial features, bn size 4)</caption>
 * <tr><th>model</th><th>layers per block</th><th>params (1000 classes)</th></tr>
 * <tr><td>densenet121</td><td>6, 12, 24, 16</td><td>7,978,856</td></tr>
 * <tr><td>densenet169</td><td>6, 12, 32, 32</td><td>14,149,480</td></tr>
 * <tr><td>densenet201</td><td>6, 12, 48, 32</td><td>20,013,928</td></tr>
 * </table>
 *
 * <p>The small-input form ({@link #cifarBC}, {@link Stem#CIFAR}) is the paper's CIFAR DenseNet-BC:
 * the stem is one 3x3 convolution to twice the growth rate (key {@code features.conv0.weight}),
 * followed by three dense blocks; the rest is as above.
 *
 * <p>Initialization as torchvision's: convolutions Kaiming-normal (fan_in, gain sqrt 2), batch norms
 * weight 1 and bias 0, classifier bias 0 (weight PyTorch's Linear default).
 */
public class DenseNet extends Module {
    public final int growthRate, numInitFeatures, bnSize, numClasses;
    public final double dropRate;
    private final int[] blockConfig;
    private final NamedSequential features;
    private final Linear classifier;

    /** The stem in front of the first dense block. */
    public enum Stem {
        /** 7x7/2 convolution, batch norm, ReLU, 3x3/2 max pool (children conv0, norm0, relu0, pool0): 224x224 input. */
        IMAGENET,
        /** A single 3x3 convolution (child conv0), as the paper's CIFAR/SVHN networks: 32x32 input. */
        CIFAR
    }

    public final Stem stem;

    public DenseNet(int growthRate, int[] blockConfig, int numInitFeatures, int bnSize, double dropRate, int numClasses) {
        this(Stem.IMAGENET, growthRate, blockConfig, numInitFeatures, bnSize, dropRate, numClasses);
    }

    public DenseNet(Stem stem, int growthRate, int[] blockConfig, int numInitFeatures, int bnSize, double dropRate, int numClasses) {
        if (growthRate < 1 || numInitFeatures < 1 || bnSize < 1 || numClasses < 1 || blockConfig.length == 0
                || Arrays.stream(blockConfig).anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("DenseNet: growth_rate, num_init_features, bn_size, num_classes and every block's "
                    + "layer count must be positive, got " + growthRate + ", " + numInitFeatures + ", " + bnSize + ", "
                    + numClasses + ", " + Arrays.toString(blockConfig));
        }
        if (!(dropRate >= 0 && dropRate < 1)) throw new IllegalArgumentException("DenseNet: drop_rate must lie in [0, 1), got " + dropRate);
        this.growthRate = growthRate;
        this.blockConfig = blockConfig.clone();
        this.numInitFeatures = numInitFeatures;
        this.bnSize = bnSize;
        this.dropRate = dropRate;
        this.numClasses = numClasses;
        features = register("features", new NamedSequential());
        this.stem = stem;
        if (stem == Stem.IMAGENET) {
            features.add("conv0", new Conv2d(3, numInitFeatures, 7, Conv.stride(2).padding(3).bias(false)));
            features.add("norm0", new BatchNorm2d(numInitFeatures));
            features.add("relu0", new ReLU());
            features.add("pool0", new MaxPool2d(3, 2, 1));
        } else {
            features.add("conv0", new Conv2d(3, numInitFeatures, 3, Conv.padding(1).bias(false)));
        }
        int channels = numInitFeatures;
        for (int i = 0; i < blockConfig.length; i++) {
            features.add("denseblock" + (i + 1), new DenseBlock(blockConfig[i], channels, bnSize, growthRate, dropRate));
            channels += blockConfig[i] * growthRate;
            if (i != blockConfig.length - 1) {
                features.add("transition" + (i + 1), new Transition(channels, channels / 2));
                channels /= 2;
            }
        }
        features.add("norm5", new BatchNorm2d(channels));
        classifier = register("classifier", new Linear(channels, numClasses));
        for (Module m : modules()) {
            if (m instanceof Conv2d c) Init.kaimingNormal_(c.weight());
            else if (m instanceof BatchNorm2d bn) {
                Init.ones_(bn.weight());
                Init.zeros_(bn.bias());
            } else if (m instanceof Linear l) Init.zeros_(l.bias());
        }
    }

    public int[] blockConfig() { return blockConfig.clone(); }

    @Override
    public Tensor forward(Tensor x) {
        // each transition's 2x2 pool needs at least 2 pixels: 29 after the stride-4 ImageNet stem, 4 after the CIFAR one
        Shapes.checkMin("DenseNet", x, 3, stem == Stem.IMAGENET ? 29 : 1 << (blockConfig.length - 1));
        Tensor f = features.call(x).relu();
        return classifier.call(f.mean(new int[] {2, 3}, false));
    }

    /** One layer of a dense block: BN-ReLU-conv1x1 to bnSize * growth, BN-ReLU-conv3x3 to growth. */
    public static class DenseLayer extends Module {
        private final BatchNorm2d norm1, norm2;
        private final ReLU relu1, relu2;
        private final Conv2d conv1, conv2;
        private final double dropRate;

        DenseLayer(int inputFeatures, int growthRate, int bnSize, double dropRate) {
            norm1 = register("norm1", new BatchNorm2d(inputFeatures));
            relu1 = register("relu1", new ReLU());
            conv1 = register("conv1", new Conv2d(inputFeatures, bnSize * growthRate, 1, Conv.bias(false)));
            norm2 = register("norm2", new BatchNorm2d(bnSize * growthRate));
            relu2 = register("relu2", new ReLU());
            conv2 = register("conv2", new Conv2d(bnSize * growthRate, growthRate, 3, Conv.padding(1).bias(false)));
            this.dropRate = dropRate;
        }

        @Override
        public Tensor forward(Tensor concatenated) {
            Tensor out = conv2.call(relu2.call(norm2.call(conv1.call(relu1.call(norm1.call(concatenated))))));
            return dropRate > 0 ? F.dropout(out, dropRate, isTraining()) : out;
        }
    }

    /** A dense block: children {@code denselayer1..n}; the output concatenates the input and every layer's output. */
    public static class DenseBlock extends Module {
        private final List<DenseLayer> layers = new ArrayList<>();

        DenseBlock(int numLayers, int inputFeatures, int bnSize, int growthRate, double dropRate) {
            for (int i = 0; i < numLayers; i++) {
                layers.add(register("denselayer" + (i + 1),
                        new DenseLayer(inputFeatures + i * growthRate, growthRate, bnSize, dropRate)));
            }
        }

        @Override
        public Tensor forward(Tensor input) {
            List<Tensor> maps = new ArrayList<>();
            maps.add(input);
            for (DenseLayer layer : layers) {
                Tensor in = maps.size() == 1 ? input : Tensor.cat(maps.toArray(Tensor[]::new), 1);
                maps.add(layer.call(in));
            }
            return Tensor.cat(maps.toArray(Tensor[]::new), 1);
        }
    }

    /** Between dense blocks: BN, ReLU, 1x1 convolution, 2x2 average pool (children norm, relu, conv, pool). */
    public static class Transition extends NamedSequential {
        Transition(int in, int out) {
            add("norm", new BatchNorm2d(in));
            add("relu", new ReLU());
            add("conv", new Conv2d(in, out, 1, Conv.bias(false)));
            add("pool", new AvgPool2d(2, 2));
        }
    }

    public static DenseNet densenet121(int numClasses) { return new DenseNet(32, new int[] {6, 12, 24, 16}, 64, 4, 0, numClasses); }
    public static DenseNet densenet169(int numClasses) { return new DenseNet(32, new int[] {6, 12, 32, 32}, 64, 4, 0, numClasses); }
    public static DenseNet densenet201(int numClasses) { return new DenseNet(32, new int[] {6, 12, 48, 32}, 64, 4, 0, numClasses); }

    /**
     * The paper's CIFAR DenseNet-BC with depth {@code depth} and growth rate {@code growthRate}:
     * a 3x3 stem to 2k channels, three dense blocks of (depth - 4) / 6 bottleneck layers each,
     * compression 0.5; L = 100, k = 12 is the paper's 0.8M-parameter network (769,162 parameters
     * at 10 classes). Input 3x32x32.
     */
    public static DenseNet cifarBC(int depth, int growthRate, int numClasses) {
        if (depth < 10 || (depth - 4) % 6 != 0) {
            throw new IllegalArgumentException("DenseNet: a CIFAR DenseNet-BC has depth 6n + 4 (40, 100, 190, ...), got " + depth);
        }
        int n = (depth - 4) / 6;
        return new DenseNet(Stem.CIFAR, growthRate, new int[] {n, n, n}, 2 * growthRate, 4, 0, numClasses);
    }
}
