package dev.dendrite.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by tensors and ops: element counts, strides, dim wrapping, broadcasting. */
public final class Shapes {
    private Shapes() {}

    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + n
                    + " elements, more than a tensor can hold (2^31 - 1)");
        }
        return (int) n;
    }

    public static void check(String op, int[] shape) {
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException(op + ": negative size in shape " + Arrays.toString(shape));
        }
        numel(shape);
    }

    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    public static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) return true;
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** Turns a possibly negative dim into {@code [0, rank)}, or throws naming the op. */
    public static int wrapDim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException(op + ": dim " + dim + " is out of range for a tensor of rank " + rank
                    + " (expected a value in [" + (-r) + ", " + (r - 1) + "])");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** The broadcast shape of two shapes by NumPy's rules, or an error naming the op. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        if (Arrays.equals(a, b)) return a;
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast (dim " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that view a tensor of {@code shape}/{@code strides} as {@code target} (0 on broadcast dims). */
    public static int[] broadcastStrides(String op, int[] shape, int[] strides, int[] target) {
        if (Arrays.equals(shape, target)) return strides;
        int n = target.length;
        if (shape.length > n) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape) + " cannot be broadcast to "
                    + Arrays.toString(target));
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int j = i - (n - shape.length);
            if (j < 0) continue;
            if (shape[j] == target[i]) {
                out[i] = strides[j];
            } else if (shape[j] != 1) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape) + " cannot be broadcast to "
                        + Arrays.toString(target) + " (dim " + i + ": " + shape[j] + " vs " + target[i] + ")");
            }
        }
        return out;
    }
}
