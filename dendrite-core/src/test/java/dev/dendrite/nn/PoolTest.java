package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.functional.Pooling;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pooling layers against direct loops, hand-computed values and finite differences. */
class PoolTest {
    private static final Generator GEN = new Generator(99);

    static Tensor rand64(int... shape) { return Tensor.randn(GEN, Dtype.FLOAT64, shape).requiresGrad(); }

    @Test
    void maxPoolMatchesDirectLoops() {
        int[][][] configs = {   // kernel, stride, padding, dilation
                {{2, 2}, {2, 2}, {0, 0}, {1, 1}}, {{3, 3}, {2, 2}, {1, 1}, {1, 1}}, {{3, 2}, {1, 2}, {1, 0}, {2, 1}},
                {{2, 3}, {3, 2}, {1, 1}, {1, 2}}};
        for (boolean ceil : new boolean[] {false, true}) {
            for (int[][] cf : configs) {
                for (Dtype dt : new Dtype[] {Dtype.FLOAT32, Dtype.FLOAT64}) {
                    Tensor x = Tensor.randn(GEN, dt, 2, 3, 9, 8);
                    Pooling.WithIndices r = Pooling.maxPool2dWithIndices(x, cf[0], cf[1], cf[2], cf[3], ceil);
                    double[][] want = ConvReference.maxPool(x.toDoubleArray(), 6, 9, 8, cf[0], cf[1], cf[2], cf[3], ceil);
                    assertArrayEquals(want[0], r.output().toDoubleArray(), 0, "values");
                    assertArrayEquals(want[1], r.indices().toDoubleArray(), 0, "indices");
                    assertEquals(Dtype.INT64, r.indices().dtype());
                }
            }
        }
    }

    @Test
    void avgPoolMatchesDirectLoops() {
        int[][][] configs = {{{2, 2}, {2, 2}, {0, 0}}, {{3, 3}, {2, 2}, {1, 1}}, {{3, 2}, {2, 3}, {1, 1}}, {{2, 3}, {1, 2}, {1, 0}}};
        for (boolean ceil : new boolean[] {false, true}) {
            for (boolean include : new boolean[] {false, true}) {
                for (int[][] cf : configs) {
                    Tensor x = Tensor.randn(GEN, Dtype.FLOAT64, 2, 2, 7, 8);
                    Tensor y = Pooling.avgPool2d(x, cf[0], cf[1], cf[2], ceil, include, 0);
                    double[] want = ConvReference.avgPool(x.toDoubleArray(), 4, 7, 8, cf[0], cf[1], cf[2], ceil, include);
                    assertArrayEquals(want, y.toDoubleArray(), 1e-12, "ceil=" + ceil + " include=" + include);
                    Tensor y32 = Pooling.avgPool2d(x.toFloat(), cf[0], cf[1], cf[2], ceil, include, 0);
                    assertArrayEquals(want, y32.toDoubleArray(), 1e-5);
                }
            }
        }
    }

