package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.functional.Resampling;
import dev.dendrite.functional.Resampling.Mode;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Upsample and pixel shuffle against values worked out by hand, and finite differences. */
class ResamplingTest {
    private static final Generator GEN = new Generator(5);
    private static final Tensor X = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);

    @Test
    void nearest() {
        assertArrayEquals(new double[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                Upsample.scale(2).forward(X).toDoubleArray(), 0);
        // 2 -> 3: source floor(j * 2 / 3) = 0, 0, 1
        assertArrayEquals(new double[] {1, 1, 2, 1, 1, 2, 3, 3, 4},
                Resampling.interpolate(X, new int[] {3}, Mode.NEAREST, false).toDoubleArray(), 0);
        assertArrayEquals(new double[] {1, 1, 2, 3, 3, 4},
                Resampling.interpolate(X, new double[] {1, 1.5}, Mode.NEAREST, false).toDoubleArray(), 0);
    }

    @Test
    void bilinearBothAlignments() {
        // half-pixel centres: source (j + 0.5) / 2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (neighbour clamped)
        assertArrayEquals(new double[] {
                1, 1.25, 1.75, 2,
                1.5, 1.75, 2.25, 2.5,
                2.5, 2.75, 3.25, 3.5,
                3, 3.25, 3.75, 4}, Upsample.scale(2, Mode.BILINEAR, false).forward(X).toDoubleArray(), 1e-15);
        // corners aligned: source j * (2 - 1) / (3 - 1) = 0, 0.5, 1
        assertArrayEquals(new double[] {1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4},
                Upsample.size(new int[] {3, 3}, Mode.BILINEAR, true).forward(X).toDoubleArray(), 1e-15);
        // 1-D linear downsampling 4 -> 2 without alignment averages pairs: sources 0.5 and 2.5
        Tensor row = Tensor.of(new double[] {1, 3, 5, 9}, 1, 1, 4);
        assertArrayEquals(new double[] {2, 7}, Resampling.interpolate(row, new int[] {2}, Mode.LINEAR, false).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {1, 9}, Resampling.interpolate(row, new int[] {2}, Mode.LINEAR, true).toDoubleArray(), 1e-15);
    }

    @Test
    void gradcheckInterpolation() {
        Tensor x = Tensor.randn(GEN, Dtype.FLOAT64, 1, 2, 3, 4).requiresGrad();
        GradCheck.check(t -> Resampling.interpolate(t[0], new int[] {5, 3}, Mode.BILINEAR, false), x);
        GradCheck.check(t -> Resampling.interpolate(t[0], new int[] {5, 3}, Mode.BILINEAR, true), x);
        GradCheck.check(t -> Resampling.interpolate(t[0], new double[] {1.7}, Mode.NEAREST, false), x);
        GradCheck.check(t -> Resampling.interpolate(t[0], new int[] {7}, Mode.LINEAR, false),
                Tensor.randn(GEN, Dtype.FLOAT64, 2, 1, 4).requiresGrad());
    }

    @Test
    void pixelShuffleRoundTrip() {
        // channel c * 4 + i * 2 + j lands on (h * 2 + i, w * 2 + j)
        Tensor x = Tensor.arange(0, 8, 1).toDouble().reshape(1, 8, 1, 1);
        Tensor y = new PixelShuffle(2).forward(x);
        assertArrayEquals(new int[] {1, 2, 2, 2}, y.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, y.toDoubleArray(), 0);
        Tensor z = Tensor.randn(GEN, Dtype.FLOAT64, 2, 3, 9, 4, 6);
        Tensor s = Resampling.pixelShuffle(z, 3);
        assertArrayEquals(new int[] {2, 3, 1, 12, 18}, s.shape());
        assertEquals(z.get(1, 2, 5, 3, 4), s.get(1, 2, 0, 3 * 3 + 5 / 3, 4 * 3 + 5 % 3), 0);
        assertArrayEquals(z.toDoubleArray(), new PixelUnshuffle(3).forward(s).toDoubleArray(), 0);
        GradCheck.check(t -> Resampling.pixelShuffle(t[0], 2), Tensor.randn(GEN, Dtype.FLOAT64, 1, 4, 2, 3).requiresGrad());
    }

    @Test
    void clearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PixelShuffle(2).forward(Tensor.randn(1, 6, 2, 2)));
        assertEquals("pixel_shuffle: the channel count 6 of input shape [1, 6, 2, 2] is not divisible by upscale_factor^2 = 4",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Upsample.scale(2, Mode.BILINEAR, false).forward(Tensor.randn(1, 2, 3)));
        assertEquals("interpolate(bilinear): expects 4-D [N, C, H, W] input, got shape [1, 2, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Upsample.scale(2, Mode.NEAREST, true));
        assertEquals("Upsample: align_corners only applies to linear modes", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PixelUnshuffle(2).forward(Tensor.randn(1, 1, 3, 4)));
        assertEquals("pixel_unshuffle: height 3 and width 4 of input shape [1, 1, 3, 4] must be divisible by downscale_factor 2",
                e.getMessage());
    }
}
