package dev.dendrite.ops.database;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import static dev.dendrite.ops.database.Ref.sample;

/**
 * Indexing with integer tensors and masks: indexSelect, indexAdd, gather, scatter, scatterAdd,
 * advanced indexing, maskedFill, maskedSelect, takeAlongDim, oneHot. References are plain loops
 * over the row-major values; index and mask inputs are excluded from gradcheck.
 */
final class IndexingCatalog implements OpCatalog {

    // ---------------------------------------------------------------- reference helpers (shared with JoinsCatalog)

    /** A tensor of {@code shape} whose element at each index {@code idx} is {@code f(idx)}, in the given dtype. */
    static Tensor tabulate(int[] shape, Dtype dtype, ToDoubleFunction<int[]> f) {
        int n = 1;
        for (int s : shape) n *= s;
        double[] v = new double[n];
        int[] idx = new int[shape.length];
        for (int flat = 0; flat < n; flat++) {
            int rem = flat;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            v[flat] = f.applyAsDouble(idx.clone());
        }
        return Tensor.of(v, shape).to(dtype);
    }

    /** The row-major offset of {@code idx} in {@code shape}. */
    static int offset(int[] shape, int... idx) {
        int off = 0;
        for (int d = 0; d < shape.length; d++) off = off * shape[d] + idx[d];
        return off;
    }

    /** {@code idx} with entry {@code d} replaced by {@code v}. */
    static int[] with(int[] idx, int d, int v) {
        int[] c = idx.clone();
        c[d] = v;
        return c;
    }

    static Tensor longs(int[] shape, long... v) { return Tensor.of(v, shape); }

    // ---------------------------------------------------------------- reference ops

    private static Tensor refGather(Tensor x, int dim, Tensor index) {
        double[] xv = x.toDoubleArray();
        long[] iv = index.toLongArray();
        int[] xs = x.shape(), is = index.shape();
        return tabulate(is, x.dtype(), p -> xv[offset(xs, with(p, dim, (int) iv[offset(is, p)]))]);
    }

    /** self with src written (or added) at index positions along dim, in index's row-major order. */
    private static Tensor refScatter(Tensor self, int dim, Tensor index, Tensor src, double value, boolean add) {
        double[] out = self.toDoubleArray();
        long[] iv = index.toLongArray();
        double[] sv = src == null ? null : src.toDoubleArray();
        int[] ss = self.shape(), is = index.shape(), srcShape = src == null ? null : src.shape();
        tabulate(is, Dtype.FLOAT64, p -> {
            int at = offset(ss, with(p, dim, (int) iv[offset(is, p)]));
            double v = sv == null ? value : sv[offset(srcShape, p)];
            out[at] = add ? out[at] + v : v;
            return 0;
        });
        return Tensor.of(out, ss).to(self.dtype());
    }

    private static Tensor refIndexSelect(Tensor x, int dim, long[] index) {
        double[] xv = x.toDoubleArray();
        int[] xs = x.shape(), os = x.shape();
        os[dim] = index.length;
        return tabulate(os, x.dtype(), p -> xv[offset(xs, with(p, dim, (int) index[p[dim]]))]);
    }

