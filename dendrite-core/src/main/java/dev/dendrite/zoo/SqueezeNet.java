package dev.dendrite.zoo;

import dev.dendrite.nn.AdaptiveAvgPool2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.init.Init;
import dev.dendrite.tensor.Tensor;

/**
 * SqueezeNet 1.1 (Iandola et al., "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters
 * and &lt;0.5MB model size", 2016; version 1.1 from the authors' repository: a 3x3/64 first
 * convolution and earlier pooling, 2.4x less computation than 1.0 at the same accuracy), in
 * torchvision's layout. Native input 3x224x224 (any size >= 17).
 *
 * <table>
 *   <caption>Layers (keys as torchvision's)</caption>
 *   <tr><th>key</th><th>layer</th><th>output at 224</th></tr>
 *   <tr><td>features.0</td><td>Conv2d(3, 64, 3, stride 2) + ReLU</td><td>64x111x111</td></tr>
 *   <tr><td>features.2</td><td>MaxPool2d(3, 2, ceil mode)</td><td>64x55x55</td></tr>
 *   <tr><td>features.3, 4</td><td>Fire(64, 16, 64, 64), Fire(128, 16, 64, 64)</td><td>128x55x55</td></tr>
 *   <tr><td>features.5</td><td>MaxPool2d(3, 2, ceil mode)</td><td>128x27x27</td></tr>
 *   <tr><td>features.6, 7</td><td>Fire(128, 32, 128, 128), Fire(256, 32, 128, 128)</td><td>256x27x27</td></tr>
 *   <tr><td>features.8</td><td>MaxPool2d(3, 2, ceil mode)</td><td>256x13x13</td></tr>
 *   <tr><td>features.9 - 12</td><td>Fire 48/192/192 (twice), Fire 64/256/256 (twice)</td><td>512x13x13</td></tr>
 *   <tr><td>classifier.1</td><td>Dropout(0.5), Conv2d(512, numClasses, 1) + ReLU, AdaptiveAvgPool2d(1)</td><td>numClasses</td></tr>
 * </table>
 * A Fire module ({@code squeeze}, {@code expand1x1}, {@code expand3x3}) squeezes with a 1x1
 * convolution and concatenates a 1x1 and a 3x3 (padding 1) expansion, each with ReLU.
 * 1,235,496 parameters with 1000 classes. Initialization as torchvision: convolutions
 * kaiming-uniform (PyTorch's defaults, a = 0) except the final one, N(0, 0.01); biases zero.
 */
public class SqueezeNet extends Module {
    /** The Fire module. */
    public static final class Fire extends Module {
        public final Conv2d squeeze, expand1x1, expand3x3;

        public Fire(int inplanes, int squeezePlanes, int expand1x1Planes, int expand3x3Planes) {
            squeeze = register("squeeze", new Conv2d(inplanes, squeezePlanes, 1));
            register("squeeze_activation", new ReLU());
            expand1x1 = register("expand1x1", new Conv2d(squeezePlanes, expand1x1Planes, 1));
            register("expand1x1_activation", new ReLU());
            expand3x3 = register("expand3x3", new Conv2d(squeezePlanes, expand3x3Planes, 3, Conv.padding(1)));
            register("expand3x3_activation", new ReLU());
        }

        @Override
        public Tensor forward(Tensor input) {
            Tensor s = squeeze.call(input).relu();
            return Tensor.cat(new Tensor[] {expand1x1.call(s).relu(), expand3x3.call(s).relu()}, 1);
        }
    }

    public final Sequential features, classifier;
    public final Conv2d finalConv;

    public SqueezeNet() { this(1000, 0.5); }

    public SqueezeNet(int numClasses) { this(numClasses, 0.5); }

    public SqueezeNet(int numClasses, double dropout) {
        if (numClasses < 1) throw new IllegalArgumentException("SqueezeNet: numClasses must be positive, got " + numClasses);
        features = register("features", new Sequential(
                new Conv2d(3, 64, 3, Conv.stride(2)), new ReLU(), ceilPool(),
                new Fire(64, 16, 64, 64), new Fire(128, 16, 64, 64), ceilPool(),
                new Fire(128, 32, 128, 128), new Fire(256, 32, 128, 128), ceilPool(),
                new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192),
                new Fire(384, 64, 256, 256), new Fire(512, 64, 256, 256)));
        finalConv = new Conv2d(512, numClasses, 1);
        classifier = register("classifier", new Sequential(new Dropout(dropout), finalConv, new ReLU(), new AdaptiveAvgPool2d(1)));
        apply(m -> {
            if (m instanceof Conv2d conv) {
                if (conv == finalConv) Init.normal_(conv.weight(), 0, 0.01);
                else Init.kaimingUniform_(conv.weight());
                if (conv.bias() != null) Init.zeros_(conv.bias());
            }
        });
    }

    private static MaxPool2d ceilPool() {
        return new MaxPool2d(new int[] {3}, new int[] {2}, new int[] {0}, new int[] {1}, true);
    }

    @Override
    public Tensor forward(Tensor input) {
        Shapes.checkMin("SqueezeNet", input, 3, 17);
        return classifier.call(features.call(input)).flatten(1, -1);
    }
}
