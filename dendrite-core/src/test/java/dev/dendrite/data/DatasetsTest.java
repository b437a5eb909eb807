package dev.dendrite.data;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class DatasetsTest {

    /** n examples: input i is [i, 10 i], target i. */
    static TensorDataset tens(int n) {
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n));
    }

    static int label(Example e) { return (int) e.target().itemLong(); }

    @Test
    void tensorDatasetRowsAreViewsOfTheRows() {
        TensorDataset ds = tens(10);
        assertEquals(10, ds.size());
        Example e = ds.get(7);
        assertArrayEquals(new int[] {2}, e.input().shape());
        assertArrayEquals(new float[] {7, 70}, e.input().toFloatArray());
        assertEquals(0, e.target().dim());
        assertEquals(7, e.target().itemLong());
        assertEquals(Dtype.INT64, e.target().dtype());
    }

    @Test
    void tensorDatasetRejectsMismatchedRowsAndBadIndices() {
        var ex = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(5, 3), Tensor.zeros(4)));
        assertEquals("TensorDataset: size mismatch between tensors: input [5, 3] has 5 examples, target [4] has 4", ex.getMessage());
        var oob = assertThrows(IndexOutOfBoundsException.class, () -> tens(3).get(3));
        assertEquals("TensorDataset: index 3 is out of range for a dataset of size 3", oob.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> tens(3).get(-1));
    }

    @Test
    void subsetMapsIndicesInOrder() {
        Subset<Example> s = new Subset<>(tens(10), new int[] {9, 0, 4, 4});
        assertEquals(4, s.size());
        assertEquals(List.of(9, 0, 4, 4), List.of(label(s.get(0)), label(s.get(1)), label(s.get(2)), label(s.get(3))));
        var ex = assertThrows(IndexOutOfBoundsException.class, () -> new Subset<>(tens(3), new int[] {0, 3}));
        assertEquals("Subset: index 3 at position 1 is out of range for a dataset of size 3", ex.getMessage());
    }

    @Test
    void concatDatasetIndexesAcrossPartsIncludingEmptyOnes() {
        TensorDataset a = tens(3), empty = new TensorDataset(Tensor.zeros(0, 2), Tensor.zeros(Dtype.INT64, 0));
        TensorDataset b = new TensorDataset(tens(5).input().add(100), tens(5).target().add(100));
        ConcatDataset<Example> c = new ConcatDataset<>(a, empty, b, empty);
        assertEquals(8, c.size());
        assertArrayEquals(new int[] {3, 3, 8, 8}, c.cumulativeSizes());
        int[] got = new int[8];
        for (int i = 0; i < 8; i++) got[i] = label(c.get(i));
        assertArrayEquals(new int[] {0, 1, 2, 100, 101, 102, 103, 104}, got);
        assertArrayEquals(new float[] {102, 120}, c.get(5).input().toFloatArray());
        assertThrows(IndexOutOfBoundsException.class, () -> c.get(8));
        assertThrows(IllegalArgumentException.class, () -> new ConcatDataset<Example>(List.of()));
    }

    @Test
    void randomSplitIsADisjointCoverDeterminedByTheGenerator() {
        TensorDataset ds = tens(100);
        List<Subset<Example>> parts = Datasets.randomSplit(ds, new int[] {60, 30, 10}, new Generator(42));
        assertEquals(List.of(60, 30, 10), parts.stream().map(Subset::size).toList());
        Set<Integer> seen = new HashSet<>();
        for (Subset<Example> p : parts) for (int i : p.indices()) assertTrue(seen.add(i), "index " + i + " in two subsets");
        assertEquals(100, seen.size());
        // torch's recipe: one randperm of all indices, cut into consecutive pieces
        long[] perm = Tensor.randperm(100, new Generator(42)).toLongArray();
        assertArrayEquals(Arrays.stream(perm, 0, 60).mapToInt(v -> (int) v).toArray(), parts.get(0).indices());
        assertArrayEquals(Arrays.stream(perm, 90, 100).mapToInt(v -> (int) v).toArray(), parts.get(2).indices());
        // same seed, same split; another seed, another
        assertArrayEquals(parts.get(1).indices(), Datasets.randomSplit(ds, new int[] {60, 30, 10}, new Generator(42)).get(1).indices());
        assertFalse(Arrays.equals(parts.get(1).indices(), Datasets.randomSplit(ds, new int[] {60, 30, 10}, new Generator(43)).get(1).indices()));
        // the subsets read the right rows
        int i0 = parts.get(0).indices()[0];
        assertEquals(i0, label(parts.get(0).get(0)));
    }

    @Test
    void randomSplitFractionsFollowTorchRounding() {
        // floor(10 * 0.33) = 3 each, remainder 1 goes to the first
        assertArrayEquals(new int[] {4, 3, 3}, Datasets.lengthsFromFractions(new double[] {0.34, 0.33, 0.33}, 10));
        // floor: 2, 2, 2 (sum 6); 1 left over -> first
        assertArrayEquals(new int[] {3, 2, 2}, Datasets.lengthsFromFractions(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, 7));
        // floor(11*0.1)=1, floor(11*0.1)=1, floor(11*0.8)=8; 1 left -> first
        assertArrayEquals(new int[] {2, 1, 8}, Datasets.lengthsFromFractions(new double[] {0.1, 0.1, 0.8}, 11));
        var parts = Datasets.randomSplit(tens(10), new double[] {0.7, 0.3}, new Generator(1));
        assertEquals(7, parts.get(0).size());
        assertEquals(3, parts.get(1).size());
        var ex = assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(tens(10), new double[] {0.5, 0.6}, new Generator(1)));
        assertTrue(ex.getMessage().startsWith("randomSplit: fractions must sum to 1"), ex.getMessage());
        var ex2 = assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(tens(10), new int[] {5, 4}, new Generator(1)));
        assertEquals("randomSplit: sum of input lengths [5, 4] = 9 does not equal the length of the input dataset (10)", ex2.getMessage());
    }

    @Test
    void mapWithSeedDrawsOnlyFromTheGivenGenerator() {
        // adds one uniform draw to the input: the same generator seed gives the same result
        MapWithSeed<Example, Example> noisy = new MapWithSeed<>(tens(5), (e, g) -> new Example(e.input().add(g.nextDouble()), e.target()));
        float a = noisy.get(2, new Generator(9)).input().toFloatArray()[0];
        float b = noisy.get(2, new Generator(9)).input().toFloatArray()[0];
        assertEquals(a, b);
        assertEquals((float) (2 + new Generator(9).nextDouble()), a);
        // without a generator: deterministic, from (construction seed, index)
        assertEquals((float) (2 + SampleSeeds.generator(0, 2).nextDouble()), noisy.get(2).input().toFloatArray()[0]);
        // subsets and concatenations pass the generator through to the seeded dataset
        Subset<Example> sub = new Subset<>(noisy, new int[] {2});
        assertEquals(a, sub.get(0, new Generator(9)).input().toFloatArray()[0]);
        ConcatDataset<Example> cat = new ConcatDataset<>(tens(1), noisy);
        assertEquals(a, cat.get(3, new Generator(9)).input().toFloatArray()[0]);
        // and so does a plain map on top
        SeededDataset<Float> firsts = Datasets.map(noisy, e -> e.input().toFloatArray()[0]);
        assertEquals(a, firsts.get(2, new Generator(9)));
    }

    @Test
    void sampleSeedsSeparateNeighbouringIndicesAndSeeds() {
        Set<Long> firsts = new HashSet<>();
        for (long base = 0; base < 20; base++) {
            for (long i = 0; i < 50; i++) firsts.add(SampleSeeds.generator(base, i).nextLong());
        }
        assertEquals(20 * 50, firsts.size());
        assertEquals(SampleSeeds.mix(5, 7), SampleSeeds.mix(5, 7));
    }
}
