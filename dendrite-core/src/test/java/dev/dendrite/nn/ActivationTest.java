package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.functional.Activations;
import dev.dendrite.functional.F;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.onnx.OnnxData;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class ActivationTest {

    /** Small f64 inputs that stay clear of every activation's kinks (0, +-3, 6, +-1). */
    static Tensor smooth(long seed, int... shape) {
        Tensor t = Tensor.randn(new Generator(seed), Dtype.FLOAT64, shape).mul(2.0);
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            for (double kink : new double[] {0, 3, -3, 6, 1, -1}) {
                if (Math.abs(v[i] - kink) < 0.05) v[i] = kink + 0.1;
            }
        }
        return Tensor.of(v, shape);
    }

    static void gradcheck(UnaryOperator<Tensor> f, int... shape) {
        Tensor x = smooth(7, shape).requiresGrad();
        GradCheck.check(xs -> f.apply(xs[0]), x);
    }

    static void assertValues(double[] expected, Tensor actual, double tol) {
        assertArrayEquals(expected, actual.toDoubleArray(), tol);
    }

    // ================================================================ gradcheck for every activation

    @Test
    void everyActivationPassesGradcheck() {
        Map<String, UnaryOperator<Tensor>> fs = new LinkedHashMap<>();
        fs.put("relu", Activations::relu);
        fs.put("relu6", Activations::relu6);
        fs.put("leakyRelu", x -> Activations.leakyRelu(x, 0.2));
        fs.put("elu", x -> Activations.elu(x, 1.5));
        fs.put("selu", Activations::selu);
        fs.put("celu", x -> Activations.celu(x, 0.7));
        fs.put("gelu", Activations::gelu);
        fs.put("geluTanh", x -> Activations.gelu(x, "tanh"));
        fs.put("silu", Activations::silu);
        fs.put("mish", Activations::mish);
        fs.put("sigmoid", Activations::sigmoid);
        fs.put("tanh", Activations::tanh);
        fs.put("hardtanh", x -> Activations.hardtanh(x, -1, 1));
        fs.put("hardsigmoid", Activations::hardsigmoid);
        fs.put("hardswish", Activations::hardswish);
        fs.put("softplus", x -> Activations.softplus(x, 2, 3));
        fs.put("softsign", Activations::softsign);
        fs.put("logsigmoid", Activations::logsigmoid);
        fs.put("softmax0", x -> Activations.softmax(x, 0));
        fs.put("softmax1", x -> Activations.softmax(x, 1));
        fs.put("logSoftmax", x -> Activations.logSoftmax(x, -1));
        fs.put("softmin", x -> Activations.softmin(x, 1));
        fs.put("glu", x -> Activations.glu(x, 1));
        for (var e : fs.entrySet()) {
            try {
                gradcheck(e.getValue(), 3, 4);
            } catch (AssertionError err) {
                throw new AssertionError(e.getKey() + ": " + err.getMessage(), err);
            }
        }
    }

    @Test
    void secondDerivativesOfSmoothActivations() {
        List<UnaryOperator<Tensor>> fs = List.of(x -> Activations.softmax(x, 1), x -> Activations.logSoftmax(x, 0),
                Activations::gelu, Activations::silu, x -> Activations.softplus(x, 1, 20), x -> Activations.elu(x, 1.0),
                Activations::mish);
        for (UnaryOperator<Tensor> f : fs) {
            GradCheck.checkSecondOrder(xs -> f.apply(xs[0]), smooth(3, 2, 3).requiresGrad());
        }
    }

    @Test
    void softmaxTypedBackwardOnLongRowsPassesGradcheck() {
        // rows of >= 16 along the last dim take the vectorized forward and backward kernels
        Tensor x = smooth(13, 2, 17).requiresGrad();
        GradCheck.check(in -> Activations.softmax(in[0], -1), x);
        GradCheck.check(in -> Activations.logSoftmax(in[0], 1), x);
        GradCheck.checkSecondOrder(in -> Activations.logSoftmax(in[0], 1), smooth(14, 1, 16).requiresGrad());
        // float32 agrees with the composed formula
        Tensor z = Tensor.randn(new Generator(15), Dtype.FLOAT32, 8, 40).mul(4.0).requiresGrad();
        Tensor g = Tensor.randn(new Generator(16), Dtype.FLOAT32, 8, 40);
        z.logSoftmax(1).backward(g);
        Tensor z2 = z.detach().requiresGrad();
        z2.sub(z2.logsumexp(1, true)).backward(g);
        assertArrayEquals(z2.grad().toFloatArray(), z.grad().toFloatArray(), 1e-5f);
        z.zeroGrad();
        z.softmax(1).backward(g);
        Tensor z3 = z.detach().requiresGrad();
        z3.sub(z3.logsumexp(1, true)).exp().backward(g);
        assertArrayEquals(z3.grad().toFloatArray(), z.grad().toFloatArray(), 1e-5f);
    }

    @Test
    void preluGradcheckInInputAndSlopes() {
        Tensor x = smooth(11, 2, 3, 2).requiresGrad();
        Tensor w = Tensor.of(0.25, -0.5, 1.5).requiresGrad();
        GradCheck.check(in -> Activations.prelu(in[0], in[1]), x, w);
        Tensor w1 = Tensor.of(0.1).requiresGrad();
        GradCheck.check(in -> Activations.prelu(in[0], in[1]), x, w1);
    }

    // ================================================================ golden values

    @Test
    void goldenValuesFromTheFormulas() {
        Tensor x = Tensor.of(-2.0, -0.5, 0.0, 1.0, 4.0, 7.0);
        assertValues(new double[] {0, 0, 0, 1, 4, 6}, Activations.relu6(x), 0);
        assertValues(new double[] {-1, -0.5, 0, 1, 1, 1}, Activations.hardtanh(x), 0);
        assertValues(new double[] {-0.02, -0.005, 0, 1, 4, 7}, Activations.leakyRelu(x), 1e-15);
        assertValues(new double[] {Math.exp(-2) - 1, Math.exp(-0.5) - 1, 0, 1, 4, 7}, Activations.elu(x), 1e-15);
        assertValues(new double[] {1 / 6.0, 2.5 / 6, 0.5, 4 / 6.0, 1, 1}, Activations.hardsigmoid(x), 1e-15);
        assertValues(new double[] {-2 / 6.0, -0.5 * 2.5 / 6, 0, 4 / 6.0, 4, 7}, Activations.hardswish(x), 1e-15);
        assertValues(new double[] {-2 / 3.0, -0.5 / 1.5, 0, 0.5, 0.8, 7 / 8.0}, Activations.softsign(x), 1e-15);
        // celu(x, 2) = 2 (exp(x / 2) - 1) for x < 0
        assertValues(new double[] {2 * (Math.exp(-1) - 1), 2 * (Math.exp(-0.25) - 1), 0, 1, 4, 7}, Activations.celu(x, 2), 1e-15);
        double s = Activations.SELU_SCALE, a = Activations.SELU_ALPHA;
        assertValues(new double[] {s * a * (Math.exp(-2) - 1), s * a * (Math.exp(-0.5) - 1), 0, s, 4 * s, 7 * s},
                Activations.selu(x), 1e-14);
        Tensor one = Tensor.of(1.0);
        assertEquals(0.8413447460685429, Activations.gelu(one).item(), 1e-15);              // Phi(1)
        assertEquals(0.8411919906082768, Activations.gelu(one, "tanh").item(), 1e-15);
        assertEquals(1 / (1 + Math.exp(-1)), Activations.silu(one).item(), 1e-15);
        assertEquals(Math.log1p(Math.E), Activations.softplus(one).item(), 1e-15);
        assertEquals(Math.tanh(Math.log1p(Math.E)), Activations.mish(one).item(), 1e-15);
        // softplus reverts to the identity above the threshold, and is log(1 + e^(beta x)) / beta below
        assertEquals(30.0, Activations.softplus(Tensor.of(30.0)).item(), 0);
        assertEquals(Math.log1p(Math.exp(2 * 0.7)) / 2, Activations.softplus(Tensor.of(0.7), 2, 20).item(), 1e-15);
        assertEquals(1000.0, Activations.softplus(Tensor.of(1000.0), 1, Double.POSITIVE_INFINITY).item(), 0);
        // glu: first half times sigmoid of the second
        Tensor g = Activations.glu(Tensor.of(new double[] {1, 2, 0, 100}, 1, 4), -1);
        assertValues(new double[] {0.5, 2}, g, 1e-15);
    }

    @Test
    void softmaxIsStableAndNormalized() {
        Tensor y = Activations.softmax(Tensor.of(1000.0, 1001.0), 0);
        assertValues(new double[] {1 / (1 + Math.E), Math.E / (1 + Math.E)}, y, 1e-15);
        Tensor ly = Activations.logSoftmax(Tensor.of(-1000f, 0f), 0);
        assertEquals(-1000f, ly.get(0), 1e-3);
        assertEquals(0f, ly.get(1), 0);
        Tensor z = Tensor.randn(new Generator(1), Dtype.FLOAT32, 3, 5, 4);
        for (int d = 0; d < 3; d++) {
            Tensor p = z.softmax(d);
            Tensor ones = p.sum(d);
            assertArrayEquals(Tensor.ones(ones.shape()).toFloatArray(), ones.toFloatArray(), 1e-6f);
            assertArrayEquals(p.log().toFloatArray(), z.logSoftmax(d).toFloatArray(), 1e-5f);
        }
        // softmin is softmax of the negation
        assertArrayEquals(z.neg().softmax(1).toFloatArray(), Activations.softmin(z, 1).toFloatArray(), 0);
        // an all -inf row yields NaN as in torch, not an exception; a row with one -inf gives it probability 0
        Tensor withInf = Activations.softmax(Tensor.of(Float.NEGATIVE_INFINITY, 0f), 0);
        assertValues(new double[] {0, 1}, withInf, 0);
    }

    @Test
    void softmaxOnNonContiguousAndHalfInput() {
        Tensor z = Tensor.randn(new Generator(2), Dtype.FLOAT64, 4, 3).t();
        Tensor ref = z.sub(z.logsumexp(1, true)).exp();
        assertArrayEquals(ref.toDoubleArray(), z.softmax(1).toDoubleArray(), 1e-15);
        Tensor h = z.to(Dtype.FLOAT16);
        assertEquals(Dtype.FLOAT16, h.softmax(0).dtype());
    }

    // ================================================================ modules

    @Test
    void modulesMatchTheirFunctionsAndPrintLikeTorch() {
        Tensor x = smooth(5, 2, 4).toFloat();
        assertArrayEquals(Activations.gelu(x, "tanh").toFloatArray(), new GELU("tanh").call(x).toFloatArray());
        assertArrayEquals(Activations.softplus(x, 2, 10).toFloatArray(), new Softplus(2, 10).call(x).toFloatArray());
        assertArrayEquals(Activations.elu(x, 0.5).toFloatArray(), new ELU(0.5).call(x).toFloatArray());
        assertArrayEquals(Activations.celu(x, 0.5).toFloatArray(), new CELU(0.5).call(x).toFloatArray());
        assertArrayEquals(Activations.leakyRelu(x, 0.3).toFloatArray(), new LeakyReLU(0.3).call(x).toFloatArray());
        assertArrayEquals(Activations.hardtanh(x, -2, 2).toFloatArray(), new Hardtanh(-2, 2).call(x).toFloatArray());
        assertArrayEquals(Activations.glu(x, 1).toFloatArray(), new GLU(1).call(x).toFloatArray());
        List<Module> plain = List.of(new ReLU(), new ReLU6(), new SELU(), new SiLU(), new Mish(), new Sigmoid(), new Tanh(),
                new Hardsigmoid(), new Hardswish(), new Softsign(), new Softmax(1), new LogSoftmax(1), new Softmin(1));
        List<UnaryOperator<Tensor>> fns = List.of(Activations::relu, Activations::relu6, Activations::selu, Activations::silu,
                Activations::mish, Activations::sigmoid, Activations::tanh, Activations::hardsigmoid, Activations::hardswish,
                Activations::softsign, v -> Activations.softmax(v, 1), v -> Activations.logSoftmax(v, 1),
                v -> Activations.softmin(v, 1));
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(fns.get(i).apply(x).toFloatArray(), plain.get(i).call(x).toFloatArray(), plain.get(i).toString());
        }
        assertEquals("GELU(approximate='tanh')", new GELU("tanh").toString());
        assertEquals("Softplus(beta=1.0, threshold=20.0)", new Softplus().toString());
        assertEquals("Softmax(dim=1)", new Softmax(1).toString());
        assertEquals("PReLU(num_parameters=3)", new PReLU(3).toString());
        assertEquals("ReLU()", new ReLU().toString());
    }

    @Test
    void preluModuleInitAndChannelCheck() {
        PReLU p = new PReLU(3);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, p.weight().toFloatArray());
        assertEquals(List.of("weight"), List.copyOf(p.namedParameters().keySet()));
        Tensor x = Tensor.of(new float[] {-4, 4, -8, 8, -2, 2}, 1, 3, 2);
        p.call(x).sum().backward();
        // d/dw_c = sum of the negative inputs of channel c
        assertArrayEquals(new float[] {-4, -8, -2}, p.weight().grad().toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> p.call(Tensor.ones(2, 4)));
        assertEquals("prelu: weight has 3 parameters but the input of shape [2, 4] has 4 channels "
                + "(num_parameters must be 1 or the channel count)", e.getMessage());
    }

    @Test
    void clearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Activations.glu(Tensor.ones(2, 3), 1));
        assertEquals("glu: halving dimension 1 must be even, got size 3 in shape [2, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GELU("fast"));
        assertEquals("gelu: approximate must be 'none' or 'tanh', got 'fast'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Activations.hardtanh(Tensor.ones(2), 1, -1));
        assertTrue(e.getMessage().startsWith("hardtanh: min_val"));
        var bad = assertThrows(IndexOutOfBoundsException.class, () -> Activations.softmax(Tensor.ones(2, 2), 2));
        assertTrue(bad.getMessage().startsWith("softmax: dim 2 is out of range"), bad.getMessage());
    }

    @Test
    void functionalFacadeDelegates() {
        Tensor x = smooth(9, 6);
        assertArrayEquals(Activations.mish(x).toDoubleArray(), F.mish(x).toDoubleArray());
        assertArrayEquals(Activations.softmax(x, 0).toDoubleArray(), F.softmax(x, 0).toDoubleArray());
    }

    // ================================================================ ONNX references

    @Test
    void pytorchConvertedReferences() {
        Map<String, UnaryOperator<Tensor>> cases = new LinkedHashMap<>();
        cases.put("test_ELU", x -> new ELU(2.0).call(x));   // the test module is nn.ELU(alpha=2.)... checked below
        cases.put("test_SELU", x -> new SELU().call(x));
        cases.put("test_Softmax", x -> new Softmax(-1).call(x));
        cases.put("test_LogSoftmax", x -> new LogSoftmax(-1).call(x));
        cases.put("test_Softmin", x -> new Softmin(-1).call(x));
        cases.put("test_Softplus", x -> new Softplus().call(x));
        cases.put("test_Softsign", x -> new Softsign().call(x));
        cases.put("test_Sigmoid", x -> new Sigmoid().call(x));
        cases.put("test_Tanh", x -> new Tanh().call(x));
        cases.put("test_ReLU", x -> new ReLU().call(x));
        cases.put("test_LeakyReLU", x -> new LeakyReLU().call(x));
        cases.put("test_GLU", x -> new GLU().call(x));
        cases.put("test_GLU_dim", x -> new GLU(1).call(x));
        for (String v : List.of("1d", "2d", "3d")) {
            cases.put("test_PReLU_" + v, x -> new PReLU().call(x));
            cases.put("test_PReLU_" + v + "_multiparam", x -> new PReLU(3).call(x));
        }
        cases.put("test_softmax_lastdim", x -> x.softmax(-1));
        cases.put("test_log_softmax_lastdim", x -> x.logSoftmax(-1));
        cases.put("test_softmax_functional_dim3", x -> x.softmax(3));
        cases.put("test_log_softmax_dim3", x -> x.logSoftmax(3));
        int checked = 0;
        for (var e : cases.entrySet()) {
            Path dir = OnnxData.pytorchConverted(e.getKey());
            OnnxData.Case c = OnnxData.load(dir);
            UnaryOperator<Tensor> f = e.getValue();
            if (e.getKey().equals("test_ELU")) {
                double alpha = OnnxData.floatAttr(dir, "Elu", "alpha", 1.0f);
                f = x -> new ELU(alpha).call(x);
            } else if (e.getKey().startsWith("test_LeakyReLU")) {
                double slope = OnnxData.floatAttr(dir, "LeakyRelu", "alpha", 0.01f);
                f = x -> new LeakyReLU(slope).call(x);
            } else if (e.getKey().equals("test_GLU_dim")) {
                int axis = (int) OnnxData.intAttr(dir, "Split", "axis", 1);
                f = x -> new GLU(axis).call(x);
            }
            OnnxData.assertClose(e.getKey(), c.output(), f.apply(c.inputs().get(0)), 1e-5);
            checked++;
        }
        assertEquals(cases.size(), checked);
        // LeakyReLU_with_negval uses its own slope
        Path neg = OnnxData.pytorchConverted("test_LeakyReLU_with_negval");
        OnnxData.Case c = OnnxData.load(neg);
        double slope = OnnxData.floatAttr(neg, "LeakyRelu", "alpha", 0.01f);
        OnnxData.assertClose("test_LeakyReLU_with_negval", c.output(), new LeakyReLU(slope).call(c.inputs().get(0)), 1e-6);
    }

    @Test
    void onnxNodeReferences() {
        Map<String, UnaryOperator<Tensor>> cases = new LinkedHashMap<>();
        for (String t : List.of("test_gelu_default_1", "test_gelu_default_2")) cases.put(t, x -> new GELU().call(x));
        for (String t : List.of("test_gelu_tanh_1", "test_gelu_tanh_2")) cases.put(t, x -> new GELU("tanh").call(x));
        cases.put("test_mish", x -> new Mish().call(x));
        cases.put("test_hardswish", x -> new Hardswish().call(x));
        cases.put("test_softplus", x -> new Softplus().call(x));
        cases.put("test_softplus_example", x -> new Softplus().call(x));
        cases.put("test_softsign", x -> new Softsign().call(x));
        cases.put("test_selu_default", x -> new SELU().call(x));
        cases.put("test_elu_default", x -> new ELU().call(x));
        cases.put("test_celu", null);
        cases.put("test_elu", null);
        cases.put("test_elu_example", null);
        cases.put("test_leakyrelu", null);
        cases.put("test_leakyrelu_default", x -> new LeakyReLU().call(x));
        cases.put("test_softmax_axis_0", x -> x.softmax(0));
        cases.put("test_softmax_axis_1", x -> x.softmax(1));
        cases.put("test_softmax_axis_2", x -> x.softmax(2));
        cases.put("test_softmax_large_number", x -> x.softmax(-1));
        cases.put("test_logsoftmax_large_number", x -> x.logSoftmax(-1));
        cases.put("test_logsoftmax_axis_0", x -> x.logSoftmax(0));
        cases.put("test_logsoftmax_axis_2", x -> x.logSoftmax(2));
        for (var e : cases.entrySet()) {
            Path dir = OnnxData.node(e.getKey());
            OnnxData.Case c = OnnxData.load(dir);
            UnaryOperator<Tensor> f = e.getValue();
            if (f == null) {
                String op = switch (e.getKey()) {
                    case "test_celu" -> "Celu";
                    case "test_leakyrelu" -> "LeakyRelu";
                    default -> "Elu";
                };
                double alpha = OnnxData.floatAttr(dir, op, "alpha", 1.0f);
                f = switch (op) {
                    case "Celu" -> x -> new CELU(alpha).call(x);
                    case "LeakyRelu" -> x -> new LeakyReLU(alpha).call(x);
                    default -> x -> new ELU(alpha).call(x);
                };
            }
            OnnxData.assertClose(e.getKey(), c.output(), f.apply(c.inputs().get(0)), 1e-5);
        }
    }
}
