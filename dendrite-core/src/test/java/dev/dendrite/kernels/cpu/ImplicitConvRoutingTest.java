package dev.dendrite.kernels.cpu;

import dev.dendrite.kernels.cpu.ConvKernels.ConvGeometry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which convolutions take the implicit-GEMM products. Results are the same either way (the
 * functional tests check every path against direct loops); this pins the choice for the shapes
 * the benchmarks measure, where a wrong turn costs a factor of two in speed, not correctness.
 */
class ImplicitConvRoutingTest {
    private static ConvGeometry conv2d(int n, int c, int o, int size, int k, int stride, int pad) {
        int out = (size + 2 * pad - k) / stride + 1;
        return new ConvGeometry(n, c, o, 1, new int[] {1, size, size}, new int[] {1, out, out}, new int[] {1, k, k},
                new int[] {1, stride, stride}, new int[] {0, pad, pad}, new int[] {1, 1, 1});
    }

    @Test
    void aResNetBasicBlockConvTakesAllThreeImplicitProducts() {
        ConvGeometry block = conv2d(32, 64, 64, 32, 3, 1, 1);
        assertTrue(ImplicitConv.suitsForward(block));
        assertTrue(ImplicitConv.suitsInputGrad(block));
        assertTrue(ImplicitConv.suitsWeightGrad(block));
    }

    @Test
    void lenetsSmallConvsTakeTheImplicitForwardAndInPlaceInputGradient() {
        ConvGeometry conv2 = conv2d(256, 6, 16, 14, 5, 1, 0);
        assertTrue(ImplicitConv.suitsForward(conv2));
        assertTrue(ImplicitConv.suitsInputGrad(conv2), "14-wide rows are read in place");
        assertFalse(ImplicitConv.suitsWeightGrad(conv2), "16 output channels: lane-wise dot products instead");
    }

    @Test
    void deepWideLayersAndStridedInputGradientsTakeGemmPaths() {
        ConvGeometry wide = conv2d(16, 512, 2048, 7, 1, 1, 0);     // ResNet-50's last 1x1 expansion
        assertFalse(ImplicitConv.suitsForward(wide));
        assertFalse(ImplicitConv.suitsInputGrad(wide));
        ConvGeometry strided = conv2d(16, 64, 128, 32, 3, 2, 1);
        assertFalse(ImplicitConv.suitsInputGrad(strided), "a strided input gradient is not a convolution");
        assertTrue(ImplicitConv.fitsL2(64, 576));
        assertFalse(ImplicitConv.fitsL2(2048, 512));
    }
}