    @Override
    public List<OpCase> cases() {
        List<OpCase> cases = new ArrayList<>();

        Tensor x34 = sample(11, 3, 4);
        Tensor dupCols = longs(new int[] {5}, 3, 0, 3, 1, 3);
        cases.add(OpCase.of("indexSelect dim 1 with duplicates", in -> in[0].indexSelect(1, in[1]))
                .inputs(x34, dupCols).expect(refIndexSelect(x34, 1, dupCols.toLongArray())).gradFor(true, false).build());
        Tensor rows32 = Tensor.of(new int[] {2, 0, 2, 1});
        cases.add(OpCase.of("indexSelect dim 0 int32 index", in -> in[0].indexSelect(0, in[1]))
                .inputs(x34, rows32).expect(refIndexSelect(x34, 0, new long[] {2, 0, 2, 1})).build());

        Tensor self53 = sample(12, 5, 3), src33 = sample(13, 3, 3);
        Tensor addIdx = longs(new int[] {3}, 4, 0, 4);
        cases.add(OpCase.of("indexAdd dim 0 with duplicates", in -> in[0].indexAdd(0, in[1], in[2]))
                .inputs(self53, addIdx, src33).expect(tabulate(new int[] {5, 3}, Dtype.FLOAT64, p -> {
                    double v = self53.toDoubleArray()[offset(new int[] {5, 3}, p)];
                    long[] ix = addIdx.toLongArray();
                    for (int k = 0; k < ix.length; k++) if (ix[k] == p[0]) v += src33.toDoubleArray()[k * 3 + p[1]];
                    return v;
                })).build());

        Tensor g1 = longs(new int[] {3, 2}, 3, 0, 1, 1, 2, 3);
        cases.add(OpCase.of("gather dim 1", in -> in[0].gather(1, in[1]))
                .inputs(x34, g1).expect(refGather(x34, 1, g1)).build());
        Tensor g0 = longs(new int[] {2, 3}, 2, 0, 1, 2, 2, 0);
        cases.add(OpCase.of("gather dim 0 with a smaller index", in -> in[0].gather(-2, in[1]))
                .inputs(x34, g0).expect(refGather(x34, 0, g0)).build());
        Tensor x234 = sample(14, 2, 3, 4);
        Tensor g3 = Tensor.of(new int[] {0, 2, 1, 1, 0, 0, 2, 2, 1, 0, 2, 1}, 2, 2, 3);
        cases.add(OpCase.of("gather 3-d dim 1 int32", in -> in[0].gather(1, in[1]))
                .inputs(x234, g3).expect(refGather(x234, 1, g3)).build());

        // scatter without duplicate targets (so the result is defined), self and src both differentiable
        Tensor self35 = sample(15, 3, 5), src24 = sample(16, 2, 4);
        Tensor sIdx = longs(new int[] {2, 3}, 4, 0, 2, 1, 3, 0);
        cases.add(OpCase.of("scatter src (src larger than index)", in -> in[0].scatter(1, in[1], in[2]))
                .inputs(self35, sIdx, src24).expect(refScatter(self35, 1, sIdx, src24, 0, false)).build());
        cases.add(OpCase.of("scatter value", in -> in[0].scatter(1, in[1], -7.5))
                .inputs(self35, sIdx).expect(refScatter(self35, 1, sIdx, null, -7.5, false)).build());

        Tensor self34 = sample(17, 3, 4), src54 = sample(18, 5, 4);
        Tensor aIdx = longs(new int[] {5, 4}, 0, 1, 2, 0, 0, 1, 2, 2, 2, 2, 0, 1, 0, 0, 0, 0, 1, 1, 1, 2);
        cases.add(OpCase.of("scatterAdd dim 0 with duplicates", in -> in[0].scatterAdd(0, in[1], in[2]))
                .inputs(self34, aIdx, src54).expect(refScatter(self34, 0, aIdx, src54, 0, true)).build());
        Tensor aIdxSmall = longs(new int[] {2, 3}, 2, 2, 0, 1, 2, 2);
        cases.add(OpCase.of("scatterAdd src larger than index", in -> in[0].scatterAdd(0, in[1], in[2]))
                .inputs(self34, aIdxSmall, src54).expect(refScatter(self34, 0, aIdxSmall, src54, 0, true)).build());

        // advanced indexing: x[i0, i1] with broadcasting and negative indices
        Tensor i0 = longs(new int[] {2, 1}, -1, 0), i1 = Tensor.of(new int[] {2, -3, 1});
        int[] xs = x234.shape();
        double[] xv = x234.toDoubleArray();
        cases.add(OpCase.of("index two leading dims, broadcast, negative", in -> in[0].index(in[1], in[2]))
                .inputs(x234, i0, i1).expect(tabulate(new int[] {2, 3, 4}, Dtype.FLOAT64, p -> {
                    long a = i0.toLongArray()[p[0]], b = i1.toLongArray()[p[1]];
                    return xv[offset(xs, (int) (a < 0 ? a + 2 : a), (int) (b < 0 ? b + 3 : b), p[2])];
                })).build());
        Tensor rowsIdx = longs(new int[] {2, 2}, 1, 0, 1, 1);
        cases.add(OpCase.of("index first dim with a 2-d index", in -> in[0].index(in[1]))
                .inputs(x34, rowsIdx).expect(tabulate(new int[] {2, 2, 4}, Dtype.FLOAT64,
                        p -> x34.toDoubleArray()[offset(new int[] {3, 4}, (int) rowsIdx.toLongArray()[p[0] * 2 + p[1]], p[2])]))
                .build());

        Tensor mask4 = Tensor.of(true, false, false, true);
        cases.add(OpCase.of("maskedFill broadcast mask", in -> in[0].maskedFill(in[1], 0.25))
                .inputs(x34, mask4).expect(tabulate(new int[] {3, 4}, Dtype.FLOAT64,
                        p -> mask4.toBooleanArray()[p[1]] ? 0.25 : x34.toDoubleArray()[offset(new int[] {3, 4}, p)]))
                .build());
        Tensor row4 = sample(19, 4);
        Tensor mask34 = Tensor.of(new double[] {1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0}, 3, 4).to(Dtype.BOOL);
        cases.add(OpCase.of("maskedFill broadcasts the input", in -> in[0].maskedFill(in[1], -1.0))
                .inputs(row4, mask34).expect(tabulate(new int[] {3, 4}, Dtype.FLOAT64,
                        p -> mask34.toBooleanArray()[offset(new int[] {3, 4}, p)] ? -1 : row4.toDoubleArray()[p[1]]))
                .build());
        cases.add(OpCase.of("maskedFill with a tensor value", in -> in[0].maskedFill(in[1], in[2]))
                .inputs(x34, mask34, Tensor.scalar(1.5, Dtype.FLOAT64)).expect(tabulate(new int[] {3, 4}, Dtype.FLOAT64,
                        p -> mask34.toBooleanArray()[offset(new int[] {3, 4}, p)] ? 1.5 : x34.toDoubleArray()[offset(new int[] {3, 4}, p)]))
                .build());

        boolean[] m = mask34.toBooleanArray();
        double[] x34v = x34.toDoubleArray();
        int count = 0;
        for (boolean b : m) if (b) count++;
        double[] selected = new double[count];
        for (int i = 0, k = 0; i < m.length; i++) if (m[i]) selected[k++] = x34v[i];
        cases.add(OpCase.of("maskedSelect", in -> in[0].maskedSelect(in[1]))
                .inputs(x34, mask34).expect(Tensor.of(selected)).build());
        double[] bsel = new double[6];
        for (int r = 0, k = 0; r < 3; r++) for (int c = 0; c < 4; c++) if (mask4.toBooleanArray()[c]) bsel[k++] = x34v[r * 4 + c];
        cases.add(OpCase.of("maskedSelect broadcast mask", in -> in[0].maskedSelect(in[1]))
                .inputs(x34, mask4).expect(Tensor.of(bsel)).build());

        Tensor along = longs(new int[] {1, 2}, 3, 1);
        cases.add(OpCase.of("takeAlongDim broadcasts indices", in -> in[0].takeAlongDim(in[1], 1))
                .inputs(x34, along).expect(tabulate(new int[] {3, 2}, Dtype.FLOAT64,
                        p -> x34v[p[0] * 4 + (int) along.toLongArray()[p[1]]])).build());
        Tensor flatIdx = longs(new int[] {2, 2}, 11, 0, 5, 5);
        cases.add(OpCase.of("takeAlongDim flattened", in -> in[0].takeAlongDim(in[1]))
                .inputs(x34, flatIdx).expect(tabulate(new int[] {4}, Dtype.FLOAT64,
                        p -> x34v[(int) flatIdx.toLongArray()[p[0]]])).build());

        Tensor labels = longs(new int[] {2, 3}, 0, 3, 1, 1, 2, 0);
        cases.add(OpCase.of("oneHot", in -> Tensor.oneHot(in[0], 5))
                .inputs(labels).expect(tabulate(new int[] {2, 3, 5}, Dtype.INT64,
                        p -> labels.toLongArray()[p[0] * 3 + p[1]] == p[2] ? 1 : 0)).noGrad().build());
        return cases;
    }
}
