package dev.dendrite.nn;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradCheck;
import dev.dendrite.functional.Convolution;
import dev.dendrite.functional.Padding;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The functional convolutions against a direct-loop reference, finite differences and hand-computed values. */
class ConvFunctionalTest {
    private static final Generator GEN = new Generator(1234);

    /** One configuration, spatial arrays given for the nd dims in use. */
    record Case(int nd, int n, int c, int[] in, int o, int[] k, int[] s, int[] p, int[] d, int groups) {
        int[] in3() { return pad3(in, 1); }
        int[] k3() { return pad3(k, 1); }
        int[] s3() { return pad3(spread(s, nd), 1); }
        int[] p3() { return pad3(spread(p, nd), 0); }
        int[] d3() { return pad3(spread(d, nd), 1); }
        int[] out3() {
            int[] r = new int[3], in = in3(), k = k3(), s = s3(), p = p3(), d = d3();
            for (int i = 0; i < 3; i++) r[i] = (in[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i] + 1;
            return r;
        }
        int[] xShape() { return cat(n, c, in); }
        int[] wShape() { return cat(o, c / groups, k); }
    }

    /** One value stands for every dim, as in PyTorch. */
    static int[] spread(int[] v, int nd) {
        if (v.length == nd) return v;
        int[] r = new int[nd];
        Arrays.fill(r, v[0]);
        return r;
    }

    static int[] pad3(int[] v, int fill) {
        int[] r = {fill, fill, fill};
        System.arraycopy(v, 0, r, 3 - v.length, v.length);
        return r;
    }

    static int[] cat(int a, int b, int[] rest) {
        int[] r = new int[rest.length + 2];
        r[0] = a;
        r[1] = b;
        System.arraycopy(rest, 0, r, 2, rest.length);
        return r;
    }

    static Tensor conv(Case cs, Tensor x, Tensor w, Tensor b) {
        return switch (cs.nd) {
            case 1 -> Convolution.conv1d(x, w, b, cs.s, Padding.of(cs.p), cs.d, cs.groups);
            case 2 -> Convolution.conv2d(x, w, b, cs.s, Padding.of(cs.p), cs.d, cs.groups);
            default -> Convolution.conv3d(x, w, b, cs.s, Padding.of(cs.p), cs.d, cs.groups);
        };
    }

    static final Case[] CASES = {
            new Case(2, 2, 3, new int[] {7, 6}, 4, new int[] {3, 3}, new int[] {1}, new int[] {0}, new int[] {1}, 1),
            new Case(2, 3, 4, new int[] {9, 8}, 6, new int[] {3, 2}, new int[] {2, 3}, new int[] {1, 2}, new int[] {1}, 2),
            new Case(2, 2, 4, new int[] {10, 9}, 4, new int[] {3, 3}, new int[] {1}, new int[] {2}, new int[] {2, 3}, 4),  // depthwise, dilated
            new Case(2, 2, 3, new int[] {5, 5}, 6, new int[] {1, 1}, new int[] {1}, new int[] {0}, new int[] {1}, 3),     // pointwise, grouped
            new Case(2, 2, 2, new int[] {6, 6}, 3, new int[] {1, 1}, new int[] {2}, new int[] {1}, new int[] {1}, 1),     // 1x1 strided, padded
            new Case(2, 3, 2, new int[] {48, 47}, 3, new int[] {3, 3}, new int[] {1}, new int[] {1}, new int[] {1}, 1),   // chunks of 2 + 1
            new Case(2, 2, 1, new int[] {70, 66}, 2, new int[] {3, 3}, new int[] {1}, new int[] {1}, new int[] {1}, 1),   // one sample per chunk
            new Case(1, 3, 4, new int[] {11}, 6, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {2}, 2),
            new Case(1, 2, 3, new int[] {9}, 2, new int[] {4}, new int[] {1}, new int[] {3}, new int[] {1}, 1),
            new Case(3, 2, 2, new int[] {5, 4, 6}, 4, new int[] {2, 3, 2}, new int[] {1, 2, 1}, new int[] {1, 0, 1}, new int[] {2, 1, 1}, 2),
    };

