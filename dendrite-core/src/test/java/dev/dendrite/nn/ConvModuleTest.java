package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.functional.Convolution;
import dev.dendrite.functional.Padding;
import dev.dendrite.ops.PadMode;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The convolution layers: parameter layout, default initialization, padding modes, lazy inference, printing, errors. */
class ConvModuleTest {
    private static final Generator GEN = new Generator(7);

    @Test
    void parameterLayoutMatchesPyTorch() {
        var c = new Conv2d(6, 12, new int[] {3, 5}, Conv.groups(3));
        assertArrayEquals(new int[] {12, 2, 3, 5}, c.weight().shape());
        assertArrayEquals(new int[] {12}, c.bias().shape());
        assertEquals(List.of("weight", "bias"), List.copyOf(c.stateDict().keySet()));
        var t = new ConvTranspose2d(6, 12, 3, Conv.groups(3).bias(false));
        assertArrayEquals(new int[] {6, 4, 3, 3}, t.weight().shape());
        assertEquals(List.of("weight"), List.copyOf(t.stateDict().keySet()));
        assertArrayEquals(new int[] {4, 2, 3}, new Conv1d(2, 4, 3).weight().shape());
        assertArrayEquals(new int[] {4, 2, 3, 3, 3}, new Conv3d(2, 4, 3).weight().shape());
        assertArrayEquals(new int[] {2, 4, 3}, new ConvTranspose1d(2, 4, 3).weight().shape());
    }

    @Test
    void defaultInitIsUniformOnOneOverSqrtFanIn() {
        // conv: fan_in = in / groups * k = 16 / 2 * 9 = 72; transposed: fan_in = out / groups * k = 8 / 2 * 9 = 36
        checkUniform(new Conv2d(16, 64, 3, Conv.groups(2)), 72);
        checkUniform(new ConvTranspose2d(64, 8, 3, Conv.groups(2)), 36);
    }

    private static void checkUniform(ConvNd layer, int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        double[] w = layer.weight().toDoubleArray();
        double max = 0, sum = 0, sq = 0;
        for (double v : w) {
            max = Math.max(max, Math.abs(v));
            sum += v;
            sq += v * v;
        }
        assertTrue(max <= bound && max > 0.95 * bound, "max |w| " + max + " vs bound " + bound);
        assertEquals(0, sum / w.length, 0.1 * bound, "mean");
        assertEquals(bound * bound / 3, sq / w.length, 0.1 * bound * bound / 3, "variance of U(-b, b) is b^2 / 3");
        for (double v : layer.bias().toDoubleArray()) assertTrue(Math.abs(v) <= bound);
    }

    @Test
    void paddingModesPadThenConvolve() {
        for (PaddingMode mode : PaddingMode.values()) {
            var conv = new Conv2d(2, 3, new int[] {3, 2}, Conv.padding(2, 1).paddingMode(mode));
            Tensor x = Tensor.randn(GEN, Dtype.FLOAT32, 2, 2, 5, 6);
            Tensor want = Convolution.conv2d(x.pad(new int[] {1, 1, 2, 2}, mode == PaddingMode.ZEROS ? PadMode.CONSTANT
                    : PadMode.valueOf(mode.name())), conv.weight(), conv.bias(), new int[] {1}, Padding.VALID, new int[] {1}, 1);
            Tensor got = conv.forward(x);
            assertArrayEquals(want.toFloatArray(), got.toFloatArray(), 1e-6f, mode.toString());
            assertArrayEquals(new int[] {2, 3, 7, 7}, got.shape());
        }
        // reflect by hand: [1, 2, 3] padded by 1 is [2, 1, 2, 3, 2]; a kernel [1, 1, 1] sums windows -> [5, 6, 7]
        var c1 = new Conv1d(1, 1, 3, Conv.padding(1).paddingMode(PaddingMode.REFLECT).bias(false));
        c1.weight().storage().fill(0, 3, 1);
        assertArrayEquals(new double[] {5, 6, 7}, c1.forward(Tensor.of(new float[] {1, 2, 3}, 1, 1, 3)).toDoubleArray(), 0);
        // circular: [3, 1, 2, 3, 1] -> [6, 6, 6]
        var c2 = new Conv1d(1, 1, 3, Conv.padding(1).paddingMode(PaddingMode.CIRCULAR).bias(false));
        c2.weight().storage().fill(0, 3, 1);
        assertArrayEquals(new double[] {6, 6, 6}, c2.forward(Tensor.of(new float[] {1, 2, 3}, 1, 1, 3)).toDoubleArray(), 0);
    }

    @Test
    void gradcheckEachPaddingMode() {
        for (PaddingMode mode : PaddingMode.values()) {
            var conv = new Conv2d(2, 2, 3, Conv.padding("same").paddingMode(mode).dilation(1, 2));
            Tensor w = conv.weight().toDouble().detach().requiresGrad(), b = conv.bias().toDouble().detach().requiresGrad();
            Tensor x = Tensor.randn(GEN, Dtype.FLOAT64, 1, 2, 4, 5).requiresGrad();
            // the module's own padding logic, with float64 parameters swapped in through the functional form
            GradCheck.check(t -> new PaddedConv(mode, t[1], t[2]).forward(t[0]), x, w, b);
            assertArrayEquals(new int[] {1, 2, 4, 5}, conv.forward(x.toFloat()).shape(), "same keeps the size: " + mode);
        }
    }

