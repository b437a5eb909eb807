package dev.dendrite.zoo;

import dev.dendrite.nn.AdaptiveAvgPool2d;
import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.init.Init;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * The CIFAR-10 residual networks of He et al. (2015), "Deep Residual Learning for Image
 * Recognition", section 4.2: depth 6n + 2 for n basic blocks per stage.
 *
 * <p>Layout: {@code conv1} (3x3, 16) → {@code bn1} → ReLU → {@code layer1} (n blocks, 16 channels,
 * 32x32) → {@code layer2} (32 channels, 16x16) → {@code layer3} (64 channels, 8x8) → global
 * average pool → {@code fc}. Input 3x32x32 (CIFAR) or, with {@code inChannels = 1}, 1x28x28 (MNIST);
 * output [N, numClasses]. Blocks are torchvision's {@link ResNet.BasicBlock}, so the keys are
 * {@code conv1.weight, bn1.weight, layer2.0.conv1.weight, layer3.2.bn2.running_var, fc.weight}.
 *
 * <table>
 * <caption>Depths (10 classes)</caption>
 * <tr><th>model</th><th>n</th><th>params, shortcut A</th><th>params, shortcut B</th></tr>
 * <tr><td>resnet20</td><td>3</td><td>269,722</td><td>272,474</td></tr>
 * <tr><td>resnet32</td><td>5</td><td>464,154</td><td>466,906</td></tr>
 * <tr><td>resnet44</td><td>7</td><td>658,586</td><td>661,338</td></tr>
 * <tr><td>resnet56</td><td>9</td><td>853,018</td><td>855,770</td></tr>
 * <tr><td>resnet110</td><td>18</td><td>1,727,962</td><td>1,730,714</td></tr>
 * </table>
 *
 * <p>Shortcuts where the shape changes (the first block of stages 2 and 3): option A, the paper's
 * choice for CIFAR, is parameter-free — the input is subsampled by 2 and the new channels are
 * zeros (half on each side); option B projects with a 1x1 convolution and batch norm
 * ({@code downsample.0}, {@code downsample.1}), which adds 2,752 parameters. The paper's "0.27M"
 * for ResNet-20 rounds both. Initialization: Kaiming-normal (fan_out, ReLU gain) convolutions, as
 * the paper (He et al., 2015b) and torchvision; unit batch norms; Linear default.
 */
public class CifarResNet extends Module {
    /** How a block whose shape changes forms its shortcut. */
    public enum Shortcut {
        /** Strided subsampling plus zero channels: no parameters (the paper's CIFAR choice). */
        A,
        /** A 1x1 strided convolution and batch norm. */
        B
    }

    public final int depth, numClasses, inChannels;
    public final Shortcut shortcut;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final ReLU relu;
    private final Sequential layer1, layer2, layer3;
    private final AdaptiveAvgPool2d avgpool;
    private final Linear fc;

    /** Option A, 3 input channels. */
    public CifarResNet(int depth, int numClasses) { this(depth, numClasses, Shortcut.A, 3, 16); }

    /**
     * @param depth 6n + 2 (20, 32, 44, 56, 110, ...)
     * @param width the channels of the first stage (16 in the paper; the others are twice and four times it)
     */
    public CifarResNet(int depth, int numClasses, Shortcut shortcut, int inChannels, int width) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("CifarResNet: depth must be 6n + 2 with n >= 1 (20, 32, 44, 56, 110), got " + depth);
        }
        if (numClasses < 1 || inChannels < 1 || width < 1) {
            throw new IllegalArgumentException("CifarResNet: num_classes, in_channels and width must be positive, got "
                    + numClasses + ", " + inChannels + ", " + width);
        }
        if (shortcut == Shortcut.A && width % 2 != 0) {
            throw new IllegalArgumentException("CifarResNet: shortcut A pads channels evenly on both sides, so width must be even, got " + width);
        }
        this.depth = depth;
        this.numClasses = numClasses;
        this.inChannels = inChannels;
        this.shortcut = shortcut;
        int n = (depth - 2) / 6;
        conv1 = register("conv1", new Conv2d(inChannels, width, 3, Conv.padding(1).bias(false)));
        bn1 = register("bn1", new BatchNorm2d(width));
        relu = register("relu", new ReLU());
        layer1 = register("layer1", stage(width, width, n, 1));
        layer2 = register("layer2", stage(width, 2 * width, n, 2));
        layer3 = register("layer3", stage(2 * width, 4 * width, n, 2));
        avgpool = register("avgpool", new AdaptiveAvgPool2d(1));
        fc = register("fc", new Linear(4 * width, numClasses));
        ResNet.initWeights(this);
    }

    private Sequential stage(int in, int out, int blocks, int stride) {
        Module[] list = new Module[blocks];
        for (int i = 0; i < blocks; i++) {
            int blockIn = i == 0 ? in : out, blockStride = i == 0 ? stride : 1;
            boolean reshape = blockStride != 1 || blockIn != out;
            if (!reshape) {
                list[i] = new ResNet.BasicBlock(blockIn, out, 1, null);
            } else if (shortcut == Shortcut.B) {
                list[i] = new ResNet.BasicBlock(blockIn, out, blockStride, new Sequential(
                        new Conv2d(blockIn, out, 1, Conv.stride(blockStride).bias(false)), new BatchNorm2d(out)));
            } else {
                list[i] = new PaddedBlock(blockIn, out, blockStride);
            }
        }
        return new Sequential(list);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != inChannels) {
            throw new IllegalArgumentException("CifarResNet: expected input of shape [N, " + inChannels + ", H, W], got "
                    + Arrays.toString(x.shape()));
        }
        x = relu.call(bn1.call(conv1.call(x)));
        x = layer3.call(layer2.call(layer1.call(x)));
        return fc.call(avgpool.call(x).flatten(1, -1));
    }

    /**
     * A basic block with the option-A shortcut: its keys are those of {@link ResNet.BasicBlock}
     * (conv1, bn1, conv2, bn2) and the shortcut has none.
     */
    static final class PaddedBlock extends ResNet.BasicBlock {
        private final int stride, padChannels;

        PaddedBlock(int in, int out, int stride) {
            super(in, out, stride, null);
            this.stride = stride;
            this.padChannels = out - in;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = relu.call(bn1.call(conv1.call(x)));
            out = bn2.call(conv2.call(out));
            return relu.call(out.add(shortcutA(x, stride, padChannels)));
        }
    }

    /** Option A: keep every {@code stride}-th pixel and add {@code padChannels} zero channels, half before and half after. */
    static Tensor shortcutA(Tensor x, int stride, int padChannels) {
        Tensor sub = stride == 1 ? x : x.slice(2, 0, x.size(2), stride).slice(3, 0, x.size(3), stride);
        int before = padChannels / 2;
        return sub.pad(0, 0, 0, 0, before, padChannels - before);
    }

    public static CifarResNet resnet20(int numClasses) { return new CifarResNet(20, numClasses); }
    public static CifarResNet resnet32(int numClasses) { return new CifarResNet(32, numClasses); }
    public static CifarResNet resnet44(int numClasses) { return new CifarResNet(44, numClasses); }
    public static CifarResNet resnet56(int numClasses) { return new CifarResNet(56, numClasses); }
    public static CifarResNet resnet110(int numClasses) { return new CifarResNet(110, numClasses); }
}