    @Test
    void largeInputsSplitAcrossThreads() {
        // big enough for the kernels to split the planes across the pool
        Tensor x = Tensor.randn(GEN, Dtype.FLOAT32, 4, 8, 32, 30).requiresGrad();
        int[] k = {2}, s = {2}, p = {0}, d = {1};
        Pooling.WithIndices r = Pooling.maxPool2dWithIndices(x, k, s, p, d, false);
        double[][] want = ConvReference.maxPool(x.toDoubleArray(), 32, 32, 30, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
                new int[] {1, 1}, false);
        assertArrayEquals(want[0], r.output().toDoubleArray(), 0);
        assertArrayEquals(want[1], r.indices().toDoubleArray(), 0);
        r.output().sum().backward();
        double[] g = x.grad().toDoubleArray();
        double total = 0;
        for (double v : g) total += v;
        assertEquals(32 * 16 * 15, total, 0, "one unit of gradient per window");
        long[] idx = r.indices().toLongArray();
        for (int i = 0; i < idx.length; i++) assertEquals(1, g[(i / 240) * 960 + (int) idx[i]], 0);
        Tensor a = Pooling.avgPool2d(x, new int[] {3}, new int[] {2}, new int[] {1}, true, false, 0);
        assertArrayEquals(ConvReference.avgPool(x.toDoubleArray(), 32, 32, 30, new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}, true, false), a.toDoubleArray(), 1e-5);
    }

    @Test
    void handComputedValues() {
        Tensor x = Tensor.arange(0, 16, 1).toDouble().reshape(1, 1, 4, 4);
        Pooling.WithIndices m = new MaxPool2d(2).forwardWithIndices(x);
        assertArrayEquals(new double[] {5, 7, 13, 15}, m.output().toDoubleArray(), 0);
        assertArrayEquals(new long[] {5, 7, 13, 15}, m.indices().toLongArray());
        assertArrayEquals(new double[] {2.5, 4.5, 10.5, 12.5}, new AvgPool2d(2).forward(x).toDoubleArray(), 0);
        // 3x3 of ones, kernel 2, padding 1: the corner window holds 1 input cell and 3 padded zeros
        Tensor ones = Tensor.ones(Dtype.FLOAT64, 1, 1, 3, 3);
        Tensor incl = new AvgPool2d(new int[] {2}, new int[] {2}, new int[] {1}, false, true, 0).forward(ones);
        assertArrayEquals(new double[] {0.25, 0.5, 0.5, 1}, incl.toDoubleArray(), 0);
        Tensor excl = new AvgPool2d(new int[] {2}, new int[] {2}, new int[] {1}, false, false, 0).forward(ones);
        assertArrayEquals(new double[] {1, 1, 1, 1}, excl.toDoubleArray(), 0);
        // ceil mode: length 5, kernel 2, stride 2 -> 3 outputs, the last window holds only x[4]
        Tensor row = Tensor.of(new double[] {1, 2, 3, 4, 5}, 1, 1, 5);
        assertArrayEquals(new double[] {1.5, 3.5, 5}, new AvgPool1d(2, 2, 0, true, true).forward(row).toDoubleArray(), 0);
        assertArrayEquals(new double[] {2, 4, 5}, new MaxPool1d(2, 2, 0, 1, true).forward(row).toDoubleArray(), 0);
        assertArrayEquals(new double[] {2, 4}, new MaxPool1d(2).forward(row).toDoubleArray(), 0);
        // adaptive 5 -> 3: windows [0, 2), [1, 4), [3, 5)
        assertArrayEquals(new double[] {1.5, 3, 4.5}, new AdaptiveAvgPool1d(3).forward(row).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {2, 4, 5},
                Pooling.adaptiveMaxPool1d(row, 3).toDoubleArray(), 0);
        // global pooling
        assertArrayEquals(new double[] {7.5}, new AdaptiveAvgPool2d(1).forward(x).toDoubleArray(), 0);
        assertArrayEquals(new double[] {15}, new AdaptiveMaxPool2d(1).forward(x).toDoubleArray(), 0);
        // divisor override
        assertArrayEquals(new double[] {10, 18, 42, 50},
                Pooling.avgPool2d(x, new int[] {2}, null, new int[] {0}, false, true, 1).toDoubleArray(), 0);
    }

    @Test
    void nanPropagatesAndInfinityHasAnIndex() {
        double nan = Double.NaN, inf = Double.NEGATIVE_INFINITY;
        for (Dtype dt : new Dtype[] {Dtype.FLOAT32, Dtype.FLOAT64}) {
            // 2x2 windows (the unrolled path): NaN wins, the last NaN of the window is reported
            Tensor x = Tensor.of(new double[] {1, nan, 3, 4, nan, 2, 5, 0, inf, inf, 1, 1, inf, inf, 0, 2}, 1, 1, 4, 4).to(dt);
            Pooling.WithIndices r = Pooling.maxPool2dWithIndices(x, new int[] {2}, null, new int[] {0}, new int[] {1}, false);
            assertArrayEquals(new double[] {nan, 5, inf, 2}, r.output().toDoubleArray(), 0);
            assertArrayEquals(new long[] {4, 6, 8, 15}, r.indices().toLongArray());
            // 3-wide windows (the general path): the same rules
            Tensor row = Tensor.of(new double[] {inf, inf, inf, 7, nan, 1, nan}, 1, 1, 7).to(dt);
            Pooling.WithIndices q = Pooling.maxPool1dWithIndices(row, 3, 2, 0, 1, false);
            assertArrayEquals(new double[] {inf, nan, nan}, q.output().toDoubleArray(), 0);
            assertArrayEquals(new long[] {0, 4, 6}, q.indices().toLongArray());
        }
    }

    @Test
    void adaptiveNonDivisibleMatchesWindows() {
        Tensor x = Tensor.randn(GEN, Dtype.FLOAT64, 2, 3, 7, 5);
        Tensor avg = Pooling.adaptiveAvgPool2d(x, 3, 4);
        Tensor max = Pooling.adaptiveMaxPool2d(x, 3, 4);
        double[] xv = x.toDoubleArray();
        int[] rs = {0, 2, 4}, re = {3, 5, 7}, cs = {0, 1, 2, 3}, ce = {2, 3, 4, 5};   // floor(i*7/3), ceil((i+1)*7/3); same for 5 -> 4
        int o = 0;
        for (int pl = 0; pl < 6; pl++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 4; j++, o++) {
                    double sum = 0, best = Double.NEGATIVE_INFINITY;
                    for (int r = rs[i]; r < re[i]; r++)
                        for (int c = cs[j]; c < ce[j]; c++) {
                            sum += xv[pl * 35 + r * 5 + c];
                            best = Math.max(best, xv[pl * 35 + r * 5 + c]);
                        }
                    assertEquals(sum / ((re[i] - rs[i]) * (ce[j] - cs[j])), avg.toDoubleArray()[o], 1e-12);
                    assertEquals(best, max.toDoubleArray()[o], 0);
                }
    }

    @Test
    void gradcheckPooling() {
        GradCheck.check(t -> Pooling.maxPool2d(t[0], new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 2}, true),
                rand64(1, 2, 5, 6));
        GradCheck.check(t -> Pooling.maxPool1d(t[0], 3, 2, 1, 1, true), rand64(2, 2, 6));
        GradCheck.check(t -> Pooling.avgPool2d(t[0], new int[] {3}, new int[] {2}, new int[] {1}, true, true, 0), rand64(1, 2, 6, 5));
        GradCheck.check(t -> Pooling.avgPool2d(t[0], new int[] {3}, new int[] {2}, new int[] {1}, true, false, 0), rand64(1, 2, 6, 5));
        GradCheck.check(t -> Pooling.avgPool1d(t[0], 2, 1, 1, false, false), rand64(1, 3, 5));
        GradCheck.check(t -> Pooling.adaptiveAvgPool2d(t[0], 3, 2), rand64(2, 1, 7, 5));
        GradCheck.check(t -> Pooling.adaptiveAvgPool1d(t[0], 4), rand64(1, 2, 7));
        GradCheck.check(t -> Pooling.adaptiveMaxPool2d(t[0], 2, 3), rand64(1, 2, 5, 7));
        Tensor idx = Pooling.maxPool2dWithIndices(Tensor.randn(GEN, Dtype.FLOAT64, 1, 2, 4, 4), new int[] {2}, null,
                new int[] {0}, new int[] {1}, false).indices();
        GradCheck.check(t -> Pooling.maxUnpool2d(t[0], idx, new int[] {2}, null, new int[] {0}, null), rand64(1, 2, 2, 2));
        GradCheck.checkSecondOrder(t -> Pooling.maxPool2d(t[0], new int[] {2}, new int[] {1}, new int[] {0}, new int[] {1}, false)
                .mul(t[0].narrow(2, 0, 3).narrow(3, 0, 3)), rand64(1, 1, 4, 4));
        GradCheck.checkSecondOrder(t -> Pooling.avgPool2d(t[0], new int[] {2}, new int[] {1}, new int[] {1}, false, false, 0).square(),
                rand64(1, 1, 3, 3));
    }

    @Test
    void maxUnpoolInvertsMaxPool() {
        Tensor x = Tensor.arange(0, 16, 1).toFloat().reshape(1, 1, 4, 4);
        var pool = new MaxPool2d(2);
        Pooling.WithIndices r = pool.forwardWithIndices(x);
        Tensor u = new MaxUnpool2d(2).forward(r.output(), r.indices());
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 5, 0, 7, 0, 0, 0, 0, 0, 13, 0, 15}, u.toDoubleArray(), 0);
        Tensor u5 = new MaxUnpool2d(2).forward(r.output(), r.indices(), new int[] {5, 5});
        assertArrayEquals(new int[] {1, 1, 5, 5}, u5.shape());
        assertEquals(5, u5.get(0, 0, 1, 0));   // flat index 5 in a 5-wide plane is (1, 0)
    }

    @Test
    void clearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(Tensor.randn(3, 8, 8)));
        assertEquals("max_pool2d: expected input of rank 4 [N, C, H, W], got shape [3, 8, 8]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 2, 2).forward(Tensor.randn(1, 1, 8, 8)));
        assertEquals("max_pool2d: padding 2 must be at most half the effective kernel size 2 (kernel_size=2, dilation=1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(5).forward(Tensor.randn(1, 1, 3, 3)));
        assertTrue(e.getMessage().startsWith("avg_pool2d: the output would be empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AvgPool1d(2).forward(Tensor.randn(1, 1, 3, 3)));
        assertEquals("avg_pool1d: expected input of rank 3 [N, C, L], got shape [1, 1, 3, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxUnpool2d(2).forward(Tensor.randn(1, 1, 2, 2),
                Tensor.zeros(Dtype.INT64, 1, 1, 2, 3)));
        assertEquals("max_unpool2d: indices shape [1, 1, 2, 3] must match the input shape [1, 1, 2, 2]", e.getMessage());
        var oob = assertThrows(IndexOutOfBoundsException.class, () -> new MaxUnpool2d(2).forward(Tensor.randn(1, 1, 1, 1),
                Tensor.full(7, Dtype.INT64, 1, 1, 1, 1)));
        assertEquals("max_unpool2d: index 7 is out of bounds for an output plane of 4 elements", oob.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(Tensor.zeros(Dtype.INT64, 1, 1, 4, 4)));
        assertEquals("max_pool2d: expected a float32 or float64 input, got int64", e.getMessage());
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("AdaptiveAvgPool2d(output_size=[1, 1])", new AdaptiveAvgPool2d(1).toString());
    }
}
