package dev.dendrite.zoo;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.functional.F;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.Summary;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The classic architectures of the zoo: LeNet-5, AlexNet, VGG, NiN, GoogLeNet, Inception v3 and
 * SqueezeNet. Parameter counts are torchvision's published figures (or, for the models torchvision
 * lacks, sums of per-layer formulas written out here); key names are checked against torchvision's.
 *
 * <p>Forward and backward run at the native input size for LeNet-5, the NiN and VGG CIFAR forms,
 * SqueezeNet, GoogLeNet (with aux heads) and Inception v3 (with its aux head, which needs
 * 299x299). To keep the suite fast, AlexNet runs forward at 224x224 (through Summary) and backward
 * at 63x63, NiN's ImageNet form at 96x96, and the ImageNet VGGs (whose `features` the CIFAR
 * forms share) forward only, at 32x32: the adaptive pooling of these models allows any size.
 */
class ClassicArchitecturesTest {

    // ================================================================ helpers

    private static long conv(int in, int out, int kh, int kw, boolean bias) { return (long) in * out * kh * kw + (bias ? out : 0); }

    private static long linear(int in, int out) { return (long) in * out + out; }

    private static void assertShape(Map<String, Tensor> state, String key, int... shape) {
        Tensor t = state.get(key);
        assertNotNull(t, "missing key " + key);
        assertArrayEquals(shape, t.shape(), key);
    }

    /** Forward in training mode, cross-entropy backward; every parameter gets a finite gradient. */
    private static void forwardBackward(Module model, int numClasses, int... inputShape) {
        model.train();
        Tensor x = Tensor.randn(inputShape);
        Tensor out = model.call(x);
        assertArrayEquals(new int[] {inputShape[0], numClasses}, out.shape());
        long[] labels = new long[inputShape[0]];
        for (int i = 0; i < labels.length; i++) labels[i] = i % numClasses;
        F.crossEntropy(out, Tensor.of(labels, labels.length)).backward();
        assertAllGradients(model);
    }

    private static void assertAllGradients(Module model) {
        boolean anyNonZero = false;
        for (var e : model.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            assertNotNull(g, "no gradient for " + e.getKey());
            assertArrayEquals(e.getValue().shape(), g.shape(), e.getKey());
            for (float v : g.toFloatArray()) {
                assertTrue(Float.isFinite(v), "non-finite gradient in " + e.getKey());
                anyNonZero |= v != 0;
            }
        }
        assertTrue(anyNonZero, "all gradients are zero");
    }

    /** Records the output shape of each named submodule of {@code model} on its next calls. */
    private static Map<String, int[]> recordShapes(Module model, String... names) {
        Map<String, int[]> shapes = new java.util.LinkedHashMap<>();
        Map<String, Module> modules = model.namedModules();
        for (String n : names) {
            Module m = modules.get(n);
            assertNotNull(m, n);
            m.registerForwardHook((mod, in, out) -> {
                shapes.put(n, out.shape());
                return null;
            });
        }
        return shapes;
    }

