package dev.dendrite.zoo;

import dev.dendrite.nn.AdaptiveAvgPool2d;
import dev.dendrite.nn.AvgPool2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Tensor;

/**
 * Network in Network (Lin, Chen and Yan, "Network in network", 2013): stacks of "mlpconv" blocks
 * (a spatial convolution followed by two 1x1 convolutions, each with ReLU) and global average
 * pooling over per-class maps instead of fully connected layers. torchvision has no NiN, so the
 * key names are this class's own, in torchvision's {@code features}/{@code classifier} style:
 * an mlpconv block is a Sequential (conv, ReLU, 1x1 conv, ReLU, 1x1 conv, ReLU), so its
 * convolutions are {@code .0}, {@code .2} and {@code .4}.
 *
 * <p><b>ImageNet form</b> (the Dive into Deep Learning layout, 3x224x224, any size >= 67):
 * <table>
 *   <caption>Keys and layers</caption>
 *   <tr><th>key</th><th>layer</th><th>output at 224</th></tr>
 *   <tr><td>features.0</td><td>mlpconv 96: 11x11 stride 4</td><td>96x54x54</td></tr>
 *   <tr><td>features.1</td><td>MaxPool2d(3, 2)</td><td>96x26x26</td></tr>
 *   <tr><td>features.2</td><td>mlpconv 256: 5x5 padding 2</td><td>256x26x26</td></tr>
 *   <tr><td>features.3</td><td>MaxPool2d(3, 2)</td><td>256x12x12</td></tr>
 *   <tr><td>features.4</td><td>mlpconv 384: 3x3 padding 1</td><td>384x12x12</td></tr>
 *   <tr><td>features.5, 6</td><td>MaxPool2d(3, 2), Dropout(0.5)</td><td>384x5x5</td></tr>
 *   <tr><td>classifier.0</td><td>mlpconv numClasses: 3x3 padding 1</td><td>numClasses x5x5</td></tr>
 *   <tr><td>classifier.1, 2</td><td>AdaptiveAvgPool2d(1), Flatten</td><td>numClasses</td></tr>
 * </table>
 * 7,439,608 parameters with 3 input channels and 1000 classes. (Dive into Deep Learning trains it
 * on 1-channel Fashion-MNIST resized to 224: {@code new NiN(1, 10)}.)
 *
 * <p><b>CIFAR form</b> ({@link #cifar}, the paper's CIFAR-10 network, 3x32x32):
 * {@code features.0} mlpconv 192/160/96 with 5x5 padding 2, {@code features.1} MaxPool2d(3, 2,
 * ceil mode), {@code features.2} Dropout(0.5), {@code features.3} mlpconv 192/192/192 with 5x5
 * padding 2, {@code features.4} AvgPool2d(3, 2, ceil mode), {@code features.5} Dropout(0.5);
 * {@code classifier.0} mlpconv 192/192/numClasses with 3x3 padding 1, then global average pooling
 * and Flatten. Maps: 32 -> 16 -> 8. 966,986 parameters for 10 classes.
 *
 * <p>Initialization: PyTorch's layer defaults.
 */
public class NiN extends Module {
    public final boolean cifar;
    public final int inChannels;
    public final Sequential features, classifier;

    /** The ImageNet form with 3 input channels and 1000 classes. */
    public NiN() { this(3, 1000); }

    /** The ImageNet form with 3 input channels. */
    public NiN(int numClasses) { this(3, numClasses); }

    /** The ImageNet form. */
    public NiN(int inChannels, int numClasses) {
        this(false, inChannels, numClasses);
    }

    /** The CIFAR-10 form of the paper (3x32x32 input). */
    public static NiN cifar(int numClasses) { return new NiN(true, 3, numClasses); }

    private NiN(boolean cifar, int inChannels, int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("NiN: numClasses must be positive, got " + numClasses);
        if (inChannels < 1) throw new IllegalArgumentException("NiN: inChannels must be positive, got " + inChannels);
        this.cifar = cifar;
        this.inChannels = inChannels;
        if (cifar) {
            features = register("features", new Sequential(
                    mlpconv(inChannels, 192, 160, 96, 5, 1, 2), pool(true, true), new Dropout(0.5),
                    mlpconv(96, 192, 192, 192, 5, 1, 2), pool(false, true), new Dropout(0.5)));
            classifier = register("classifier", new Sequential(
                    mlpconv(192, 192, 192, numClasses, 3, 1, 1), new AdaptiveAvgPool2d(1), new Flatten()));
        } else {
            features = register("features", new Sequential(
                    mlpconv(inChannels, 96, 96, 96, 11, 4, 0), new MaxPool2d(3, 2),
                    mlpconv(96, 256, 256, 256, 5, 1, 2), new MaxPool2d(3, 2),
                    mlpconv(256, 384, 384, 384, 3, 1, 1), new MaxPool2d(3, 2), new Dropout(0.5)));
            classifier = register("classifier", new Sequential(
                    mlpconv(384, numClasses, numClasses, numClasses, 3, 1, 1), new AdaptiveAvgPool2d(1), new Flatten()));
        }
    }

    /** A spatial convolution to {@code c1} channels, then 1x1 convolutions to {@code c2} and {@code c3}, each with ReLU. */
    private static Sequential mlpconv(int in, int c1, int c2, int c3, int kernel, int stride, int padding) {
        return new Sequential(
                new Conv2d(in, c1, kernel, Conv.stride(stride).padding(padding)), new ReLU(),
                new Conv2d(c1, c2, 1), new ReLU(),
                new Conv2d(c2, c3, 1), new ReLU());
    }

    /** The CIFAR net's 3x3 stride-2 pools use Caffe's ceil mode, so 32 -> 16 -> 8. */
    private static Module pool(boolean max, boolean ceil) {
        return max ? new MaxPool2d(new int[] {3}, new int[] {2}, new int[] {0}, new int[] {1}, ceil)
                : new AvgPool2d(new int[] {3}, new int[] {2}, new int[] {0}, ceil, true, 0);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (cifar) Shapes.check("NiN (CIFAR form)", input, inChannels, 32, 32);
        else Shapes.checkMin("NiN", input, inChannels, 67);
        return classifier.call(features.call(input));
    }

    @Override
    protected String extraRepr() { return cifar ? "cifar" : "in_channels=" + inChannels; }
}
