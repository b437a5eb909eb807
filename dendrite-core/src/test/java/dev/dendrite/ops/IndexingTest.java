package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradCheck;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.*;

class IndexingTest {

    private static Tensor m(double[][] rows) { return Tensor.from(rows); }

    private static Tensor idx(long[][] rows) { return Tensor.from(rows); }

    private static <T extends Throwable> void fails(Class<T> type, String message, Executable body) {
        T e = assertThrows(type, body);
        assertEquals(message, e.getMessage());
    }

    // ---------------------------------------------------------------- gather

    @Test
    void gatherPicksAlongTheDim() {
        Tensor x = m(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor out = x.gather(1, idx(new long[][] {{2, 0}, {1, 1}}));
        assertArrayEquals(new int[] {2, 2}, out.shape());
        assertArrayEquals(new double[] {3, 1, 5, 5}, out.toDoubleArray());
        // dim 0 with an index smaller than the input in dim 1, and an int32 index
        Tensor rows = x.gather(0, Tensor.of(new int[] {1, 0}, 1, 2));
        assertArrayEquals(new double[] {4, 2}, rows.toDoubleArray());
        assertEquals(Dtype.FLOAT64, rows.dtype());
        // negative dims count from the end; integer data is copied exactly
        Tensor big = Tensor.of(new long[] {Long.MAX_VALUE, 7, Long.MIN_VALUE}, 1, 3);
        assertArrayEquals(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, big.gather(-1, idx(new long[][] {{2, 0}})).toLongArray());
    }

    @Test
    void gatherOfAScalar() {
        Tensor s = Tensor.scalar(4.5, Dtype.FLOAT64).requiresGrad();
        Tensor out = s.gather(0, Tensor.scalar(0, Dtype.INT64));
        assertEquals(0, out.dim());
        assertEquals(4.5, out.item());
        out.mul(3.0).backward();
        assertEquals(3, s.grad().item());
        Tensor v = Tensor.of(1.0, 2.0, 3.0);
        assertEquals(3.0, v.gather(0, Tensor.scalar(2, Dtype.INT64)).item());
    }

    @Test
    void gatherGradientScatterAddsDuplicates() {
        Tensor x = m(new double[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad();
        x.gather(1, idx(new long[][] {{0, 0, 0}, {2, 1, 2}})).sum().backward();
        assertArrayEquals(new double[] {3, 0, 0, 0, 1, 2}, x.grad().toDoubleArray());
    }

    @Test
    void gatherErrorsNameTheOpAndTheRule() {
        Tensor x = m(new double[][] {{1, 2, 3}, {4, 5, 6}});
        fails(IndexOutOfBoundsException.class, "gather: index 7 is out of bounds for dim 1 with size 3",
                () -> x.gather(1, idx(new long[][] {{0}, {7}})));
        fails(IndexOutOfBoundsException.class, "gather: index -1 is out of bounds for dim 1 with size 3",
                () -> x.gather(1, idx(new long[][] {{-1}, {0}})));
        fails(IllegalArgumentException.class, "gather: index must be an int64 or int32 tensor, got float32",
                () -> x.gather(1, Tensor.of(0f, 1f).reshape(2, 1)));
        fails(IllegalArgumentException.class, "gather: index has 1 dims but input has 2 (they must match)",
                () -> x.gather(1, Tensor.of(0L, 1L)));
        fails(IllegalArgumentException.class,
                "gather: index shape [3, 1] exceeds input shape [2, 3] in dim 0 (only dim 1 may be larger)",
                () -> x.gather(1, idx(new long[][] {{0}, {0}, {0}})));
        fails(IndexOutOfBoundsException.class,
                "gather: dim 2 is out of range for a tensor of rank 2 (expected a value in [-2, 1])",
                () -> x.gather(2, idx(new long[][] {{0}, {0}})));
    }

    // ---------------------------------------------------------------- indexSelect, indexAdd

    @Test
    void indexSelectPicksSlicesAndDuplicateIndicesAddTheirGradients() {
        Tensor x = m(new double[][] {{1, 2}, {3, 4}, {5, 6}}).requiresGrad();
        Tensor out = x.indexSelect(0, Tensor.of(2L, 0L, 2L));
        assertArrayEquals(new int[] {3, 2}, out.shape());
        assertArrayEquals(new double[] {5, 6, 1, 2, 5, 6}, out.toDoubleArray());
        out.mul(Tensor.of(1.0, 10.0)).sum().backward();
        assertArrayEquals(new double[] {1, 10, 0, 0, 2, 20}, x.grad().toDoubleArray());
        Tensor cols = x.detach().indexSelect(-1, Tensor.of(new int[] {1, 1, 0}));
        assertArrayEquals(new double[] {2, 2, 1, 4, 4, 3, 6, 6, 5}, cols.toDoubleArray());
        Tensor one = x.detach().indexSelect(1, Tensor.scalar(1, Dtype.INT64));
        assertArrayEquals(new int[] {3, 1}, one.shape());
    }

    @Test
    void indexSelectErrors() {
        Tensor x = Tensor.zeros(3, 2);
        fails(IndexOutOfBoundsException.class, "indexSelect: index -1 is out of bounds for dim 1 with size 2",
                () -> x.indexSelect(1, Tensor.of(0L, -1L)));
        fails(IndexOutOfBoundsException.class, "indexSelect: index 3 is out of bounds for dim 0 with size 3",
                () -> x.indexSelect(0, Tensor.of(3L)));
        fails(IllegalArgumentException.class, "indexSelect: index must be 1-D (or 0-D), got shape [1, 2]",
                () -> x.indexSelect(0, Tensor.of(new long[] {0, 1}, 1, 2)));
        fails(IllegalArgumentException.class, "indexSelect: index must be an int64 or int32 tensor, got bool",
                () -> x.indexSelect(0, Tensor.of(true)));
    }

    @Test
    void indexAddAccumulatesDuplicates() {
        Tensor self = Tensor.of(1.0, 1.0, 1.0).requiresGrad();
        Tensor src = Tensor.of(1.0, 2.0, 3.0).requiresGrad();
        Tensor out = self.indexAdd(0, Tensor.of(0L, 2L, 0L), src);
        assertArrayEquals(new double[] {5, 1, 3}, out.toDoubleArray());
        out.mul(Tensor.of(1.0, 2.0, 3.0)).sum().backward();
        assertArrayEquals(new double[] {1, 2, 3}, self.grad().toDoubleArray());
        assertArrayEquals(new double[] {1, 3, 1}, src.grad().toDoubleArray());
        fails(IllegalArgumentException.class, "indexAdd: source shape [2, 3] must match self shape [4, 2] except in dim 0, "
                        + "where it must equal the index length 2 (expected [2, 2])",
                () -> Tensor.zeros(4, 2).indexAdd(0, Tensor.of(0L, 1L), Tensor.zeros(2, 3)));
        fails(IllegalArgumentException.class, "indexAdd: source has dtype float64 but self has float32 (they must match)",
                () -> Tensor.zeros(2).indexAdd(0, Tensor.of(0L), Tensor.zeros(Dtype.FLOAT64, 1)));
        // integer and 16-bit data accumulate too
        assertArrayEquals(new long[] {7, 0}, Tensor.zeros(Dtype.INT64, 2).indexAdd(0, Tensor.of(0L, 0L), Tensor.of(3L, 4L)).toLongArray());
        Tensor half = Tensor.zeros(Dtype.BFLOAT16, 2).indexAdd(0, Tensor.of(1L, 1L), Tensor.of(1.5f, 2f).to(Dtype.BFLOAT16));
        assertEquals(Dtype.BFLOAT16, half.dtype());
        assertArrayEquals(new double[] {0, 3.5}, half.toDoubleArray());
    }

    // ---------------------------------------------------------------- scatter, scatterAdd

    @Test
    void scatterWritesAndItsGradientSkipsOverwrittenPositions() {
        Tensor self = Tensor.zeros(Dtype.FLOAT64, 2, 3).add(1.0).requiresGrad();
        Tensor src = m(new double[][] {{5, 7}, {6, 8}}).requiresGrad();
        Tensor out = self.scatter(1, idx(new long[][] {{2}, {0}}), src);
        assertArrayEquals(new double[] {1, 1, 5, 6, 1, 1}, out.toDoubleArray());
        out.mul(m(new double[][] {{1, 2, 3}, {4, 5, 6}})).sum().backward();
        assertArrayEquals(new double[] {1, 2, 0, 0, 5, 6}, self.grad().toDoubleArray());
        assertArrayEquals(new double[] {3, 0, 4, 0}, src.grad().toDoubleArray(), "src larger than index: unused elements get 0");
    }

    @Test
    void scatterValue() {
        Tensor self = Tensor.zeros(Dtype.FLOAT64, 3).requiresGrad();
        Tensor out = self.scatter(0, Tensor.of(2L, 0L), -1.5);
        assertArrayEquals(new double[] {-1.5, 0, -1.5}, out.toDoubleArray());
        out.sum().backward();
        assertArrayEquals(new double[] {0, 1, 0}, self.grad().toDoubleArray());
        Tensor flags = Tensor.zeros(Dtype.BOOL, 2, 2).scatter(1, idx(new long[][] {{1}, {0}}), 1);
        assertArrayEquals(new boolean[] {false, true, true, false}, flags.toBooleanArray());
    }

    @Test
    void scatterAddAddsDuplicatesAndGathersItsGradient() {
        Tensor self = Tensor.of(1.0, 2.0, 3.0).requiresGrad();
        Tensor src = Tensor.of(10.0, 20.0, 30.0, 40.0).requiresGrad();
        Tensor out = self.scatterAdd(0, Tensor.of(0L, 2L, 0L), src);
        assertArrayEquals(new double[] {41, 2, 23}, out.toDoubleArray());
        out.mul(Tensor.of(1.0, 2.0, 3.0)).sum().backward();
        assertArrayEquals(new double[] {1, 2, 3}, self.grad().toDoubleArray());
        assertArrayEquals(new double[] {1, 3, 1, 0}, src.grad().toDoubleArray());
    }

    @Test
    void scatterErrors() {
        Tensor self = Tensor.zeros(2, 3);
        fails(IndexOutOfBoundsException.class, "scatterAdd: index 3 is out of bounds for dim 1 with size 3",
                () -> self.scatterAdd(1, idx(new long[][] {{3}}), Tensor.ones(1, 1)));
        fails(IndexOutOfBoundsException.class, "scatter: index -2 is out of bounds for dim 0 with size 2",
                () -> self.scatter(0, idx(new long[][] {{-2}}), 1.0));
        fails(IllegalArgumentException.class, "scatter: index shape [1, 2] exceeds src shape [1, 1] in dim 1",
                () -> self.scatter(0, idx(new long[][] {{0, 1}}), Tensor.ones(1, 1)));
        fails(IllegalArgumentException.class,
                "scatterAdd: index shape [1, 4] exceeds self shape [2, 3] in dim 1 (only dim 0 may be larger)",
                () -> self.scatterAdd(0, idx(new long[][] {{0, 1, 0, 1}}), Tensor.ones(1, 4)));
        fails(IllegalArgumentException.class, "scatterAdd: index has 1 dims but self has 2 (they must match)",
                () -> self.scatterAdd(0, Tensor.of(0L), Tensor.ones(1)));
        fails(IllegalArgumentException.class, "scatter: src has dtype float64 but self has float32 (they must match)",
                () -> self.scatter(0, idx(new long[][] {{0}}), Tensor.ones(Dtype.FLOAT64, 1, 1)));
        fails(IllegalArgumentException.class, "scatterAdd: bool tensors cannot be added; use a numeric dtype",
                () -> Tensor.zeros(Dtype.BOOL, 2).scatterAdd(0, Tensor.of(0L), Tensor.zeros(Dtype.BOOL, 1)));
    }

    // ---------------------------------------------------------------- advanced indexing

    @Test
    void indexWithIntegerTensorsBroadcastsAndWrapsNegatives() {
        Tensor x = Tensor.arange(12).reshape(3, 4);
        Tensor rows = x.index(Tensor.of(2L, -1L, 0L));
        assertArrayEquals(new int[] {3, 4}, rows.shape());
        assertArrayEquals(new long[] {8, 9, 10, 11, 8, 9, 10, 11, 0, 1, 2, 3}, rows.toLongArray());
        Tensor picked = x.index(idx(new long[][] {{0}, {2}}), Tensor.of(new int[] {1, -1}));
        assertArrayEquals(new int[] {2, 2}, picked.shape());
        assertArrayEquals(new long[] {1, 3, 9, 11}, picked.toLongArray());
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad();
        w.index(Tensor.of(1L, 1L, 0L)).sum().backward();
        assertArrayEquals(new double[] {1, 1, 2, 2}, w.grad().toDoubleArray());
    }

    @Test
    void indexErrors() {
        Tensor x = Tensor.zeros(3, 4);
        fails(IndexOutOfBoundsException.class, "index: index 3 is out of bounds for dim 0 with size 3",
                () -> x.index(Tensor.of(0L, 3L)));
        fails(IndexOutOfBoundsException.class, "index: index -5 is out of bounds for dim 1 with size 4",
                () -> x.index(Tensor.of(0L), Tensor.of(-5L)));
        fails(IllegalArgumentException.class, "index: shapes [2] and [3] cannot be broadcast (dim 0: 2 vs 3)",
                () -> x.index(Tensor.of(0L, 1L), Tensor.of(0L, 1L, 2L)));
        fails(IndexOutOfBoundsException.class, "index: too many indices (3) for a tensor of shape [3, 4]",
                () -> x.index(Tensor.of(0L), Tensor.of(0L), Tensor.of(0L)));
        fails(IllegalArgumentException.class, "index: index 0 is a bool tensor; use maskedSelect for boolean masks",
                () -> x.index(Tensor.of(true, false, true)));
    }

    // ---------------------------------------------------------------- masks

    @Test
    void maskedFillAndItsGradient() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad();
        Tensor mask = Tensor.of(true, false, true);
        Tensor out = x.maskedFill(mask, -1);
        assertArrayEquals(new double[] {-1, 2, -1}, out.toDoubleArray());
        assertEquals(Dtype.FLOAT64, out.dtype());
        out.sum().backward();
        assertArrayEquals(new double[] {0, 1, 0}, x.grad().toDoubleArray());

        Tensor v = Tensor.scalar(5, Dtype.FLOAT64).requiresGrad();
        Tensor y = Tensor.of(1.0, 2.0, 3.0).maskedFill(mask, v);
        assertArrayEquals(new double[] {5, 2, 5}, y.toDoubleArray());
        y.sum().backward();
        assertEquals(2, v.grad().item());

        Tensor ints = Tensor.of(1L, 2L).maskedFill(Tensor.of(false, true), 9);
        assertArrayEquals(new long[] {1, 9}, ints.toLongArray());
        fails(IllegalArgumentException.class, "maskedFill: mask must be a bool tensor, got int64",
                () -> x.maskedFill(Tensor.of(1L, 0L, 1L), 0));
        fails(IllegalArgumentException.class, "maskedFill: value must be a 0-dim tensor, got shape [1]",
                () -> x.maskedFill(mask, Tensor.of(1.0)));
    }

    @Test
    void maskedSelectAndItsGradient() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad();
        Tensor picked = x.maskedSelect(Tensor.of(new boolean[] {true, false, false, true}).reshape(2, 2));
        assertArrayEquals(new double[] {1, 4}, picked.toDoubleArray());
        picked.mul(Tensor.of(3.0, 5.0)).sum().backward();
        assertArrayEquals(new double[] {3, 0, 0, 5}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {2, 4}, x.detach().maskedSelect(Tensor.of(false, true)).toDoubleArray());
        assertArrayEquals(new int[] {0}, x.detach().maskedSelect(Tensor.of(false, false)).shape());
        fails(IllegalArgumentException.class, "maskedSelect: shapes [2, 2] and [3] cannot be broadcast (dim 1: 2 vs 3)",
                () -> x.maskedSelect(Tensor.of(true, true, true)));
    }

    // ---------------------------------------------------------------- takeAlongDim, oneHot

    @Test
    void takeAlongDimWithArgmaxIndices() {
        Tensor x = m(new double[][] {{10, 30, 20}, {60, 40, 50}});
        Tensor best = x.takeAlongDim(x.argmax(1, true), 1);
        assertArrayEquals(new int[] {2, 1}, best.shape());
        assertArrayEquals(new double[] {30, 60}, best.toDoubleArray());
        assertArrayEquals(new double[] {50, 10}, x.takeAlongDim(Tensor.of(5L, 0L)).toDoubleArray());
        // indices broadcast over dim 0
        assertArrayEquals(new double[] {20, 10, 50, 60}, x.takeAlongDim(idx(new long[][] {{2, 0}}), 1).toDoubleArray());
        fails(IllegalArgumentException.class,
                "takeAlongDim: input shape [2, 3] and indices shape [3, 1] cannot be broadcast in dim 0 (2 vs 3)",
                () -> x.takeAlongDim(idx(new long[][] {{0}, {0}, {0}}), 1));
        fails(IllegalArgumentException.class, "takeAlongDim: input has 2 dims but indices has 1 (they must match)",
                () -> x.takeAlongDim(Tensor.of(0L), 1));
    }

    @Test
    void oneHotEncodes() {
        Tensor h = Tensor.oneHot(Tensor.of(0L, 2L, 1L), 3);
        assertEquals(Dtype.INT64, h.dtype());
        assertArrayEquals(new int[] {3, 3}, h.shape());
        assertArrayEquals(new long[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, h.toLongArray());
        Tensor inferred = Tensor.oneHot(Tensor.of(new int[] {1, 3}, 2, 1), -1);
        assertArrayEquals(new int[] {2, 1, 4}, inferred.shape());
        assertArrayEquals(new long[] {0, 1, 0, 0, 0, 0, 0, 1}, inferred.toLongArray());
        fails(IndexOutOfBoundsException.class, "oneHot: class value 3 is out of range for numClasses 3 (expected 0..2)",
                () -> Tensor.oneHot(Tensor.of(0L, 3L), 3));
        fails(IndexOutOfBoundsException.class, "oneHot: class value -1 is out of range for numClasses 3 (expected 0..2)",
                () -> Tensor.oneHot(Tensor.of(-1L), 3));
        fails(IllegalArgumentException.class, "oneHot: labels must be an int64 or int32 tensor, got float32",
                () -> Tensor.oneHot(Tensor.of(1f), 3));
        fails(IllegalArgumentException.class,
                "oneHot: cannot infer the number of classes from an empty tensor; pass numClasses",
                () -> Tensor.oneHot(Tensor.zeros(Dtype.INT64, 0), -1));
    }

    // ---------------------------------------------------------------- double backward

    @Test
    void secondDerivativesFlowThroughIndexingOps() {
        Tensor ix = idx(new long[][] {{2, 0, 2}, {1, 1, 0}});
        Tensor x = Tensor.of(new double[] {0.3, -0.7, 1.1, 0.5, -1.3, 0.9}, 2, 3).requiresGrad();
        GradCheck.checkSecondOrder(in -> in[0].gather(1, ix).pow(3.0).sum(), x);
        GradCheck.checkSecondOrder(in -> in[0].indexSelect(1, Tensor.of(2L, 2L, 0L)).square().mul(in[0].sum()), x);
        GradCheck.checkSecondOrder(in -> Tensor.zeros(Dtype.FLOAT64, 2, 3).scatterAdd(1, ix, in[0]).tanh().sum(), x);
        GradCheck.checkSecondOrder(in -> in[0].maskedFill(in[0].detach().gt(0), 2.0).pow(3.0).sum(), x);
        GradCheck.checkSecondOrder(in -> in[0].index(Tensor.of(1L, 0L, 1L)).sin().sum(), x);
    }

    // ---------------------------------------------------------------- large inputs (the parallel paths)

    @Test
    void largeEmbeddingLookupAndItsGradientMatchPlainLoops() {
        Generator gen = new Generator(7);
        int vocab = 500, dimension = 48, n = 6000;
        Tensor table = Tensor.randn(gen, Dtype.FLOAT32, vocab, dimension).requiresGrad();
        Tensor ids = Tensor.randint(0, vocab, gen, n);
        Tensor out = table.indexSelect(0, ids);
        float[] t = table.detach().toFloatArray(), o = out.toFloatArray();
        long[] id = ids.toLongArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dimension; j++) {
                if (o[i * dimension + j] != t[(int) id[i] * dimension + j]) fail("row " + i + " col " + j);
            }
        }
        Tensor weights = Tensor.rand(gen, Dtype.FLOAT32, n, dimension);
        out.backward(weights);
        double[] expected = new double[vocab * dimension];
        float[] w = weights.toFloatArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dimension; j++) expected[(int) id[i] * dimension + j] += w[i * dimension + j];
        }
        assertArrayEquals(expected, table.grad().toDoubleArray(), 1e-3);
    }

    @Test
    void largeGatherAndScatterAddMatchPlainLoops() {
        Generator gen = new Generator(11);
        int rows = 300, cols = 200, picks = 400;
        Tensor x = Tensor.randn(gen, Dtype.FLOAT64, rows, cols);
        Tensor index = Tensor.randint(0, cols, gen, rows, picks);
        double[] xv = x.toDoubleArray();
        long[] iv = index.toLongArray();
        double[] gathered = x.gather(1, index).toDoubleArray();
        double[] added = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < picks; k++) {
                int c = (int) iv[r * picks + k];
                assertEquals(xv[r * cols + c], gathered[r * picks + k]);
                added[r * cols + c] += gathered[r * picks + k];
            }
        }
        Tensor sum = Tensor.zeros(Dtype.FLOAT64, rows, cols).scatterAdd(1, index, x.gather(1, index));
        assertArrayEquals(added, sum.toDoubleArray(), 1e-12);
        // scatter-add along dim 0 (the walk then splits along dim 1)
        Tensor idx0 = Tensor.randint(0, 3, gen, rows, cols);
        double[] col = new double[3 * cols];
        long[] i0 = idx0.toLongArray();
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) col[(int) i0[r * cols + c] * cols + c] += xv[r * cols + c];
        assertArrayEquals(col, Tensor.zeros(Dtype.FLOAT64, 3, cols).scatterAdd(0, idx0, x).toDoubleArray(), 1e-9);
        // a bad index deep inside a large walk is still reported by name
        Tensor bad = index.contiguousCopy();
        bad.set(cols, rows - 1, picks - 1);
        fails(IndexOutOfBoundsException.class, "gather: index 200 is out of bounds for dim 1 with size 200",
                () -> x.gather(1, bad));
    }

    @Test
    void noGraphIsRecordedUnderNoGrad() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad();
        try (var _ = Autograd.noGrad()) {
            assertFalse(x.indexSelect(0, Tensor.of(1L)).isRequiresGrad());
            assertFalse(x.gather(0, Tensor.of(1L)).isRequiresGrad());
        }
        assertEquals("gather", x.gather(0, Tensor.of(1L)).gradFn().name());
    }
}
