package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.Kernels;
import dev.dendrite.ops.Reductions.ValuesIndices;
import dev.dendrite.storage.Dtype;
import dev.dendrite.storage.Storage;
import dev.dendrite.tensor.Shapes;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Sorting and selection: sort, argsort, topk and unique, with PyTorch's semantics. Sorting is
 * stable (equal elements keep their order, as torch's {@code stable=True}), NaN sorts as the
 * largest value, and {@code -0.0} ties with {@code 0.0}.
 *
 * <p>The values returned by sort and topk are differentiable: their gradient is scattered back to
 * the positions the values came from with {@link Indexing#scatterAdd}, which is differentiable in
 * turn (its derivative is a gather), so double backward works. The indices, argsort and unique are
 * not differentiable.
 */
public final class Sorting {
    private Sorting() {}

    /**
     * The result of {@link #unique}: the distinct values, and, when asked for, the inverse indices
     * (for every input element, the position of its value in {@code values}; shaped like the input)
     * and the counts (how often each value occurs). Parts not asked for are null.
     */
    public record Unique(Tensor values, Tensor inverse, Tensor counts) {}

    // ================================================================ sort, argsort, topk

    /** Sorts along {@code dim}; returns the sorted values and their int64 positions in the input. */
    public static ValuesIndices sort(Tensor x, int dim, boolean descending) {
        int d = Shapes.wrapDim("sort", dim, x.dim());
        ValuesIndices sorted = sortData(x, d, descending);
        Tensor values = sorted.values();
        if (Autograd.needsGrad(x) && x.isFloatingPoint()) {
            Tensor idx = sorted.indices();
            int[] inShape = x.shape();
            Autograd.record("sort", values, x, g -> new Tensor[] {scatterBack(g, idx, d, inShape)});
        }
        return sorted;
    }

    /** The int64 positions that sort {@code x} along {@code dim} (stable). */
    public static Tensor argsort(Tensor x, int dim, boolean descending) {
        int d = Shapes.wrapDim("argsort", dim, x.dim());
        return sortData(x, d, descending).indices();
    }

    /**
     * The {@code k} largest (or smallest) elements along {@code dim} and their int64 positions.
     * The result is always in sorted order (largest first when {@code largest}), which
     * {@code sorted=false} permits; among equal values the one that comes first in the input comes
     * first, and NaN counts as larger than every number.
     */
    public static ValuesIndices topk(Tensor x, int k, int dim, boolean largest, boolean sorted) {
        int d = Shapes.wrapDim("topk", dim, x.dim());
        int size = x.dim() == 0 ? 1 : x.size(d);
        if (k < 0 || k > size) {
            throw new IllegalArgumentException("topk: k (" + k + ") is out of range for dim " + d + " of size " + size
                    + " in a tensor of shape " + Arrays.toString(x.shape()) + " (expected 0 <= k <= " + size + ")");
        }
        ValuesIndices all = sortData(x, d, largest);
        Tensor values = all.values(), indices = all.indices();
        if (k < size) {
            values = values.narrow(d, 0, k).contiguousCopy();
            indices = indices.narrow(d, 0, k).contiguousCopy();
        }
        if (Autograd.needsGrad(x) && x.isFloatingPoint()) {
            Tensor idx = indices;
            int[] inShape = x.shape();
            Autograd.record("topk", values, x, g -> new Tensor[] {scatterBack(g, idx, d, inShape)});
        }
        return new ValuesIndices(values, indices);
    }

    /** Runs the backend's sort along {@code d} (already wrapped) on the data of {@code x}; records nothing. */
    private static ValuesIndices sortData(Tensor x, int d, boolean descending) {
        Tensor src = x.detach().contiguous();
        int[] shape = x.shape();
        Tensor values = Tensor.empty(x.dtype(), shape);
        Tensor indices = Tensor.empty(Dtype.INT64, shape);
        if (x.dim() == 0) {   // a 0-dim tensor is its own sort, at index 0
            Kernels.backend().copy(shape, src.strided(), values.strided());
            return new ValuesIndices(values, indices);
        }
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        Kernels.backend().sort(src.storage(), src.storageOffset(), outer, shape[d], inner, descending,
                values.storage(), indices.storage(), 0);
        return new ValuesIndices(values, indices);
    }

    /**
     * The derivative of sort and topk values: zeros of the input's shape with {@code g} added at the
     * positions {@code idx} names along {@code d} ({@link Indexing#scatterAdd}, whose own derivative
     * is a gather, so double backward works).
     */
    private static Tensor scatterBack(Tensor g, Tensor idx, int d, int[] inShape) {
        return Indexing.scatterAdd(Tensor.zeros(g.dtype(), inShape), d, idx, g);
    }

    // ================================================================ unique

    /**
     * The distinct elements of the flattened tensor: in ascending order when {@code sorted}, else in
     * order of first appearance. NaNs count as one value (sorted last), and {@code -0.0} and
     * {@code 0.0} as one (the value kept is the first occurrence). Not differentiable.
     */
    public static Unique unique(Tensor x, boolean sorted, boolean returnInverse, boolean returnCounts) {
        int n = x.numel();
        Tensor flat = x.detach().contiguous().reshape(n);
        ValuesIndices byValue = sortData(flat, 0, false);
        Storage sv = byValue.values().storage();
        long[] perm = byValue.indices().storage().longs();
        boolean integral = !x.dtype().isFloatingPoint();
        // group runs of equal values in sorted order
        int[] groupOfSorted = new int[n];
        int[] starts = new int[n];
        int groups = 0;
        for (int j = 0; j < n; j++) {
            boolean same = j > 0 && (integral ? sv.getLong(j) == sv.getLong(j - 1) : sameValue(sv.getDouble(j), sv.getDouble(j - 1)));
            if (!same) starts[groups++] = j;
            groupOfSorted[j] = groups - 1;
        }
        // rank[g] = the output position of group g
        int[] rank = new int[groups];
        if (sorted) {
            for (int g = 0; g < groups; g++) rank[g] = g;
        } else {
            // the stable sort put each group's earliest element first; order groups by it
            Integer[] byFirst = new Integer[groups];
            for (int g = 0; g < groups; g++) byFirst[g] = g;
            Arrays.sort(byFirst, (p, q) -> Long.compare(perm[starts[p]], perm[starts[q]]));
            for (int r = 0; r < groups; r++) rank[byFirst[r]] = r;
        }
        Tensor values = Tensor.empty(x.dtype(), groups);
        Storage vs = values.storage();
        long[] counts = new long[groups];
        for (int g = 0; g < groups; g++) {
            int from = starts[g], to = g + 1 < groups ? starts[g + 1] : n;
            // the sort is stable, so a run starts with its earliest occurrence (which matters for -0.0 vs 0.0)
            if (integral) vs.setLong(rank[g], sv.getLong(from));
            else vs.setDouble(rank[g], sv.getDouble(from));
            counts[rank[g]] = to - from;
        }
        Tensor inverse = null;
        if (returnInverse) {
            long[] inv = new long[n];
            for (int j = 0; j < n; j++) inv[(int) perm[j]] = rank[groupOfSorted[j]];
            inverse = Tensor.of(inv, x.shape());
        }
        return new Unique(values, inverse, returnCounts ? Tensor.of(counts, groups) : null);
    }

    private static boolean sameValue(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }
}