    @Test
    void forwardAndGradientsMatchDirectLoops() {
        for (Case cs : CASES) {
            for (Dtype dt : new Dtype[] {Dtype.FLOAT64, Dtype.FLOAT32}) checkAgainstDirectLoops(cs, dt);
        }
    }

    /**
     * Float32 convolutions run as implicit GEMM when the batch is split over threads (at least two
     * samples per thread) or the caller is kept serial (the gradients only with 32 or more channels
     * per group on the side they produce); these cases take that path both ways and cover grids
     * narrower and wider than a register tile, runs crossing rows, padding wider than the kernel's
     * reach (a cropping margin for the input gradient), strides, and rows wide enough for the
     * unrolled matrix to be read in place (24 for the forward pass and input gradient, 16 for the
     * weight gradient).
     */
    @Test
    void implicitGemmPathMatchesDirectLoops() {
        Case[] batched = {
                new Case(2, 5, 3, new int[] {7, 6}, 4, new int[] {3, 3}, new int[] {1}, new int[] {1}, new int[] {1}, 1),
                new Case(2, 4, 6, new int[] {14, 14}, 16, new int[] {5, 5}, new int[] {1}, new int[] {0}, new int[] {1}, 1),
                new Case(2, 4, 1, new int[] {28, 28}, 6, new int[] {5, 5}, new int[] {1}, new int[] {2}, new int[] {1}, 1),
                new Case(2, 4, 8, new int[] {9, 37}, 13, new int[] {3, 3}, new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 2}, 1),
                new Case(2, 4, 4, new int[] {12, 11}, 8, new int[] {3, 3}, new int[] {1}, new int[] {3}, new int[] {2}, 2),
                new Case(1, 4, 3, new int[] {70}, 7, new int[] {3}, new int[] {1}, new int[] {4}, new int[] {1}, 1),
                new Case(3, 4, 2, new int[] {4, 5, 6}, 3, new int[] {3, 2, 3}, new int[] {1}, new int[] {1, 0, 2}, new int[] {1}, 1),
                // enough channels for the implicit input and weight gradients as well
                new Case(2, 4, 32, new int[] {6, 7}, 32, new int[] {3, 3}, new int[] {1}, new int[] {1}, new int[] {1}, 1),
                new Case(2, 4, 64, new int[] {5, 6}, 66, new int[] {3, 2}, new int[] {1}, new int[] {2, 0}, new int[] {2, 1}, 2),
                new Case(2, 4, 8, new int[] {9, 10}, 32, new int[] {3, 3}, new int[] {2}, new int[] {1}, new int[] {1}, 1),
                new Case(1, 4, 32, new int[] {40}, 33, new int[] {5}, new int[] {1}, new int[] {6}, new int[] {1}, 1),
                new Case(2, 4, 64, new int[] {5, 26}, 64, new int[] {3, 3}, new int[] {1}, new int[] {1}, new int[] {1}, 2),
                new Case(2, 4, 32, new int[] {20, 16}, 32, new int[] {3, 3}, new int[] {1}, new int[] {1}, new int[] {1}, 1),
                new Case(2, 4, 32, new int[] {6, 30}, 40, new int[] {3, 3}, new int[] {2, 1}, new int[] {1}, new int[] {2, 1}, 1),
                // too large for the products that keep an operand in L2: im2col + GEMM paths
                new Case(2, 4, 64, new int[] {3, 4}, 256, new int[] {3, 3}, new int[] {1}, new int[] {1}, new int[] {1}, 1),
                new Case(2, 4, 512, new int[] {2, 3}, 320, new int[] {1, 1}, new int[] {1}, new int[] {0}, new int[] {1}, 1),
                new Case(2, 4, 512, new int[] {3, 3}, 8, new int[] {3, 3}, new int[] {1}, new int[] {1}, new int[] {1}, 1),
                new Case(3, 4, 32, new int[] {3, 4, 5}, 32, new int[] {2, 3, 3}, new int[] {1}, new int[] {1}, new int[] {1}, 1),
        };
        for (Case cs : batched) checkAgainstDirectLoops(cs, Dtype.FLOAT32);
        dev.dendrite.kernels.Parallel.runSerially(() -> {
            for (Case cs : CASES) checkAgainstDirectLoops(cs, Dtype.FLOAT32);
        });
    }

