package dev.dendrite.ops.database;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

import static dev.dendrite.ops.database.Ref.sample;

/**
 * Matrix products: matmul in every rank combination (1-D through 4-D, with broadcast batch dims),
 * mm, bmm, mv, dot and outer, with transposed (strided) operands, integer and mixed dtypes, and
 * float32 sizes large enough to reach the blocked GEMM. The reference is a triple loop.
 */
final class LinalgCatalog implements OpCatalog {

    @Override
    public List<OpCase> cases() {
        List<OpCase> cases = new ArrayList<>();
        matmulRanks(cases);
        transposed(cases);
        namedProducts(cases);
        dtypesAndSizes(cases);
        return cases;
    }

    /** torch.matmul's semantics on top of the batched reference: 1-D operands gain and then lose a dim. */
    static Tensor matmulRef(Tensor a, Tensor b, Dtype dtype) {
        Tensor a2 = a.dim() == 1 ? Tensor.of(a.toDoubleArray(), 1, a.size(0)) : a;
        Tensor b2 = b.dim() == 1 ? Tensor.of(b.toDoubleArray(), b.size(0), 1) : b;
        Tensor full = RefLoops.batchedMatmul(a2, b2, Dtype.FLOAT64);
        int[] shape = full.shape();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (a.dim() == 1 && i == shape.length - 2) continue;
            if (b.dim() == 1 && i == shape.length - 1) continue;
            keep.add(shape[i]);
        }
        return Tensor.of(full.toDoubleArray(), keep.stream().mapToInt(Integer::intValue).toArray()).to(dtype);
    }

    private static void product(List<OpCase> cases, String name, BinaryOperator<Tensor> op, Tensor a, Tensor b, Tensor expected) {
        cases.add(OpCase.of(name, in -> op.apply(in[0], in[1])).inputs(a, b).expect(expected).build());
    }

    private static void matmul(List<OpCase> cases, String name, Tensor a, Tensor b) {
        product(cases, name, Tensor::matmul, a, b, matmulRef(a, b, Dtype.FLOAT64));
    }

    private static void matmulRanks(List<OpCase> cases) {
        matmul(cases, "matmul 1-D @ 1-D", sample(301, 5), sample(302, 5));
        matmul(cases, "matmul 1-D @ 2-D", sample(303, 3), sample(304, 3, 4));
        matmul(cases, "matmul 2-D @ 1-D", sample(305, 3, 4), sample(306, 4));
        matmul(cases, "matmul 2-D @ 2-D", sample(307, 3, 4), sample(308, 4, 2));
        matmul(cases, "matmul 3-D @ 3-D", sample(309, 2, 3, 4), sample(310, 2, 4, 2));
        matmul(cases, "matmul 3-D @ 2-D", sample(311, 2, 3, 4), sample(312, 4, 3));
        matmul(cases, "matmul 2-D @ 3-D", sample(313, 3, 4), sample(314, 2, 4, 2));
        matmul(cases, "matmul 1-D @ 3-D", sample(315, 4), sample(316, 2, 4, 3));
        matmul(cases, "matmul 3-D @ 1-D", sample(317, 2, 3, 4), sample(318, 4));
        matmul(cases, "matmul 4-D @ 3-D batch broadcast", sample(319, 2, 1, 3, 4), sample(320, 3, 4, 2));
        matmul(cases, "matmul 3-D @ 4-D batch broadcast", sample(321, 3, 2, 3), sample(322, 2, 1, 3, 2));
        matmul(cases, "matmul batch 1 broadcast both ways", sample(323, 1, 2, 3), sample(324, 2, 3, 2));
        matmul(cases, "matmul 4-D @ 1-D", sample(325, 2, 2, 3, 4), sample(326, 4));
        matmul(cases, "matmul 1-D @ 4-D", sample(327, 3), sample(328, 2, 1, 3, 2));
        matmul(cases, "matmul 4-D @ 4-D", sample(329, 2, 2, 2, 3), sample(330, 2, 2, 3, 2));
        matmul(cases, "matmul 4-D @ 2-D", sample(331, 2, 2, 2, 3), sample(332, 3, 2));
        matmul(cases, "matmul k = 1", sample(333, 3, 1), sample(334, 1, 4));
        matmul(cases, "matmul column result", sample(335, 4, 3), sample(336, 3, 1));
    }

    private static void transposed(List<OpCase> cases) {
        Tensor a = sample(341, 4, 3), b = sample(342, 2, 4);
        // the operands are views with swapped strides: GEMM must read them transposed (or copy)
        product(cases, "matmul a.t() @ b", (x, y) -> x.t().matmul(y), a, sample(343, 4, 2),
                matmulRef(transposedRef(a), sample(343, 4, 2), Dtype.FLOAT64));
        product(cases, "matmul a @ b.t()", (x, y) -> x.matmul(y.t()), sample(344, 3, 4), b,
                matmulRef(sample(344, 3, 4), transposedRef(b), Dtype.FLOAT64));
        product(cases, "matmul a.t() @ b.t()", (x, y) -> x.t().matmul(y.t()), a, sample(345, 2, 4),
                matmulRef(transposedRef(a), transposedRef(sample(345, 2, 4)), Dtype.FLOAT64));
        Tensor a3 = sample(346, 2, 4, 3), b3 = sample(347, 2, 2, 4);
        product(cases, "matmul mT @ mT 3-D", (x, y) -> x.mT().matmul(y.mT()), a3, b3,
                matmulRef(transposedRef(a3), transposedRef(b3), Dtype.FLOAT64));
        product(cases, "bmm with transposed second operand", (x, y) -> x.bmm(y.transpose(1, 2)), sample(348, 2, 3, 4), b3,
                matmulRef(sample(348, 2, 3, 4), transposedRef(b3), Dtype.FLOAT64));
        product(cases, "mv with transposed matrix", (m, v) -> m.t().mv(v), a, sample(349, 4),
                matmulRef(transposedRef(a), sample(349, 4), Dtype.FLOAT64));
        Tensor wide = sample(350, 3, 8);
        product(cases, "matmul with column-sliced operand", (x, y) -> x.slice(1, 0, 8, 2).matmul(y), wide, sample(351, 4, 2),
                matmulRef(ViewsCatalog.gather(wide, new int[] {3, 4}, i -> new int[] {i[0], 2 * i[1]}), sample(351, 4, 2), Dtype.FLOAT64));
        product(cases, "matmul with row-sliced operand", (x, y) -> x.matmul(y.slice(0, 1, 8, 2)), sample(352, 3, 4), sample(353, 8, 2),
                matmulRef(sample(352, 3, 4), ViewsCatalog.gather(sample(353, 8, 2), new int[] {4, 2}, i -> new int[] {1 + 2 * i[0], i[1]}),
                        Dtype.FLOAT64));
        product(cases, "matmul with expanded operand", (x, y) -> x.expand(2, 3, 4).matmul(y), sample(354, 3, 4), sample(355, 2, 4, 2),
                matmulRef(ViewsCatalog.gather(sample(354, 3, 4), new int[] {2, 3, 4}, i -> new int[] {i[1], i[2]}), sample(355, 2, 4, 2),
                        Dtype.FLOAT64));
    }

    /** The transpose of the last two dims, by index arithmetic. */
    static Tensor transposedRef(Tensor x) {
        int[] s = x.shape();
        int[] out = s.clone();
        out[s.length - 1] = s[s.length - 2];
        out[s.length - 2] = s[s.length - 1];
        return ViewsCatalog.gather(x, out, i -> {
            int[] j = i.clone();
            j[i.length - 1] = i[i.length - 2];
            j[i.length - 2] = i[i.length - 1];
            return j;
        });
    }

    private static void namedProducts(List<OpCase> cases) {
        Tensor a = sample(361, 3, 4), b = sample(362, 4, 5), v = sample(363, 4), w = sample(364, 3);
        product(cases, "mm", Tensor::mm, a, b, matmulRef(a, b, Dtype.FLOAT64));
        product(cases, "bmm", Tensor::bmm, sample(365, 2, 3, 4), sample(366, 2, 4, 2),
                matmulRef(sample(365, 2, 3, 4), sample(366, 2, 4, 2), Dtype.FLOAT64));
        product(cases, "mv", Tensor::mv, a, v, matmulRef(a, v, Dtype.FLOAT64));
        product(cases, "dot", Tensor::dot, v, sample(367, 4), matmulRef(v, sample(367, 4), Dtype.FLOAT64));
        double[] wv = w.toDoubleArray(), vv = v.toDoubleArray();
        product(cases, "outer", Tensor::outer, w, v, RefLoops.build(new int[] {3, 4}, Dtype.FLOAT64, i -> wv[i[0]] * vv[i[1]]));
    }

    private static void dtypesAndSizes(List<OpCase> cases) {
        Tensor ia = Tensor.of(new long[] {1, -2, 3, 4, 0, -1}, 2, 3), ib = Tensor.of(new long[] {2, 1, -1, 0, 5, 3}, 3, 2);
        cases.add(OpCase.of("matmul int64", in -> in[0].matmul(in[1])).inputs(ia, ib)
                .expect(Tensor.of(new long[] {19, 10, 3, 1}, 2, 2)).noGrad().build());
        cases.add(OpCase.of("matmul int32 @ 1-D", in -> in[0].matmul(in[1])).inputs(ia.to(Dtype.INT32), Tensor.of(new int[] {1, 1, 1}))
                .expect(Tensor.of(new int[] {2, 3}, 2)).noGrad().build());
        Tensor f32 = sample(371, -1, 1, Dtype.FLOAT32, 3, 4), f64 = sample(372, 4, 2);
        cases.add(OpCase.of("matmul float32 @ float64 promotes", in -> in[0].matmul(in[1])).inputs(f32, f64)
                .expect(matmulRef(f32, f64, Dtype.FLOAT64)).noGrad().build());
        // float32 products big enough for the blocked and native paths; float32 accumulation needs a looser tolerance
        Tensor a = sample(373, -1, 1, Dtype.FLOAT32, 37, 70), b = sample(374, -1, 1, Dtype.FLOAT32, 70, 45);
        cases.add(OpCase.of("matmul f32 37x70 @ 70x45", in -> in[0].matmul(in[1])).inputs(a, b)
                .expect(matmulRef(a, b, Dtype.FLOAT32)).tolerance(1e-4).noGrad().build());
        cases.add(OpCase.of("matmul f32 transposed 70x37 ^T @ 45x70 ^T", in -> in[0].t().matmul(in[1].t())).inputs(
                        transposedRef(a).contiguousCopy(), transposedRef(b).contiguousCopy())
                .expect(matmulRef(a, b, Dtype.FLOAT32)).tolerance(1e-4).noGrad().build());
        Tensor big1 = sample(375, -1, 1, Dtype.FLOAT32, 130, 150), big2 = sample(376, -1, 1, Dtype.FLOAT32, 150, 140);
        cases.add(OpCase.of("matmul f32 130x150 @ 150x140", in -> in[0].matmul(in[1])).inputs(big1, big2)
                .expect(matmulRef(big1, big2, Dtype.FLOAT32)).tolerance(1e-4).noGrad().build());
        Tensor ba = sample(377, -1, 1, Dtype.FLOAT32, 9, 5, 6), bb = sample(378, -1, 1, Dtype.FLOAT32, 9, 6, 7);
        cases.add(OpCase.of("bmm f32 batch of 9", in -> in[0].bmm(in[1])).inputs(ba, bb)
                .expect(matmulRef(ba, bb, Dtype.FLOAT32)).tolerance(1e-4).noGrad().build());
        Tensor h1 = sample(379, -1, 1, Dtype.BFLOAT16, 4, 8), h2 = sample(380, -1, 1, Dtype.BFLOAT16, 8, 3);
        cases.add(OpCase.of("matmul bfloat16 stays bfloat16", in -> in[0].matmul(in[1])).inputs(h1, h2)
                .expect(matmulRef(h1, h2, Dtype.BFLOAT16)).tolerance(1e-2).noGrad().build());
        Tensor empty = Tensor.zeros(Dtype.FLOAT64, 3, 0), e2 = Tensor.zeros(Dtype.FLOAT64, 0, 2);
        cases.add(OpCase.of("matmul with k = 0 gives zeros", in -> in[0].matmul(in[1])).inputs(empty, e2)
                .expect(Tensor.zeros(Dtype.FLOAT64, 3, 2)).noGrad().build());
    }
}
