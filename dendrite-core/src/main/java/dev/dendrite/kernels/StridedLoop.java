package dev.dendrite.kernels;

/**
 * Walks several operands of one shape (with their own strides; 0 for a broadcast dim) as a
 * sequence of inner runs. Dims of size 1 are dropped and dims that are contiguous with each other
 * in every operand are merged first, so a contiguous tensor is one run however many dims it has.
 * {@link #forEach} splits large walks across {@link Parallel}'s pool; {@link #forEachSerial} stays
 * on the calling thread (for callers that split the work themselves).
 */
public final class StridedLoop {
    private StridedLoop() {}

    /** One inner run: operand {@code k} starts at {@code offsets[k]} and steps by {@code strides[k]}. */
    @FunctionalInterface
    public interface Body {
        void run(int[] offsets, int[] strides, int n);
    }

    /** The walk after merging: {@code d} dims of sizes {@code dims}, per-operand strides {@code st[k]}. */
    private record Layout(int d, int[] dims, int[][] st, long numel) {
        static Layout of(int[] shape, int[][] strides) {
            int k = strides.length, nd = shape.length;
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
            return new Layout(d, dims, st, numel);
        }

        int inner() { return dims[d - 1]; }

        int[] innerStrides() {
            int[] s = new int[st.length];
            for (int o = 0; o < st.length; o++) s[o] = st[o][d - 1];
            return s;
        }

        /** Runs the rows {@code [from, to)} of the outer dims (d >= 2). */
        void rows(int from, int to, int[] offsets, Body body) {
            int k = offsets.length, outerDims = d - 1, inner = inner();
            int[] counter = new int[outerDims];
            int rem = from;
            for (int i = outerDims - 1; i >= 0; i--) {
                counter[i] = rem % dims[i];
                rem /= dims[i];
            }
            int[] offs = new int[k];
            for (int o = 0; o < k; o++) {
                int off = offsets[o];
                for (int i = 0; i < outerDims; i++) off += counter[i] * st[o][i];
                offs[o] = off;
            }
            int[] runOffs = new int[k];
            int[] runStrides = innerStrides();
            for (int row = from; row < to; row++) {
                System.arraycopy(offs, 0, runOffs, 0, k);
                body.run(runOffs, runStrides, inner);
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
        }
    }

    /**
     * Calls {@code body} for every inner run of {@code shape}. {@code cost} is the rough work per
     * element (1 for an add), used to decide whether to go parallel. The arrays passed to the body
     * belong to the calling chunk and must not be kept.
     */
    public static void forEach(int[] shape, int[][] strides, int[] offsets, long cost, Body body) {
        Layout l = Layout.of(shape, strides);
        if (l.numel() == 0) return;
        int k = offsets.length;
        if (l.d() == 0) {
            body.run(offsets.clone(), new int[k], 1);
            return;
        }
        int[] innerStrides = l.innerStrides();
        if (l.d() == 1) {
            Parallel.forRange(l.inner(), cost, (from, to) -> {
                int[] offs = new int[k];
                for (int o = 0; o < k; o++) offs[o] = offsets[o] + from * innerStrides[o];
                body.run(offs, innerStrides.clone(), to - from);
            });
            return;
        }
        int rows = (int) (l.numel() / l.inner());
        Parallel.forRange(rows, cost * l.inner(), (from, to) -> l.rows(from, to, offsets, body));
    }

    /** As {@link #forEach}, always on the calling thread. */
    public static void forEachSerial(int[] shape, int[][] strides, int[] offsets, Body body) {
        Layout l = Layout.of(shape, strides);
        if (l.numel() == 0) return;
        if (l.d() == 0) {
            body.run(offsets.clone(), new int[offsets.length], 1);
            return;
        }
        if (l.d() == 1) {
            body.run(offsets.clone(), l.innerStrides(), l.inner());
            return;
        }
        l.rows(0, (int) (l.numel() / l.inner()), offsets, body);
    }
}
