package dev.dendrite.zoo;

import dev.dendrite.functional.F;
import dev.dendrite.nn.Module;
import dev.dendrite.tensor.Tensor;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Assertions shared by the residual/mobile zoo tests. */
final class ZooChecks {
    private ZooChecks() {}

    static void assertShape(Map<String, Tensor> state, String key, int... shape) {
        Tensor t = state.get(key);
        assertNotNull(t, "missing key " + key);
        assertArrayEquals(shape, t.shape(), key);
    }

    static void assertAbsent(Map<String, Tensor> state, String key) {
        assertFalse(state.containsKey(key), "unexpected key " + key);
    }

    /** Forward in training mode with the given input shape, cross-entropy backward; every parameter gets a finite gradient. */
    static void forwardBackward(Module model, int numClasses, int... inputShape) {
        model.train();
        Tensor out = model.call(Tensor.randn(inputShape));
        assertArrayEquals(new int[] {inputShape[0], numClasses}, out.shape());
        long[] labels = new long[inputShape[0]];
        for (int i = 0; i < labels.length; i++) labels[i] = i % numClasses;
        F.crossEntropy(out, Tensor.of(labels, labels.length)).backward();
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
        // evaluation mode (running statistics, no dropout) gives finite logits of the same shape
        model.eval();
        try (var s = dev.dendrite.autograd.Autograd.noGrad()) {
            Tensor evalOut = model.call(Tensor.randn(inputShape));
            assertArrayEquals(new int[] {inputShape[0], numClasses}, evalOut.shape());
            for (float v : evalOut.toFloatArray()) assertTrue(Float.isFinite(v));
        }
    }

    /** Mean and standard deviation of a tensor's values. */
    static double[] stats(Tensor t) {
        float[] v = t.toFloatArray();
        double s = 0, s2 = 0;
        for (float f : v) { s += f; s2 += (double) f * f; }
        double mean = s / v.length;
        return new double[] {mean, Math.sqrt(s2 / v.length - mean * mean)};
    }

    static double maxAbs(Tensor t) {
        double m = 0;
        for (float f : t.toFloatArray()) m = Math.max(m, Math.abs(f));
        return m;
    }

    static long conv(int in, int out, int k, boolean bias) { return (long) in * out * k * k + (bias ? out : 0); }

    static long bn(int c) { return 2L * c; }
}
