package dev.dendrite.kernels;

import dev.dendrite.storage.Storage;

/**
 * The primitive operations over buffers that every tensor op is built from. Tensor code calls
 * these through {@link Kernels#backend()} and never branches on the device; a CUDA backend would
 * implement the same interface.
 *
 * <p>Operands arrive as {@link Strided} views of one common {@code shape} (broadcast dims have
 * stride 0). Outputs are never aliased with inputs unless documented.
 */
public interface Backend {
    String name();

    /** Copies {@code src} into {@code dst}, converting between dtypes as needed. */
    void copy(int[] shape, Strided src, Strided dst);

    /** Sets every element of {@code dst} to {@code value} (converted to its dtype). */
    void fill(int[] shape, Strided dst, double value);

    /** {@code out = op(in)}; in and out have the same dtype (float32, float64, or an integer type for integer-preserving ops). */
    void unary(UnaryOp op, int[] shape, Strided in, Strided out);

    /** {@code out = a op b}; a and b share a dtype; out has that dtype, or bool for comparisons and logical ops. */
    void binary(BinaryOp op, int[] shape, Strided a, Strided b, Strided out);

    /** {@code out = cond ? a : b}; cond is bool, a, b and out share a dtype. */
    void where(int[] shape, Strided cond, Strided a, Strided b, Strided out);

    /**
     * Reduces the middle dim of a contiguous {@code [outer, r, inner]} block of {@code in} starting at
     * {@code inOffset} into the contiguous {@code [outer, inner]} block of {@code out}. Value
     * reductions keep the dtype; ARGMAX and ARGMIN write int64 indices; ALL and ANY write bool.
     */
    void reduce(ReduceOp op, Storage in, int inOffset, int outer, int r, int inner, Storage out, int outOffset);

    /** Inclusive scan (SUM or PROD) along the middle dim of contiguous {@code [outer, r, inner]}; out has the same layout. */
    void scan(ReduceOp op, Storage in, int inOffset, int outer, int r, int inner, Storage out, int outOffset);

    /**
     * Gather along {@code dim}: for every position p of {@code shape},
     * {@code out[p] = src[p with p[dim] replaced by index[p]]}. {@code src} carries a stride for every
     * dim of {@code shape} (its stride on {@code dim} is the step per index value); src and out share
     * a dtype; index is int32 or int64 (broadcast dims may have stride 0). An index value outside
     * {@code [0, srcDimSize)} raises an IndexOutOfBoundsException that names {@code op}, the value,
     * the dim and the size.
     */
    void gather(String op, int[] shape, int dim, Strided src, int srcDimSize, Strided index, Strided out);

    /**
     * Scatter along {@code dim}: for every position p of {@code shape},
     * {@code out[p with p[dim] replaced by index[p]] = src[p]}, or {@code +=} when {@code accumulate}
     * (duplicate indices then add up; accumulate needs float32, float64, int32 or int64). {@code out}
     * carries a stride for every dim (its stride on {@code dim} is the step per index value) and must
     * not overlap itself; src may be broadcast (stride 0). Bounds are checked as in {@link #gather}.
     */
    void scatter(String op, int[] shape, int dim, Strided src, Strided index, Strided out, int outDimSize, boolean accumulate);

    /**
     * Stable sort along the middle dim of a contiguous {@code [outer, r, inner]} block of {@code in}
     * starting at {@code inOffset}: ascending, or descending when asked; equal elements keep their
     * order, NaN sorts as the largest value and {@code -0.0} ties with {@code 0.0}. Writes the sorted
     * values (same dtype as {@code in}) and their int64 positions along the dim into the contiguous
     * {@code [outer, r, inner]} blocks of {@code values} and {@code indices} starting at {@code outOffset}.
     */
    void sort(Storage in, int inOffset, int outer, int r, int inner, boolean descending,
              Storage values, Storage indices, int outOffset);
}
