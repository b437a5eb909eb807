package dev.dendrite.ops.database;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Index-arithmetic references for the reduction, view and linear-algebra catalogs: plain loops
 * over row-major double arrays that share no code with the ops they check (only
 * {@link Tensor#toDoubleArray()} and {@link Tensor#of(double[], int...)} move data in and out).
 */
final class RefLoops {
    private RefLoops() {}

    static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** The row-major index of flat position {@code flat} in {@code shape}. */
    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    static int ravel(int[] idx, int[] shape) {
        int flat = 0;
        for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
        return flat;
    }

    /** A tensor of {@code shape} whose element at each index is {@code f(index)}, in {@code dtype}. */
    static Tensor build(int[] shape, Dtype dtype, ToDoubleFunction<int[]> f) {
        double[] out = new double[numel(shape)];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(unravel(i, shape));
        return Tensor.of(out, shape).to(dtype);
    }

    /** Reads {@code x} at a full index (row-major over its shape). */
    static double at(double[] values, int[] shape, int[] idx) { return values[ravel(idx, shape)]; }

    /** Turns a possibly negative dim into {@code [0, rank)}. */
    static int wrap(int dim, int rank) { return dim < 0 ? dim + rank : dim; }

    @FunctionalInterface
    interface GroupFn {
        double apply(double[] group);
    }

    /**
     * Reduces {@code x} over {@code dims} (null: all) by applying {@code f} to each group of values
     * (in row-major order of the reduced dims); the result has the reduced shape (keepdim or not).
     */
    static Tensor reduce(Tensor x, int[] dims, boolean keepdim, Dtype dtype, GroupFn f) {
        int[] shape = x.shape();
        boolean[] reduced = new boolean[shape.length];
        if (dims == null) Arrays.fill(reduced, true);
        else for (int d : dims) reduced[wrap(d, shape.length)] = true;
        List<Integer> outDims = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (!reduced[i]) outDims.add(shape[i]);
            else if (keepdim) outDims.add(1);
        }
        int[] outShape = outDims.stream().mapToInt(Integer::intValue).toArray();
        int[] groupShape = new int[shape.length];   // the shape with reduced dims set to 1
        for (int i = 0; i < shape.length; i++) groupShape[i] = reduced[i] ? 1 : shape[i];
        int groups = numel(groupShape);
        List<List<Double>> buckets = new ArrayList<>();
        for (int g = 0; g < groups; g++) buckets.add(new ArrayList<>());
        double[] v = x.toDoubleArray();
        for (int flat = 0; flat < v.length; flat++) {
            int[] idx = unravel(flat, shape);
            for (int i = 0; i < idx.length; i++) if (reduced[i]) idx[i] = 0;
            buckets.get(ravel(idx, groupShape)).add(v[flat]);
        }
        double[] out = new double[groups];
        for (int g = 0; g < groups; g++) {
            double[] group = buckets.get(g).stream().mapToDouble(Double::doubleValue).toArray();
            out[g] = f.apply(group);
        }
        return Tensor.of(out, outShape).to(dtype);
    }

    /** Inclusive scan along {@code dim}: sum when {@code sum}, else product. */
    static Tensor scan(Tensor x, int dim, boolean sum, Dtype dtype) {
        int[] shape = x.shape();
        int d = wrap(dim, shape.length);
        double[] v = x.toDoubleArray();
        double[] out = new double[v.length];
        for (int flat = 0; flat < v.length; flat++) {
            int[] idx = unravel(flat, shape);
            double acc = sum ? 0 : 1;
            int k = idx[d];
            for (int j = 0; j <= k; j++) {
                idx[d] = j;
                acc = sum ? acc + at(v, shape, idx) : acc * at(v, shape, idx);
            }
            out[flat] = acc;
        }
        return Tensor.of(out, shape).to(dtype);
    }

    /** Index of the first maximum (or minimum) of a group; a NaN counts as the extreme, as in torch. */
    static int argExtreme(double[] g, boolean max) {
        int best = 0;
        for (int i = 0; i < g.length; i++) {
            if (Double.isNaN(g[i])) return i;
            if (max ? g[i] > g[best] : g[i] < g[best]) best = i;
        }
        return best;
    }

    /** {@code a[..., n, k] @ b[..., k, m]} with broadcast batch dims (both at least 2-D). */
    static Tensor batchedMatmul(Tensor a, Tensor b, Dtype dtype) {
        int[] sa = a.shape(), sb = b.shape();
        int ra = sa.length, rb = sb.length;
        int n = sa[ra - 2], k = sa[ra - 1], m = sb[rb - 1];
        if (sb[rb - 2] != k) throw new IllegalArgumentException("reference matmul: inner sizes differ");
        int batchRank = Math.max(ra, rb) - 2;
        int[] batch = new int[batchRank];
        for (int i = 0; i < batchRank; i++) {
            int da = i - (batchRank - (ra - 2)) >= 0 ? sa[i - (batchRank - (ra - 2))] : 1;
            int db = i - (batchRank - (rb - 2)) >= 0 ? sb[i - (batchRank - (rb - 2))] : 1;
            batch[i] = Math.max(da, db);
        }
        int[] outShape = Arrays.copyOf(batch, batchRank + 2);
        outShape[batchRank] = n;
        outShape[batchRank + 1] = m;
        double[] va = a.toDoubleArray(), vb = b.toDoubleArray();
        return build(outShape, dtype, idx -> {
            int[] ia = new int[ra], ib = new int[rb];
            for (int i = 0; i < ra - 2; i++) ia[i] = sa[i] == 1 ? 0 : idx[i + batchRank - (ra - 2)];
            for (int i = 0; i < rb - 2; i++) ib[i] = sb[i] == 1 ? 0 : idx[i + batchRank - (rb - 2)];
            ia[ra - 2] = idx[batchRank];
            ib[rb - 1] = idx[batchRank + 1];
            double s = 0;
            for (int j = 0; j < k; j++) {
                ia[ra - 1] = j;
                ib[rb - 2] = j;
                s += at(va, sa, ia) * at(vb, sb, ib);
            }
            return s;
        });
    }
}
