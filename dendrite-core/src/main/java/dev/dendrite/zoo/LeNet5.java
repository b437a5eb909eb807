package dev.dendrite.zoo;

import dev.dendrite.nn.AvgPool2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Tanh;
import dev.dendrite.tensor.Tensor;

/**
 * LeNet-5 (LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to document
 * recognition", 1998), for 1-channel digit images.
 *
 * <table>
 *   <caption>Layers (input 1x32x32, or 1x28x28 with padding 2 on C1)</caption>
 *   <tr><th>layer</th><th>paper</th><th>here</th><th>output</th></tr>
 *   <tr><td>C1</td><td>6 maps, 5x5</td><td>{@code features.0} Conv2d(1, 6, 5)</td><td>6x28x28</td></tr>
 *   <tr><td>S2</td><td>2x2 subsampling</td><td>{@code features.2} 2x2 average (classic) or max (modern) pooling</td><td>6x14x14</td></tr>
 *   <tr><td>C3</td><td>16 maps, 5x5, partial connection table</td><td>{@code features.3} Conv2d(6, 16, 5), fully connected</td><td>16x10x10</td></tr>
 *   <tr><td>S4</td><td>2x2 subsampling</td><td>{@code features.5} pooling</td><td>16x5x5</td></tr>
 *   <tr><td>C5</td><td>120 maps, 5x5 (on a 5x5 input: a full layer)</td><td>{@code classifier.0} Linear(400, 120)</td><td>120</td></tr>
 *   <tr><td>F6</td><td>84 units</td><td>{@code classifier.2} Linear(120, 84)</td><td>84</td></tr>
 *   <tr><td>output</td><td>10 RBF units</td><td>{@code classifier.4} Linear(84, numClasses)</td><td>numClasses</td></tr>
 * </table>
 *
 * <p>Two forms share these layers and key names ({@code features.*}, {@code classifier.*}, as
 * torchvision lays out AlexNet and VGG; torchvision has no LeNet) and the parameter count
 * (61,706 for 10 classes):
 * <ul>
 *   <li>{@link Style#CLASSIC}: tanh activations and average pooling, the paper's choice of a
 *       squashing function and subsampling (without the paper's trainable subsampling
 *       coefficients, its 1.7159·tanh(2x/3) scaling, its partial C3 connection table and its
 *       RBF output: those are replaced by their now-standard equivalents);</li>
 *   <li>{@link Style#MODERN}: ReLU and max pooling, the variant most tutorials train today; it
 *       learns faster with the same parameters.</li>
 * </ul>
 * The input is 1x32x32 as in the paper, or MNIST's native 1x28x28 with padding 2 on C1 (which
 * gives the same 28x28 C1 maps); choose with {@code inputSize}. Weights use PyTorch's default
 * layer initialization.
 */
public class LeNet5 extends Module {
    /** The activation and pooling choice; see the class comment. */
    public enum Style { CLASSIC, MODERN }

    public final Style style;
    public final int inputSize;
    public final Sequential features, classifier;
    private final Flatten flatten = new Flatten();

    /** The classic form for 1x28x28 MNIST input, 10 classes. */
    public LeNet5() { this(Style.CLASSIC, 28, 10); }

    /**
     * @param style      classic (tanh, average pooling) or modern (ReLU, max pooling)
     * @param inputSize  28 (C1 pads by 2) or 32 (no padding, as in the paper)
     * @param numClasses the number of outputs
     */
    public LeNet5(Style style, int inputSize, int numClasses) {
        if (inputSize != 28 && inputSize != 32) {
            throw new IllegalArgumentException("LeNet5: inputSize must be 28 (padded) or 32, got " + inputSize);
        }
        if (numClasses < 1) throw new IllegalArgumentException("LeNet5: numClasses must be positive, got " + numClasses);
        this.style = style;
        this.inputSize = inputSize;
        int pad = inputSize == 28 ? 2 : 0;
        this.features = register("features", new Sequential(
                new Conv2d(1, 6, 5, Conv.padding(pad)), activation(), pool(),
                new Conv2d(6, 16, 5), activation(), pool()));
        this.classifier = register("classifier", new Sequential(
                new Linear(16 * 5 * 5, 120), activation(),
                new Linear(120, 84), activation(),
                new Linear(84, numClasses)));
    }

    private Module activation() { return style == Style.CLASSIC ? new Tanh() : new ReLU(); }

    private Module pool() { return style == Style.CLASSIC ? new AvgPool2d(2) : new MaxPool2d(2); }

    @Override
    public Tensor forward(Tensor input) {
        Shapes.check("LeNet5", input, 1, inputSize, inputSize);
        return classifier.call(flatten.call(features.call(input)));
    }

    @Override
    protected String extraRepr() { return "style=" + style + ", input_size=" + inputSize; }
}