    /** Conv2d's forward with given parameters (the module keeps float32 ones). */
    private static final class PaddedConv extends ConvNd {
        PaddedConv(PaddingMode mode, Tensor w, Tensor b) {
            super("Conv2d", 2, false, 2, 2, new int[] {3}, Conv.padding("same").paddingMode(mode).dilation(1, 2));
            this.weight = w;
            this.bias = b;
        }
    }

    @Test
    void transposedLayerShapesAndGradcheck() {
        var t = new ConvTranspose2d(2, 3, new int[] {3, 2}, Conv.stride(2, 3).padding(1, 0).outputPadding(1, 2));
        Tensor y = t.forward(Tensor.randn(2, 2, 4, 5));
        // (4 - 1) * 2 - 2 + 3 + 1 = 8; (5 - 1) * 3 - 0 + 2 + 2 = 16
        assertArrayEquals(new int[] {2, 3, 8, 16}, y.shape());
        GradCheck.check(a -> Convolution.convTranspose2d(a[0], a[1], a[2], new int[] {2, 3}, new int[] {1, 0}, new int[] {1, 2}, 1,
                new int[] {1}), Tensor.randn(GEN, Dtype.FLOAT64, 1, 2, 2, 2).requiresGrad(),
                t.weight().toDouble().detach().requiresGrad(), t.bias().toDouble().detach().requiresGrad());
    }

    @Test
    void transposedToAChosenOutputSize() {
        var t = new ConvTranspose2d(2, 3, 3, Conv.stride(2).padding(1));
        Tensor x = Tensor.randn(1, 2, 4, 4);
        // (4 - 1) * 2 - 2 + 3 = 7, and with stride 2 also 8
        assertArrayEquals(new int[] {1, 3, 7, 7}, t.forward(x).shape());
        Tensor y = t.forward(x, new int[] {8, 7});
        assertArrayEquals(new int[] {1, 3, 8, 7}, y.shape());
        Tensor want = Convolution.convTranspose2d(x, t.weight(), t.bias(), new int[] {2}, new int[] {1}, new int[] {1, 0}, 1, new int[] {1});
        assertArrayEquals(want.toFloatArray(), y.toFloatArray(), 0f);
        var e = assertThrows(IllegalArgumentException.class, () -> t.forward(x, new int[] {9, 7}));
        assertEquals("ConvTranspose2d: output_size [9, 7] is not reachable from input shape [1, 2, 4, 4]: spatial dim 0 can be 7 to 8",
                e.getMessage());
    }

    @Test
    void lazyConvInfersInChannels() {
        var lazy = new LazyConv2d(4, 3, Conv.padding(1));
        assertTrue(lazy.hasUninitializedParams());
        assertArrayEquals(new int[] {0}, lazy.weight().shape());
        Tensor y = lazy.forward(Tensor.randn(2, 5, 6, 6));
        assertFalse(lazy.hasUninitializedParams());
        assertEquals(5, lazy.inChannels());
        assertArrayEquals(new int[] {4, 5, 3, 3}, lazy.weight().shape());
        assertArrayEquals(new int[] {2, 4, 6, 6}, y.shape());
        assertArrayEquals(new int[] {4, 5, 3, 3}, lazy.namedParameters().get("weight").shape());
        y.sum().backward();
        assertArrayEquals(new int[] {4, 5, 3, 3}, lazy.weight().grad().shape());
        assertEquals("LazyConv2d(5, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))", lazy.toString());
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))", new Conv2d(1, 6, 5, Conv.padding(2)).toString());
        assertEquals("Conv1d(4, 8, kernel_size=(3,), stride=(1,), padding=same, groups=4, bias=False, padding_mode=reflect)",
                new Conv1d(4, 8, 3, Conv.padding("same").groups(4).bias(false)
                .paddingMode(PaddingMode.REFLECT)).toString());
        assertEquals("ConvTranspose2d(3, 2, kernel_size=(3, 3), stride=(2, 2), output_padding=(1, 1))",
                new ConvTranspose2d(3, 2, 3, Conv.stride(2).outputPadding(1)).toString());
    }

    @Test
    void clearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 3).forward(Tensor.randn(3, 32, 32)));
        assertEquals("conv2d: expected input of rank 4 [N, C, H, W], got shape [3, 32, 32]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 3).forward(Tensor.randn(1, 4, 32, 32)));
        assertEquals("conv2d: input has 4 channels but the weight expects 3 (in_channels=3, groups=1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(6, 8, 3, Conv.groups(4)));
        assertEquals("Conv2d: in_channels=6 must be divisible by groups=4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 6, 3, Conv.groups(4)));
        assertEquals("Conv2d: out_channels=6 must be divisible by groups=4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 4, 3, Conv.padding("same").stride(2)));
        assertEquals("Conv2d: padding='same' is not supported for strided convolutions", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(4, 4, 3, Conv.paddingMode(PaddingMode.REFLECT)));
        assertEquals("ConvTranspose2d: only padding_mode 'zeros' is supported, got 'reflect'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 4, 3, Conv.outputPadding(1)));
        assertEquals("Conv2d: output_padding applies only to transposed convolutions", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv3d(4, 4, new int[] {3, 3}, Conv.defaults()));
        assertEquals("Conv3d: kernel_size needs 1 or 3 values, got [3, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 1, 5).forward(Tensor.randn(1, 1, 4, 9)));
        assertTrue(e.getMessage().startsWith("conv2d: kernel size [5, 5] is larger than the padded input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LazyConv2d(4, 3).forward(Tensor.randn(5, 6, 6)));
        assertEquals("LazyConv2d: cannot infer in_channels from input of shape [5, 6, 6] (expected [N, C, H, W])", e.getMessage());
    }
}
