package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.functional.Embeddings;
import dev.dendrite.functional.F;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.onnx.OnnxData;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EmbeddingTest {

    static Tensor table() { return Tensor.of(new double[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, 2); }

    @Test
    void lookupShapesAndValues() {
        Tensor idx = Tensor.of(new long[] {3, 0, 3, 1}, 2, 2);
        Tensor y = F.embedding(idx, table());
        assertArrayEquals(new int[] {2, 2, 2}, y.shape());
        assertArrayEquals(new double[] {30, 31, 0, 1, 30, 31, 10, 11}, y.toDoubleArray());
    }

    @Test
    void duplicateIndicesAccumulateAndPaddingRowGetsNoGradient() {
        Tensor w = table().requiresGrad();
        Tensor idx = Tensor.of(2L, 2L, 1L, 2L, 0L);
        Tensor g = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, 2);
        F.embedding(idx, w).backward(g);
        assertArrayEquals(new double[] {9, 10, 5, 6, 1 + 3 + 7, 2 + 4 + 8, 0, 0}, w.grad().toDoubleArray());
        Tensor w2 = table().requiresGrad();
        F.embedding(idx, w2, 2).backward(g);
        assertArrayEquals(new double[] {9, 10, 5, 6, 0, 0, 0, 0}, w2.grad().toDoubleArray());
        // (with a padding index that is looked up, the zero gradient is by design, not the derivative)
        GradCheck.check(in -> Embeddings.embedding(idx, in[0], 3), table().requiresGrad());
        GradCheck.checkSecondOrder(in -> Embeddings.embedding(idx, in[0], null).square(), table().requiresGrad());
    }

    @Test
    void moduleInitPaddingAndFromPretrained() {
        Embedding e = new Embedding(10, 3, 0);
        assertArrayEquals(new float[3], e.weight().select(0, 0).toFloatArray());
        assertEquals("Embedding(10, 3, padding_idx=0)", e.toString());
        Embedding neg = new Embedding(10, 3, -1);
        assertEquals(9, neg.paddingIdx);
        // N(0, 1) initialization
        Generator.seed(0);
        Tensor big = new Embedding(1000, 100).weight();
        assertEquals(0, big.mean().item(), 0.01);
        assertEquals(1, big.var(true).item(), 0.02);
        Embedding pre = Embedding.fromPretrained(table().toFloat());
        assertFalse(pre.weight().isRequiresGrad());
        assertArrayEquals(new float[] {20, 21}, pre.call(Tensor.of(2L)).toFloatArray());
        assertTrue(Embedding.fromPretrained(table(), false, null).weight().isRequiresGrad());
        var ex = assertThrows(IndexOutOfBoundsException.class, () -> pre.call(Tensor.of(4L)));
        assertEquals("embedding: index 4 is out of range for 4 embeddings", ex.getMessage());
        var ia = assertThrows(IllegalArgumentException.class, () -> pre.call(Tensor.of(1.0f)));
        assertEquals("embedding: indices must be int64 or int32, got float32", ia.getMessage());
    }

    @Test
    void embeddingBagSumMeanOffsetsAndPadding() {
        Tensor w = table();
        Tensor idx = Tensor.of(0L, 1L, 3L, 2L, 2L);
        Tensor offsets = Tensor.of(0L, 2L, 2L);   // bags {0, 1}, {}, {3, 2, 2}
        Tensor sum = F.embeddingBag(idx, w, offsets, "sum");
        assertArrayEquals(new double[] {10, 12, 0, 0, 70, 73}, sum.toDoubleArray());
        Tensor mean = F.embeddingBag(idx, w, offsets, "mean");
        assertArrayEquals(new double[] {5, 6, 0, 0, 70 / 3.0, 73 / 3.0}, mean.toDoubleArray(), 1e-12);
        // 2-D input: one bag per row
        Tensor rows = F.embeddingBag(Tensor.of(new long[] {0, 1, 3, 2}, 2, 2), w, null, "mean");
        assertArrayEquals(new double[] {5, 6, 25, 26}, rows.toDoubleArray());
        // padding entries are left out of the bag and of the count
        Tensor padded = Embeddings.embeddingBag(idx, w, offsets, Embeddings.BagMode.MEAN, 2);
        assertArrayEquals(new double[] {5, 6, 0, 0, 30, 31}, padded.toDoubleArray());
        GradCheck.check(in -> Embeddings.embeddingBag(idx, in[0], offsets, Embeddings.BagMode.MEAN, 3), table().requiresGrad());
        GradCheck.check(in -> Embeddings.embeddingBag(idx, in[0], offsets, Embeddings.BagMode.SUM, null), table().requiresGrad());
        EmbeddingBag bag = new EmbeddingBag(4, 2, "sum");
        assertArrayEquals(new int[] {3, 2}, bag.call(idx, offsets).shape());
        assertEquals("EmbeddingBag(4, 2, mode='sum')", bag.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> F.embeddingBag(idx, w, Tensor.of(1L, 2L), "sum"));
        assertTrue(e.getMessage().startsWith("embeddingBag: offsets must start at 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.embeddingBag(idx, w, offsets, "max"));
        assertEquals("embeddingBag: mode must be 'sum' or 'mean', got 'max'", e.getMessage());
    }

    @Test
    void againstPyTorchConvertedModels() {
        for (String name : List.of("test_Embedding", "test_Embedding_sparse")) {
            Path dir = OnnxData.pytorchConverted(name);
            OnnxData.Case c = OnnxData.load(dir);
            List<String> in = OnnxData.nodeInputs(dir, "Gather");
            Tensor weight = c.initializers().get(in.get(0));
            assertNotNull(weight, name + ": embedding table");
            OnnxData.assertClose(name, c.output(), F.embedding(c.inputs().get(0).to(Dtype.INT64), weight), 1e-6);
        }
    }
}
