package dev.dendrite.data.transforms;

import dev.dendrite.functional.Resampling;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Exact outputs of the deterministic transforms on small hand-made images. */
class DeterministicTransformsTest {
    static final Generator G = new Generator(0);

    static Tensor img(int c, int h, int w) {
        return Tensor.arange(0, c * h * w, 1).to(Dtype.FLOAT32).reshape(c, h, w);
    }

    static void assertClose(float[] expected, Tensor actual, double tol) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length, "length");
        for (int i = 0; i < a.length; i++) assertEquals(expected[i], a[i], tol, "at " + i);
    }

    @Test
    void bilinearUpsampleMatchesHandComputedValues() {
        // 2x2 -> 4x4: source coords (d + 0.5) / 2 - 0.5 clamped at 0 = 0, 0.25, 0.75, 1 (upper neighbour clamped)
        Tensor x = Tensor.of(new float[]{0, 1, 2, 3}, 1, 2, 2);
        Tensor y = new Resize(4, 4).apply(x, G);
        assertArrayEquals(new int[]{1, 4, 4}, y.shape());
        assertClose(new float[]{
                0, 0.25f, 0.75f, 1,
                0.5f, 0.75f, 1.25f, 1.5f,
                1.5f, 1.75f, 2.25f, 2.5f,
                2, 2.25f, 2.75f, 3}, y, 1e-6);
    }

    @Test
    void bilinearDownsampleWithoutAntialiasSamplesBetweenPixels() {
        // 4x4 -> 2x2: source coords 0.5 and 2.5, value 4 y + x
        Tensor y = new Resize(2, 2).apply(img(1, 4, 4), G);
        assertClose(new float[]{2.5f, 4.5f, 10.5f, 12.5f}, y, 1e-6);
        // 1x3 -> 1x2: scale 1.5, source x = 0.25 and 1.75
        Tensor z = new Resize(1, 2).apply(Tensor.of(new float[]{0, 10, 20}, 1, 1, 3), G);
        assertClose(new float[]{2.5f, 17.5f}, z, 1e-5);
    }

    @Test
    void nearestTakesFloorOfScaledIndex() {
        Tensor y = new Resize(4, 4, Interpolation.NEAREST).apply(Tensor.of(new float[]{0, 1, 2, 3}, 1, 2, 2), G);
        assertClose(new float[]{0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3}, y, 0);
        Tensor z = new Resize(1, 2, Interpolation.NEAREST).apply(Tensor.of(new float[]{0, 10, 20}, 1, 1, 3), G);
        assertClose(new float[]{0, 10}, z, 0); // floor(0 * 1.5) = 0, floor(1 * 1.5) = 1
    }

    @Test
    void resizeAgreesWithInterpolateOnARandomImage() {
        Tensor x = Tensor.rand(new Generator(3), Dtype.FLOAT32, 2, 5, 7);
        for (int[] size : new int[][]{{3, 11}, {9, 4}, {5, 7}, {1, 1}}) {
            Tensor ours = new Resize(size[0], size[1]).apply(x, G);
            Tensor ref = Resampling.interpolate(x.unsqueeze(0), size, Resampling.Mode.BILINEAR, false).squeeze(0);
            assertClose(ref.toFloatArray(), ours, 1e-5);
            Tensor oursN = new Resize(size[0], size[1], Interpolation.NEAREST).apply(x, G);
            Tensor refN = Resampling.interpolate(x.unsqueeze(0), size, Resampling.Mode.NEAREST, false).squeeze(0);
            assertClose(refN.toFloatArray(), oursN, 0);
        }
    }

    @Test
    void resizeOneSizeMatchesTheShorterEdge() {
        assertArrayEquals(new int[]{3, 2, 4}, new Resize(2).apply(img(3, 4, 8), G).shape());
        assertArrayEquals(new int[]{1, 7, 3}, new Resize(3).apply(img(1, 10, 4), G).shape()); // (int)(3 * 10 / 4) = 7
        Tensor same = new Resize(4).apply(img(1, 4, 6), G);
        assertClose(img(1, 4, 6).toFloatArray(), same, 0);
    }

    @Test
    void centerCropUsesRoundHalfToEvenAndPadsWhenLarger() {
        // 5x5 crop 3: top = left = 1
        assertClose(new float[]{6, 7, 8, 11, 12, 13, 16, 17, 18}, new CenterCrop(3).apply(img(1, 5, 5), G), 0);
        // 4x4 crop 3: (4 - 3) / 2 = 0.5 rounds to 0 (Python round)
        assertClose(new float[]{0, 1, 2, 4, 5, 6, 8, 9, 10}, new CenterCrop(3).apply(img(1, 4, 4), G), 0);
        // 6x6 crop 3: 1.5 rounds to 2
        assertClose(new float[]{14, 15, 16, 20, 21, 22, 26, 27, 28}, new CenterCrop(3).apply(img(1, 6, 6), G), 0);
        // 2x2 crop 4x3: pad (4-2)/2 = 1 on top, (3-2)/2 = 0 on the left
        assertClose(new float[]{0, 0, 0, 0, 1, 0, 2, 3, 0, 0, 0, 0}, new CenterCrop(4, 3).apply(img(1, 2, 2), G), 0);
    }

    @Test
    void flipsMirrorEachPlaneOfAnImageOrBatch() {
        Tensor x = img(2, 2, 3);
        assertClose(new float[]{2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9}, new RandomHorizontalFlip(1).apply(x, G), 0);
        assertClose(new float[]{3, 4, 5, 0, 1, 2, 9, 10, 11, 6, 7, 8}, new RandomVerticalFlip(1).apply(x, G), 0);
        assertSame(x, new RandomHorizontalFlip(0).apply(x, G));
        Tensor batch = img(2, 2, 3).reshape(2, 1, 2, 3);
        assertArrayEquals(new int[]{2, 1, 2, 3}, new RandomVerticalFlip(1).apply(batch, G).shape());
    }

    @Test
    void normalizeSubtractsMeanAndDividesByStdPerChannel() {
        Tensor x = Tensor.of(new float[]{0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2);
        Tensor y = new Normalize(new double[]{1, 4}, new double[]{2, 0.5}).apply(x, G);
        assertClose(new float[]{-0.5f, 0, 0.5f, 1, 0, 2, 4, 6}, y, 1e-6);
        // batches normalise each example's channels
        Tensor b = new Normalize(new double[]{1, 4}, new double[]{2, 0.5}).apply(Tensor.stack(new Tensor[]{x, x}, 0), G);
        assertClose(new float[]{-0.5f, 0, 0.5f, 1, 0, 2, 4, 6, -0.5f, 0, 0.5f, 1, 0, 2, 4, 6}, b, 1e-6);
        Tensor d = new Normalize(new double[]{0.5}, new double[]{0.5}).apply(x.toDouble(), G);
        assertEquals(Dtype.FLOAT64, d.dtype());
        var e = assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[]{1, 2, 3}, new double[]{1, 1, 1}).apply(x, G));
        assertEquals("Normalize: 3 means/stds for an image of 2 channels (shape [2, 2, 2])", e.getMessage());
        var z = assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[]{0}, new double[]{0}));
        assertTrue(z.getMessage().contains("division by zero"));
    }

    @Test
    void transformsRejectNonImagesWithTheShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CenterCrop(2).apply(Tensor.of(1f, 2f), G));
        assertEquals("CenterCrop: expected an image [C, H, W] (or [..., H, W]), got shape [2]", e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> new Resize(2).apply(Tensor.zeros(Dtype.INT64, 1, 3, 3), G));
        assertTrue(f.getMessage().startsWith("Resize: expected a floating-point image"), f.getMessage());
    }

    @Test
    void padModesMapIndicesLikeTorchvision() {
        // [1 2 3 4] padded by 2
        int n = 4;
        int[] reflect = new int[8], symmetric = new int[8], edge = new int[8];
        for (int i = -2; i < 6; i++) {
            reflect[i + 2] = PadMode.REFLECT.source(i, n);
            symmetric[i + 2] = PadMode.SYMMETRIC.source(i, n);
            edge[i + 2] = PadMode.EDGE.source(i, n);
        }
        assertArrayEquals(new int[]{2, 1, 0, 1, 2, 3, 2, 1}, reflect);
        assertArrayEquals(new int[]{1, 0, 0, 1, 2, 3, 3, 2}, symmetric);
        assertArrayEquals(new int[]{0, 0, 0, 1, 2, 3, 3, 3}, edge);
        assertEquals(-1, PadMode.CONSTANT.source(-1, n));
    }

    @Test
    void toTensorReordersHwcToChwAndScales() {
        byte[] hwc = {0, (byte) 255, 10, 20, (byte) 128, 30}; // H=1, W=3, C=2
        Tensor t = ToTensor.fromHwc(hwc, 1, 3, 2);
        assertArrayEquals(new int[]{2, 1, 3}, t.shape());
        assertClose(new float[]{0, 10 / 255f, 128 / 255f, 1, 20 / 255f, 30 / 255f}, t, 1e-7);
        Tensor u = ToTensor.fromHwc(Tensor.of(new int[]{0, 255, 10, 20, 128, 30}, 1, 3, 2));
        assertClose(t.toFloatArray(), u, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> ToTensor.fromHwc(Tensor.of(new int[]{0, 256}, 1, 2)));
        assertTrue(e.getMessage().contains("256"));
    }

    @Test
    void colorAdjustmentsFollowTorchvisionFormulas() {
        int hw = 2;
        // pixels: (0.2, 0.4, 0.6) and (0.8, 0.5, 0.1), channel-major
        float[] d = {0.2f, 0.8f, 0.4f, 0.5f, 0.6f, 0.1f};
        float[] b = d.clone();
        ColorJitter.adjustBrightness(b, 1.5);
        assertArrayEquals(new float[]{0.3f, 1f, 0.6f, 0.75f, 0.9f, 0.15f}, b, 1e-6f);
        double g0 = 0.2989 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6, g1 = 0.2989 * 0.8 + 0.587 * 0.5 + 0.114 * 0.1;
        float[] s = d.clone();
        ColorJitter.adjustSaturation(s, 3, hw, 0); // saturation 0: every channel becomes the grey value
        assertArrayEquals(new float[]{(float) g0, (float) g1, (float) g0, (float) g1, (float) g0, (float) g1}, s, 1e-6f);
        float[] c = d.clone();
        ColorJitter.adjustContrast(c, 3, hw, 0.5);
        double mean = (g0 + g1) / 2;
        for (int i = 0; i < 6; i++) assertEquals(0.5 * d[i] + 0.5 * mean, c[i], 1e-6);
        // hue: red shifted by 1/3 turn is green, by 2/3 blue; a zero shift round-trips through HSV
        float[] red = {1, 0, 0};
        ColorJitter.adjustHue(red, 3, 1, 1.0 / 3);
        assertArrayEquals(new float[]{0, 1, 0}, red, 1e-6f);
        float[] red2 = {1, 0, 0};
        ColorJitter.adjustHue(red2, 3, 1, -1.0 / 3);
        assertArrayEquals(new float[]{0, 0, 1}, red2, 1e-6f);
        float[] same = d.clone();
        ColorJitter.adjustHue(same, 3, hw, 0);
        assertArrayEquals(d, same, 1e-6f);
        // (0.2, 0.4, 0.6) is hue 7/12; +1/12 gives hue 2/3 = pure blue hue with the same S and V
        float[] px = {0.2f, 0.4f, 0.6f};
        ColorJitter.adjustHue(px, 3, 1, 1.0 / 12);
        assertArrayEquals(new float[]{0.2f, 0.2f, 0.6f}, px, 1e-6f);
    }
}
