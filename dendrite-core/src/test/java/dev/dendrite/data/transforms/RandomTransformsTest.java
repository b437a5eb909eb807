package dev.dendrite.data.transforms;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Structural and statistical checks of the random transforms, and their determinism. */
class RandomTransformsTest {
    static Tensor img(int c, int h, int w) {
        return Tensor.arange(0, c * h * w, 1).to(Dtype.FLOAT32).reshape(c, h, w);
    }

    @Test
    void randomCropIsAlwaysAWindowOfTheImageAndReachesEveryWindow() {
        Tensor x = img(1, 5, 6);
        RandomCrop crop = new RandomCrop(3);
        Generator g = new Generator(1);
        Set<Integer> origins = new HashSet<>();
        for (int t = 0; t < 400; t++) {
            float[] y = crop.apply(x, g).toFloatArray();
            int top = (int) y[0] / 6, left = (int) y[0] % 6;
            assertTrue(top <= 2 && left <= 3, "window inside the image");
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertEquals((top + i) * 6 + left + j, y[i * 3 + j]);
            origins.add(top * 10 + left);
        }
        assertEquals(3 * 4, origins.size(), "every one of the 3 x 4 windows is drawn");
    }

    @Test
    void randomCropWithPaddingStaysInsideThePaddedImage() {
        Tensor x = Tensor.ones(1, 4, 4);
        RandomCrop crop = new RandomCrop(4, 2);
        Generator g = new Generator(2);
        boolean sawZeroRowTop = false, sawFull = false;
        for (int t = 0; t < 300; t++) {
            float[] y = crop.apply(x, g).toFloatArray();
            double sum = 0;
            for (float v : y) sum += v;
            // the window overlaps the image in at least 2 x 2 pixels and the padding is zeros
            assertTrue(sum >= 4 && sum <= 16, "sum " + sum);
            if (sum == 4) sawZeroRowTop = true;
            if (sum == 16) sawFull = true;
        }
        assertTrue(sawZeroRowTop && sawFull, "both extreme offsets occur");
        // reflect padding on [1 2 3 4] rows: a crop never contains a zero
        RandomCrop r = new RandomCrop(4, 4, 2, PadMode.REFLECT, 0f, false);
        Tensor row = Tensor.of(new float[]{1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}, 1, 4, 4);
        for (int t = 0; t < 50; t++) for (float v : r.apply(row, g).toFloatArray()) assertTrue(v >= 1);
    }

    @Test
    void randomCropPadIfNeededAndErrorsOtherwise() {
        Tensor x = img(1, 2, 2);
        assertArrayEquals(new int[]{1, 4, 4}, new RandomCrop(4, 4, 0, PadMode.CONSTANT, 0f, true).apply(x, new Generator(0)).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> new RandomCrop(4).apply(x, new Generator(0)));
        assertEquals("RandomCrop: crop [4, 4] is larger than the (padded) image [2, 2]", e.getMessage());
    }

    @Test
    void flipFrequencyIsP() {
        Tensor x = img(1, 1, 2);
        Generator g = new Generator(3);
        for (double p : new double[]{0.5, 0.2}) {
            int flipped = 0, n = 4000;
            for (int t = 0; t < n; t++) if (new RandomHorizontalFlip(p).apply(x, g).get(0, 0, 0) == 1) flipped++;
            // 5 standard deviations of a binomial proportion
            assertEquals(p, flipped / (double) n, 5 * Math.sqrt(p * (1 - p) / n));
        }
    }

    @Test
    void rotationBy90IsTransposeOfTheMirroredImage() {
        Tensor x = Tensor.rand(new Generator(4), Dtype.FLOAT32, 2, 5, 5);
        Tensor y = new RandomRotation(90, 90, Interpolation.BILINEAR, 0f).apply(x, new Generator(0));
        // counter-clockwise quarter turn: out[r][c] = in[c][n - 1 - r]
        for (int ch = 0; ch < 2; ch++)
            for (int r = 0; r < 5; r++)
                for (int c = 0; c < 5; c++) assertEquals(x.get(ch, c, 4 - r), y.get(ch, r, c), 1e-5, "at " + ch + "," + r + "," + c);
        Tensor n = new RandomRotation(90, 90, Interpolation.NEAREST, 0f).apply(x, new Generator(0));
        assertArrayEquals(y.toFloatArray(), n.toFloatArray(), 1e-5f);
        Tensor same = new RandomRotation(0).apply(x, new Generator(0));
        assertArrayEquals(x.toFloatArray(), same.toFloatArray(), 1e-6f);
    }

