package dev.dendrite.zoo;

import dev.dendrite.nn.AdaptiveAvgPool2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Tensor;

/**
 * AlexNet (Krizhevsky, Sutskever and Hinton, "ImageNet classification with deep convolutional
 * neural networks", 2012) in torchvision's single-tower form (after Krizhevsky's "One weird trick
 * for parallelizing convolutional neural networks", 2014: 64/192/384/256/256 filters, no local
 * response normalization). Native input 3x224x224; any input of at least 63x63 works, the
 * adaptive pooling bringing the maps to 6x6.
 *
 * <table>
 *   <caption>Layers (state-dict keys as torchvision's)</caption>
 *   <tr><th>key</th><th>layer</th><th>output at 224</th></tr>
 *   <tr><td>features.0</td><td>Conv2d(3, 64, 11, stride 4, padding 2) + ReLU</td><td>64x55x55</td></tr>
 *   <tr><td>features.2</td><td>MaxPool2d(3, 2)</td><td>64x27x27</td></tr>
 *   <tr><td>features.3</td><td>Conv2d(64, 192, 5, padding 2) + ReLU, MaxPool2d(3, 2)</td><td>192x13x13</td></tr>
 *   <tr><td>features.6, 8, 10</td><td>Conv2d 3x3 to 384, 256, 256 + ReLU, MaxPool2d(3, 2)</td><td>256x6x6</td></tr>
 *   <tr><td>avgpool</td><td>AdaptiveAvgPool2d(6, 6)</td><td>256x6x6</td></tr>
 *   <tr><td>classifier.1, 4, 6</td><td>Dropout, Linear(9216, 4096), ReLU, Dropout, Linear(4096, 4096), ReLU, Linear(4096, numClasses)</td><td>numClasses</td></tr>
 * </table>
 *
 * 61,100,840 parameters with 1000 classes. Initialization: PyTorch's layer defaults, as
 * torchvision (which sets none of its own for AlexNet).
 */
public class AlexNet extends Module {
    public final Sequential features, classifier;
    public final AdaptiveAvgPool2d avgpool;
    private final Flatten flatten = new Flatten();

    public AlexNet() { this(1000, 0.5); }

    public AlexNet(int numClasses) { this(numClasses, 0.5); }

    /** @param dropout the probability of both dropout layers (torchvision's {@code dropout}, 0.5) */
    public AlexNet(int numClasses, double dropout) {
        if (numClasses < 1) throw new IllegalArgumentException("AlexNet: numClasses must be positive, got " + numClasses);
        this.features = register("features", new Sequential(
                new Conv2d(3, 64, 11, Conv.stride(4).padding(2)), new ReLU(), new MaxPool2d(3, 2),
                new Conv2d(64, 192, 5, Conv.padding(2)), new ReLU(), new MaxPool2d(3, 2),
                new Conv2d(192, 384, 3, Conv.padding(1)), new ReLU(),
                new Conv2d(384, 256, 3, Conv.padding(1)), new ReLU(),
                new Conv2d(256, 256, 3, Conv.padding(1)), new ReLU(), new MaxPool2d(3, 2)));
        this.avgpool = register("avgpool", new AdaptiveAvgPool2d(6, 6));
        this.classifier = register("classifier", new Sequential(
                new Dropout(dropout), new Linear(256 * 6 * 6, 4096), new ReLU(),
                new Dropout(dropout), new Linear(4096, 4096), new ReLU(),
                new Linear(4096, numClasses)));
    }

    @Override
    public Tensor forward(Tensor input) {
        Shapes.checkMin("AlexNet", input, 3, 63);
        return classifier.call(flatten.call(avgpool.call(features.call(input))));
    }
}
