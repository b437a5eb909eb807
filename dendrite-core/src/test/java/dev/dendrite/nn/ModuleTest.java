package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModuleTest {

    static final class Net extends Module {
        final Linear fc1 = register("fc1", new Linear(4, 3));
        final Sequential head = register("head", new Sequential(new Linear(3, 2), new Linear(2, 1, false)));
        final Tensor scale = registerParameter("scale", Tensor.ones(1));
        final Tensor steps = registerBuffer("steps", Tensor.zeros(1));

        @Override
        public Tensor forward(Tensor x) { return head.call(fc1.call(x).relu()).mul(scale); }
    }

    @Test
    void namesFollowDeclarationOrderWithDottedPaths() {
        Net net = new Net();
        assertEquals(List.of("fc1.weight", "fc1.bias", "head.0.weight", "head.0.bias", "head.1.weight", "scale")
                .stream().sorted().toList(), net.namedParameters().keySet().stream().sorted().toList());
        assertEquals(List.of("scale", "steps", "fc1.weight", "fc1.bias", "head.0.weight", "head.0.bias", "head.1.weight"),
                List.copyOf(net.stateDict().keySet()));
        assertEquals(4 * 3 + 3 + 3 * 2 + 2 + 2 + 1, net.parameterCount());
    }

    @Test
    void sharedModuleIsCountedOnceAndItsGradientsAdd() {
        Linear shared = new Linear(2, 2, false);
        Sequential twice = new Sequential(shared, shared);
        assertEquals(1, twice.parameters().size());
        Tensor x = Tensor.of(new float[] {1, 2}, 1, 2);
        twice.call(x).sum().backward();
        // d/dW of sum(W (W x)) = 1 x^T W^T... checked against the same computation written out
        Tensor w = shared.weight().detach().requiresGrad();
        x.matmul(w.t()).matmul(w.t()).sum().backward();
        assertArrayEquals(w.grad().toFloatArray(), shared.weight().grad().toFloatArray(), 1e-6f);
    }

    @Test
    void trainEvalAndFreezeReachEveryModule() {
        Net net = new Net();
        net.eval();
        assertFalse(net.head.get(0).isTraining());
        net.train();
        assertTrue(net.fc1.isTraining());
        net.fc1.requiresGrad(false);
        assertEquals(3 * 2 + 2 + 2 + 1, net.parameterCount(true));
    }

    @Test
    void hooksSeeInputsAndCanReplaceOutputs() {
        Linear lin = new Linear(2, 2);
        int[] calls = new int[1];
        var handle = lin.registerForwardHook((m, in, out) -> {
            calls[0]++;
            return out.mul(0.0);
        });
        assertEquals(0, lin.call(Tensor.ones(1, 2)).abs().sum().item(), 0);
        handle.remove();
        lin.call(Tensor.ones(1, 2));
        assertEquals(1, calls[0]);
    }

    @Test
    void stateDictRoundTripsAndReportsProblemsByName() {
        Net a = new Net(), b = new Net();
        b.loadStateDict(a.stateDict(), true);
        assertArrayEquals(a.fc1.weight().toFloatArray(), b.fc1.weight().toFloatArray());
        var partial = new java.util.LinkedHashMap<>(a.stateDict());
        partial.remove("scale");
        partial.put("extra.weight", Tensor.ones(1));
        var result = b.loadStateDict(partial, false);
        assertEquals(List.of("scale"), result.missingKeys());
        assertEquals(List.of("extra.weight"), result.unexpectedKeys());
        var strict = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(partial, true));
        assertTrue(strict.getMessage().contains("missing keys: [scale]") && strict.getMessage().contains("unexpected keys: [extra.weight]"),
                strict.getMessage());
        var bad = assertThrows(IllegalArgumentException.class,
                () -> b.loadStateDict(Map.of("fc1.weight", Tensor.ones(2, 2)), false));
        assertTrue(bad.getMessage().contains("size mismatch for fc1.weight: checkpoint [2, 2] vs model [3, 4]"), bad.getMessage());
    }

    @Test
    void printsATreeLikePyTorch() {
        assertEquals("""
                Net(
                  (fc1): Linear(in_features=4, out_features=3, bias=True)
                  (head): Sequential(
                    (0): Linear(in_features=3, out_features=2, bias=True)
                    (1): Linear(in_features=2, out_features=1, bias=False)
                  )
                )""", new Net().toString());
    }

    @Test
    void linearMatchesItsFormulaAndRejectsWrongShapes() {
        Linear lin = new Linear(3, 2);
        Tensor x = Tensor.of(new float[] {1, 2, 3, -1, 0, 1}, 2, 3);
        Tensor y = lin.call(x);
        float[] w = lin.weight().toFloatArray(), b = lin.bias().toFloatArray(), got = y.toFloatArray();
        for (int i = 0; i < 2; i++) {
            for (int o = 0; o < 2; o++) {
                double ref = b[o];
                for (int k = 0; k < 3; k++) ref += x.get(i, k) * w[o * 3 + k];
                assertEquals(ref, got[i * 2 + o], 1e-5);
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> lin.call(Tensor.ones(2, 4)));
        assertEquals("linear: input shape [2, 4] does not end in in_features=3", e.getMessage());
        double bound = 1 / Math.sqrt(3);
        for (float v : w) assertTrue(Math.abs(v) <= bound);
    }
}