    private static void checkAgainstDirectLoops(Case cs, Dtype dt) {
        Tensor x = Tensor.randn(GEN, dt, cs.xShape()).requiresGrad();
        Tensor w = Tensor.randn(GEN, dt, cs.wShape()).requiresGrad();
        Tensor b = Tensor.randn(GEN, dt, cs.o).requiresGrad();
        Tensor y = conv(cs, x, w, b);
        int[] out = cs.out3();
        double[] want = ConvReference.conv(x.toDoubleArray(), cs.n, cs.c, cs.in3(), w.toDoubleArray(), cs.o, cs.k3(),
                cs.s3(), cs.p3(), cs.d3(), cs.groups, out);
        int plane = out[0] * out[1] * out[2];
        double[] bias = b.toDoubleArray();
        for (int i = 0; i < want.length; i++) want[i] += bias[(i / plane) % cs.o];
        double tol = dt == Dtype.FLOAT64 ? 1e-10 : 1e-4;
        String what = cs + " " + dt;
        assertArrayEquals(cat(cs.n, cs.o, Arrays.copyOfRange(out, 3 - cs.nd, 3)), y.shape(), what);
        assertClose(want, y.toDoubleArray(), tol, what + " forward");

        Tensor gy = Tensor.randn(GEN, dt, y.shape());
        y.backward(gy);
        double[] g = gy.toDoubleArray();
        double[] wantGx = ConvReference.convTranspose(g, cs.n, cs.o, out, w.toDoubleArray(), cs.c, cs.k3(), cs.s3(),
                cs.p3(), cs.d3(), cs.groups, cs.in3());
        double[] wantGw = ConvReference.weightGrad(x.toDoubleArray(), cs.n, cs.c, cs.in3(), g, cs.o, out, cs.k3(),
                cs.s3(), cs.p3(), cs.d3(), cs.groups);
        double[] wantGb = new double[cs.o];
        for (int i = 0; i < g.length; i++) wantGb[(i / plane) % cs.o] += g[i];
        assertClose(wantGx, x.grad().toDoubleArray(), tol * 10, what + " grad input");
        assertClose(wantGw, w.grad().toDoubleArray(), tol * 100, what + " grad weight");
        assertClose(wantGb, b.grad().toDoubleArray(), tol * 100, what + " grad bias");
    }

