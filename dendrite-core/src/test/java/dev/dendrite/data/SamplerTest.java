package dev.dendrite.data;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SamplerTest {

    static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /** Asserts |observed - expected| < 5 standard deviations of a binomial count. */
    static void assertFrequency(double p, int count, int trials, String what) {
        double sd = Math.sqrt(trials * p * (1 - p));
        assertTrue(Math.abs(count - trials * p) < 5 * sd + 1e-9,
                what + ": count " + count + " of " + trials + ", expected " + trials * p + " +- " + 5 * sd);
    }

    @Test
    void sequentialSamplerCountsUp() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, new SequentialSampler(5).toArray());
        assertEquals(5, new SequentialSampler(5).size());
        List<Integer> boxed = new ArrayList<>();
        for (int i : new SequentialSampler(3)) boxed.add(i);
        assertEquals(List.of(0, 1, 2), boxed);
    }

    @Test
    void randomSamplerPassesArePermutationsThatDifferAndRepeatPerSeed() {
        RandomSampler s = new RandomSampler(50, new Generator(3));
        int[] first = s.toArray(), second = s.toArray();
        assertArrayEquals(range(50), sorted(first));
        assertArrayEquals(range(50), sorted(second));
        assertFalse(Arrays.equals(first, second), "two passes gave the same order");
        RandomSampler again = new RandomSampler(50, new Generator(3));
        assertArrayEquals(first, again.toArray());
        assertArrayEquals(second, again.toArray());
        // the same Fisher-Yates draws as Tensor.randperm
        long[] perm = Tensor.randperm(50, new Generator(3)).toLongArray();
        assertArrayEquals(Arrays.stream(perm).mapToInt(v -> (int) v).toArray(), first);
    }

    @Test
    void randomSamplerWithoutReplacementBeyondNRepeatsWholePermutations() {
        int[] idx = new RandomSampler(10, false, 25, new Generator(1)).toArray();
        assertEquals(25, idx.length);
        assertArrayEquals(range(10), sorted(Arrays.copyOfRange(idx, 0, 10)));
        assertArrayEquals(range(10), sorted(Arrays.copyOfRange(idx, 10, 20)));
        assertEquals(5, Arrays.stream(Arrays.copyOfRange(idx, 20, 25)).distinct().count());
        // and fewer than n: distinct indices
        int[] few = new RandomSampler(10, false, 4, new Generator(1)).toArray();
        assertEquals(4, Arrays.stream(few).distinct().count());
    }

    @Test
    void randomSamplerWithReplacementIsUniformAndRepeats() {
        int n = 8, trials = 40_000;
        int[] idx = new RandomSampler(n, true, trials, new Generator(11)).toArray();
        int[] counts = new int[n];
        for (int i : idx) counts[i]++;
        for (int k = 0; k < n; k++) assertFrequency(1.0 / n, counts[k], trials, "index " + k);
        // 20 draws from 10 with replacement: repeats are all but certain (P(no repeat) = 0)
        assertTrue(Arrays.stream(new RandomSampler(10, true, 20, new Generator(2)).toArray()).distinct().count() < 20);
        var ex = assertThrows(IllegalArgumentException.class, () -> new RandomSampler(10, true, 0, null));
        assertEquals("RandomSampler: numSamples should be a positive integer value, but got numSamples=0", ex.getMessage());
    }

    @Test
    void weightedSamplerFrequenciesFollowTheWeights() {
        double[] w = {1, 2, 0, 3, 4};  // total 10
        int trials = 50_000;
        int[] idx = new WeightedRandomSampler(w, trials, new Generator(5)).toArray();
        int[] counts = new int[w.length];
        for (int i : idx) counts[i]++;
        assertEquals(0, counts[2], "a zero weight was drawn");
        for (int k = 0; k < w.length; k++) if (w[k] > 0) assertFrequency(w[k] / 10, counts[k], trials, "index " + k);
    }

    @Test
    void weightedSamplerWithoutReplacementNeverRepeats() {
        double[] w = {1, 2, 0, 3, 4};
        WeightedRandomSampler s = new WeightedRandomSampler(w, 4, false, new Generator(8));
        int[] firstCounts = new int[w.length];
        int passes = 20_000;
        for (int p = 0; p < passes; p++) {
            int[] idx = s.toArray();
            assertArrayEquals(new int[] {0, 1, 3, 4}, sorted(idx));
            firstCounts[idx[0]]++;
        }
        // the first draw of each pass follows the full weights
        for (int k : new int[] {0, 1, 3, 4}) assertFrequency(w[k] / 10, firstCounts[k], passes, "first draw " + k);
        // second draw given first = 4 (weight 4): the rest renormalized to 1/6, 2/6, 3/6
        s = new WeightedRandomSampler(w, 2, false, new Generator(9));
        int[] second = new int[w.length];
        int given = 0;
        for (int p = 0; p < passes; p++) {
            int[] idx = s.toArray();
            if (idx[0] == 4) {
                given++;
                second[idx[1]]++;
            }
        }
        for (int k : new int[] {0, 1, 3}) assertFrequency(w[k] / 6, second[k], given, "second draw " + k);
        var ex = assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(w, 5, false, null));
        assertEquals("WeightedRandomSampler: cannot draw 5 samples without replacement from 4 indices with positive weight", ex.getMessage());
        var neg = assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(new double[] {1, -1}, 1, null));
        assertEquals("WeightedRandomSampler: weights must be finite and non-negative, got -1.0 at index 1", neg.getMessage());
    }

    @Test
    void batchSamplerGroupsAndDropsTheShortLastBatch() {
        List<int[]> keep = new ArrayList<>();
        new BatchSampler(new SequentialSampler(7), 3, false).forEach(keep::add);
        assertEquals(3, keep.size());
        assertArrayEquals(new int[] {0, 1, 2}, keep.get(0));
        assertArrayEquals(new int[] {6}, keep.get(2));
        assertEquals(3, new BatchSampler(new SequentialSampler(7), 3, false).size());
        List<int[]> drop = new ArrayList<>();
        new BatchSampler(new SequentialSampler(7), 3, true).forEach(drop::add);
        assertEquals(2, drop.size());
        assertArrayEquals(new int[] {3, 4, 5}, drop.get(1));
        assertEquals(2, new BatchSampler(new SequentialSampler(7), 3, true).size());
        // exact multiple: nothing dropped
        assertEquals(2, new BatchSampler(new SequentialSampler(6), 3, true).size());
        var ex = assertThrows(IllegalArgumentException.class, () -> new BatchSampler(new SequentialSampler(6), 0, false));
        assertEquals("BatchSampler: batchSize should be a positive integer value, but got batchSize=0", ex.getMessage());
    }
}
