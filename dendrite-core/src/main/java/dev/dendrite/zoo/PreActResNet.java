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
import dev.dendrite.tensor.Tensor;

/**
 * The pre-activation residual networks of He et al. (2016), "Identity Mappings in Deep Residual
 * Networks": each residual branch starts with batch norm and ReLU (BN → ReLU → conv → BN → ReLU →
 * conv [→ BN → ReLU → conv]) and nothing follows the addition, so the shortcut path is a clean
 * identity from the stem to the head. ImageNet form with the depths of {@link ResNet}'s configurations
 * (18, 34, 50, 101, 152); the ResNeXt/wide settings (groups, width per group) apply to the
 * bottleneck too. Input 3x224x224, output [N, numClasses].
 *
 * <p>Layout (as the authors' fb.resnet.torch {@code preresnet}): {@code conv1} (7x7/2) →
 * {@code bn1} → ReLU → max pool → {@code layer1..4} → {@code final_bn} → ReLU → average pool →
 * {@code fc}. The first block of {@code layer1} has no pre-activation of its own (the stem's
 * {@code bn1} already activated its input); the first block of layers 2-4 (and layer 1 with
 * bottlenecks) projects the shortcut from the pre-activated input with a plain 1x1 convolution
 * (no norm: the next block normalizes).
 *
 * <p>torchvision has no pre-activation ResNet; the key names here follow its ResNet's
 * conventions: {@code conv1.weight, bn1.*, layer1.0.conv1.weight, layer1.1.bn1.weight,
 * layer2.0.downsample.0.weight, layer4.1.bn2.running_var, final_bn.weight, fc.weight}. Within a
 * block, {@code bnK} is the norm in front of {@code convK}. Initialization as {@link ResNet}.
 */
public class PreActResNet extends Module {
    public final ResNet.Config config;
    public final int numClasses;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final ReLU relu;
    private final MaxPool2d maxpool;
    private final Sequential layer1, layer2, layer3, layer4;
    private final BatchNorm2d finalBn;
    private final AdaptiveAvgPool2d avgpool;
    private final Linear fc;

    public PreActResNet(ResNet.Config config, int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("PreActResNet: num_classes must be positive, got " + numClasses);
        this.config = config;
        this.numClasses = numClasses;
        conv1 = register("conv1", new Conv2d(3, 64, 7, Conv.stride(2).padding(3).bias(false)));
        bn1 = register("bn1", new BatchNorm2d(64));
        relu = register("relu", new ReLU());
        maxpool = register("maxpool", new MaxPool2d(3, 2, 1));
        int[] inplanes = {64};
        layer1 = register("layer1", makeLayer(inplanes, 64, config.layers()[0], 1, true));
        layer2 = register("layer2", makeLayer(inplanes, 128, config.layers()[1], 2, false));
        layer3 = register("layer3", makeLayer(inplanes, 256, config.layers()[2], 2, false));
        layer4 = register("layer4", makeLayer(inplanes, 512, config.layers()[3], 2, false));
        int features = 512 * config.block().expansion;
        finalBn = register("final_bn", new BatchNorm2d(features));
        avgpool = register("avgpool", new AdaptiveAvgPool2d(1));
        fc = register("fc", new Linear(features, numClasses));
        ResNet.initWeights(this);
    }

    private Sequential makeLayer(int[] inplanes, int planes, int blocks, int stride, boolean first) {
        int out = planes * config.block().expansion;
        Module[] list = new Module[blocks];
        for (int i = 0; i < blocks; i++) {
            int in = i == 0 ? inplanes[0] : out, s = i == 0 ? stride : 1;
            Sequential downsample = s != 1 || in != out ? new Sequential(new Conv2d(in, out, 1, Conv.stride(s).bias(false))) : null;
            list[i] = new Block(config, in, planes, s, downsample, !(first && i == 0));
        }
        inplanes[0] = out;
        return new Sequential(list);
    }

    @Override
    public Tensor forward(Tensor x) {
        Shapes.checkMin("PreActResNet", x, 3, 1);
        x = maxpool.call(relu.call(bn1.call(conv1.call(x))));
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        x = relu.call(finalBn.call(x));
        return fc.call(avgpool.call(x).flatten(1, -1));
    }

    /**
     * A pre-activation block, basic (bn1, conv1, bn2, conv2) or bottleneck (bn1, conv1, bn2, conv2,
     * bn3, conv3), with an optional projection {@code downsample}.
     */
    public static class Block extends Module {
        private final BatchNorm2d bn1;
        private final Conv2d[] convs;
        private final BatchNorm2d[] norms;
        private final ReLU relu;
        private final Sequential downsample;

        Block(ResNet.Config config, int in, int planes, int stride, Sequential downsample, boolean preact) {
            boolean bottleneck = config.block() == ResNet.BlockType.BOTTLENECK;
            bn1 = preact ? register("bn1", new BatchNorm2d(in)) : null;
            if (bottleneck) {
                int width = (int) (planes * (config.widthPerGroup() / 64.0)) * config.groups();
                Conv2d c1 = register("conv1", new Conv2d(in, width, 1, Conv.bias(false)));
                BatchNorm2d b2 = register("bn2", new BatchNorm2d(width));
                Conv2d c2 = register("conv2", new Conv2d(width, width, 3,
                        Conv.stride(stride).padding(1).groups(config.groups()).bias(false)));
                BatchNorm2d b3 = register("bn3", new BatchNorm2d(width));
                Conv2d c3 = register("conv3", new Conv2d(width, planes * 4, 1, Conv.bias(false)));
                convs = new Conv2d[] {c1, c2, c3};
                norms = new BatchNorm2d[] {b2, b3};
            } else {
                Conv2d c1 = register("conv1", new Conv2d(in, planes, 3, Conv.stride(stride).padding(1).bias(false)));
                BatchNorm2d b2 = register("bn2", new BatchNorm2d(planes));
                Conv2d c2 = register("conv2", new Conv2d(planes, planes, 3, Conv.padding(1).bias(false)));
                convs = new Conv2d[] {c1, c2};
                norms = new BatchNorm2d[] {b2};
            }
            relu = register("relu", new ReLU());
            this.downsample = downsample == null ? null : register("downsample", downsample);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor pre = bn1 == null ? x : relu.call(bn1.call(x));
            // the projection sees the pre-activated input; the identity shortcut the raw one
            Tensor shortcut = downsample == null ? x : downsample.call(pre);
            Tensor out = convs[0].call(pre);
            for (int i = 0; i < norms.length; i++) out = convs[i + 1].call(relu.call(norms[i].call(out)));
            return out.add(shortcut);
        }
    }

    public static PreActResNet preactResnet18(int numClasses) { return new PreActResNet(ResNet.RESNET18, numClasses); }
    public static PreActResNet preactResnet34(int numClasses) { return new PreActResNet(ResNet.RESNET34, numClasses); }
    public static PreActResNet preactResnet50(int numClasses) { return new PreActResNet(ResNet.RESNET50, numClasses); }
    public static PreActResNet preactResnet101(int numClasses) { return new PreActResNet(ResNet.RESNET101, numClasses); }
    public static PreActResNet preactResnet152(int numClasses) { return new PreActResNet(ResNet.RESNET152, numClasses); }
}
