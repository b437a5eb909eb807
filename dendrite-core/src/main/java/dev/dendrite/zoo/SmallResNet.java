package dev.dendrite.zoo;

import dev.dendrite.nn.AdaptiveAvgPool2d;
import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Tensor;

/**
 * A residual convolutional network for 1x28x28 digits in under 50,000 parameters (42,490 for 10
 * classes): a 3x3 stem of 16 channels, a residual block at 28x28, a strided 3x3 convolution to 32
 * channels, a residual block at 14x14, a strided convolution to 48 channels at 7x7, global average
 * pooling and a linear head. Every convolution is followed by batch normalization; each residual
 * block is {@code relu(x + bn(conv(relu(bn(conv(x))))))} as in He et al. (2015).
 */
public final class SmallResNet extends Module {
    private final Sequential stem, block1, down1, block2, down2, head;

    public SmallResNet(int inChannels, int numClasses) {
        stem = register("stem", convBnRelu(inChannels, 16, 1));
        block1 = register("block1", residualBranch(16));
        down1 = register("down1", convBnRelu(16, 32, 2));
        block2 = register("block2", residualBranch(32));
        down2 = register("down2", convBnRelu(32, 48, 2));
        head = register("head", new Sequential(new AdaptiveAvgPool2d(1), new Flatten(), new Linear(48, numClasses)));
    }

    private static Sequential convBnRelu(int in, int out, int stride) {
        return new Sequential(new Conv2d(in, out, 3, Conv.padding(1).stride(stride).bias(false)), new BatchNorm2d(out), new ReLU());
    }

    /** conv-bn-relu-conv-bn; the identity is added in forward. */
    private static Sequential residualBranch(int channels) {
        return new Sequential(
                new Conv2d(channels, channels, 3, Conv.padding(1).bias(false)), new BatchNorm2d(channels), new ReLU(),
                new Conv2d(channels, channels, 3, Conv.padding(1).bias(false)), new BatchNorm2d(channels));
    }

    @Override
    public Tensor forward(Tensor x) {
        x = stem.call(x);
        x = block1.call(x).add(x).relu();
        x = down1.call(x);
        x = block2.call(x).add(x).relu();
        x = down2.call(x);
        return head.call(x);
    }
}
