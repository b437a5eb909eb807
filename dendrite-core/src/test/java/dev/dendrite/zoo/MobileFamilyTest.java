package dev.dendrite.zoo;

import dev.dendrite.nn.Module;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.dendrite.zoo.ZooChecks.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * DenseNet, MobileNetV2/V3, EfficientNet and RegNet: torchvision's parameter counts and key names,
 * initialization, the width/depth/drop-rate rules, and forward/backward. Forward/backward runs at
 * the native 224x224 for MobileNetV3-Small and RegNetY-400MF; the others run at 64x64 (every layer
 * is exercised, the global pool is adaptive; DenseNet needs at least 29x29).
 */
class MobileFamilyTest {

    // ================================================================ parameter counts (torchvision's published figures)

    @Test void densenet121Parameters() { assertEquals(7_978_856L, DenseNet.densenet121(1000).parameterCount()); }
    @Test void densenet169Parameters() { assertEquals(14_149_480L, DenseNet.densenet169(1000).parameterCount()); }
    @Test void densenet201Parameters() { assertEquals(20_013_928L, DenseNet.densenet201(1000).parameterCount()); }
    @Test void mobilenetV2Parameters() { assertEquals(3_504_872L, new MobileNetV2(1000).parameterCount()); }
    @Test void mobilenetV3LargeParameters() { assertEquals(5_483_032L, MobileNetV3.large(1000).parameterCount()); }
    @Test void mobilenetV3SmallParameters() { assertEquals(2_542_856L, MobileNetV3.small(1000).parameterCount()); }
    @Test void efficientnetB0Parameters() { assertEquals(5_288_548L, EfficientNet.b0(1000).parameterCount()); }
    @Test void efficientnetB1Parameters() { assertEquals(7_794_184L, EfficientNet.b1(1000).parameterCount()); }
    @Test void efficientnetB2Parameters() { assertEquals(9_109_994L, EfficientNet.b2(1000).parameterCount()); }
    @Test void efficientnetB3Parameters() { assertEquals(12_233_232L, EfficientNet.b3(1000).parameterCount()); }
    @Test void regnetX400mfParameters() { assertEquals(5_495_976L, RegNet.regnetX400mf(1000).parameterCount()); }
    @Test void regnetY400mfParameters() { assertEquals(4_344_144L, RegNet.regnetY400mf(1000).parameterCount()); }
    @Test void regnetX800mfParameters() { assertEquals(7_259_656L, RegNet.regnetX800mf(1000).parameterCount()); }
    @Test void regnetY800mfParameters() { assertEquals(6_432_512L, RegNet.regnetY800mf(1000).parameterCount()); }
    @Test void regnetX1_6gfParameters() { assertEquals(9_190_136L, RegNet.regnetX1_6gf(1000).parameterCount()); }
    @Test void regnetY1_6gfParameters() { assertEquals(11_202_430L, RegNet.regnetY1_6gf(1000).parameterCount()); }
    @Test void regnetX3_2gfParameters() { assertEquals(15_296_552L, RegNet.regnetX3_2gf(1000).parameterCount()); }
    @Test void regnetY3_2gfParameters() { assertEquals(19_436_338L, RegNet.regnetY3_2gf(1000).parameterCount()); }

    // ================================================================ configuration rules

    @Test
    void makeDivisibleRoundsLikeTheReferenceCode() {
        assertEquals(16, Channels.makeDivisible(16, 8));
        assertEquals(24, Channels.makeDivisible(18, 8));   // 16 would lose more than 10%
        assertEquals(8, Channels.makeDivisible(3, 8));     // never below the divisor
        assertEquals(40, Channels.makeDivisible(32 * 1.2, 8));
        assertEquals(32, Channels.makeDivisible(28.8, 8)); // 28.8 + 4 = 32.8 -> 32
        assertEquals(400, Channels.makeDivisible(392, 16)); // halfway rounds up (pycls' round-half-even gives 384)
    }

