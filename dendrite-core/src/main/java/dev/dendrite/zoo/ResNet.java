package dev.dendrite.zoo;

import dev.dendrite.nn.AdaptiveAvgPool2d;
import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.init.Init;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ImageNet residual networks of He et al. (2015), "Deep Residual Learning for Image
 * Recognition", in torchvision's form, together with their widened and grouped relatives
 * ResNeXt (Xie et al., 2017) and Wide ResNet (Zagoruyko and Komodakis, 2016).
 *
 * <p>Layout: {@code conv1} (7x7/2, 64) → {@code bn1} → ReLU → 3x3/2 max pool → {@code layer1..4}
 * (64, 128, 256, 512 planes; the first block of layers 2-4 has stride 2) → global average pool →
 * {@code fc}. Input 3x224x224 (any size ≥ 32 works: the pool is adaptive), output [N, numClasses].
 *
 * <table>
 * <caption>Configurations (params at 1000 classes, as torchvision's)</caption>
 * <tr><th>model</th><th>block</th><th>blocks per layer</th><th>groups x width</th><th>params</th></tr>
 * <tr><td>resnet18</td><td>basic</td><td>2, 2, 2, 2</td><td>1x64</td><td>11,689,512</td></tr>
 * <tr><td>resnet34</td><td>basic</td><td>3, 4, 6, 3</td><td>1x64</td><td>21,797,672</td></tr>
 * <tr><td>resnet50</td><td>bottleneck</td><td>3, 4, 6, 3</td><td>1x64</td><td>25,557,032</td></tr>
 * <tr><td>resnet101</td><td>bottleneck</td><td>3, 4, 23, 3</td><td>1x64</td><td>44,549,160</td></tr>
 * <tr><td>resnet152</td><td>bottleneck</td><td>3, 8, 36, 3</td><td>1x64</td><td>60,192,808</td></tr>
 * <tr><td>resnext50_32x4d</td><td>bottleneck</td><td>3, 4, 6, 3</td><td>32x4</td><td>25,028,904</td></tr>
 * <tr><td>wide_resnet50_2</td><td>bottleneck</td><td>3, 4, 6, 3</td><td>1x128</td><td>68,883,240</td></tr>
 * </table>
 *
 * <p>As torchvision's ("ResNet v1.5"), the bottleneck strides in its 3x3 convolution, not the
 * first 1x1; a block whose shape changes has a projection shortcut {@code downsample} = 1x1
 * convolution ({@code downsample.0}) + batch norm ({@code downsample.1}). State-dict keys are
 * torchvision's: {@code conv1.weight, bn1.running_mean, layer1.0.conv1.weight,
 * layer2.0.downsample.0.weight, layer4.2.bn3.weight, fc.bias}. Initialization is torchvision's:
 * convolutions Kaiming-normal (fan_out, ReLU gain), batch norms weight 1 and bias 0, {@code fc}
 * PyTorch's Linear default; with {@code zeroInitResidual} the last batch norm of every residual
 * branch starts at weight 0, so each block starts as the identity (Goyal et al., 2017).
 */
public class ResNet extends Module {
    /** The residual block kinds. */
    public enum BlockType {
        /** Two 3x3 convolutions (ResNet-18/34); expansion 1. */
        BASIC(1),
        /** 1x1 reduce, 3x3 (grouped for ResNeXt), 1x1 expand by 4 (ResNet-50 and deeper). */
        BOTTLENECK(4);

        public final int expansion;

        BlockType(int expansion) { this.expansion = expansion; }
    }

    /**
     * An architecture: the block kind, the number of blocks in each of the four layers, the groups
     * and per-group width of the bottleneck's 3x3 convolution (1 and 64 for plain ResNets).
     */
    public record Config(BlockType block, int[] layers, int groups, int widthPerGroup) {
        public Config {
            if (layers.length != 4 || Arrays.stream(layers).anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("ResNet: expected 4 positive block counts, got " + Arrays.toString(layers));
            }
            if (block == BlockType.BASIC && (groups != 1 || widthPerGroup != 64)) {
                throw new IllegalArgumentException("ResNet: BasicBlock only supports groups=1 and width_per_group=64, got "
                        + groups + " and " + widthPerGroup);
            }
            layers = layers.clone();
        }
    }

