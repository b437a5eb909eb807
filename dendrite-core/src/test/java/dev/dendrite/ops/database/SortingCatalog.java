package dev.dendrite.ops.database;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

import static dev.dendrite.ops.database.Ref.sample;

/**
 * sort, argsort, topk and unique. The references sort every line along the dim with a plain
 * stable insertion sort (NaN largest), with their own row-major index arithmetic.
 */
final class SortingCatalog implements OpCatalog {

    @Override
    public List<OpCase> cases() {
        List<OpCase> cases = new ArrayList<>();
        Tensor m = sample(31, 4, 5), cube = sample(32, 3, 4, 2), vec = sample(33, 7);
        Tensor ties = Tensor.of(new double[] {2, 1, 2, Double.NaN, 1, -3, Double.NaN, 0, 2, 1, 1, 0}, 3, 4);
        Tensor ints = Tensor.of(new long[] {5, -2, 7, 5, 0, -2, 9, 1, 5}, 3, 3);

        cases.add(OpCase.of("sort values last dim", in -> in[0].sort(-1, false).values())
                .inputs(m).expect(sortRef(m, 1, false, false, 5)).build());
        cases.add(OpCase.of("sort values dim 0 descending", in -> in[0].sort(0, true).values())
                .inputs(m).expect(sortRef(m, 0, true, false, 4)).build());
        cases.add(OpCase.of("sort values middle dim of 3-D", in -> in[0].sort(1, false).values())
                .inputs(cube).expect(sortRef(cube, 1, false, false, 4)).build());
        cases.add(OpCase.of("sort values 1-D float32", in -> in[0].sort(0, true).values())
                .inputs(vec.toFloat()).expect(sortRef(vec.toFloat(), 0, true, false, 7)).build());
        cases.add(OpCase.of("sort indices with ties and NaN", in -> in[0].sort(1, false).indices())
                .inputs(ties).expect(sortRef(ties, 1, false, true, 4)).noGrad().build());
        cases.add(OpCase.of("sort values with ties and NaN descending", in -> in[0].sort(1, true).values())
                .inputs(ties).expect(sortRef(ties, 1, true, false, 4)).noGrad().build());
        cases.add(OpCase.of("sort int64 values dim 0", in -> in[0].sort(0, false).values())
                .inputs(ints).expect(sortRef(ints, 0, false, false, 3)).noGrad().build());
        cases.add(OpCase.of("argsort descending with ties", in -> in[0].argsort(0, true))
                .inputs(ints).expect(sortRef(ints, 0, true, true, 3)).noGrad().build());
        cases.add(OpCase.of("argsort dim 0 of 3-D", in -> in[0].argsort(0, false))
                .inputs(cube).expect(sortRef(cube, 0, false, true, 3)).noGrad().build());

        cases.add(OpCase.of("topk values k=2 last dim", in -> in[0].topk(2, -1, true, true).values())
                .inputs(m).expect(sortRef(m, 1, true, false, 2)).build());
        cases.add(OpCase.of("topk smallest k=3 dim 0", in -> in[0].topk(3, 0, false, true).values())
                .inputs(m).expect(sortRef(m, 0, false, false, 3)).build());
        cases.add(OpCase.of("topk values k=2 middle dim of 3-D", in -> in[0].topk(2, 1, true, true).values())
                .inputs(cube).expect(sortRef(cube, 1, true, false, 2)).build());
        cases.add(OpCase.of("topk indices with ties and NaN", in -> in[0].topk(3, 1, true, true).indices())
                .inputs(ties).expect(sortRef(ties, 1, true, true, 3)).noGrad().build());

        Tensor rep = Tensor.of(new double[] {3, 1, 3, 2, Double.NaN, 1, 3, Double.NaN, -0.5}, 3, 3);
        cases.add(OpCase.of("unique sorted values", in -> in[0].unique(true, false, false).values())
                .inputs(rep).expect(uniqueRef(rep, true, 0)).noGrad().build());
        cases.add(OpCase.of("unique unsorted values", in -> in[0].unique(false, false, false).values())
                .inputs(rep).expect(uniqueRef(rep, false, 0)).noGrad().build());
        cases.add(OpCase.of("unique sorted inverse", in -> in[0].unique(true, true, false).inverse())
                .inputs(rep).expect(uniqueRef(rep, true, 1)).noGrad().build());
        cases.add(OpCase.of("unique unsorted inverse", in -> in[0].unique(false, true, true).inverse())
                .inputs(rep).expect(uniqueRef(rep, false, 1)).noGrad().build());
        cases.add(OpCase.of("unique sorted counts", in -> in[0].unique(true, false, true).counts())
                .inputs(rep).expect(uniqueRef(rep, true, 2)).noGrad().build());
        cases.add(OpCase.of("unique int64 counts unsorted", in -> in[0].unique(false, false, true).counts())
                .inputs(ints).expect(uniqueRef(ints, false, 2)).noGrad().build());
        return cases;
    }