    /** The quantized-linear stage widths and depths of the 400MF models (torchvision's; X-400MF's last stage is 384 in pycls). */
    @Test
    void regnetStagesFromTheQuantizedLinearRule() {
        RegNet.BlockParams x = RegNet.BlockParams.fromInitParams(22, 24, 24.48, 2.54, 16, 1.0, null);
        assertArrayEquals(new int[] {1, 2, 7, 12}, x.depths());
        assertArrayEquals(new int[] {32, 64, 160, 400}, x.widths());
        assertArrayEquals(new int[] {16, 16, 16, 16}, x.groupWidths());
        RegNet.BlockParams y = RegNet.BlockParams.fromInitParams(16, 48, 27.89, 2.09, 8, 1.0, 0.25);
        assertArrayEquals(new int[] {1, 3, 6, 6}, y.depths());
        assertArrayEquals(new int[] {48, 104, 208, 440}, y.widths());
        assertEquals(0.25, y.seRatio());
        var e = assertThrows(IllegalArgumentException.class, () -> RegNet.BlockParams.fromInitParams(10, 20, 10, 2, 8, 1, null));
        assertEquals("RegNet: invalid settings: need w_a >= 0, w_0 > 0 and a multiple of 8, w_m > 1; got w_0=20.0, w_a=10.0, w_m=2.0",
                e.getMessage());
    }

    /** Stochastic depth grows linearly over the network's blocks: 0.2 * i / total, i = 0, 1, ... */
    @Test
    void efficientNetDropRatesGrowLinearly() {
        for (var c : List.of(new Object[] {EfficientNet.b0(10), 16}, new Object[] {EfficientNet.b3(10), 26})) {
            EfficientNet net = (EfficientNet) c[0];
            int total = (int) c[1];
            List<Double> rates = new ArrayList<>();
            for (Module m : net.modules()) if (m instanceof EfficientNet.MBConv b) rates.add(b.stochasticDepthProb());
            assertEquals(total, rates.size());
            for (int i = 0; i < total; i++) assertEquals(0.2 * i / total, rates.get(i), 1e-12, "block " + i);
        }
    }

    // ================================================================ key names

    @Test
    void densenetKeysAreTorchvisions() {
        Map<String, Tensor> s = DenseNet.densenet121(1000).stateDict();
        assertShape(s, "features.conv0.weight", 64, 3, 7, 7);
        assertShape(s, "features.norm0.running_mean", 64);
        assertShape(s, "features.denseblock1.denselayer1.norm1.weight", 64);
        assertShape(s, "features.denseblock1.denselayer1.conv1.weight", 128, 64, 1, 1);
        assertShape(s, "features.denseblock1.denselayer1.conv2.weight", 32, 128, 3, 3);
        assertShape(s, "features.denseblock1.denselayer6.norm1.weight", 224);
        assertShape(s, "features.transition1.norm.weight", 256);
        assertShape(s, "features.transition1.conv.weight", 128, 256, 1, 1);
        assertShape(s, "features.transition3.conv.weight", 512, 1024, 1, 1);
        assertShape(s, "features.denseblock4.denselayer16.conv1.weight", 128, 992, 1, 1);
        assertShape(s, "features.norm5.weight", 1024);
        assertShape(s, "classifier.weight", 1000, 1024);
        assertAbsent(s, "features.transition4.conv.weight");
    }

