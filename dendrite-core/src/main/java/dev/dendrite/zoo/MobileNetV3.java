package dev.dendrite.zoo;

import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Hardsigmoid;
import dev.dendrite.nn.Hardswish;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.NormBase;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * MobileNetV3 Large and Small (Howard et al., 2019, "Searching for MobileNetV3") in torchvision's
 * form. Input 3x224x224, output [N, numClasses]; 5,483,032 (Large) and 2,542,856 (Small)
 * parameters at 1000 classes.
 *
 * <p>{@code features.0} is a 3x3/2 convolution to 16 channels (Conv-BN-Hardswish); then one
 * inverted residual block per row of {@link #LARGE} or {@link #SMALL}; then a 1x1 convolution to
 * six times the last block's channels (Hardswish). Global average pool; {@code classifier} = Linear
 * ({@code classifier.0}, to 1280 or 1024) → Hardswish → Dropout(0.2) → Linear
 * ({@code classifier.3}). Batch norms use eps 0.001 and momentum 0.01.
 *
 * <p>A block's child {@code block} is a Sequential of [1x1 expand, omitted when the expanded
 * channels equal the input's] → k x k depthwise → [squeeze-excitation to
 * {@code makeDivisible(expanded / 4, 8)} channels with a hard-sigmoid gate] → 1x1 linear projection;
 * residual when the stride is 1 and the channels are unchanged. Keys as torchvision's:
 * {@code features.1.block.0.0.weight, features.1.block.1.fc1.weight, features.4.block.2.fc2.bias,
 * classifier.3.weight}. Initialization as torchvision's (see {@code Channels.initMobile}).
 */
public class MobileNetV3 extends Module {
    /**
     * One block: input channels, kernel, expanded channels, output channels, squeeze-excitation,
     * hard-swish (else ReLU), stride.
     */
    public record BlockConfig(int in, int kernel, int expanded, int out, boolean se, boolean hardswish, int stride) {}

    /** torchvision's Large settings (the paper's Table 1). */
    public static final List<BlockConfig> LARGE = List.of(
            new BlockConfig(16, 3, 16, 16, false, false, 1),
            new BlockConfig(16, 3, 64, 24, false, false, 2),
            new BlockConfig(24, 3, 72, 24, false, false, 1),
            new BlockConfig(24, 5, 72, 40, true, false, 2),
            new BlockConfig(40, 5, 120, 40, true, false, 1),
            new BlockConfig(40, 5, 120, 40, true, false, 1),
            new BlockConfig(40, 3, 240, 80, false, true, 2),
            new BlockConfig(80, 3, 200, 80, false, true, 1),
            new BlockConfig(80, 3, 184, 80, false, true, 1),
            new BlockConfig(80, 3, 184, 80, false, true, 1),
            new BlockConfig(80, 3, 480, 112, true, true, 1),
            new BlockConfig(112, 3, 672, 112, true, true, 1),
            new BlockConfig(112, 5, 672, 160, true, true, 2),
            new BlockConfig(160, 5, 960, 160, true, true, 1),
            new BlockConfig(160, 5, 960, 160, true, true, 1));

    /** torchvision's Small settings (the paper's Table 2). */
    public static final List<BlockConfig> SMALL = List.of(
            new BlockConfig(16, 3, 16, 16, true, false, 2),
            new BlockConfig(16, 3, 72, 24, false, false, 2),
            new BlockConfig(24, 3, 88, 24, false, false, 1),
            new BlockConfig(24, 5, 96, 40, true, true, 2),
            new BlockConfig(40, 5, 240, 40, true, true, 1),
            new BlockConfig(40, 5, 240, 40, true, true, 1),
            new BlockConfig(40, 5, 120, 48, true, true, 1),
            new BlockConfig(48, 5, 144, 48, true, true, 1),
            new BlockConfig(48, 5, 288, 96, true, true, 2),
            new BlockConfig(96, 5, 576, 96, true, true, 1),
            new BlockConfig(96, 5, 576, 96, true, true, 1));

    static final NormBase.Options BN = NormBase.Options.batchNorm().eps(0.001).momentum(0.01);

    public final int numClasses;
    private final Sequential features, classifier;

    public MobileNetV3(List<BlockConfig> settings, int lastChannel, int numClasses, double dropout) {
        if (numClasses < 1 || settings.isEmpty()) {
            throw new IllegalArgumentException("MobileNetV3: needs at least one block and positive num_classes, got "
                    + settings.size() + " blocks and " + numClasses);
        }
        this.numClasses = numClasses;
        List<Module> layers = new ArrayList<>();
        layers.add(new Conv2dNormActivation(3, settings.get(0).in(), 3, 2, 1, BN, Hardswish::new));
        for (BlockConfig c : settings) layers.add(new InvertedResidual(c));
        int lastIn = settings.get(settings.size() - 1).out(), lastOut = 6 * lastIn;
        layers.add(new Conv2dNormActivation(lastIn, lastOut, 1, 1, 1, BN, Hardswish::new));
        features = register("features", new Sequential(layers.toArray(Module[]::new)));
        classifier = register("classifier", new Sequential(new Linear(lastOut, lastChannel), new Hardswish(),
                new Dropout(dropout), new Linear(lastChannel, numClasses)));
        Channels.initMobile(this);
    }

    @Override
    public Tensor forward(Tensor x) {
        Shapes.checkMin("MobileNetV3", x, 3, 1);
        return classifier.call(features.call(x).mean(new int[] {2, 3}, false));
    }

    /** The MobileNetV3 block; its only child is {@code block}. */
    public static class InvertedResidual extends Module {
        private final Sequential block;
        private final boolean useResidual;

        InvertedResidual(BlockConfig c) {
            Supplier<Module> act = c.hardswish() ? Hardswish::new : ReLU::new;
            List<Module> layers = new ArrayList<>();
            if (c.expanded() != c.in()) layers.add(new Conv2dNormActivation(c.in(), c.expanded(), 1, 1, 1, BN, act));
            layers.add(new Conv2dNormActivation(c.expanded(), c.expanded(), c.kernel(), c.stride(), c.expanded(), BN, act));
            if (c.se()) {
                layers.add(new SqueezeExcitation(c.expanded(), Channels.makeDivisible(c.expanded() / 4, 8),
                        ReLU::new, Hardsigmoid::new));
            }
            layers.add(new Conv2dNormActivation(c.expanded(), c.out(), 1, 1, 1, BN, null));
            block = register("block", new Sequential(layers.toArray(Module[]::new)));
            useResidual = c.stride() == 1 && c.in() == c.out();
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = block.call(x);
            return useResidual ? x.add(y) : y;
        }
    }

    public static MobileNetV3 large(int numClasses) { return new MobileNetV3(LARGE, 1280, numClasses, 0.2); }

    public static MobileNetV3 small(int numClasses) { return new MobileNetV3(SMALL, 1024, numClasses, 0.2); }
}
