package dev.dendrite.zoo;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.functional.F;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.Summary;
import dev.dendrite.optim.SGD;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.dendrite.zoo.ZooChecks.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * ResNet, ResNeXt, Wide ResNet, pre-activation ResNet and the CIFAR ResNets: torchvision's
 * parameter counts and key names, initialization, forward/backward, and learning. The big ImageNet
 * models run forward/backward at 224x224 for ResNet-18 only; ResNet-50, ResNeXt and the pre-act
 * nets run at 64x64 (the pool is adaptive, so every layer is exercised; only the spatial sizes
 * shrink), the rest are only built (their blocks are the same classes).
 */
class ResNetFamilyTest {

    // ================================================================ parameter counts (torchvision's published figures)

    @Test void resnet18Parameters() { assertEquals(11_689_512L, ResNet.resnet18(1000).parameterCount()); }
    @Test void resnet34Parameters() { assertEquals(21_797_672L, ResNet.resnet34(1000).parameterCount()); }
    @Test void resnet50Parameters() { assertEquals(25_557_032L, ResNet.resnet50(1000).parameterCount()); }
    @Test void resnet101Parameters() { assertEquals(44_549_160L, ResNet.resnet101(1000).parameterCount()); }
    @Test void resnet152Parameters() { assertEquals(60_192_808L, ResNet.resnet152(1000).parameterCount()); }

    /** ResNeXt-50 32x4d: count, grouped-convolution keys, and multiply-adds (built once: these models are slow to initialize). */
    @Test
    void resnext50ParametersKeysAndCost() {
        ResNet net = ResNet.resnext50_32x4d(1000);
        assertEquals(25_028_904L, net.parameterCount());
        Map<String, Tensor> x = net.stateDict();
        assertShape(x, "layer1.0.conv1.weight", 128, 64, 1, 1);
        assertShape(x, "layer1.0.conv2.weight", 128, 4, 3, 3); // 32 groups of 4 channels
        assertShape(x, "layer4.0.conv2.weight", 1024, 32, 3, 3);
        assertShape(x, "layer4.2.conv3.weight", 2048, 1024, 1, 1);
        assertGigaMacs(4.230, net);
    }

    @Test
    void wideResnet50ParametersKeysAndCost() {
        ResNet net = ResNet.wideResnet50_2(1000);
        assertEquals(68_883_240L, net.parameterCount());
        Map<String, Tensor> w = net.stateDict();
        assertShape(w, "layer1.0.conv2.weight", 128, 128, 3, 3);
        assertShape(w, "layer1.0.conv3.weight", 256, 128, 1, 1);
        assertShape(w, "layer4.0.conv2.weight", 1024, 1024, 3, 3);
        assertGigaMacs(11.398, net);
    }

    /**
     * Multiply-adds of one 224x224 image, as {@link Summary} counts them (convolutions and linear
     * layers), against torchvision's published GFLOPS ({@code _ops} in its weights' metadata, three
     * decimals): they check the strides and spatial sizes, which parameter counts cannot.
     */
    static void assertGigaMacs(double expected, Module net) {
        assertEquals(expected, Summary.of(net, 1, 3, 224, 224).multiplyAdds() / 1e9, 0.0005);
    }

    /** The CIFAR counts, against the sum written out layer by layer (10 classes). */
    @Test
    void cifarResNetParameters() {
        int[] depths = {20, 32, 44, 56, 110};
        long[] optionA = {269_722, 464_154, 658_586, 853_018, 1_727_962};
        for (int i = 0; i < depths.length; i++) {
            int n = (depths[i] - 2) / 6;
            long expected = conv(3, 16, 3, false) + bn(16) + conv(64, 10, 1, true); // stem and fc
            int[][] stages = {{16, 16}, {16, 32}, {32, 64}};
            for (int[] s : stages) {
                for (int b = 0; b < n; b++) {
                    int in = b == 0 ? s[0] : s[1];
                    expected += conv(in, s[1], 3, false) + bn(s[1]) + conv(s[1], s[1], 3, false) + bn(s[1]);
                }
            }
            assertEquals(optionA[i], expected, "depth " + depths[i]);
            assertEquals(expected, new CifarResNet(depths[i], 10).parameterCount(), "depth " + depths[i]);
            // option B adds the two projections (1x1 conv + BN) at the stage changes: 2,752 parameters
            long optionB = new CifarResNet(depths[i], 10, CifarResNet.Shortcut.B, 3, 16).parameterCount();
            assertEquals(expected + conv(16, 32, 1, false) + bn(32) + conv(32, 64, 1, false) + bn(64), optionB);
            assertEquals(2_752, optionB - expected);
        }
        assertEquals(272_474, new CifarResNet(20, 10, CifarResNet.Shortcut.B, 3, 16).parameterCount());
    }