    static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs(want[i] - got[i]);
            assertTrue(err <= tol * (1 + Math.abs(want[i])), what + ": element " + i + " is " + got[i] + ", expected " + want[i]);
        }
    }

    static Tensor rand64(int... shape) { return Tensor.randn(GEN, Dtype.FLOAT64, shape).requiresGrad(); }

    @Test
    void gradcheckConvFamilies() {
        // strided + padded + dilated + grouped 2-D
        GradCheck.check(t -> Convolution.conv2d(t[0], t[1], t[2], new int[] {2, 1}, Padding.of(1, 2), new int[] {1, 2}, 2),
                rand64(2, 4, 5, 6), rand64(4, 2, 2, 3), rand64(4));
        // depthwise with a channel multiplier
        GradCheck.check(t -> Convolution.conv2d(t[0], t[1], null, new int[] {1}, Padding.of(1), new int[] {1}, 2),
                rand64(1, 2, 4, 4), rand64(4, 1, 3, 3));
        // 'same' with an even kernel (asymmetric padding) and 'valid'
        GradCheck.check(t -> Convolution.conv2d(t[0], t[1], t[2], new int[] {1}, Padding.SAME, new int[] {1}, 1),
                rand64(1, 2, 4, 5), rand64(3, 2, 2, 4), rand64(3));
        GradCheck.check(t -> Convolution.conv1d(t[0], t[1], t[2], new int[] {2}, Padding.VALID, new int[] {1}, 1),
                rand64(2, 2, 7), rand64(3, 2, 3), rand64(3));
        GradCheck.check(t -> Convolution.conv3d(t[0], t[1], t[2], new int[] {1, 2, 1}, Padding.of(1, 0, 1), new int[] {1}, 1),
                rand64(1, 2, 3, 4, 3), rand64(2, 2, 2, 2, 2), rand64(2));
        // pointwise fast path
        GradCheck.check(t -> Convolution.conv2d(t[0], t[1], t[2], new int[] {1}, Padding.of(0), new int[] {1}, 1),
                rand64(2, 3, 2, 3), rand64(2, 3, 1, 1), rand64(2));
    }

    @Test
    void gradcheckTransposedFamilies() {
        GradCheck.check(t -> Convolution.convTranspose2d(t[0], t[1], t[2], new int[] {2, 3}, new int[] {1, 0},
                new int[] {1, 2}, 1, new int[] {1}), rand64(2, 3, 3, 2), rand64(3, 2, 3, 2), rand64(2));
        GradCheck.check(t -> Convolution.convTranspose2d(t[0], t[1], null, new int[] {2}, new int[] {1},
                new int[] {0}, 2, new int[] {2}), rand64(1, 4, 3, 3), rand64(4, 1, 2, 2));
        GradCheck.check(t -> Convolution.convTranspose1d(t[0], t[1], t[2], new int[] {3}, new int[] {1},
                new int[] {2}, 1, new int[] {1}), rand64(2, 2, 4), rand64(2, 3, 3), rand64(3));
    }

    @Test
    void secondDerivatives() {
        GradCheck.checkSecondOrder(t -> Convolution.conv2d(t[0], t[1], t[2], new int[] {2}, Padding.of(1), new int[] {1}, 1),
                rand64(1, 2, 4, 4), rand64(2, 2, 2, 2), rand64(2));
        GradCheck.checkSecondOrder(t -> Convolution.convTranspose1d(t[0], t[1], null, new int[] {2}, new int[] {0},
                new int[] {1}, 1, new int[] {1}), rand64(1, 2, 3), rand64(2, 2, 2));
    }

    @Test
    void transposedMatchesScatterReference() {
        int[] in = {4, 5}, k = {3, 2}, s = {2, 3}, p = {1, 0}, op = {1, 2}, d = {1, 2};
        int n = 2, cin = 4, cout = 6, groups = 2;
        Tensor x = Tensor.randn(GEN, Dtype.FLOAT64, n, cin, in[0], in[1]);
        Tensor w = Tensor.randn(GEN, Dtype.FLOAT64, cin, cout / groups, k[0], k[1]);
        Tensor y = Convolution.convTranspose2d(x, w, null, s, p, op, groups, d);
        int[] out = new int[2];
        for (int i = 0; i < 2; i++) out[i] = (in[i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1;
        assertArrayEquals(new int[] {n, cout, out[0], out[1]}, y.shape());
        double[] want = ConvReference.convTranspose(x.toDoubleArray(), n, cin, pad3(in, 1), w.toDoubleArray(), cout,
                pad3(k, 1), pad3(s, 1), pad3(p, 0), pad3(d, 1), groups, pad3(out, 1));
        assertClose(want, y.toDoubleArray(), 1e-10, "conv_transpose2d");
    }

    @Test
    void handComputedValues() {
        // x = 1..9 as 3x3, w = [[1, 0], [0, -1]]: y[i, j] = x[i, j] - x[i+1, j+1] = -4 everywhere
        Tensor x = Tensor.arange(1, 10, 1).toDouble().reshape(1, 1, 3, 3);
        Tensor w = Tensor.of(new double[] {1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor y = Convolution.conv2d(x, w, Tensor.of(new double[] {0.5}), new int[] {1}, Padding.of(0), new int[] {1}, 1);
        assertArrayEquals(new double[] {-3.5, -3.5, -3.5, -3.5}, y.toDoubleArray(), 0);
        // a 1x1 kernel of 2, stride 2, padding 1: output (i, j) reads input (2i - 1, 2j - 1); only (1, 1) -> x[1, 1] = 5 is inside
        Tensor z = Convolution.conv2d(x, Tensor.of(new double[] {2}, 1, 1, 1, 1), null, new int[] {2}, Padding.of(1),
                new int[] {1}, 1);
        assertArrayEquals(new double[] {0, 0, 0, 0, 10, 0, 0, 0, 0}, z.toDoubleArray(), 0);
        // 1-D transposed, stride 2: [1, 2] with kernel [1, 10, 100] -> [1, 10, 102, 20, 200]
        Tensor t = Convolution.convTranspose1d(Tensor.of(new double[] {1, 2}, 1, 1, 2), Tensor.of(new double[] {1, 10, 100}, 1, 1, 3),
                null, new int[] {2}, new int[] {0}, new int[] {0}, 1, new int[] {1});
        assertArrayEquals(new double[] {1, 10, 102, 20, 200}, t.toDoubleArray(), 0);
    }

    @Test
    void clearErrors() {
        Tensor w = Tensor.randn(8, 3, 3, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(Tensor.randn(3, 32, 32), w, null,
                new int[] {1}, Padding.of(0), new int[] {1}, 1));
        assertEquals("conv2d: expected input of rank 4 [N, C, H, W], got shape [3, 32, 32]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(Tensor.randn(1, 4, 8, 8), w, null,
                new int[] {1}, Padding.of(0), new int[] {1}, 1));
        assertEquals("conv2d: input has 4 channels but the weight expects 3 (in_channels=3, groups=1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(Tensor.randn(1, 6, 8, 8), Tensor.randn(8, 2, 3, 3),
                null, new int[] {1}, Padding.of(0), new int[] {1}, 4));
        assertEquals("conv2d: in_channels=6 is not divisible by groups=4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(Tensor.randn(1, 3, 2, 8), w, null,
                new int[] {1}, Padding.of(0), new int[] {1}, 1));
        assertTrue(e.getMessage().startsWith("conv2d: kernel size [3, 3] is larger than the padded input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(Tensor.randn(1, 3, 8, 8), w, null,
                new int[] {2}, Padding.SAME, new int[] {1}, 1));
        assertTrue(e.getMessage().startsWith("conv2d: padding='same' is not supported for strided convolutions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(Tensor.randn(1, 3, 8, 8), w, Tensor.randn(3),
                new int[] {1}, Padding.of(0), new int[] {1}, 1));
        assertEquals("conv2d: expected bias of shape [8] (out_channels), got [3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv1d(Tensor.randn(1, 3, 8), Tensor.randn(2, 3, 3),
                null, new int[] {0}, Padding.of(0), new int[] {1}, 1));
        assertEquals("conv1d: stride must be >= 1, got [0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolution.convTranspose2d(Tensor.randn(1, 3, 4, 4),
                Tensor.randn(3, 2, 3, 3), null, new int[] {2}, new int[] {0}, new int[] {2}, 1, new int[] {1}));
        assertTrue(e.getMessage().startsWith("conv_transpose2d: output_padding [2, 2] must be smaller than either stride"), e.getMessage());
    }

    @Test
    void noGraphUnderNoGrad() {
        Tensor x = Tensor.randn(1, 1, 4, 4).requiresGrad();
        try (var s = Autograd.noGrad()) {
            Tensor y = Convolution.conv2d(x, Tensor.randn(1, 1, 3, 3), null, new int[] {1}, Padding.of(0), new int[] {1}, 1);
            assertTrue(y.isLeaf());
        }
    }
}