    /** x < y with NaN above everything and NaNs equal. */
    private static boolean less(double x, double y) {
        if (Double.isNaN(x)) return false;
        if (Double.isNaN(y)) return true;
        return x < y;
    }

    /**
     * Sorts every line along {@code dim} by stable insertion sort and keeps the first {@code k}
     * entries: their values (in x's dtype) or, with {@code wantIndices}, their int64 positions.
     */
    static Tensor sortRef(Tensor x, int dim, boolean descending, boolean wantIndices, int k) {
        int[] shape = x.shape();
        double[] v = x.toDoubleArray();
        long[] lv = x.dtype() == Dtype.INT64 ? x.toLongArray() : null;
        int outer = 1, inner = 1, n = shape[dim];
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.length; i++) inner *= shape[i];
        double[] outV = new double[outer * k * inner];
        long[] outI = new long[outer * k * inner];
        long[] outL = new long[outer * k * inner];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int[] pos = new int[n];
                for (int j = 0; j < n; j++) pos[j] = j;
                for (int j = 1; j < n; j++) {
                    int p = pos[j];
                    int q = j - 1;
                    while (q >= 0) {
                        double a = v[(o * n + pos[q]) * inner + in], b = v[(o * n + p) * inner + in];
                        boolean after = descending ? less(a, b) : less(b, a);
                        if (lv != null) {
                            long la = lv[(o * n + pos[q]) * inner + in], lb = lv[(o * n + p) * inner + in];
                            after = descending ? la < lb : lb < la;
                        }
                        if (!after) break;
                        pos[q + 1] = pos[q];
                        q--;
                    }
                    pos[q + 1] = p;
                }
                for (int j = 0; j < k; j++) {
                    int dst = (o * k + j) * inner + in, src = (o * n + pos[j]) * inner + in;
                    outV[dst] = v[src];
                    outI[dst] = pos[j];
                    if (lv != null) outL[dst] = lv[src];
                }
            }
        }
        int[] outShape = shape.clone();
        outShape[dim] = k;
        if (wantIndices) return Tensor.of(outI, outShape);
        if (lv != null) return Tensor.of(outL, outShape);
        return Tensor.of(outV, outShape).to(x.dtype());
    }

    /** unique by first-appearance scan: part 0 values, 1 inverse, 2 counts. */
    static Tensor uniqueRef(Tensor x, boolean sorted, int part) {
        double[] v = x.toDoubleArray();
        List<Double> distinct = new ArrayList<>();
        for (double d : v) {
            boolean found = false;
            for (double e : distinct) found |= d == e || (Double.isNaN(d) && Double.isNaN(e));
            if (!found) distinct.add(d);
        }
        if (sorted) {
            for (int i = 1; i < distinct.size(); i++) {
                for (int j = i; j > 0 && less(distinct.get(j), distinct.get(j - 1)); j--) {
                    double t = distinct.get(j);
                    distinct.set(j, distinct.get(j - 1));
                    distinct.set(j - 1, t);
                }
            }
        }
        int g = distinct.size();
        long[] inverse = new long[v.length], counts = new long[g];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < g; j++) {
                double e = distinct.get(j);
                if (v[i] == e || (Double.isNaN(v[i]) && Double.isNaN(e))) {
                    inverse[i] = j;
                    counts[j]++;
                    break;
                }
            }
        }
        return switch (part) {
            case 0 -> {
                double[] out = new double[g];
                for (int j = 0; j < g; j++) out[j] = distinct.get(j);
                yield Tensor.of(out, g).to(x.dtype());
            }
            case 1 -> Tensor.of(inverse, x.shape());
            default -> Tensor.of(counts, g);
        };
    }
}