    /** Pre-activation counts against the layer-by-layer sum (no torchvision figure exists). */
    @Test
    void preactParameters() {
        assertEquals(preactCount(ResNet.RESNET18, 1000), PreActResNet.preactResnet18(1000).parameterCount());
        assertEquals(11_687_720L, preactCount(ResNet.RESNET18, 1000));
        assertEquals(preactCount(ResNet.RESNET50, 1000), PreActResNet.preactResnet50(1000).parameterCount());
        assertEquals(25_549_352L, preactCount(ResNet.RESNET50, 1000));
    }

    private static long preactCount(ResNet.Config c, int classes) {
        boolean bottleneck = c.block() == ResNet.BlockType.BOTTLENECK;
        int exp = c.block().expansion;
        long p = conv(3, 64, 7, false) + bn(64);
        int in = 64;
        int[] planes = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            int out = planes[s] * exp;
            for (int b = 0; b < c.layers()[s]; b++) {
                int blockIn = b == 0 ? in : out;
                if (!(s == 0 && b == 0)) p += bn(blockIn);
                if (bottleneck) {
                    int w = planes[s] * c.widthPerGroup() / 64 * c.groups();
                    p += conv(blockIn, w, 1, false) + bn(w) + (long) w * (w / c.groups()) * 9 + bn(w) + conv(w, out, 1, false);
                } else {
                    p += conv(blockIn, out, 3, false) + bn(out) + conv(out, out, 3, false);
                }
                if (b == 0 && (s > 0 || blockIn != out)) p += conv(blockIn, out, 1, false);
            }
            in = out;
        }
        return p + bn(in) + conv(in, classes, 1, true);
    }

    // ================================================================ key names

    @Test
    void resnet18KeysAreTorchvisions() {
        Map<String, Tensor> s = ResNet.resnet18(1000).stateDict();
        // 62 parameters and 20 batch norms x 3 buffers, as len(torchvision.models.resnet18().state_dict())
        assertEquals(122, s.size());
        List<String> keys = List.copyOf(s.keySet());
        assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                "bn1.num_batches_tracked", "layer1.0.conv1.weight"), keys.subList(0, 7));
        assertEquals(List.of("fc.weight", "fc.bias"), keys.subList(120, 122));
        assertShape(s, "conv1.weight", 64, 3, 7, 7);
        assertShape(s, "layer1.1.conv2.weight", 64, 64, 3, 3);
        assertShape(s, "layer2.0.conv1.weight", 128, 64, 3, 3);
        assertShape(s, "layer2.0.downsample.0.weight", 128, 64, 1, 1);
        assertShape(s, "layer2.0.downsample.1.running_var", 128);
        assertShape(s, "layer4.1.bn2.bias", 512);
        assertShape(s, "bn1.num_batches_tracked");
        assertShape(s, "fc.weight", 1000, 512);
        assertAbsent(s, "layer1.0.downsample.0.weight");
        assertAbsent(s, "layer2.1.downsample.0.weight");
        assertGigaMacs(1.814, ResNet.resnet18(1000));
    }

    @Test
    void bottleneckKeysAreTorchvisions() {
        Map<String, Tensor> s = ResNet.resnet50(1000).stateDict();
        assertEquals(320, s.size()); // as torchvision's resnet50: 161 parameters, 53 batch norms x 3 buffers
        assertShape(s, "layer1.0.conv1.weight", 64, 64, 1, 1);
        assertShape(s, "layer1.0.conv3.weight", 256, 64, 1, 1);
        assertShape(s, "layer1.0.downsample.0.weight", 256, 64, 1, 1);
        assertShape(s, "layer2.0.conv1.weight", 128, 256, 1, 1);
        assertShape(s, "layer2.0.conv2.weight", 128, 128, 3, 3);
        assertShape(s, "layer4.2.bn3.weight", 2048);
        assertShape(s, "fc.weight", 1000, 2048);
        assertGigaMacs(4.089, ResNet.resnet50(1000));
    }

    @Test
    void preactAndCifarKeys() {
        Map<String, Tensor> p = PreActResNet.preactResnet18(1000).stateDict();
        assertAbsent(p, "layer1.0.bn1.weight"); // the stem's bn1 pre-activates the first block
        assertShape(p, "layer1.1.bn1.weight", 64);
        assertShape(p, "layer2.0.bn1.weight", 64);
        assertShape(p, "layer2.0.downsample.0.weight", 128, 64, 1, 1);
        assertAbsent(p, "layer2.0.downsample.1.weight");
        assertShape(p, "final_bn.running_mean", 512);
        assertShape(p, "fc.weight", 1000, 512);

        Map<String, Tensor> a = CifarResNet.resnet20(10).stateDict();
        assertShape(a, "conv1.weight", 16, 3, 3, 3);
        assertShape(a, "layer2.0.conv1.weight", 32, 16, 3, 3);
        assertShape(a, "layer3.2.bn2.running_var", 64);
        assertShape(a, "fc.weight", 10, 64);
        assertTrue(a.keySet().stream().noneMatch(k -> k.contains("downsample")));
        Map<String, Tensor> b = new CifarResNet(20, 10, CifarResNet.Shortcut.B, 3, 16).stateDict();
        assertShape(b, "layer2.0.downsample.0.weight", 32, 16, 1, 1);
        assertShape(b, "layer3.0.downsample.1.weight", 64);
        // the paper's 41 million FLOPs (multiply-adds) for ResNet-20 on 32x32
        assertEquals(40.55e6, Summary.of(CifarResNet.resnet20(10), 1, 3, 32, 32).multiplyAdds(), 0.01e6);
    }

    // ================================================================ initialization

    @Test
    void initializationIsTorchvisions() {
        Generator.global().manualSeed(1);
        ResNet net = new ResNet(ResNet.RESNET18, 1000, true);
        Map<String, Tensor> s = net.stateDict();
        // Kaiming normal, fan_out = 512 * 3 * 3, ReLU gain: std sqrt(2 / 4608)
        double[] st = stats(s.get("layer4.1.conv1.weight"));
        assertEquals(0, st[0], 1e-3);
        assertEquals(Math.sqrt(2.0 / 4608), st[1], 0.02 * Math.sqrt(2.0 / 4608));
        // zero-init-residual: the last norm of every residual branch, and only it, starts at 0
        assertEquals(0, maxAbs(s.get("layer1.0.bn2.weight")));
        assertEquals(0, maxAbs(s.get("layer4.1.bn2.weight")));
        assertEquals(1, stats(s.get("layer1.0.bn1.weight"))[0]);
        assertEquals(1, stats(s.get("layer2.0.downsample.1.weight"))[0]);
        // fc keeps PyTorch's Linear default: uniform on +-1/sqrt(512)
        assertTrue(maxAbs(s.get("fc.weight")) <= 1 / Math.sqrt(512));
        assertTrue(maxAbs(s.get("fc.weight")) > 0.9 / Math.sqrt(512));

        Map<String, Tensor> b = new ResNet(ResNet.RESNET50, 10, true).stateDict();
        assertEquals(0, maxAbs(b.get("layer3.4.bn3.weight")));
        assertEquals(1, stats(b.get("layer3.4.bn2.weight"))[0]);
        // without the option every norm starts at weight 1
        assertEquals(1, stats(ResNet.resnet18(10).stateDict().get("layer1.0.bn2.weight"))[0]);
    }

    // ================================================================ forward and backward

    @Test
    void resnet18ForwardBackwardAtNativeSize() {
        Generator.global().manualSeed(2);
        forwardBackward(ResNet.resnet18(1000), 1000, 1, 3, 224, 224);
    }

    @Test
    void bottleneckNetsForwardBackwardReduced() {
        Generator.global().manualSeed(3);
        forwardBackward(ResNet.resnet50(7), 7, 2, 3, 64, 64);
        forwardBackward(ResNet.resnext50_32x4d(5), 5, 1, 3, 64, 64);
    }

    @Test
    void preactForwardBackwardReduced() {
        Generator.global().manualSeed(4);
        forwardBackward(PreActResNet.preactResnet18(10), 10, 2, 3, 64, 64);
        forwardBackward(PreActResNet.preactResnet50(10), 10, 1, 3, 64, 64);
    }

    @Test
    void cifarForwardBackwardAtNativeSize() {
        Generator.global().manualSeed(5);
        forwardBackward(CifarResNet.resnet20(10), 10, 2, 3, 32, 32);
        forwardBackward(new CifarResNet(20, 10, CifarResNet.Shortcut.B, 3, 16), 10, 2, 3, 32, 32);
        forwardBackward(Zoo.create("resnet20_mnist"), 10, 2, 1, 28, 28);
    }

    /** A zero-initialized residual net in eval mode computes relu(identity) through every block. */
    @Test
    void zeroInitResidualBlocksStartAsIdentity() {
        Generator.global().manualSeed(6);
        ResNet net = new ResNet(ResNet.RESNET18, 10, true);
        Module first = net.namedModules().get("layer1.0");
        first.eval();
        Tensor x = Tensor.randn(2, 64, 5, 5);
        try (var s = Autograd.noGrad()) {
            assertArrayEquals(x.relu().toFloatArray(), first.call(x).toFloatArray());
        }
    }

    @Test
    void optionAShortcutSubsamplesAndPadsChannels() {
        Tensor x = Tensor.randn(2, 4, 5, 6);
        Tensor y = CifarResNet.shortcutA(x, 2, 4);
        assertArrayEquals(new int[] {2, 8, 3, 3}, y.shape());
        float[] xv = x.toFloatArray(), yv = y.toFloatArray();
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 8; c++) {
                for (int h = 0; h < 3; h++) {
                    for (int w = 0; w < 3; w++) {
                        float expected = c < 2 || c >= 6 ? 0 : xv[((n * 4 + c - 2) * 5 + 2 * h) * 6 + 2 * w];
                        assertEquals(expected, yv[((n * 8 + c) * 3 + h) * 3 + w]);
                    }
                }
            }
        }
    }

    @Test
    void badConfigurationsAndInputsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CifarResNet(21, 10));
        assertEquals("CifarResNet: depth must be 6n + 2 with n >= 1 (20, 32, 44, 56, 110), got 21", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ResNet(new ResNet.Config(ResNet.BlockType.BASIC, new int[] {2, 2, 2, 2}, 32, 4), 10));
        assertEquals("ResNet: BasicBlock only supports groups=1 and width_per_group=64, got 32 and 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CifarResNet.resnet20(10).call(Tensor.zeros(1, 1, 32, 32)));
        assertEquals("CifarResNet: expected input of shape [N, 3, H, W], got [1, 1, 32, 32]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResNet.resnet18(10).call(Tensor.zeros(3, 224, 224)));
        assertEquals("ResNet: expected input of shape [N, 3, H, W] with H, W >= 1, got [3, 224, 224]", e.getMessage());
    }

    // ================================================================ learning

    /**
     * The smallest CIFAR ResNet, depth 8 (n = 1: a basic block per stage, option-A shortcuts, 1x16x16
     * input), learns to tell the orientation of a noisy bar (horizontal, vertical, diagonal,
     * anti-diagonal, anywhere in the image): held-out accuracy in eval mode (running statistics) at
     * least 95% after 72 SGD steps (the last 24 at a tenth of the learning rate). Depth 8 rather
     * than 20 keeps the test to a few seconds; ResNet-20 itself is exercised in
     * {@link #cifarForwardBackwardAtNativeSize}.
     */
    @Test
    void cifarResNetLearnsBarOrientation() {
        Generator gen = new Generator(7);
        Generator.global().manualSeed(7);
        int nTrain = 384, nTest = 128, batch = 16, epochs = 3;
        double lr = 0.05;
        Tensor[] train = bars(nTrain, gen), test = bars(nTest, gen);
        CifarResNet net = new CifarResNet(8, 4, CifarResNet.Shortcut.A, 1, 16);
        SGD opt = new SGD(net.parameters(), SGD.options().lr(lr).momentum(0.9).weightDecay(1e-4));
        net.train();
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (epoch == epochs - 1) for (var g : opt.paramGroups()) g.lr(lr / 10);
            for (int start = 0; start < nTrain; start += batch) {
                Tensor x = train[0].narrow(0, start, batch), y = train[1].narrow(0, start, batch);
                opt.zeroGrad();
                F.crossEntropy(net.call(x), y).backward();
                opt.step();
            }
        }
        net.eval();
        long[] labels = test[1].toLongArray();
        int correct = 0;
        try (var s = Autograd.noGrad()) {
            float[] logits = net.call(test[0]).toFloatArray();
            for (int i = 0; i < nTest; i++) {
                int best = 0;
                for (int k = 1; k < 4; k++) if (logits[i * 4 + k] > logits[i * 4 + best]) best = k;
                if (best == labels[i]) correct++;
            }
        }
        assertTrue(correct >= 0.95 * nTest, "accuracy " + correct + "/" + nTest);
    }

    /** n images [n, 1, 16, 16] of a length-7 bar in one of four orientations at a random place, plus N(0, 0.3) noise; labels int64. */
    private static Tensor[] bars(int n, Generator gen) {
        int size = 16, len = 7;
        int[][] dirs = {{0, 1}, {1, 0}, {1, 1}, {1, -1}};
        float[] img = new float[n * size * size];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            int cls = i % 4;
            labels[i] = cls;
            int dr = dirs[cls][0], dc = dirs[cls][1];
            int r0 = (int) gen.nextLong(size - dr * (len - 1));
            int cMin = dc < 0 ? len - 1 : 0, cMax = dc > 0 ? size - len : size - 1;
            int c0 = cMin + (int) gen.nextLong(cMax - cMin + 1);
            for (int p = 0; p < size * size; p++) img[i * size * size + p] = (float) (0.3 * gen.nextGaussian());
            for (int t = 0; t < len; t++) img[i * size * size + (r0 + dr * t) * size + c0 + dc * t] += 1;
        }
        return new Tensor[] {Tensor.of(img, n, 1, size, size), Tensor.of(labels, n)};
    }
}
