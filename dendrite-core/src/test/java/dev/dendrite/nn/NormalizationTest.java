package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.functional.F;
import dev.dendrite.functional.Normalization;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.onnx.OnnxData;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class NormalizationTest {

    static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), Dtype.FLOAT64, shape); }

    /** Per-channel mean and biased/unbiased variance of [N, C, *] by plain loops. */
    static double[][] channelStats(Tensor x) {
        double[] v = x.toDoubleArray();
        int n = x.size(0), c = x.size(1), s = x.numel() / (n * c);
        double[] mean = new double[c], var = new double[c], unbiased = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < s; j++) sum += v[(i * c + ch) * s + j];
            mean[ch] = sum / (n * s);
            double sq = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < s; j++) sq += Math.pow(v[(i * c + ch) * s + j] - mean[ch], 2);
            var[ch] = sq / (n * s);
            unbiased[ch] = sq / (n * s - 1);
        }
        return new double[][] {mean, var, unbiased};
    }

    // ================================================================ batch norm

    @Test
    void batchNormGradcheckTrainingAndEval() {
        Tensor x = randn(1, 3, 2, 2, 2).requiresGrad();
        Tensor w = randn(2, 2).requiresGrad(), b = randn(3, 2).requiresGrad();
        GradCheck.check(in -> F.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), x, w, b);
        GradCheck.check(in -> F.batchNorm(in[0], null, null, null, null, true, 0.1, 1e-5), x);
        // runs of >= 16 per (sample, channel) take the vectorized kernel directly (shorter ones are transposed first)
        GradCheck.check(in -> F.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), randn(11, 2, 2, 4, 4).requiresGrad(),
                w, b);
        Tensor x2 = randn(4, 5, 3).requiresGrad();
        GradCheck.check(in -> F.batchNorm(in[0], null, null, in[1], null, true, 0.1, 1e-5), x2, randn(5, 3).requiresGrad());
        Tensor rm = randn(6, 2), rv = randn(7, 2).abs().add(0.5);
        GradCheck.check(in -> F.batchNorm(in[0], rm, rv, in[1], in[2], false, 0.1, 1e-5), x, w, b);
        // double backward goes through the composed derivative
        GradCheck.checkSecondOrder(in -> F.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5),
                randn(8, 3, 2, 2).requiresGrad(), randn(9, 2).requiresGrad(), randn(10, 2).requiresGrad());
    }

    @Test
    void batchNormFastBackwardMatchesComposedFormulaInFloat32() {
        Tensor x = Tensor.randn(new Generator(3), Dtype.FLOAT32, 4, 3, 5, 5).requiresGrad();
        Tensor w = Tensor.randn(new Generator(4), Dtype.FLOAT32, 3).requiresGrad();
        Tensor b = Tensor.randn(new Generator(5), Dtype.FLOAT32, 3).requiresGrad();
        Tensor g = Tensor.randn(new Generator(6), Dtype.FLOAT32, 4, 3, 5, 5);
        F.batchNorm(x, null, null, w, b, true, 0.1, 1e-5).backward(g);
        // the same normalization written with tensor ops, differentiated by autograd
        Tensor x2 = x.detach().requiresGrad(), w2 = w.detach().requiresGrad(), b2 = b.detach().requiresGrad();
        int[] dims = {0, 2, 3};
        Tensor c = x2.sub(x2.mean(dims, true));
        Tensor y = c.mul(c.square().mean(dims, true).add(1e-5).rsqrt()).mul(w2.reshape(1, 3, 1, 1)).add(b2.reshape(1, 3, 1, 1));
        y.backward(g);
        assertArrayEquals(x2.grad().toFloatArray(), x.grad().toFloatArray(), 1e-4f);
        assertArrayEquals(w2.grad().toFloatArray(), w.grad().toFloatArray(), 1e-3f);
        assertArrayEquals(b2.grad().toFloatArray(), b.grad().toFloatArray(), 1e-4f);
    }

    @Test
    void batchNorm2dTrainModeNormalizesAndUpdatesRunningStatsByMomentum() {
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor x = Tensor.randn(new Generator(11), Dtype.FLOAT32, 8, 3, 4, 4).mul(3.0).add(2.0);
        Tensor y = bn.call(x);
        double[][] ys = channelStats(y);
        for (int c = 0; c < 3; c++) {
            assertEquals(0, ys[0][c], 1e-5);
            assertEquals(1, ys[1][c], 1e-3);   // var / (var + eps)
        }
        double[][] xs = channelStats(x);
        for (int c = 0; c < 3; c++) {
            assertEquals(0.1 * xs[0][c], bn.runningMean().get(c), 1e-5);
            assertEquals(0.9 + 0.1 * xs[2][c], bn.runningVar().get(c), 1e-4);   // unbiased variance
        }
        assertEquals(1, bn.numBatchesTracked().itemLong());
        double rm0 = bn.runningMean().get(0), rv0 = bn.runningVar().get(0);
        Tensor x2 = Tensor.randn(new Generator(12), Dtype.FLOAT32, 8, 3, 4, 4);
        bn.call(x2);
        double[][] s2 = channelStats(x2);
        assertEquals(0.9 * rm0 + 0.1 * s2[0][0], bn.runningMean().get(0), 1e-5);
        assertEquals(0.9 * rv0 + 0.1 * s2[2][0], bn.runningVar().get(0), 1e-4);
        assertEquals(2, bn.numBatchesTracked().itemLong());
        // the gradient reaches weight and bias
        Tensor g = Tensor.arange(0, 8 * 3 * 4 * 4, 1).reshape(8, 3, 4, 4).toFloat().div(100.0);
        Tensor out = bn.call(x);
        out.mul(g).sum().backward();
        // d/dbias_c = sum of g over channel c; d/dweight_c = sum of g * xhat over channel c (xhat = out with w=1, b=0)
        double[] gb = new double[3], gw = new double[3];
        for (int i = 0; i < 8; i++) {
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < 16; j++) {
                    gb[c] += g.get(i, c, j / 4, j % 4);
                    gw[c] += g.get(i, c, j / 4, j % 4) * out.get(i, c, j / 4, j % 4);
                }
            }
        }
        assertArrayEquals(gb, bn.bias().grad().toDoubleArray(), 1e-2);
        assertArrayEquals(gw, bn.weight().grad().toDoubleArray(), 1e-2);
    }

    @Test
    void batchNormCumulativeAverageWhenMomentumIsNull() {
        BatchNorm1d bn = new BatchNorm1d(2, NormBase.Options.batchNorm().momentum(null));
        Tensor a = Tensor.of(new float[] {1, 10, 3, 20}, 2, 2), b = Tensor.of(new float[] {5, 0, 7, 2, 9, 4}, 3, 2);
        bn.call(a);
        bn.call(b);
        // plain average of the two batch means: (2 + 7) / 2 and (15 + 2) / 2
        assertArrayEquals(new float[] {4.5f, 8.5f}, bn.runningMean().toFloatArray(), 1e-6f);
        // unbiased variances: a: 2, 50; b: 4, 4
        assertArrayEquals(new float[] {3f, 27f}, bn.runningVar().toFloatArray(), 1e-5f);
    }

    @Test
    void evalModeUsesRunningStatistics() {
        BatchNorm2d bn = new BatchNorm2d(2);
        bn.runningMean().copy_(Tensor.of(1f, -2f));
        bn.runningVar().copy_(Tensor.of(4f, 0.25f));
        bn.weight().detach().copy_(Tensor.of(2f, 1f));
        bn.bias().detach().copy_(Tensor.of(0.5f, 0f));
        bn.eval();
        Tensor x = Tensor.of(new float[] {3, 5, -2, -1}, 1, 2, 1, 2);
        Tensor y = bn.call(x);
        double s0 = 2 / Math.sqrt(4 + 1e-5), s1 = 1 / Math.sqrt(0.25 + 1e-5);
        assertArrayEquals(new double[] {(3 - 1) * s0 + 0.5, (5 - 1) * s0 + 0.5, 0, 1 * s1}, y.toDoubleArray(), 1e-5);
        assertEquals(0, bn.numBatchesTracked().itemLong());   // eval does not count batches
        assertArrayEquals(new float[] {1f, -2f}, bn.runningMean().toFloatArray());
    }

    @Test
    void withoutRunningStatsBothModesUseBatchStatistics() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, false, false);
        assertTrue(bn.namedParameters().isEmpty());
        assertTrue(bn.stateDict().isEmpty());
        Tensor x = Tensor.of(new float[] {1, 2, 3, 6}, 2, 2);
        float[] train = bn.call(x).toFloatArray();
        bn.eval();
        assertArrayEquals(train, bn.call(x).toFloatArray());
        assertEquals(1, train[2], 1e-4);
        assertEquals(-1, train[0], 1e-4);
    }

    @Test
    void batchNormStateDictNamesMatchPyTorch() {
        BatchNorm2d bn = new BatchNorm2d(4);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.stateDict().keySet()));
        assertEquals(Dtype.INT64, bn.numBatchesTracked().dtype());
        assertEquals("BatchNorm2d(4, eps=1.0E-5, momentum=0.1, affine=True, track_running_stats=True)", bn.toString());
    }

    @Test
    void batchNormErrorsNameTheLayerAndTheRule() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).call(Tensor.ones(8, 3)));
        assertEquals("BatchNorm2d: expected input of rank 4 [N, C, H, W], got shape [8, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).call(Tensor.ones(2, 4, 2, 2)));
        assertEquals("batchNorm: expected 3 channels, got 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).call(Tensor.ones(2, 3, 4, 5)));
        assertEquals("BatchNorm1d: expected input of rank 2 [N, C] or 3 [N, C, L], got shape [2, 3, 4, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).call(Tensor.ones(1, 3)));
        assertEquals("batchNorm: expected more than 1 value per channel when training, got input of shape [1, 3]", e.getMessage());
    }

    @Test
    void batchNormAgainstPyTorchConvertedModels() {
        for (String name : List.of("test_BatchNorm2d_eval", "test_BatchNorm2d_momentum_eval", "test_BatchNorm1d_3d_input_eval",
                "test_BatchNorm3d_eval")) {
            Path dir = OnnxData.pytorchConverted(name);
            OnnxData.Case c = OnnxData.load(dir);
            List<String> in = OnnxData.nodeInputs(dir, "BatchNormalization");
            Map<String, Tensor> init = c.initializers();
            double eps = OnnxData.floatAttr(dir, "BatchNormalization", "epsilon", 1e-5f);
            Tensor y = F.batchNorm(c.inputs().get(0), init.get(in.get(3)), init.get(in.get(4)), init.get(in.get(1)),
                    init.get(in.get(2)), false, 0.1, eps);
            OnnxData.assertClose(name, c.output(), y, 1e-5);
        }
    }

    // ================================================================ layer, group, instance, LRN, RMS

    @Test
    void layerNormGradcheckAndStatistics() {
        Tensor x = randn(20, 2, 3, 4).requiresGrad();
        Tensor w = randn(21, 3, 4).requiresGrad(), b = randn(22, 3, 4).requiresGrad();
        GradCheck.check(in -> F.layerNorm(in[0], new int[] {3, 4}, in[1], in[2], 1e-5), x, w, b);
        GradCheck.checkSecondOrder(in -> F.layerNorm(in[0], new int[] {4}, in[1], null, 1e-5), randn(23, 2, 4).requiresGrad(),
                randn(24, 4).requiresGrad());
        // the typed float32 backward agrees with the formula composed from tensor ops
        Tensor xf = Tensor.randn(new Generator(25), Dtype.FLOAT32, 6, 37).mul(3.0).requiresGrad();
        Tensor gf = Tensor.randn(new Generator(26), Dtype.FLOAT32, 6, 37);
        F.layerNorm(xf, new int[] {37}, null, null, 1e-5).backward(gf);
        Tensor xr = xf.detach().requiresGrad();
        Tensor cr = xr.sub(xr.mean(1, true));
        cr.mul(cr.square().mean(1, true).add(1e-5).rsqrt()).backward(gf);
        assertArrayEquals(xr.grad().toFloatArray(), xf.grad().toFloatArray(), 1e-5f);
        LayerNorm ln = new LayerNorm(4);
        Tensor y = ln.call(Tensor.randn(new Generator(3), Dtype.FLOAT32, 5, 4).mul(10.0));
        assertArrayEquals(new float[5], y.mean(1).toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {1, 1, 1, 1, 1}, y.var(1, false, false).toFloatArray(), 1e-4f);
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.stateDict().keySet()));
        assertEquals("LayerNorm((4,), eps=1.0E-5, elementwise_affine=True)", ln.toString());
        assertTrue(new LayerNorm(new int[] {4}, 1e-5, false).namedParameters().isEmpty());
        var e = assertThrows(IllegalArgumentException.class, () -> ln.call(Tensor.ones(2, 5)));
        assertEquals("layerNorm: input shape [2, 5] does not end in normalized_shape [4]", e.getMessage());
    }

    @Test
    void layerNormAgainstOnnx() {
        for (String v : List.of("2d_axis0", "2d_axis1", "2d_axis_negative_1", "3d_axis1_epsilon", "3d_axis_negative_2_epsilon",
                "4d_axis2", "4d_axis_negative_3")) {
            String name = "test_layer_normalization_" + v;
            Path dir = OnnxData.node(name);
            OnnxData.Case c = OnnxData.load(dir);
            Tensor x = c.inputs().get(0);
            int axis = (int) OnnxData.intAttr(dir, "LayerNormalization", "axis", -1);
            if (axis < 0) axis += x.dim();
            double eps = OnnxData.floatAttr(dir, "LayerNormalization", "epsilon", 1e-5f);
            int[] shape = Arrays.copyOfRange(x.shape(), axis, x.dim());
            Tensor bias = c.inputs().size() > 2 ? c.inputs().get(2) : null;
            OnnxData.assertClose(name, c.output(), F.layerNorm(x, shape, c.inputs().get(1), bias, eps), 1e-4);
        }
    }

    @Test
    void groupNormGradcheckStatisticsAndOnnx() {
        Tensor x = randn(30, 2, 4, 3).requiresGrad();
        Tensor w = randn(31, 4).requiresGrad(), b = randn(32, 4).requiresGrad();
        GradCheck.check(in -> F.groupNorm(in[0], 2, in[1], in[2], 1e-5), x, w, b);
        GradCheck.checkSecondOrder(in -> F.groupNorm(in[0], 2, null, null, 1e-5), randn(33, 1, 4, 2).requiresGrad());
        // a group of channels {0, 1} of sample 0 has mean 0 and variance 1 after normalization
        Tensor y = new GroupNorm(2, 4).call(Tensor.randn(new Generator(4), Dtype.FLOAT32, 2, 4, 5).mul(3.0).add(1.0));
        Tensor g = y.reshape(2, 2, 10);
        assertArrayEquals(new float[4], g.mean(2).reshape(4).toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {1, 1, 1, 1}, g.var(2, false, false).reshape(4).toFloatArray(), 1e-4f);
        var e = assertThrows(IllegalArgumentException.class, () -> new GroupNorm(3, 4));
        assertEquals("GroupNorm: num_channels (4) must be divisible by num_groups (3)", e.getMessage());
        for (String name : List.of("test_group_normalization_example", "test_group_normalization_epsilon")) {
            Path dir = OnnxData.node(name);
            OnnxData.Case c = OnnxData.load(dir);
            int groups = (int) OnnxData.intAttr(dir, "GroupNormalization", "num_groups", 1);
            double eps = OnnxData.floatAttr(dir, "GroupNormalization", "epsilon", 1e-5f);
            Tensor in = c.inputs().get(0), scale = c.inputs().get(1), bias = c.inputs().get(2);
            int ch = in.size(1);
            if (scale.numel() != ch) {   // opset 18 gave one scale per group: spread it over the group's channels
                scale = scale.unsqueeze(1).expand(groups, ch / groups).reshape(ch);
                bias = bias.unsqueeze(1).expand(groups, ch / groups).reshape(ch);
            }
            OnnxData.assertClose(name, c.output(), F.groupNorm(in, groups, scale, bias, eps), 1e-4);
        }
    }

    @Test
    void instanceNormGradcheckRunningStatsAndOnnx() {
        Tensor x = randn(40, 2, 3, 2, 2).requiresGrad();
        Tensor w = randn(41, 3).requiresGrad(), b = randn(42, 3).requiresGrad();
        GradCheck.check(in -> F.instanceNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), x, w, b);
        InstanceNorm2d plain = new InstanceNorm2d(3);
        assertTrue(plain.stateDict().isEmpty());
        Tensor xi = Tensor.randn(new Generator(5), Dtype.FLOAT32, 2, 3, 4, 4).mul(2.0).add(1.0);
        Tensor y = plain.call(xi).reshape(6, 16);
        assertArrayEquals(new float[6], y.mean(1).toFloatArray(), 1e-5f);
        plain.eval();
        assertArrayEquals(plain.train().call(xi).toFloatArray(), plain.eval().call(xi).toFloatArray());
        // unbatched [C, H, W] input
        assertArrayEquals(plain.call(xi.select(0, 1)).toFloatArray(), plain.call(xi).select(0, 1).toFloatArray(), 1e-6f);
        InstanceNorm2d tracked = new InstanceNorm2d(3, NormBase.Options.instanceNorm().trackRunningStats(true));
        tracked.call(xi);
        // running mean: 0.1 * (mean over the batch of the instance means) = 0.1 * channel mean
        double[][] s = channelStats(xi);
        for (int c = 0; c < 3; c++) assertEquals(0.1 * s[0][c], tracked.runningMean().get(c), 1e-5);
        tracked.eval();
        Tensor rm = tracked.runningMean().reshape(1, 3, 1, 1), rv = tracked.runningVar().reshape(1, 3, 1, 1);
        assertArrayEquals(xi.sub(rm).div(rv.add(1e-5).sqrt()).toFloatArray(), tracked.call(xi).toFloatArray(), 1e-5f);
        var e = assertThrows(IllegalArgumentException.class, () -> plain.call(Tensor.ones(4, 4)));
        assertEquals("InstanceNorm2d: expected input of rank 3 [C, H, W] or 4 [N, C, H, W], got shape [4, 4]", e.getMessage());
        for (String name : List.of("test_instancenorm_example", "test_instancenorm_epsilon")) {
            Path dir = OnnxData.node(name);
            OnnxData.Case c = OnnxData.load(dir);
            double eps = OnnxData.floatAttr(dir, "InstanceNormalization", "epsilon", 1e-5f);
            Tensor out = F.instanceNorm(c.inputs().get(0), null, null, c.inputs().get(1), c.inputs().get(2), true, 0.1, eps);
            OnnxData.assertClose(name, c.output(), out, 1e-4);
        }
    }

    @Test
    void localResponseNormFormulaGradcheckAndOnnx() {
        Tensor x = randn(50, 1, 4, 2).requiresGrad();
        GradCheck.check(in -> F.localResponseNorm(in[0], 3, 0.1, 0.75, 2.0), x);
        // channel 0 with size 2: window {-1, 0} -> only x0^2 (zero padding in front)
        Tensor v = Tensor.of(new double[] {1, 2, 3}, 1, 3, 1);
        Tensor y = F.localResponseNorm(v, 2, 0.5, 1.0, 1.0);
        assertArrayEquals(new double[] {1 / (1 + 0.25 * 1), 2 / (1 + 0.25 * 5), 3 / (1 + 0.25 * 13)}, y.toDoubleArray(), 1e-15);
        assertEquals("LocalResponseNorm(2, alpha=1.0E-4, beta=0.75, k=1.0)", new LocalResponseNorm(2).toString());
        for (String name : List.of("test_lrn", "test_lrn_default")) {
            Path dir = OnnxData.node(name);
            OnnxData.Case c = OnnxData.load(dir);
            int size = (int) OnnxData.intAttr(dir, "LRN", "size", 1);
            double alpha = OnnxData.floatAttr(dir, "LRN", "alpha", 1e-4f), beta = OnnxData.floatAttr(dir, "LRN", "beta", 0.75f);
            double k = OnnxData.floatAttr(dir, "LRN", "bias", 1f);
            OnnxData.assertClose(name, c.output(), new LocalResponseNorm(size, alpha, beta, k).call(c.inputs().get(0)), 1e-4);
        }
    }

    @Test
    void rmsNormGoldenGradcheckAndOnnx() {
        Tensor x = Tensor.of(new double[] {3, 4}, 1, 2);
        // rms = sqrt((9 + 16) / 2)
        double rms = Math.sqrt(12.5 + 1e-6);
        assertArrayEquals(new double[] {3 / rms, 4 / rms}, F.rmsNorm(x, new int[] {2}, null, 1e-6).toDoubleArray(), 1e-15);
        assertEquals(Math.ulp(1.0f), Normalization.defaultRmsEps(Dtype.FLOAT32));
        assertEquals(Math.ulp(1.0), Normalization.defaultRmsEps(Dtype.FLOAT64));
        GradCheck.check(in -> F.rmsNorm(in[0], new int[] {3}, in[1], null), randn(60, 2, 3).requiresGrad(),
                randn(61, 3).requiresGrad());
        RMSNorm m = new RMSNorm(3);
        assertEquals("RMSNorm((3,), eps=None, elementwise_affine=True)", m.toString());
        assertEquals(List.of("weight"), List.copyOf(m.stateDict().keySet()));
        for (String v : List.of("2d_axis0", "2d_axis_negative_1", "3d_axis1_epsilon", "4d_axis2", "default_axis")) {
            String name = "test_rms_normalization_" + v;
            Path dir = OnnxData.node(name);
            OnnxData.Case c = OnnxData.load(dir);
            Tensor in = c.inputs().get(0);
            int axis = (int) OnnxData.intAttr(dir, "RMSNormalization", "axis", -1);
            if (axis < 0) axis += in.dim();
            double eps = OnnxData.floatAttr(dir, "RMSNormalization", "epsilon", 1e-5f);
            int[] shape = Arrays.copyOfRange(in.shape(), axis, in.dim());
            OnnxData.assertClose(name, c.output(), F.rmsNorm(in, shape, c.inputs().get(1), eps), 1e-4);
        }
    }
}
