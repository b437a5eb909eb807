package dev.dendrite.kernels;

/**
 * Walks several operands of one shape (with their own strides; 0 for a broadcast dim) as a
 * sequence of inner runs. Dims of size 1 are dropped and dims that are contiguous with each other
 * in every operand are merged first, so a contiguous tensor is one run however many dims it has.
 * Large walks are split across {@link Parallel}'s pool.
 */
public final class StridedLoop {
    private StridedLoop() {}

    /** One inner run: operand {@code k} starts at {@code offsets[k]} and steps by {@code strides[k]}. */
    @FunctionalInterface
    public interface Body {
        void run(int[] offsets, int[] strides, int n);
    }

    /**
     * Calls {@code body} for every inner run of {@code shape}. {@code cost} is the rough work per
     * element (1 for an add), used to decide whether to go parallel. The arrays passed to the body
     * belong to the calling chunk and must not be kept.
     */
    public static void forEach(int[] shape, int[][] strides, int[] offsets, long cost, Body body) {
        int k = offsets.length;
        int nd = shape.length;
        int[] dims = new int[nd];
        int[][] st = new int[k][nd];
        int d = 0;
        long numel = 1;
        for (int i = 0; i < nd; i++) {
            int size = shape[i];
            numel *= size;
            if (size == 1) continue;
            boolean merge = d > 0;
            for (int o = 0; o < k && merge; o++) merge = st[o][d - 1] == strides[o][i] * size;
            if (merge) {
                dims[d - 1] *= size;
                for (int o = 0; o < k; o++) st[o][d - 1] = strides[o][i];
            } else {
                dims[d] = size;
                for (int o = 0; o < k; o++) st[o][d] = strides[o][i];
                d++;
            }
        }
        if (numel == 0) return;
        if (d == 0) {
            body.run(offsets.clone(), new int[k], 1);
            return;
        }
        int inner = dims[d - 1];
        int[] innerStrides = new int[k];
        for (int o = 0; o < k; o++) innerStrides[o] = st[o][d - 1];
        if (d == 1) {
            Parallel.forRange(inner, cost, (from, to) -> {
                int[] offs = new int[k];
                for (int o = 0; o < k; o++) offs[o] = offsets[o] + from * innerStrides[o];
                body.run(offs, innerStrides.clone(), to - from);
            });
            return;
        }
        int outerDims = d - 1;
        int rows = (int) (numel / inner);
        Parallel.forRange(rows, cost * inner, (from, to) -> {
            int[] counter = new int[outerDims];
            int[] offs = new int[k];
            int rem = from;
            for (int i = outerDims - 1; i >= 0; i--) {
                counter[i] = rem % dims[i];
                rem /= dims[i];
            }
            int[] runOffs = new int[k];
            int[] runStrides = innerStrides.clone();
            for (int row = from; row < to; row++) {
                if (row == from) {
                    for (int o = 0; o < k; o++) {
                        int off = offsets[o];
                        for (int i = 0; i < outerDims; i++) off += counter[i] * st[o][i];
                        offs[o] = off;
                    }
                } else {
                    // advance the odometer by one row and update the offsets incrementally
                    for (int i = outerDims - 1; i >= 0; i--) {
                        if (++counter[i] < dims[i]) {
                            for (int o = 0; o < k; o++) offs[o] += st[o][i];
                            break;
                        }
                        counter[i] = 0;
                        for (int o = 0; o < k; o++) offs[o] -= (dims[i] - 1) * st[o][i];
                    }
                }
                System.arraycopy(offs, 0, runOffs, 0, k);
                body.run(runOffs, runStrides, inner);
            }
        });
    }
}
