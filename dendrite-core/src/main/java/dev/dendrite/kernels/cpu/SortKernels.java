package dev.dendrite.kernels.cpu;

import dev.dendrite.kernels.Parallel;
import dev.dendrite.storage.Dtype;
import dev.dendrite.storage.Half;
import dev.dendrite.storage.Storage;

import java.util.Arrays;

/**
 * Stable sorting along the middle dim of a contiguous {@code [outer, r, inner]} block.
 *
 * <p>Every element is mapped to an integer key whose signed order is the order wanted: floating
 * values through their IEEE bits (negatives flipped so that the bit patterns order like the
 * numbers), with {@code -0.0} folded onto {@code 0.0} (they compare equal, as with {@code <}) and
 * every NaN folded onto one key above {@code +inf} (NaN sorts as the largest value, as in torch).
 * Descending order uses the complemented key, so ties still keep their original order. Keys of at
 * most 32 bits are packed with their position into one {@code long} and sorted as primitives
 * (the position in the low bits makes the order stable); 64-bit keys are merge-sorted by position.
 */
final class SortKernels {
    private SortKernels() {}

    /** Insertion-sort run length for the merge sort. */
    private static final int RUN = 24;

    static void sort(Storage in, int inOff, int outer, int r, int inner, boolean descending,
                     Storage values, Storage indices, int outOff) {
        if (indices.dtype() != Dtype.INT64) {
            throw new IllegalArgumentException("sort: indices must be int64 storage, got " + indices.dtype().torchName());
        }
        if (values.dtype() != in.dtype()) {
            throw new IllegalArgumentException("sort: values storage is " + values.dtype().torchName()
                    + " but the input is " + in.dtype().torchName());
        }
        if (r == 0 || outer == 0 || inner == 0) return;
        boolean wide = in.dtype() == Dtype.FLOAT64 || in.dtype() == Dtype.INT64;
        int groups = outer * inner;
        long cost = (long) r * (32 - Integer.numberOfLeadingZeros(r) + 1);
        Parallel.forRange(groups, cost, (from, to) -> {
            int[] order = new int[r];
            long[] packed = wide ? null : new long[r];
            long[] keys = wide ? new long[r] : null;
            int[] scratch = wide ? new int[r] : null;
            for (int g = from; g < to; g++) {
                int o = g / inner, i = g % inner;
                int base = inOff + o * r * inner + i;
                if (wide) {
                    for (int k = 0; k < r; k++) {
                        long key = wideKey(in, base + k * inner);
                        keys[k] = descending ? ~key : key;
                        order[k] = k;
                    }
                    mergeSort(order, scratch, keys, r);
                } else {
                    for (int k = 0; k < r; k++) {
                        int key = narrowKey(in, base + k * inner);
                        packed[k] = ((long) (descending ? ~key : key) << 32) | k;
                    }
                    Arrays.sort(packed, 0, r);
                    for (int k = 0; k < r; k++) order[k] = (int) packed[k];
                }
                int dst = outOff + o * r * inner + i;
                gatherRun(in, base, inner, order, r, values, dst);
                long[] ix = indices.longs();
                for (int j = 0; j < r; j++) ix[dst + j * inner] = order[j];
            }
        });
    }

    /** The signed order key of a value whose dtype is at most 32 bits wide. */
    private static int narrowKey(Storage s, int at) {
        return switch (s.dtype()) {
            case FLOAT32 -> floatKey(s.floats()[at]);
            case BFLOAT16 -> floatKey(Half.bf16ToFloat(s.shorts()[at]));
            case FLOAT16 -> floatKey(Half.f16ToFloat(s.shorts()[at]));
            case INT32 -> s.ints()[at];
            case BOOL -> s.bools()[at] ? 1 : 0;
            default -> throw new IllegalStateException("sort: " + s.dtype() + " is not a narrow dtype");
        };
    }

    private static long wideKey(Storage s, int at) {
        if (s.dtype() == Dtype.INT64) return s.longs()[at];
        double v = s.doubles()[at];
        if (v == 0) v = 0.0;                                  // -0.0 ties with 0.0
        long bits = Double.doubleToLongBits(v);               // canonical NaN, above +inf
        return bits ^ ((bits >> 63) & 0x7fffffffffffffffL);
    }

    private static int floatKey(float v) {
        if (v == 0) v = 0f;
        int bits = Float.floatToIntBits(v);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** Stable bottom-up merge sort of {@code order[0..n)} by {@code keys[order[k]]}. */
    private static void mergeSort(int[] order, int[] scratch, long[] keys, int n) {
        for (int lo = 0; lo < n; lo += RUN) {
            int hi = Math.min(n, lo + RUN);
            for (int k = lo + 1; k < hi; k++) {
                int v = order[k];
                long key = keys[v];
                int j = k - 1;
                while (j >= lo && keys[order[j]] > key) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = v;
            }
        }
        int[] src = order, dst = scratch;
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(n, lo + width), hi = Math.min(n, lo + 2 * width);
                int a = lo, b = mid, k = lo;
                while (a < mid && b < hi) dst[k++] = keys[src[b]] < keys[src[a]] ? src[b++] : src[a++];
                while (a < mid) dst[k++] = src[a++];
                while (b < hi) dst[k++] = src[b++];
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != order) System.arraycopy(src, 0, order, 0, n);
    }

    /** {@code out[dst + j*inner] = in[base + order[j]*inner]}, copying raw elements of any dtype. */
    private static void gatherRun(Storage in, int base, int inner, int[] order, int r, Storage out, int dst) {
        switch (in.dtype()) {
            case FLOAT32 -> { float[] a = in.floats(), b = out.floats(); for (int j = 0; j < r; j++) b[dst + j * inner] = a[base + order[j] * inner]; }
            case FLOAT64 -> { double[] a = in.doubles(), b = out.doubles(); for (int j = 0; j < r; j++) b[dst + j * inner] = a[base + order[j] * inner]; }
            case INT32 -> { int[] a = in.ints(), b = out.ints(); for (int j = 0; j < r; j++) b[dst + j * inner] = a[base + order[j] * inner]; }
            case INT64 -> { long[] a = in.longs(), b = out.longs(); for (int j = 0; j < r; j++) b[dst + j * inner] = a[base + order[j] * inner]; }
            case BOOL -> { boolean[] a = in.bools(), b = out.bools(); for (int j = 0; j < r; j++) b[dst + j * inner] = a[base + order[j] * inner]; }
            case BFLOAT16, FLOAT16 -> { short[] a = in.shorts(), b = out.shorts(); for (int j = 0; j < r; j++) b[dst + j * inner] = a[base + order[j] * inner]; }
        }
    }
}
