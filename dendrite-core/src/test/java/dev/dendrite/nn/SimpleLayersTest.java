package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SimpleLayersTest {

    @Test
    void identityFlattenUnflatten() {
        Tensor x = Tensor.randn(2, 3, 4, 5);
        assertSame(x, new Identity().call(x));
        assertArrayEquals(new int[] {2, 60}, new Flatten().call(x).shape());
        assertArrayEquals(new int[] {2, 12, 5}, new Flatten(1, 2).call(x).shape());
        assertArrayEquals(new int[] {2, 3, 2, 2, 5}, new Unflatten(2, 2, 2).call(x).shape());
        assertArrayEquals(x.toFloatArray(), new Unflatten(1, 3, 4, 5).call(new Flatten().call(x)).toFloatArray());
        assertEquals("Flatten(start_dim=1, end_dim=-1)", new Flatten().toString());
        assertEquals("Unflatten(dim=1, unflattened_size=(2, 5))", new Unflatten(1, 2, 5).toString());
        Tensor xd = Tensor.randn(new Generator(1), Dtype.FLOAT64, 2, 3, 2).requiresGrad();
        GradCheck.check(in -> new Flatten().call(in[0]).mul(in[0].reshape(2, 6)), xd);
        var e = assertThrows(IllegalArgumentException.class, () -> new Unflatten(1, 4, 4).call(x));
        assertNotNull(e.getMessage());
    }

    @Test
    void bilinearMatchesTheSumFormulaAndPassesGradcheck() {
        Generator.seed(3);
        Bilinear bl = new Bilinear(3, 2, 4);
        assertEquals(List.of("weight", "bias"), List.copyOf(bl.stateDict().keySet()));
        assertArrayEquals(new int[] {4, 3, 2}, bl.weight().shape());
        Tensor x1 = Tensor.randn(5, 3), x2 = Tensor.randn(5, 2);
        Tensor y = bl.call(x1, x2);
        assertArrayEquals(new int[] {5, 4}, y.shape());
        for (int b = 0; b < 5; b++) {
            for (int k = 0; k < 4; k++) {
                double s = bl.bias().get(k);
                for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) s += x1.get(b, i) * bl.weight().get(k, i, j) * x2.get(b, j);
                assertEquals(s, y.get(b, k), 1e-5);
            }
        }
        Tensor a = Tensor.randn(new Generator(4), Dtype.FLOAT64, 2, 2, 3).requiresGrad();
        Tensor c = Tensor.randn(new Generator(5), Dtype.FLOAT64, 2, 2, 2).requiresGrad();
        Tensor w = Tensor.randn(new Generator(6), Dtype.FLOAT64, 4, 3, 2).requiresGrad();
        Tensor bias = Tensor.randn(new Generator(7), Dtype.FLOAT64, 4).requiresGrad();
        GradCheck.check(in -> Bilinear.bilinear(in[0], in[1], in[2], in[3]), a, c, w, bias);
        // init bound 1/sqrt(in1)
        Bilinear big = new Bilinear(100, 7, 50);
        assertTrue(big.weight().abs().max().item() <= 0.1);
        assertEquals(0.1 / Math.sqrt(3), Math.sqrt(big.weight().var(false).item()), 0.003);
        var e = assertThrows(IllegalArgumentException.class, () -> bl.call(Tensor.ones(5, 2), x2));
        assertEquals("bilinear: inputs of shapes [5, 2] and [5, 2] must share leading dims and end in in1_features=3 "
                + "and in2_features=2", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> bl.call(x1));
    }

    @Test
    void lazyLinearInfersInFeaturesOnFirstCall() {
        LazyLinear lazy = new LazyLinear(3);
        assertTrue(lazy.hasUninitializedParams());
        assertArrayEquals(new int[] {0}, lazy.weight().shape());
        Tensor x = Tensor.randn(4, 7);
        Tensor y = lazy.call(x);
        assertFalse(lazy.hasUninitializedParams());
        assertEquals(7, lazy.inFeatures());
        assertArrayEquals(new int[] {4, 3}, y.shape());
        assertArrayEquals(new int[] {3, 7}, lazy.namedParameters().get("weight").shape());
        assertSame(lazy.weight(), lazy.parameters().get(0));
        assertTrue(lazy.weight().abs().max().item() <= 1 / Math.sqrt(7));
        // behaves as Linear from then on, and trains
        lazy.call(x).sum().backward();
        assertArrayEquals(new int[] {3, 7}, lazy.weight().grad().shape());
        assertEquals(4, lazy.bias().grad().get(0), 1e-6);
        var e = assertThrows(IllegalArgumentException.class, () -> lazy.call(Tensor.ones(4, 5)));
        assertEquals("linear: input shape [4, 5] does not end in in_features=7", e.getMessage());
        assertEquals("LazyLinear(in_features=7, out_features=3, bias=True)", lazy.toString());
        Tensor xd = Tensor.randn(new Generator(8), Dtype.FLOAT64, 2, 3).requiresGrad();
        LazyLinear ld = new LazyLinear(2);
        ld.call(xd);
        Tensor wd = ld.weight().detach().toDouble().requiresGrad();
        GradCheck.check(in -> dev.dendrite.functional.F.linear(in[0], in[1], null), xd, wd);
    }

    @Test
    void modulesComposeInASequentialCnnHead() {
        Generator.seed(10);
        Sequential net = new Sequential(new BatchNorm2d(2), new ReLU(), new Dropout(0.1), new Flatten(), new LazyLinear(3),
                new LayerNorm(3), new GELU());
        Tensor y = net.call(Tensor.randn(4, 2, 3, 3));
        assertArrayEquals(new int[] {4, 3}, y.shape());
        assertTrue(net.stateDict().containsKey("0.running_mean"));
        assertTrue(net.stateDict().containsKey("4.weight"));
        y.sum().backward();
        assertNotNull(net.parameters().get(0).grad());
    }
}