    @Test
    void rotationFillsTheUncoveredCornersAndKeepsTheCentre() {
        Tensor x = Tensor.ones(1, 9, 9);
        Tensor y = new RandomRotation(45, 45, Interpolation.BILINEAR, 0.25f).apply(x, new Generator(0));
        assertEquals(1, y.get(0, 4, 4), 1e-6);
        assertEquals(0.25, y.get(0, 0, 0), 1e-6); // the corner's source lies outside the image
        // a quarter-pixel shift: out = sum_inside(w v) + (1 - sum_inside(w)) fill
        for (float v : y.toFloatArray()) assertTrue(v >= 0.25f - 1e-6 && v <= 1 + 1e-6);
    }

    @Test
    void randomResizedCropBoxesFitAndRespectScaleAndRatio() {
        RandomResizedCrop rrc = new RandomResizedCrop(8);
        Generator g = new Generator(5);
        for (int t = 0; t < 500; t++) {
            int[] b = rrc.params(40, 60, g);
            assertTrue(b[0] >= 0 && b[1] >= 0 && b[0] + b[2] <= 40 && b[1] + b[3] <= 60, java.util.Arrays.toString(b));
            double area = (double) b[2] * b[3] / (40 * 60);
            assertTrue(area >= 0.06 && area <= 1.0, "area " + area);
        }
        // impossible ratios fall back to the centred box of the nearest allowed ratio
        RandomResizedCrop wide = new RandomResizedCrop(4, 4, 0.99, 1.0, 3, 3, Interpolation.BILINEAR);
        // ratio 3 at 99% of a 20 x 30 image never fits; in-ratio 1.5 < 3, so w = 30, h = round(30 / 3) = 10, centred
        assertArrayEquals(new int[]{5, 0, 10, 30}, wide.params(20, 30, new Generator(0)));
        assertArrayEquals(new int[]{3, 8, 8}, rrc.apply(img(3, 20, 30), g).shape());
    }

    @Test
    void randomErasingAreaIsWithinScaleBoundsAndBoxIsFilled() {
        RandomErasing er = new RandomErasing(1, 0.1, 0.3, 0.5, 2, new double[]{-1}, false);
        Generator g = new Generator(6);
        int erased = 0;
        for (int t = 0; t < 300; t++) {
            int[] b = er.params(32, 32, g);
            if (b == null) continue;
            erased++;
            double frac = (double) b[2] * b[3] / (32 * 32);
            // h and w are rounded, so allow the area of a one-pixel change in each
            assertTrue(frac >= 0.1 - 2 * 17.0 / 1024 && frac <= 0.3 + 2 * 31.0 / 1024, "fraction " + frac);
            assertTrue(b[0] + b[2] <= 32 && b[1] + b[3] <= 32 && b[2] < 32 && b[3] < 32);
        }
        assertEquals(300, erased);
        Tensor x = Tensor.ones(2, 16, 16);
        Generator g1 = new Generator(7), g2 = new Generator(7);
        Tensor y = er.apply(x, g1);
        int[] b = er.params(16, 16, g2);
        int count = 0;
        float[] v = y.toFloatArray();
        for (int i = 0; i < v.length; i++) if (v[i] == -1) count++;
        assertEquals(2 * b[2] * b[3], count);
        assertEquals(-1, y.get(1, b[0], b[1]));
        assertSame(x, new RandomErasing(0, 0.1, 0.3, 0.5, 2, new double[]{0}, false).apply(x, g));
    }

    @Test
    void colorJitterStaysInRangeAndIsDeterministicForASeed() {
        Tensor x = Tensor.rand(new Generator(8), Dtype.FLOAT32, 3, 6, 6);
        ColorJitter cj = new ColorJitter(0.4, 0.4, 0.4, 0.1);
        Tensor a = cj.apply(x, new Generator(9)), b = cj.apply(x, new Generator(9)), c = cj.apply(x, new Generator(10));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertFalse(java.util.Arrays.equals(a.toFloatArray(), c.toFloatArray()));
        for (float v : a.toFloatArray()) assertTrue(v >= 0 && v <= 1);
        // brightness only: every pixel scaled by one factor in [0.6, 1.4]
        Tensor dim = Tensor.full(0.5, 1, 2, 2);
        float[] out = new ColorJitter(0.4, 0, 0, 0).apply(dim, new Generator(11)).toFloatArray();
        assertTrue(out[0] >= 0.3f && out[0] <= 0.7f && out[0] == out[3]);
    }