    public static final Config RESNET18 = new Config(BlockType.BASIC, new int[] {2, 2, 2, 2}, 1, 64);
    public static final Config RESNET34 = new Config(BlockType.BASIC, new int[] {3, 4, 6, 3}, 1, 64);
    public static final Config RESNET50 = new Config(BlockType.BOTTLENECK, new int[] {3, 4, 6, 3}, 1, 64);
    public static final Config RESNET101 = new Config(BlockType.BOTTLENECK, new int[] {3, 4, 23, 3}, 1, 64);
    public static final Config RESNET152 = new Config(BlockType.BOTTLENECK, new int[] {3, 8, 36, 3}, 1, 64);
    public static final Config RESNEXT50_32X4D = new Config(BlockType.BOTTLENECK, new int[] {3, 4, 6, 3}, 32, 4);
    public static final Config WIDE_RESNET50_2 = new Config(BlockType.BOTTLENECK, new int[] {3, 4, 6, 3}, 1, 128);

    public final Config config;
    public final int numClasses;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final ReLU relu;
    private final MaxPool2d maxpool;
    private final Sequential layer1, layer2, layer3, layer4;
    private final AdaptiveAvgPool2d avgpool;
    private final Linear fc;

    public ResNet(Config config, int numClasses) { this(config, numClasses, false); }

    public ResNet(Config config, int numClasses, boolean zeroInitResidual) {
        if (numClasses < 1) throw new IllegalArgumentException("ResNet: num_classes must be positive, got " + numClasses);
        this.config = config;
        this.numClasses = numClasses;
        conv1 = register("conv1", new Conv2d(3, 64, 7, Conv.stride(2).padding(3).bias(false)));
        bn1 = register("bn1", new BatchNorm2d(64));
        relu = register("relu", new ReLU());
        maxpool = register("maxpool", new MaxPool2d(3, 2, 1));
        int[] inplanes = {64};
        layer1 = register("layer1", makeLayer(inplanes, 64, config.layers()[0], 1));
        layer2 = register("layer2", makeLayer(inplanes, 128, config.layers()[1], 2));
        layer3 = register("layer3", makeLayer(inplanes, 256, config.layers()[2], 2));
        layer4 = register("layer4", makeLayer(inplanes, 512, config.layers()[3], 2));
        avgpool = register("avgpool", new AdaptiveAvgPool2d(1));
        fc = register("fc", new Linear(512 * config.block().expansion, numClasses));
        initWeights(this);
        if (zeroInitResidual) {
            for (Module m : modules()) {
                if (m instanceof Bottleneck b) Init.zeros_(b.bn3.weight());
                else if (m instanceof BasicBlock b) Init.zeros_(b.bn2.weight());
            }
        }
    }

    private Sequential makeLayer(int[] inplanes, int planes, int blocks, int stride) {
        int expansion = config.block().expansion;
        Sequential downsample = null;
        if (stride != 1 || inplanes[0] != planes * expansion) {
            downsample = new Sequential(new Conv2d(inplanes[0], planes * expansion, 1, Conv.stride(stride).bias(false)),
                    new BatchNorm2d(planes * expansion));
        }
        List<Module> blockList = new ArrayList<>();
        blockList.add(block(inplanes[0], planes, stride, downsample));
        inplanes[0] = planes * expansion;
        for (int i = 1; i < blocks; i++) blockList.add(block(inplanes[0], planes, 1, null));
        return new Sequential(blockList.toArray(Module[]::new));
    }

    private Module block(int inplanes, int planes, int stride, Sequential downsample) {
        return config.block() == BlockType.BASIC
                ? new BasicBlock(inplanes, planes, stride, downsample)
                : new Bottleneck(inplanes, planes, stride, downsample, config.groups(), config.widthPerGroup());
    }

