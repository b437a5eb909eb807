package dev.dendrite.ops;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.ops.Reductions.ValuesIndices;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SortingTest {
    private static final double NAN = Double.NaN;

    private static void assertValues(double[] expected, Tensor t) {
        assertArrayEquals(expected, t.toDoubleArray(), 0.0, () -> "got " + Arrays.toString(t.toDoubleArray()));
    }

    private static void assertIndices(long[] expected, Tensor t) {
        assertEquals(Dtype.INT64, t.dtype());
        assertArrayEquals(expected, t.toLongArray(), () -> "got " + Arrays.toString(t.toLongArray()));
    }

    // ================================================================ sort

    @Test
    void sortIsStableAscendingAndDescending() {
        Tensor x = Tensor.of(3.0, 1, 2, 1, 3);
        ValuesIndices up = x.sort(0, false);
        assertValues(new double[] {1, 1, 2, 3, 3}, up.values());
        assertIndices(new long[] {1, 3, 2, 0, 4}, up.indices());
        ValuesIndices down = x.sort(0, true);
        assertValues(new double[] {3, 3, 2, 1, 1}, down.values());
        assertIndices(new long[] {0, 4, 2, 1, 3}, down.indices());
        assertEquals(Dtype.FLOAT64, up.values().dtype());
    }

    @Test
    void nanSortsAsLargest() {
        Tensor x = Tensor.of(2.0, NAN, -1, NAN, 0, Double.POSITIVE_INFINITY);
        ValuesIndices up = x.sort();
        assertValues(new double[] {-1, 0, 2, Double.POSITIVE_INFINITY, NAN, NAN}, up.values());
        assertIndices(new long[] {2, 4, 0, 5, 1, 3}, up.indices());
        ValuesIndices down = x.sort(0, true);
        assertValues(new double[] {NAN, NAN, Double.POSITIVE_INFINITY, 2, 0, -1}, down.values());
        assertIndices(new long[] {1, 3, 5, 0, 4, 2}, down.indices());
        // the same in float32, which takes the packed-key path
        ValuesIndices f = x.toFloat().sort(0, true);
        assertEquals(Dtype.FLOAT32, f.values().dtype());
        assertIndices(new long[] {1, 3, 5, 0, 4, 2}, f.indices());
    }

    @Test
    void negativeZeroTiesWithZero() {
        Tensor x = Tensor.of(0.0, -0.0, -0.0, 0.0, -1);
        assertIndices(new long[] {4, 0, 1, 2, 3}, x.argsort());
        assertIndices(new long[] {0, 1, 2, 3, 4}, x.argsort(0, true));
        assertIndices(new long[] {4, 0, 1, 2, 3}, x.toFloat().argsort());
    }

    @Test
    void sortAlongEachDimOfAMatrix() {
        Tensor m = Tensor.of(new double[] {3, 1, 1, 2, 2, 0}, 3, 2);
        ValuesIndices d0 = m.sort(0, false);
        assertArrayEquals(new int[] {3, 2}, d0.values().shape());
        assertValues(new double[] {1, 0, 2, 1, 3, 2}, d0.values());
        assertIndices(new long[] {1, 2, 2, 0, 0, 1}, d0.indices());
        ValuesIndices d1 = m.sort(-1, true);
        assertValues(new double[] {3, 1, 2, 1, 2, 0}, d1.values());
        assertIndices(new long[] {0, 1, 1, 0, 0, 1}, d1.indices());
    }

    @Test
    void sortMiddleDimOfA3dTensorAndNonContiguousInput() {
        // x[a][b][c] = values chosen so that each (a, c) column along b has a known order
        Tensor x = Tensor.of(new double[] {5, 0, 4, 9, 6, 1, 7, 8, 2, 3, 1, 2}, 2, 3, 2);
        ValuesIndices s = x.sort(1, false);
        assertValues(new double[] {4, 0, 5, 1, 6, 9, 1, 2, 2, 3, 7, 8}, s.values());
        assertIndices(new long[] {1, 0, 0, 2, 2, 1, 2, 2, 1, 1, 0, 0}, s.indices());
        // a transposed (non-contiguous) view sorts the same as its contiguous copy
        Tensor t = x.transpose(0, 2);
        assertFalse(t.isContiguous());
        ValuesIndices st = t.sort(1, true), sc = t.contiguousCopy().sort(1, true);
        assertValues(sc.values().toDoubleArray(), st.values());
        assertIndices(sc.indices().toLongArray(), st.indices());
    }

    @Test
    void integerBoolAndHalfDtypesKeepTheirDtype() {
        long big = (1L << 53) + 1;   // not representable as a double: must compare as longs
        Tensor l = Tensor.of(big, -5L, big - 1, 0L, -5L);
        ValuesIndices sl = l.sort(0, false);
        assertEquals(Dtype.INT64, sl.values().dtype());
        assertArrayEquals(new long[] {-5, -5, 0, big - 1, big}, sl.values().toLongArray());
        assertIndices(new long[] {1, 4, 3, 2, 0}, sl.indices());

        Tensor i = Tensor.of(new int[] {4, -1, 4, 2});
        ValuesIndices si = i.sort(0, true);
        assertEquals(Dtype.INT32, si.values().dtype());
        assertArrayEquals(new int[] {4, 4, 2, -1}, si.values().toIntArray());
        assertIndices(new long[] {0, 2, 3, 1}, si.indices());

        Tensor b = Tensor.of(true, false, true, false);
        ValuesIndices sb = b.sort(0, false);
        assertEquals(Dtype.BOOL, sb.values().dtype());
        assertArrayEquals(new boolean[] {false, false, true, true}, sb.values().toBooleanArray());
        assertIndices(new long[] {1, 3, 0, 2}, sb.indices());

        Tensor h = Tensor.of(1.5, -2, 0.25).to(Dtype.BFLOAT16);
        ValuesIndices sh = h.sort(0, false);
        assertEquals(Dtype.BFLOAT16, sh.values().dtype());
        assertValues(new double[] {-2, 0.25, 1.5}, sh.values());
    }

    @Test
    void largeRandomSortsMatchAStableReference() {
        Random r = new Random(7);
        int n = 5000;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(300) - 150;   // many ties
        for (Tensor x : new Tensor[] {Tensor.of(v), Tensor.of(v).toFloat()}) {
            for (boolean desc : new boolean[] {false, true}) {
                ValuesIndices s = x.sort(0, desc);
                long[] idx = s.indices().toLongArray();
                double[] vals = s.values().toDoubleArray();
                Integer[] ref = new Integer[n];
                for (int i = 0; i < n; i++) ref[i] = i;
                Arrays.sort(ref, (p, q) -> desc ? Double.compare(v[q], v[p]) : Double.compare(v[p], v[q]));  // stable
                for (int i = 0; i < n; i++) {
                    assertEquals(ref[i], (int) idx[i], "position " + i + " (descending " + desc + ", " + x.dtype() + ")");
                    assertEquals(v[ref[i]], vals[i]);
                }
            }
        }
        // many rows at once (the parallel path) sort each row on its own
        Tensor rows = Tensor.randn(200, 300).toDouble();
        ValuesIndices s = rows.sort(1, false);
        double[] vals = s.values().toDoubleArray();
        for (int row = 0; row < 200; row++) {
            for (int j = 1; j < 300; j++) assertTrue(vals[row * 300 + j - 1] <= vals[row * 300 + j]);
        }
    }

    @Test
    void zeroDimAndEmptyTensors() {
        ValuesIndices s = Tensor.scalar(4.5).sort(0, false);
        assertEquals(0, s.values().dim());
        assertEquals(4.5, s.values().item());
        assertEquals(0, s.indices().itemLong());
        ValuesIndices e = Tensor.zeros(3, 0).sort(1, false);
        assertArrayEquals(new int[] {3, 0}, e.values().shape());
    }

    @Test
    void sortRejectsABadDim() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).sort(2, false));
        assertEquals("sort: dim 2 is out of range for a tensor of rank 2 (expected a value in [-2, 1])", e.getMessage());
        var a = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).argsort(-3, false));
        assertTrue(a.getMessage().startsWith("argsort: dim -3 is out of range"), a.getMessage());
    }

    // ================================================================ topk

    @Test
    void topkLargestAndSmallest() {
        Tensor x = Tensor.of(1.0, 5, 3, 5, 2);
        ValuesIndices big = x.topk(2);
        assertValues(new double[] {5, 5}, big.values());
        assertIndices(new long[] {1, 3}, big.indices());
        ValuesIndices small = x.topk(3, 0, false, true);
        assertValues(new double[] {1, 2, 3}, small.values());
        assertIndices(new long[] {0, 4, 2}, small.indices());
        ValuesIndices none = x.topk(0, 0, true, false);
        assertArrayEquals(new int[] {0}, none.values().shape());
        assertValues(new double[] {NAN, 3}, Tensor.of(1.0, NAN, 3).topk(2).values());
    }

    @Test
    void topkAlongADim() {
        Tensor m = Tensor.of(new double[] {3, 1, 4, 1, 5, 9, 2, 6}, 2, 4);
        ValuesIndices d0 = m.topk(1, 0, true, true);
        assertArrayEquals(new int[] {1, 4}, d0.values().shape());
        assertValues(new double[] {5, 9, 4, 6}, d0.values());
        assertIndices(new long[] {1, 1, 0, 1}, d0.indices());
        ValuesIndices d1 = m.topk(2, 1, true, true);
        assertValues(new double[] {4, 3, 9, 6}, d1.values());
        assertIndices(new long[] {2, 0, 1, 3}, d1.indices());
    }

    @Test
    void topkRejectsKOutOfRange() {
        Tensor m = Tensor.zeros(2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> m.topk(4, 1, true, true));
        assertEquals("topk: k (4) is out of range for dim 1 of size 3 in a tensor of shape [2, 3] (expected 0 <= k <= 3)",
                e.getMessage());
        var neg = assertThrows(IllegalArgumentException.class, () -> m.topk(-1, 0, true, true));
        assertTrue(neg.getMessage().startsWith("topk: k (-1) is out of range for dim 0 of size 2"), neg.getMessage());
    }

    // ================================================================ gradients

    @Test
    void sortGradientGoesBackToTheSourcePositions() {
        Tensor x = Tensor.of(3.0, 1, 2).requiresGrad();
        x.sort(0, false).values().mul(Tensor.of(10.0, 20, 30)).sum().backward();
        assertValues(new double[] {30, 10, 20}, x.grad());
    }

    @Test
    void sortGradientOfScalarsAndHalfPrecision() {
        Tensor s = Tensor.scalar(2.5, Dtype.FLOAT64).requiresGrad();
        s.sort(0, true).values().mul(3.0).backward();
        assertEquals(3.0, s.grad().item());
        Tensor h = Tensor.of(1.5, -2, 0.25).to(Dtype.BFLOAT16).requiresGrad();
        h.sort(0, false).values().mul(Tensor.of(1.0, 2, 4).to(Dtype.BFLOAT16)).sum().backward();
        assertEquals(Dtype.BFLOAT16, h.grad().dtype());
        assertValues(new double[] {4, 1, 2}, h.grad());
    }

    @Test
    void topkGradientIsZeroOffTheChosenPositions() {
        Tensor x = Tensor.of(new double[] {3, 1, 4, 1, 5, 9}, 2, 3).requiresGrad();
        x.topk(2, 1, true, true).values().mul(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2)).sum().backward();
        assertValues(new double[] {2, 0, 1, 0, 4, 3}, x.grad());
    }

    @Test
    void gradcheckAndDoubleBackward() {
        Tensor x = Tensor.of(new double[] {0.3, -1.2, 2.5, 0.9, -0.4, 1.7, 0.1, -2.2}, 2, 4).requiresGrad();
        GradCheck.check(in -> in[0].sort(1, true).values(), x);
        GradCheck.check(in -> in[0].topk(2, 0, false, true).values(), x);
        // squaring makes the Hessian nonzero: it goes through the scatter's derivative (a gather)
        GradCheck.checkSecondOrder(in -> in[0].sort(0, false).values().square(), x);
        GradCheck.checkSecondOrder(in -> in[0].topk(3, 1, true, true).values().square(), x);
    }

    @Test
    void indicesArgsortAndUniqueAreNotDifferentiable() {
        Tensor x = Tensor.of(2.0, 1, 2).requiresGrad();
        assertFalse(x.sort(0, false).indices().isRequiresGrad());
        assertFalse(x.argsort().isRequiresGrad());
        assertFalse(x.unique().isRequiresGrad());
        assertTrue(x.sort(0, false).values().isRequiresGrad());
    }

    // ================================================================ unique

    @Test
    void uniqueSortedWithInverseAndCounts() {
        Tensor x = Tensor.of(new double[] {3, 1, 3, 2, 1, 3}, 2, 3);
        Sorting.Unique u = x.unique(true, true, true);
        assertValues(new double[] {1, 2, 3}, u.values());
        assertEquals(Dtype.FLOAT64, u.values().dtype());
        assertArrayEquals(new int[] {2, 3}, u.inverse().shape());
        assertIndices(new long[] {2, 0, 2, 1, 0, 2}, u.inverse());
        assertIndices(new long[] {2, 1, 3}, u.counts());
    }

    @Test
    void uniqueUnsortedKeepsFirstAppearanceOrder() {
        Sorting.Unique u = Tensor.of(3L, 1, 3, 2, 1, 3).unique(false, true, true);
        assertEquals(Dtype.INT64, u.values().dtype());
        assertArrayEquals(new long[] {3, 1, 2}, u.values().toLongArray());
        assertIndices(new long[] {0, 1, 0, 2, 1, 0}, u.inverse());
        assertIndices(new long[] {3, 2, 1}, u.counts());
    }

    @Test
    void uniqueLeavesOutWhatWasNotAskedFor() {
        Sorting.Unique u = Tensor.of(1.0, 1).unique(true, false, false);
        assertNull(u.inverse());
        assertNull(u.counts());
        Sorting.Unique c = Tensor.of(1.0, 1).unique(true, false, true);
        assertNull(c.inverse());
        assertIndices(new long[] {2}, c.counts());
    }

    @Test
    void uniqueCountsNanOnceAndZeroOnce() {
        Sorting.Unique u = Tensor.of(NAN, 1, -0.0, NAN, 0.0, 1).unique(true, true, true);
        assertValues(new double[] {-0.0, 1, NAN}, u.values());
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(u.values().get(0)), "first occurrence kept");
        assertIndices(new long[] {2, 1, 0, 2, 0, 1}, u.inverse());
        assertIndices(new long[] {2, 2, 2}, u.counts());
        assertValues(new double[] {NAN, 1, -0.0}, Tensor.of(NAN, 1, -0.0, NAN, 0.0, 1).unique(false, false, false).values());
    }

    @Test
    void uniqueOfEmptyAndScalar() {
        Sorting.Unique e = Tensor.zeros(0).unique(true, true, true);
        assertArrayEquals(new int[] {0}, e.values().shape());
        assertArrayEquals(new int[] {0}, e.inverse().shape());
        assertArrayEquals(new int[] {0}, e.counts().shape());
        Sorting.Unique s = Tensor.scalar(7).unique(true, true, true);
        assertValues(new double[] {7}, s.values());
        assertEquals(0, s.inverse().dim());
        assertEquals(0, s.inverse().itemLong());
    }
}