    @Test
    void composedPipelineIsDeterministicGivenASeededGenerator() {
        Transform t = new Compose(new RandomResizedCrop(8), new RandomHorizontalFlip(), new RandomRotation(15),
                new ColorJitter(0.2, 0.2, 0.2, 0.05), new Normalize(new double[]{0.5, 0.5, 0.5}, new double[]{0.25, 0.25, 0.25}),
                new RandomErasing());
        Tensor x = Tensor.rand(new Generator(12), Dtype.FLOAT32, 3, 12, 10);
        float[] a = t.apply(x, new Generator(42)).toFloatArray();
        float[] b = t.apply(x, new Generator(42)).toFloatArray();
        assertArrayEquals(a, b);
        assertEquals(3 * 8 * 8, a.length);
    }

    @Test
    void gammaAndBetaHaveTheRightMoments() {
        Generator g = new Generator(13);
        int n = 20000;
        for (double shape : new double[]{0.5, 1, 3}) {
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++) {
                double v = Sampling.gamma(shape, g);
                assertTrue(v > 0);
                s += v;
                s2 += v * v;
            }
            double mean = s / n, var = s2 / n - mean * mean;
            assertEquals(shape, mean, 5 * Math.sqrt(shape / n), "Gamma(" + shape + ") mean");
            assertEquals(shape, var, 0.1 * shape, "Gamma(" + shape + ") variance");
        }
        double s = 0;
        for (int i = 0; i < n; i++) s += Sampling.beta(2, 5, g);
        assertEquals(2.0 / 7, s / n, 0.01);
    }

    @Test
    void mixupBlendsWithTheRolledBatchAndTargetsSumToOne() {
        Tensor x = Tensor.of(new float[]{0, 0, 1, 1, 2, 2}, 3, 2);
        Tensor y = Tensor.of(new long[]{0, 1, 2}, 3);
        Mixup m = new Mixup(1, 4);
        Mixed out = m.apply(x, y, new Generator(14));
        double lam = out.lambda();
        assertTrue(lam >= 0 && lam <= 1);
        float[] xm = out.input().toFloatArray();
        assertEquals(lam * 0 + (1 - lam) * 2, xm[0], 1e-6);
        assertEquals(lam * 1 + (1 - lam) * 0, xm[2], 1e-6);
        float[] t = out.target().toFloatArray();
        assertArrayEquals(new int[]{3, 4}, out.target().shape());
        for (int i = 0; i < 3; i++) {
            double rowSum = 0;
            for (int k = 0; k < 4; k++) rowSum += t[i * 4 + k];
            assertEquals(1, rowSum, 1e-6);
        }
        assertEquals(lam, t[4 + 1], 1e-6);          // example 1 keeps lambda of its own class 1
        assertEquals(1 - lam, t[4 + 0], 1e-6);      // and takes 1 - lambda of example 0's class
        // lambda ~ Beta(1, 1): uniform, mean 1/2 and variance 1/12
        Generator g = new Generator(15);
        int n = 8000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double l = m.apply(x, y, g).lambda();
            s += l;
            s2 += l * l;
        }
        assertEquals(0.5, s / n, 5 * Math.sqrt(1.0 / 12 / n));
        assertEquals(1.0 / 12, s2 / n - (s / n) * (s / n), 0.005);
        var e = assertThrows(IllegalArgumentException.class, () -> m.apply(x, Tensor.of(new long[]{0, 1, 7}, 3), g));
        assertEquals("Mixup: target 7 at 2 is outside 0..3", e.getMessage());
    }

    @Test
    void cutmixPastesABoxAndLambdaIsTheKeptArea() {
        int n = 3, h = 8, w = 10;
        float[] v = new float[n * 2 * h * w];
        for (int i = 0; i < v.length; i++) v[i] = i / (2 * h * w) + 1; // example i has value i + 1 everywhere
        Tensor x = Tensor.of(v, n, 2, h, w);
        CutMix cm = new CutMix(1, 3);
        Generator g = new Generator(16);
        for (int t = 0; t < 50; t++) {
            Mixed out = cm.apply(x, Tensor.of(new long[]{0, 1, 2}, 3), g);
            float[] m = out.input().toFloatArray();
            for (int i = 0; i < n; i++) {
                int prev = (i + n - 1) % n, pasted = 0;
                for (int k = 0; k < 2 * h * w; k++) {
                    float val = m[i * 2 * h * w + k];
                    assertTrue(val == i + 1 || val == prev + 1);
                    if (val == prev + 1) pasted++;
                }
                assertEquals(1 - pasted / (2.0 * h * w), out.lambda(), 1e-9);
                float[] tg = out.target().toFloatArray();
                assertEquals(out.lambda(), tg[i * 3 + i], 1e-6);
                assertEquals(1, tg[i * 3] + tg[i * 3 + 1] + tg[i * 3 + 2], 1e-6);
            }
        }
    }
}