    /** torchvision's ResNet initialization: Kaiming-normal fan_out convolutions, unit batch norms. */
    static void initWeights(Module model) {
        for (Module m : model.modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight(), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU);
            } else if (m instanceof BatchNorm2d bn && bn.weight() != null) {
                Init.ones_(bn.weight());
                Init.zeros_(bn.bias());
            }
        }
    }

    /** The feature map before pooling: [N, 512 * expansion, H/32, W/32]. */
    public Tensor features(Tensor x) {
        Shapes.checkMin("ResNet", x, 3, 1);
        x = maxpool.call(relu.call(bn1.call(conv1.call(x))));
        return layer4.call(layer3.call(layer2.call(layer1.call(x))));
    }

    @Override
    public Tensor forward(Tensor x) {
        return fc.call(avgpool.call(features(x)).flatten(1, -1));
    }


    // ================================================================ the blocks

    /** Two 3x3 convolutions with a residual connection: children conv1, bn1, relu, conv2, bn2, downsample. */
    public static class BasicBlock extends Module {
        final Conv2d conv1, conv2;
        final BatchNorm2d bn1, bn2;
        final ReLU relu;
        final Sequential downsample;

        public BasicBlock(int inplanes, int planes, int stride, Sequential downsample) {
            conv1 = register("conv1", new Conv2d(inplanes, planes, 3, Conv.stride(stride).padding(1).bias(false)));
            bn1 = register("bn1", new BatchNorm2d(planes));
            relu = register("relu", new ReLU());
            conv2 = register("conv2", new Conv2d(planes, planes, 3, Conv.padding(1).bias(false)));
            bn2 = register("bn2", new BatchNorm2d(planes));
            this.downsample = downsample == null ? null : register("downsample", downsample);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = relu.call(bn1.call(conv1.call(x)));
            out = bn2.call(conv2.call(out));
            Tensor identity = downsample == null ? x : downsample.call(x);
            return relu.call(out.add(identity));
        }
    }

    /**
     * 1x1 (to width), 3x3 (stride, groups), 1x1 (to planes * 4) with a residual connection, where
     * width = planes * widthPerGroup / 64 * groups: children conv1, bn1, conv2, bn2, conv3, bn3,
     * relu, downsample.
     */
    public static class Bottleneck extends Module {
        final Conv2d conv1, conv2, conv3;
        final BatchNorm2d bn1, bn2, bn3;
        final ReLU relu;
        final Sequential downsample;

        public Bottleneck(int inplanes, int planes, int stride, Sequential downsample, int groups, int widthPerGroup) {
            int width = (int) (planes * (widthPerGroup / 64.0)) * groups;
            conv1 = register("conv1", new Conv2d(inplanes, width, 1, Conv.bias(false)));
            bn1 = register("bn1", new BatchNorm2d(width));
            conv2 = register("conv2", new Conv2d(width, width, 3, Conv.stride(stride).padding(1).groups(groups).bias(false)));
            bn2 = register("bn2", new BatchNorm2d(width));
            conv3 = register("conv3", new Conv2d(width, planes * 4, 1, Conv.bias(false)));
            bn3 = register("bn3", new BatchNorm2d(planes * 4));
            relu = register("relu", new ReLU());
            this.downsample = downsample == null ? null : register("downsample", downsample);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = relu.call(bn1.call(conv1.call(x)));
            out = relu.call(bn2.call(conv2.call(out)));
            out = bn3.call(conv3.call(out));
            Tensor identity = downsample == null ? x : downsample.call(x);
            return relu.call(out.add(identity));
        }
    }

    // ================================================================ factories

    public static ResNet resnet18(int numClasses) { return new ResNet(RESNET18, numClasses); }
    public static ResNet resnet34(int numClasses) { return new ResNet(RESNET34, numClasses); }
    public static ResNet resnet50(int numClasses) { return new ResNet(RESNET50, numClasses); }
    public static ResNet resnet101(int numClasses) { return new ResNet(RESNET101, numClasses); }
    public static ResNet resnet152(int numClasses) { return new ResNet(RESNET152, numClasses); }
    public static ResNet resnext50_32x4d(int numClasses) { return new ResNet(RESNEXT50_32X4D, numClasses); }
    public static ResNet wideResnet50_2(int numClasses) { return new ResNet(WIDE_RESNET50_2, numClasses); }
}