    /** The paper's CIFAR DenseNet-BC (L = 100, k = 12): "0.8M" parameters, summed layer by layer here; keys and forward/backward. */
    @Test
    void densenetCifarForm() {
        int k = 12, n = 16;
        long expected = conv(3, 2 * k, 3, false);
        int c = 2 * k;
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < n; i++) {
                int in = c + i * k;
                expected += bn(in) + conv(in, 4 * k, 1, false) + bn(4 * k) + conv(4 * k, k, 3, false);
            }
            c += n * k;
            if (b < 2) {
                expected += bn(c) + conv(c, c / 2, 1, false);
                c /= 2;
            }
        }
        expected += bn(c) + conv(c, 10, 1, true);
        assertEquals(769_162L, expected);
        Generator.global().manualSeed(26);
        DenseNet net = (DenseNet) Zoo.create("densenet_bc100_cifar");
        assertEquals(expected, net.parameterCount());
        Map<String, Tensor> s = net.stateDict();
        assertShape(s, "features.conv0.weight", 24, 3, 3, 3);
        assertShape(s, "features.denseblock3.denselayer16.conv2.weight", 12, 48, 3, 3);
        assertShape(s, "features.transition2.conv.weight", 150, 300, 1, 1);
        assertShape(s, "features.norm5.weight", 342);
        assertAbsent(s, "features.norm0.weight");
        assertAbsent(s, "features.transition3.conv.weight");
        forwardBackward(net, 10, 2, 3, 32, 32);
        var e = assertThrows(IllegalArgumentException.class, () -> DenseNet.cifarBC(50, 12, 10));
        assertEquals("DenseNet: a CIFAR DenseNet-BC has depth 6n + 4 (40, 100, 190, ...), got 50", e.getMessage());
    }

    @Test
    void mobilenetKeysAreTorchvisions() {
        Map<String, Tensor> v2 = new MobileNetV2(1000).stateDict();
        assertShape(v2, "features.0.0.weight", 32, 3, 3, 3);
        assertShape(v2, "features.0.1.running_var", 32);
        assertShape(v2, "features.1.conv.0.0.weight", 32, 1, 3, 3);
        assertShape(v2, "features.1.conv.1.weight", 16, 32, 1, 1);
        assertShape(v2, "features.1.conv.2.bias", 16);
        assertShape(v2, "features.2.conv.0.0.weight", 96, 16, 1, 1);
        assertShape(v2, "features.2.conv.1.0.weight", 96, 1, 3, 3);
        assertShape(v2, "features.2.conv.2.weight", 24, 96, 1, 1);
        assertShape(v2, "features.2.conv.3.running_mean", 24);
        assertShape(v2, "features.17.conv.2.weight", 320, 960, 1, 1);
        assertShape(v2, "features.18.0.weight", 1280, 320, 1, 1);
        assertShape(v2, "classifier.1.weight", 1000, 1280);

        Map<String, Tensor> large = MobileNetV3.large(1000).stateDict();
        assertShape(large, "features.0.0.weight", 16, 3, 3, 3);
        assertShape(large, "features.1.block.0.0.weight", 16, 1, 3, 3);
        assertShape(large, "features.1.block.1.0.weight", 16, 16, 1, 1);
        assertShape(large, "features.4.block.0.0.weight", 72, 24, 1, 1);
        assertShape(large, "features.4.block.2.fc1.weight", 24, 72, 1, 1);
        assertShape(large, "features.4.block.2.fc2.bias", 72);
        assertShape(large, "features.4.block.3.1.weight", 40);
        assertShape(large, "features.16.0.weight", 960, 160, 1, 1);
        assertShape(large, "classifier.0.weight", 1280, 960);
        assertShape(large, "classifier.3.weight", 1000, 1280);

        Map<String, Tensor> small = MobileNetV3.small(1000).stateDict();
        assertShape(small, "features.1.block.1.fc1.weight", 8, 16, 1, 1);
        assertShape(small, "features.12.0.weight", 576, 96, 1, 1);
        assertShape(small, "classifier.0.weight", 1024, 576);
        // batch norms: eps 0.001, momentum 0.01
        var bn = (dev.dendrite.nn.BatchNorm2d) MobileNetV3.small(10).namedModules().get("features.0.1");
        assertEquals(0.001, bn.options.eps());
        assertEquals(0.01, bn.options.momentum());
    }

    @Test
    void efficientnetKeysAreTorchvisions() {
        Map<String, Tensor> b0 = EfficientNet.b0(1000).stateDict();
        assertShape(b0, "features.0.0.weight", 32, 3, 3, 3);
        assertShape(b0, "features.1.0.block.0.0.weight", 32, 1, 3, 3);
        assertShape(b0, "features.1.0.block.1.fc1.weight", 8, 32, 1, 1);
        assertShape(b0, "features.1.0.block.2.0.weight", 16, 32, 1, 1);
        assertShape(b0, "features.2.0.block.0.0.weight", 96, 16, 1, 1);
        assertShape(b0, "features.2.0.block.2.fc1.weight", 4, 96, 1, 1);
        assertShape(b0, "features.2.1.block.3.1.running_mean", 24);
        assertShape(b0, "features.6.3.block.1.0.weight", 1152, 1, 5, 5);
        assertShape(b0, "features.8.0.weight", 1280, 320, 1, 1);
        assertShape(b0, "classifier.1.weight", 1000, 1280);
        assertAbsent(b0, "features.1.1.block.0.0.weight");

        Map<String, Tensor> b3 = EfficientNet.b3(1000).stateDict();
        assertShape(b3, "features.0.0.weight", 40, 3, 3, 3);
        assertShape(b3, "features.1.1.block.0.0.weight", 24, 1, 3, 3);
        assertShape(b3, "features.7.1.block.3.0.weight", 384, 2304, 1, 1);
        assertShape(b3, "features.8.0.weight", 1536, 384, 1, 1);
    }

    @Test
    void regnetKeysAreTorchvisions() {
        Map<String, Tensor> y = RegNet.regnetY400mf(1000).stateDict();
        assertShape(y, "stem.0.weight", 32, 3, 3, 3);
        assertShape(y, "stem.1.running_var", 32);
        assertShape(y, "trunk_output.block1.block1-0.proj.0.weight", 48, 32, 1, 1);
        assertShape(y, "trunk_output.block1.block1-0.f.a.0.weight", 48, 32, 1, 1);
        assertShape(y, "trunk_output.block1.block1-0.f.b.0.weight", 48, 8, 3, 3);
        assertShape(y, "trunk_output.block1.block1-0.f.se.fc1.weight", 8, 48, 1, 1);   // round(0.25 * 32)
        assertShape(y, "trunk_output.block2.block2-1.f.se.fc1.weight", 26, 104, 1, 1); // round(0.25 * 104)
        assertShape(y, "trunk_output.block1.block1-0.f.c.1.weight", 48);
        assertShape(y, "trunk_output.block4.block4-5.f.c.0.weight", 440, 440, 1, 1);
        assertShape(y, "fc.weight", 1000, 440);
        assertAbsent(y, "trunk_output.block2.block2-1.proj.0.weight");

        Map<String, Tensor> x = RegNet.regnetX400mf(1000).stateDict();
        assertShape(x, "trunk_output.block4.block4-11.f.b.0.weight", 400, 16, 3, 3);
        assertShape(x, "fc.weight", 1000, 400);
        assertTrue(x.keySet().stream().noneMatch(k -> k.contains(".se.")));
    }

    /** Multiply-adds at the native input against torchvision's published GFLOPS (see ResNetFamilyTest#assertGigaMacs). */
    @Test
    void multiplyAddsMatchTorchvision() {
        Object[][] cases = {
                {"densenet121", 2.834}, {"mobilenet_v2", 0.301}, {"mobilenet_v3_large", 0.217}, {"mobilenet_v3_small", 0.057},
                {"efficientnet_b0", 0.386}, {"efficientnet_b1", 0.687}, {"regnet_x_400mf", 0.414}, {"regnet_y_400mf", 0.402}};
        for (Object[] c : cases) {
            String name = (String) c[0];
            Module net = Zoo.create(name);
            double gmacs = dev.dendrite.nn.Summary.of(net, Zoo.get(name).inputShape(1)).multiplyAdds() / 1e9;
            assertEquals((double) c[1], gmacs, 0.0005, name);
        }
    }

    // ================================================================ initialization

    @Test
    void initializationIsTorchvisions() {
        Generator.global().manualSeed(21);
        Map<String, Tensor> v2 = new MobileNetV2(1000).stateDict();
        assertEquals(0.01, stats(v2.get("classifier.1.weight"))[1], 0.0005);
        assertEquals(0, maxAbs(v2.get("classifier.1.bias")));
        // Kaiming normal, fan_out: features.18.0 is [1280, 320, 1, 1], std sqrt(2 / 1280)
        assertEquals(Math.sqrt(2.0 / 1280), stats(v2.get("features.18.0.weight"))[1], 0.02 * Math.sqrt(2.0 / 1280));

        Map<String, Tensor> b0 = EfficientNet.b0(1000).stateDict();
        double bound = 1 / Math.sqrt(1000);
        assertTrue(maxAbs(b0.get("classifier.1.weight")) <= bound);
        assertEquals(bound / Math.sqrt(3), stats(b0.get("classifier.1.weight"))[1], 0.02 * bound);
        assertEquals(0, maxAbs(b0.get("features.1.0.block.1.fc1.bias")));

        Map<String, Tensor> y = RegNet.regnetY400mf(1000).stateDict();
        double std = Math.sqrt(2.0 / (9 * 440));
        assertEquals(std, stats(y.get("trunk_output.block4.block4-1.f.b.0.weight"))[1], 0.03 * std);
        assertEquals(0.01, stats(y.get("fc.weight"))[1], 0.0005);

        Map<String, Tensor> d = DenseNet.densenet121(1000).stateDict();
        // Kaiming normal with fan_in: [128, 992, 1, 1] has std sqrt(2 / 992)
        assertEquals(Math.sqrt(2.0 / 992), stats(d.get("features.denseblock4.denselayer16.conv1.weight"))[1], 0.02 * Math.sqrt(2.0 / 992));
        assertEquals(0, maxAbs(d.get("classifier.bias")));
    }

    // ================================================================ forward and backward

    @Test
    void mobilenetV3SmallForwardBackwardAtNativeSize() {
        Generator.global().manualSeed(22);
        forwardBackward(MobileNetV3.small(1000), 1000, 2, 3, 224, 224);
    }

    @Test
    void regnetY400mfForwardBackwardAtNativeSize() {
        Generator.global().manualSeed(23);
        forwardBackward(RegNet.regnetY400mf(1000), 1000, 1, 3, 224, 224);
    }

    @Test
    void othersForwardBackwardReduced() {
        Generator.global().manualSeed(24);
        forwardBackward(new MobileNetV2(10), 10, 2, 3, 64, 64);
        forwardBackward(MobileNetV3.large(10), 10, 2, 3, 64, 64);
        forwardBackward(EfficientNet.b0(10), 10, 2, 3, 64, 64);
        forwardBackward(RegNet.regnetX400mf(10), 10, 2, 3, 64, 64);
        forwardBackward(DenseNet.densenet121(10), 10, 2, 3, 64, 64);
    }

    @Test
    void efficientNetEvalIsDeterministicAndDenseNetMinimumSize() {
        Generator.global().manualSeed(25);
        EfficientNet net = EfficientNet.b0(10);
        net.eval();
        Tensor x = Tensor.randn(1, 3, 32, 32);
        try (var s = dev.dendrite.autograd.Autograd.noGrad()) {
            assertArrayEquals(net.call(x).toFloatArray(), net.call(x).toFloatArray());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> DenseNet.densenet121(10).call(Tensor.zeros(1, 3, 28, 28)));
        assertEquals("DenseNet: expected input of shape [N, 3, H, W] with H, W >= 29, got [1, 3, 28, 28]", e.getMessage());
    }

    @Test
    void registryHasTheFamilies() {
        for (String name : List.of("resnet18", "resnet152", "preact_resnet50", "resnext50_32x4d", "wide_resnet50_2",
                "resnet20_cifar", "resnet110_cifar", "resnet20_mnist", "densenet121", "densenet201", "densenet_bc100_cifar", "mobilenet_v2",
                "mobilenet_v3_large", "mobilenet_v3_small", "efficientnet_b0", "efficientnet_b3", "regnet_x_400mf",
                "regnet_y_400mf", "regnet_y_3_2gf")) {
            assertTrue(Zoo.contains(name), name);
        }
        assertArrayEquals(new int[] {3, 32, 32}, Zoo.inputShape("resnet56_cifar"));
        assertArrayEquals(new int[] {1, 28, 28}, Zoo.inputShape("resnet20_mnist"));
        assertArrayEquals(new int[] {3, 300, 300}, Zoo.inputShape("efficientnet_b3"));
        assertEquals(269_722L, Zoo.create("resnet20_cifar").parameterCount());
        // a different number of classes changes only the last Linear: 1280 * 10 + 10 instead of 1280 * 1000 + 1000
        assertEquals(5_483_032L - 1_281_000 + 12_810, Zoo.create("mobilenet_v3_large", 10).parameterCount());
    }
}