    /** Mean and standard deviation of a tensor's values. */
    private static double[] stats(Tensor t) {
        float[] v = t.toFloatArray();
        double s = 0, s2 = 0;
        for (float f : v) { s += f; s2 += (double) f * f; }
        double mean = s / v.length;
        return new double[] {mean, Math.sqrt(s2 / v.length - mean * mean)};
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float f : t.toFloatArray()) m = Math.max(m, Math.abs(f));
        return m;
    }

    // ================================================================ LeNet-5

    private static final long LENET5 = conv(1, 6, 5, 5, true) + conv(6, 16, 5, 5, true)
            + linear(400, 120) + linear(120, 84) + linear(84, 10);

    @Test
    void lenet5ParametersAndKeys() {
        assertEquals(61_706, LENET5);
        for (LeNet5.Style style : LeNet5.Style.values()) {
            for (int size : new int[] {28, 32}) {
                LeNet5 net = new LeNet5(style, size, 10);
                assertEquals(LENET5, net.parameterCount(), style + " " + size);
                Map<String, Tensor> s = net.stateDict();
                assertEquals(List.of("features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias",
                        "classifier.0.weight", "classifier.0.bias", "classifier.2.weight", "classifier.2.bias",
                        "classifier.4.weight", "classifier.4.bias"), List.copyOf(s.keySet()));
                assertShape(s, "features.3.weight", 16, 6, 5, 5);
                assertShape(s, "classifier.0.weight", 120, 400);
                forwardBackward(net, 10, 2, 1, size, size);
            }
        }
    }

    @Test
    void lenet5RejectsWrongInput() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LeNet5().call(Tensor.zeros(2, 1, 32, 32)));
        assertEquals("LeNet5: expected input of shape [N, 1, 28, 28], got [2, 1, 32, 32]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LeNet5(LeNet5.Style.MODERN, 30, 10));
        assertEquals("LeNet5: inputSize must be 28 (padded) or 32, got 30", e.getMessage());
    }

    // ================================================================ AlexNet

    @Test
    void alexnet() {
        AlexNet net = new AlexNet();
        assertEquals(61_100_840, net.parameterCount());
        Map<String, Tensor> s = net.stateDict();
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias",
                "features.6.weight", "features.6.bias", "features.8.weight", "features.8.bias", "features.10.weight",
                "features.10.bias", "classifier.1.weight", "classifier.1.bias", "classifier.4.weight", "classifier.4.bias",
                "classifier.6.weight", "classifier.6.bias"), List.copyOf(s.keySet()));
        assertShape(s, "features.0.weight", 64, 3, 11, 11);
        assertShape(s, "classifier.1.weight", 4096, 9216);
        // the native 224x224 forward, through Summary, whose multiply-adds are the per-layer sums written out here
        Summary sum = Summary.of(net, 1, 3, 224, 224);
        long macs = 64L * 3 * 121 * 55 * 55 + 192L * 64 * 25 * 27 * 27 + 384L * 192 * 9 * 13 * 13 + 256L * 384 * 9 * 13 * 13
                + 256L * 256 * 9 * 13 * 13 + 9216L * 4096 + 4096L * 4096 + 4096L * 1000;
        assertEquals(714_188_480L, macs);
        assertEquals(macs, sum.multiplyAdds());
        assertArrayEquals(new int[] {1, 1000}, sum.rows().get(0).outputShape());
        // backward at a reduced size (the adaptive pool makes any input >= 63 work)
        forwardBackward(net, 1000, 2, 3, 63, 63);
    }

    // ================================================================ VGG

    /**
     * One test per configuration: the 1000-class parameter count, plus spot checks on some of the
     * models built for it (each VGG is built once in this class: their 100M-parameter classifiers
     * are slow to initialize).
     */
    @ParameterizedTest(name = "vgg{0} batch norm {1}")
    @CsvSource({"11, false, 132863336", "13, false, 133047848", "16, false, 138357544", "19, false, 143667240",
            "11, true, 132868840", "13, true, 133053736", "16, true, 138365992", "19, true, 143678248"})
    void vgg(int depth, boolean batchNorm, long expectedParameters) {
        Vgg net = new Vgg(depth, batchNorm);
        assertEquals(expectedParameters, net.parameterCount());
        Map<String, Tensor> s = net.stateDict();
        assertShape(s, "features.0.weight", 64, 3, 3, 3);
        assertShape(s, "classifier.0.weight", 4096, 25088);
        assertShape(s, "classifier.3.weight", 4096, 4096);
        assertShape(s, "classifier.6.bias", 1000);
        assertEquals((batchNorm ? 2 + 5 : 2) * (depth - 3) + 3 * 2, s.size());   // conv [+ batch norm] entries, 3 linears
        if (depth == 16 && !batchNorm) {
            assertShape(s, "features.28.weight", 512, 512, 3, 3);
            // torchvision's init: kaiming normal, fan_out, ReLU gain; zero biases; linear N(0, 0.01)
            double[] c = stats(s.get("features.28.weight"));
            double expectedStd = Math.sqrt(2.0 / (512 * 9));
            assertEquals(0, c[0], expectedStd * 0.02);
            assertEquals(expectedStd, c[1], expectedStd * 0.02);
            assertEquals(0, maxAbs(s.get("features.28.bias")));
            assertEquals(0.01, stats(s.get("classifier.6.weight"))[1], 0.0002);
            assertEquals(0, maxAbs(s.get("classifier.0.bias")));
        }
        if (depth == 16 && batchNorm) {
            assertShape(s, "features.40.weight", 512, 512, 3, 3);   // the last conv, as in torchvision's vgg16_bn
            assertShape(s, "features.41.running_mean", 512);
        }
        if (depth == 11 && batchNorm) {
            assertShape(s, "features.1.weight", 64);
            assertShape(s, "features.1.num_batches_tracked");
            assertShape(s, "features.25.weight", 512, 512, 3, 3);   // the last conv
            assertShape(s, "features.26.running_var", 512);
        }
        if (depth == 11 && !batchNorm) {
            // the ImageNet form at 32x32 (the adaptive pool repeats the 1x1 map to 7x7), forward only
            net.eval();
            try (var g = Autograd.noGrad()) {
                assertArrayEquals(new int[] {1, 1000}, net.call(Tensor.randn(1, 3, 32, 32)).shape());
            }
        }
    }

    @Test
    void vggCifarForms() {
        Vgg cifar = Vgg.cifar(16, true, 10);
        assertEquals(14_728_266, cifar.parameterCount());
        Vgg plain = Vgg.cifar(11, false, 10);
        long vgg11Features = conv(3, 64, 3, 3, true) + conv(64, 128, 3, 3, true) + conv(128, 256, 3, 3, true)
                + conv(256, 256, 3, 3, true) + conv(256, 512, 3, 3, true) + 3 * conv(512, 512, 3, 3, true);
        assertEquals(vgg11Features + linear(512, 10), plain.parameterCount());
        assertShape(cifar.stateDict(), "classifier.0.weight", 10, 512);
        assertShape(cifar.stateDict(), "features.40.weight", 512, 512, 3, 3);
        forwardBackward(cifar, 10, 2, 3, 32, 32);
        forwardBackward(plain, 10, 1, 3, 32, 32);
        var e = assertThrows(IllegalArgumentException.class, () -> new Vgg(12, false));
        assertEquals("Vgg: depth must be 11, 13, 16 or 19, got 12", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> cifar.call(Tensor.zeros(1, 3, 64, 64)));
        assertEquals("Vgg16_bn (CIFAR form): expected input of shape [N, 3, 32, 32], got [1, 3, 64, 64]", e.getMessage());
    }

    // ================================================================ NiN

    private static long mlpconv(int in, int c1, int c2, int c3, int k) {
        return conv(in, c1, k, k, true) + conv(c1, c2, 1, 1, true) + conv(c2, c3, 1, 1, true);
    }

    @Test
    void ninImageNetForm() {
        NiN net = new NiN();
        long expected = mlpconv(3, 96, 96, 96, 11) + mlpconv(96, 256, 256, 256, 5) + mlpconv(256, 384, 384, 384, 3)
                + mlpconv(384, 1000, 1000, 1000, 3);
        assertEquals(7_439_608, expected);
        assertEquals(expected, net.parameterCount());
        Map<String, Tensor> s = net.stateDict();
        assertShape(s, "features.0.0.weight", 96, 3, 11, 11);
        assertShape(s, "features.0.4.bias", 96);
        assertShape(s, "features.2.0.weight", 256, 96, 5, 5);
        assertShape(s, "features.4.2.weight", 384, 384, 1, 1);
        assertShape(s, "classifier.0.0.weight", 1000, 384, 3, 3);
        assertShape(s, "classifier.0.4.weight", 1000, 1000, 1, 1);
        assertEquals(24, s.size());
        forwardBackward(new NiN(1, 10), 10, 2, 1, 96, 96);
    }

    @Test
    void ninCifarForm() {
        NiN net = NiN.cifar(10);
        long expected = mlpconv(3, 192, 160, 96, 5) + mlpconv(96, 192, 192, 192, 5) + mlpconv(192, 192, 192, 10, 3);
        assertEquals(966_986, expected);
        assertEquals(expected, net.parameterCount());
        Map<String, Tensor> s = net.stateDict();
        assertShape(s, "features.0.2.weight", 160, 192, 1, 1);
        assertShape(s, "features.3.0.weight", 192, 96, 5, 5);
        assertShape(s, "classifier.0.4.weight", 10, 192, 1, 1);
        // the ceil-mode pools take 32 -> 16 -> 8
        Summary sum = Summary.of(net, 1, 3, 32, 32);
        int[] after = sum.rows().stream().filter(r -> r.name().equals("features.4")).findFirst().orElseThrow().outputShape();
        assertArrayEquals(new int[] {1, 192, 8, 8}, after);
        forwardBackward(net, 10, 2, 3, 32, 32);
    }

    // ================================================================ SqueezeNet

    @Test
    void squeezenet11() {
        SqueezeNet net = new SqueezeNet();
        assertEquals(1_235_496, net.parameterCount());
        Map<String, Tensor> s = net.stateDict();
        assertEquals(52, s.size());
        assertShape(s, "features.0.weight", 64, 3, 3, 3);
        assertShape(s, "features.3.squeeze.weight", 16, 64, 1, 1);
        assertShape(s, "features.3.expand1x1.weight", 64, 16, 1, 1);
        assertShape(s, "features.3.expand3x3.weight", 64, 16, 3, 3);
        assertShape(s, "features.12.expand3x3.bias", 256);
        assertShape(s, "classifier.1.weight", 1000, 512, 1, 1);
        // init: final conv N(0, 0.01); others kaiming uniform (bound sqrt(6 / fan_in)); biases zero
        assertEquals(0.01, stats(s.get("classifier.1.weight"))[1], 0.0003);
        double bound = Math.sqrt(6.0 / (64 * 9));
        Tensor w = s.get("features.12.expand3x3.weight");
        assertTrue(maxAbs(w) <= bound);
        assertEquals(bound / Math.sqrt(3), stats(w)[1], bound * 0.02);
        assertEquals(0, maxAbs(s.get("features.12.expand3x3.bias")));
        SqueezeNet small = new SqueezeNet(10);
        Map<String, int[]> shapes = recordShapes(small, "features.2", "features.4", "features.5", "features.8", "features");
        forwardBackward(small, 10, 1, 3, 224, 224);
        assertArrayEquals(new int[] {1, 64, 55, 55}, shapes.get("features.2"));
        assertArrayEquals(new int[] {1, 128, 55, 55}, shapes.get("features.4"));
        assertArrayEquals(new int[] {1, 128, 27, 27}, shapes.get("features.5"));
        assertArrayEquals(new int[] {1, 256, 13, 13}, shapes.get("features.8"));
        assertArrayEquals(new int[] {1, 512, 13, 13}, shapes.get("features"));
    }

    // ================================================================ GoogLeNet

    @Test
    void googlenet() {
        GoogLeNet net = new GoogLeNet();
        assertEquals(6_624_904, net.parameterCount());
        Map<String, Tensor> s = net.stateDict();
        assertShape(s, "conv1.conv.weight", 64, 3, 7, 7);
        assertFalse(s.containsKey("conv1.conv.bias"));
        assertShape(s, "conv1.bn.running_var", 64);
        assertShape(s, "inception3a.branch1.conv.weight", 64, 192, 1, 1);
        assertShape(s, "inception3a.branch2.1.conv.weight", 128, 96, 3, 3);
        assertShape(s, "inception3a.branch3.1.conv.weight", 32, 16, 3, 3);
        assertShape(s, "inception3a.branch4.1.conv.weight", 32, 192, 1, 1);
        assertShape(s, "inception5b.branch4.1.bn.num_batches_tracked");
        assertShape(s, "fc.weight", 1000, 1024);
        assertFalse(s.keySet().stream().anyMatch(k -> k.startsWith("aux")));
        // init: truncated normal, std 0.01, cut at +-2
        assertEquals(0.01, stats(s.get("inception4e.branch2.1.conv.weight"))[1], 0.0002);
        assertEquals(0, maxAbs(s.get("fc.bias")));

        GoogLeNet aux = new GoogLeNet(1000, true);
        assertEquals(13_004_888, aux.parameterCount());
        Map<String, Tensor> a = aux.stateDict();
        assertShape(a, "aux1.conv.conv.weight", 128, 512, 1, 1);
        assertShape(a, "aux2.conv.conv.weight", 128, 528, 1, 1);
        assertShape(a, "aux1.fc1.weight", 1024, 2048);
        assertShape(a, "aux2.fc2.bias", 1000);
        // torchvision's googlenet(aux_logits=True) has 187 parameter tensors, in this order of blocks
        assertEquals(187, aux.namedParameters().size());
        List<String> names = List.copyOf(aux.namedParameters().keySet());
        assertEquals("conv1.conv.weight", names.get(0));
        assertEquals("inception3a.branch2.0.conv.weight", names.get(12));
        assertEquals("aux1.conv.conv.weight", names.get(171));
        assertEquals("fc.bias", names.get(186));
    }

    @Test
    void googlenetForwardBackwardWithAux() {
        GoogLeNet net = new GoogLeNet(10, true);
        net.train();
        Map<String, int[]> shapes = recordShapes(net, "maxpool1", "maxpool2", "inception3b", "maxpool3", "inception4e", "maxpool4",
                "inception5b");
        Tensor x = Tensor.randn(2, 3, 224, 224);
        GoogLeNet.Outputs out = net.forwardWithAux(x);
        // the ceil-mode pools give torchvision's grid sizes: 56, 28, 14, 7
        assertArrayEquals(new int[] {2, 64, 56, 56}, shapes.get("maxpool1"));
        assertArrayEquals(new int[] {2, 192, 28, 28}, shapes.get("maxpool2"));
        assertArrayEquals(new int[] {2, 480, 28, 28}, shapes.get("inception3b"));
        assertArrayEquals(new int[] {2, 480, 14, 14}, shapes.get("maxpool3"));
        assertArrayEquals(new int[] {2, 832, 14, 14}, shapes.get("inception4e"));
        assertArrayEquals(new int[] {2, 832, 7, 7}, shapes.get("maxpool4"));
        assertArrayEquals(new int[] {2, 1024, 7, 7}, shapes.get("inception5b"));
        assertArrayEquals(new int[] {2, 10}, out.logits().shape());
        assertArrayEquals(new int[] {2, 10}, out.aux1().shape());
        assertArrayEquals(new int[] {2, 10}, out.aux2().shape());
        Tensor target = Tensor.of(new long[] {3, 7}, 2);
        // torchvision's training recipe weights the aux losses by 0.3
        F.crossEntropy(out.logits(), target).add(F.crossEntropy(out.aux1(), target).add(F.crossEntropy(out.aux2(), target)).mul(0.3))
                .backward();
        assertAllGradients(net);
        net.eval();
        try (var g = Autograd.noGrad()) {
            GoogLeNet.Outputs ev = net.forwardWithAux(Tensor.randn(1, 3, 64, 64));
            assertArrayEquals(new int[] {1, 10}, ev.logits().shape());
            assertNull(ev.aux1());
            assertNull(ev.aux2());
        }
    }

    // ================================================================ Inception v3

    @Test
    void inceptionV3() {
        Inception3 net = new Inception3();
        assertEquals(27_161_264, net.parameterCount());
        assertEquals(23_834_568, new Inception3(1000, false).parameterCount());
        Map<String, Tensor> s = net.stateDict();
        assertShape(s, "Conv2d_1a_3x3.conv.weight", 32, 3, 3, 3);
        assertShape(s, "Conv2d_1a_3x3.bn.weight", 32);
        assertShape(s, "Conv2d_4a_3x3.bn.running_mean", 192);
        assertShape(s, "Mixed_5b.branch_pool.conv.weight", 32, 192, 1, 1);
        assertShape(s, "Mixed_5b.branch5x5_2.conv.weight", 64, 48, 5, 5);
        assertShape(s, "Mixed_6a.branch3x3.conv.weight", 384, 288, 3, 3);
        assertShape(s, "Mixed_6b.branch7x7_2.conv.weight", 128, 128, 1, 7);
        assertShape(s, "Mixed_6b.branch7x7dbl_2.conv.weight", 128, 128, 7, 1);
        assertShape(s, "Mixed_7a.branch7x7x3_4.conv.weight", 192, 192, 3, 3);
        assertShape(s, "Mixed_7b.branch3x3_2a.conv.weight", 384, 384, 1, 3);
        assertShape(s, "Mixed_7c.branch3x3dbl_3b.conv.weight", 384, 384, 3, 1);
        assertShape(s, "AuxLogits.conv0.conv.weight", 128, 768, 1, 1);
        assertShape(s, "AuxLogits.conv1.conv.weight", 768, 128, 5, 5);
        assertShape(s, "AuxLogits.fc.weight", 1000, 768);
        assertShape(s, "fc.weight", 1000, 2048);
        assertFalse(s.keySet().stream().anyMatch(k -> k.endsWith("conv.bias")));
        // torchvision's inception_v3 (with AuxLogits, registered before Mixed_7a) has 292 parameter tensors
        assertEquals(292, net.namedParameters().size());
        List<String> names = List.copyOf(net.namedParameters().keySet());
        assertEquals("Mixed_5b.branch1x1.conv.weight", names.get(15));
        assertEquals("AuxLogits.conv0.conv.weight", names.get(210));
        assertEquals("Mixed_7a.branch3x3_1.conv.weight", names.get(218));
        assertEquals("fc.bias", names.get(291));
        // init: std 0.1 in general, 0.01 and 0.001 on the aux head's conv1 and fc
        assertEquals(0.1, stats(s.get("Mixed_7c.branch3x3dbl_2.conv.weight"))[1], 0.002);
        assertEquals(0.01, stats(s.get("AuxLogits.conv1.conv.weight"))[1], 0.0002);
        assertEquals(0.001, stats(s.get("AuxLogits.fc.weight"))[1], 0.00002);
    }

    @Test
    void inceptionV3ForwardBackward() {
        Inception3 net = new Inception3(10, true);
        net.train();
        Map<String, int[]> shapes = recordShapes(net, "Conv2d_2b_3x3", "maxpool1", "maxpool2", "Mixed_5d", "Mixed_6a", "Mixed_6e",
                "Mixed_7a", "Mixed_7c");
        Tensor x = Tensor.randn(2, 3, 299, 299);
        Inception3.Outputs out = net.forwardWithAux(x);
        assertArrayEquals(new int[] {2, 64, 147, 147}, shapes.get("Conv2d_2b_3x3"));
        assertArrayEquals(new int[] {2, 64, 73, 73}, shapes.get("maxpool1"));
        assertArrayEquals(new int[] {2, 192, 35, 35}, shapes.get("maxpool2"));
        assertArrayEquals(new int[] {2, 288, 35, 35}, shapes.get("Mixed_5d"));
        assertArrayEquals(new int[] {2, 768, 17, 17}, shapes.get("Mixed_6a"));
        assertArrayEquals(new int[] {2, 768, 17, 17}, shapes.get("Mixed_6e"));
        assertArrayEquals(new int[] {2, 1280, 8, 8}, shapes.get("Mixed_7a"));
        assertArrayEquals(new int[] {2, 2048, 8, 8}, shapes.get("Mixed_7c"));
        assertArrayEquals(new int[] {2, 10}, out.logits().shape());
        assertArrayEquals(new int[] {2, 10}, out.auxLogits().shape());
        Tensor target = Tensor.of(new long[] {1, 9}, 2);
        F.crossEntropy(out.logits(), target).add(F.crossEntropy(out.auxLogits(), target).mul(0.4)).backward();
        assertAllGradients(net);
        var e = assertThrows(IllegalArgumentException.class, () -> net.forwardWithAux(Tensor.zeros(2, 3, 75, 75)));
        assertEquals("Inception3 (training with the aux head): expected input of shape [N, 3, H, W] with H, W >= 299, got [2, 3, 75, 75]",
                e.getMessage());
        try (var g = Autograd.noGrad()) {
            // forward alone does not run the aux head, so smaller inputs work in training mode too
            assertArrayEquals(new int[] {2, 10}, net.call(Tensor.randn(2, 3, 75, 75)).shape());
            net.eval();
            assertArrayEquals(new int[] {1, 10}, net.call(Tensor.randn(1, 3, 75, 75)).shape());
        }
    }

    // ================================================================ the registry

    @Test
    void registry() {
        List<String> mine = List.of("lenet5", "lenet5_relu", "alexnet", "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn",
                "vgg19", "vgg19_bn", "vgg16_cifar", "vgg16_bn_cifar", "nin", "nin_cifar", "googlenet", "googlenet_aux",
                "inception_v3", "squeezenet1_1");
        assertTrue(Zoo.names().containsAll(mine), Zoo.names().toString());
        assertArrayEquals(new int[] {1, 28, 28}, Zoo.inputShape("lenet5"));
        assertArrayEquals(new int[] {3, 299, 299}, Zoo.inputShape("inception_v3"));
        assertArrayEquals(new int[] {3, 224, 224}, Zoo.inputShape("vgg16_bn"));
        assertArrayEquals(new int[] {3, 32, 32}, Zoo.inputShape("nin_cifar"));
        assertEquals(1000, Zoo.get("squeezenet1_1").defaultNumClasses());
        for (String name : mine) assertFalse(Zoo.get(name).description().isBlank(), name);
        // the small ones built through the registry, with a non-default class count, at their native input
        try (var g = Autograd.noGrad()) {
            for (String name : List.of("lenet5", "lenet5_relu", "nin_cifar", "squeezenet1_1")) {
                Module m = Zoo.create(name, 7);
                m.eval();
                assertArrayEquals(new int[] {1, 7}, m.call(Tensor.randn(Zoo.get(name).inputShape(1))).shape(), name);
            }
        }
        assertEquals(LENET5, Zoo.create("lenet5").parameterCount());
        var e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("lenet6"));
        assertTrue(e.getMessage().startsWith("Zoo: unknown model 'lenet6'; known models: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("lenet5", 0));
        assertEquals("Zoo: lenet5: numClasses must be positive, got 0", e.getMessage());
    }

    // ================================================================ learning: LeNet-5 on MNIST

    private static final Path MNIST = Path.of("/work/shared/data/mnist");

    /** The first {@code n} images of an IDX3 gz file, scaled to [0, 1], as [n, 1, 28, 28]. */
    private static Tensor readImages(Path file, int n) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file)); DataInputStream d = new DataInputStream(in)) {
            assertEquals(0x803, d.readInt());
            assertTrue(d.readInt() >= n);
            int rows = d.readInt(), cols = d.readInt();
            byte[] raw = new byte[n * rows * cols];
            d.readFully(raw);
            float[] v = new float[raw.length];
            for (int i = 0; i < raw.length; i++) v[i] = (raw[i] & 0xff) / 255f;
            return Tensor.of(v, n, 1, rows, cols);
        }
    }

    private static long[] readLabels(Path file, int n) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file)); DataInputStream d = new DataInputStream(in)) {
            assertEquals(0x801, d.readInt());
            assertTrue(d.readInt() >= n);
            byte[] raw = new byte[n];
            d.readFully(raw);
            long[] v = new long[n];
            for (int i = 0; i < n; i++) v[i] = raw[i];
            return v;
        }
    }

    @Test
    void lenet5LearnsMnist() throws IOException {
        Assumptions.assumeTrue(Files.exists(MNIST.resolve("train-images-idx3-ubyte.gz")), "MNIST absent");
        int nTrain = 2000, nTest = 500, batch = 50, epochs = 3;
        Tensor xTrain = readImages(MNIST.resolve("train-images-idx3-ubyte.gz"), nTrain);
        long[] yTrain = readLabels(MNIST.resolve("train-labels-idx1-ubyte.gz"), nTrain);
        Tensor xTest = readImages(MNIST.resolve("t10k-images-idx3-ubyte.gz"), nTest);
        long[] yTest = readLabels(MNIST.resolve("t10k-labels-idx1-ubyte.gz"), nTest);

        Generator.global().manualSeed(5);
        LeNet5 net = new LeNet5(LeNet5.Style.MODERN, 28, 10);
        Adam opt = new Adam(net.parameters(), 5e-3);
        long start = System.nanoTime();
        for (int epoch = 0; epoch < epochs; epoch++) {
            net.train();
            for (int b = 0; b < nTrain; b += batch) {
                Tensor x = xTrain.narrow(0, b, batch);
                Tensor y = Tensor.of(Arrays.copyOfRange(yTrain, b, b + batch), batch);
                opt.zeroGrad();
                F.crossEntropy(net.call(x), y).backward();
                opt.step();
            }
        }
        net.eval();
        long[] predicted;
        try (var g = Autograd.noGrad()) {
            predicted = net.call(xTest).argmax(1, false).toLongArray();
        }
        int correct = 0;
        for (int i = 0; i < nTest; i++) if (predicted[i] == yTest[i]) correct++;
        double accuracy = correct / (double) nTest;
        System.out.printf("LeNet-5 (ReLU) on %d MNIST images, %d epochs: test accuracy %.3f on %d in %.1f s%n", nTrain, epochs,
                accuracy, nTest, (System.nanoTime() - start) / 1e9);
        assertTrue(accuracy >= 0.90, "accuracy " + accuracy);
    }
}
