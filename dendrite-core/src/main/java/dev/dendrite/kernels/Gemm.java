package dev.dendrite.kernels;

import dev.dendrite.kernels.blas.JavaGemm;
import dev.dendrite.kernels.blas.NativeBlas;

import java.util.Locale;
import java.util.Objects;

/**
 * General matrix products on row-major arrays, with the meaning of cblas_sgemm / cblas_dgemm
 * under CblasRowMajor: {@code C = alpha * op(A) @ op(B) + beta * C}, where op(A) is m x k, op(B)
 * is k x n and C is m x n; {@code trans} flags say that the array holds the matrix transposed.
 * Element (i, j) of a matrix stored with leading dimension {@code ld} at offset {@code off} is
 * {@code array[off + i * ld + j]}.
 *
 * <p>Large products go to OpenBLAS (see {@link NativeBlas}); small ones, and every product when
 * the native library is missing, run in pure Java (see {@link JavaGemm}). The system property
 * {@code dendrite.blas} overrides the choice: {@code java} (never native), {@code native} (native
 * for every size), {@code auto} (the default). {@link #implementation()} says what is in use and,
 * when the native library is not, why.
 *
 * <p>As in BLAS, when {@code beta == 0} C is written without being read (NaN there does not
 * survive), and when {@code k == 0} or {@code alpha == 0} A and B are not read: C = beta * C.
 */
public final class Gemm {
    /**
     * Below this many multiply-adds (m * n * k) the pure-Java product is faster than a call into
     * OpenBLAS, which costs about 60-70 ns however small the product (measured on Zen 5: 4x4x4 took
     * 72 ns in Java and 77 ns native, 5x5x5 120 ns and 89 ns).
     */
    private static final long NATIVE_MIN_WORK = 100;

    private static final Selection SELECTION = Selection.fromProperty(System.getProperty("dendrite.blas"));

    private Gemm() {}

    /** C = alpha * op(A) @ op(B) + beta * C in float; see the class comment for the layout. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        Objects.requireNonNull(a, "sgemm: a is null");
        Objects.requireNonNull(b, "sgemm: b is null");
        Objects.requireNonNull(c, "sgemm: c is null");
        checkArguments("sgemm", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (useNative(m, n, k, alpha == 0)) {
            int parts = nativeParts(m, n, k);
            if (parts == 1) {
                NativeBlas.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else if (m >= n) {
                Parallel.forRange(parts, Parallel.GRAIN, (from, to) -> {
                    int r0 = rowOf(from, parts, m), r1 = rowOf(to, parts, m);
                    NativeBlas.sgemm(transA, transB, r1 - r0, n, k, alpha, a, aOff + (transA ? r0 : r0 * lda), lda,
                            b, bOff, ldb, beta, c, cOff + r0 * ldc, ldc);
                });
            } else {
                Parallel.forRange(parts, Parallel.GRAIN, (from, to) -> {
                    int c0 = rowOf(from, parts, n), c1 = rowOf(to, parts, n);
                    NativeBlas.sgemm(transA, transB, m, c1 - c0, k, alpha, a, aOff, lda,
                            b, bOff + (transB ? c0 * ldb : c0), ldb, beta, c, cOff + c0, ldc);
                });
            }
        } else {
            JavaGemm.best().sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** C = alpha * op(A) @ op(B) + beta * C in double; see the class comment for the layout. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        Objects.requireNonNull(a, "dgemm: a is null");
        Objects.requireNonNull(b, "dgemm: b is null");
        Objects.requireNonNull(c, "dgemm: c is null");
        checkArguments("dgemm", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (useNative(m, n, k, alpha == 0)) {
            int parts = nativeParts(m, n, k);
            if (parts == 1) {
                NativeBlas.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else if (m >= n) {
                Parallel.forRange(parts, Parallel.GRAIN, (from, to) -> {
                    int r0 = rowOf(from, parts, m), r1 = rowOf(to, parts, m);
                    NativeBlas.dgemm(transA, transB, r1 - r0, n, k, alpha, a, aOff + (transA ? r0 : r0 * lda), lda,
                            b, bOff, ldb, beta, c, cOff + r0 * ldc, ldc);
                });
            } else {
                Parallel.forRange(parts, Parallel.GRAIN, (from, to) -> {
                    int c0 = rowOf(from, parts, n), c1 = rowOf(to, parts, n);
                    NativeBlas.dgemm(transA, transB, m, c1 - c0, k, alpha, a, aOff, lda,
                            b, bOff + (transB ? c0 * ldb : c0), ldb, beta, c, cOff + c0, ldc);
                });
            }
        } else {
            JavaGemm.best().dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * What computes the products, e.g. "OpenBLAS 0.3.30 (native, Zen kernels, 2 threads)", or
     * "pure Java (blocked, Vector API, 512-bit, 2 threads); native BLAS unavailable: ...".
     */
    public static String implementation() {
        return switch (SELECTION.mode) {
            case NATIVE_ALWAYS -> NativeBlas.description();
            case NATIVE_LARGE -> NativeBlas.description() + "; products under " + NATIVE_MIN_WORK
                    + " multiply-adds in pure Java";
            case JAVA -> JavaGemm.best().description() + "; " + SELECTION.why;
        };
    }

    /**
     * OpenBLAS runs every call single-threaded (see {@link NativeBlas}); a product this large is
     * instead split into blocks of rows (or columns, when C is wider than tall) that run as tasks
     * on the {@link Parallel} pool. OpenBLAS's own threads spin for about 0.1 s after each call,
     * taking a core from the pool's kernels that run in between (a LeNet training step ran 2-4x
     * slower for it on 2 cores), and a threaded call waits for its slowest thread at every step;
     * the pool's tasks are claimed dynamically, so a core slowed by other work simply takes fewer.
     */
    private static final long SPLIT_MIN_WORK = 1L << 21;

    /** Above this many multiply-adds a product is cut into two blocks per thread, so that the pool can balance them. */
    private static final long BALANCE_MIN_WORK = 1L << 26;

    /**
     * Blocks of C for one native product: 1 (one call); one per thread (each block costs a fork
     * and its own packing of B, which a product of a few million multiply-adds does not repay
     * twice over); or two per thread for large products. At least 16 rows or columns each.
     */
    private static int nativeParts(int m, int n, int k) {
        int threads = Parallel.threads();
        long work = (long) m * n * k;
        if (threads == 1 || work < SPLIT_MIN_WORK || Parallel.inParallelLoop() || Parallel.isSerial()) {
            return 1;
        }
        int wanted = work < BALANCE_MIN_WORK ? threads : 2 * threads;
        return Math.max(1, Math.min(wanted, Math.max(m, n) / 16));
    }

    /** The first row (or column) of block {@code part} of {@code parts} over {@code size}. */
    private static int rowOf(int part, int parts, int size) {
        return (int) ((long) part * size / parts);
    }

    private static boolean useNative(int m, int n, int k, boolean alphaIsZero) {
        return switch (SELECTION.mode) {
            case JAVA -> false;
            case NATIVE_ALWAYS -> true;
            // k == 0 and alpha == 0 only scale C: no reason to cross into native code for that.
            case NATIVE_LARGE -> !alphaIsZero && (long) m * n * k >= NATIVE_MIN_WORK;
        };
    }

    private static void checkArguments(String op, boolean transA, boolean transB, int m, int n, int k,
                                       int aLength, int aOff, int lda, int bLength, int bOff, int ldb,
                                       int cLength, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": dimensions must not be negative, got m=" + m + ", n=" + n + ", k=" + k);
        }
        checkMatrix(op, "a", transA ? k : m, transA ? m : k, transA ? ", transA" : "", aLength, aOff, lda);
        checkMatrix(op, "b", transB ? n : k, transB ? k : n, transB ? ", transB" : "", bLength, bOff, ldb);
        checkMatrix(op, "c", m, n, "", cLength, cOff, ldc);
    }

    /** Checks one operand as it lies in memory: rows x cols, row stride ld, from offset off. */
    private static void checkMatrix(String op, String name, int rows, int cols, String trans,
                                    int length, int off, int ld) {
        if (ld < Math.max(1, cols)) {
            String shape = name.toUpperCase(Locale.ROOT) + " as stored is " + rows + " x " + cols + trans;
            throw new IllegalArgumentException(op + ": ld" + name + "=" + ld + " is smaller than the row length "
                    + Math.max(1, cols) + " (" + shape + ")");
        }
        if (off < 0) throw new IllegalArgumentException(op + ": " + name + "Off=" + off + " is negative");
        if (rows > 0 && cols > 0) {
            long needed = off + (long) (rows - 1) * ld + cols;
            if (needed > length) {
                // the message is built only here: this check runs on every product
                String shape = name.toUpperCase(Locale.ROOT) + " as stored is " + rows + " x " + cols + trans;
                throw new IllegalArgumentException(op + ": " + name + " has " + length + " elements but needs " + needed
                        + " (" + shape + ", ld" + name + "=" + ld + ", " + name + "Off=" + off + ")");
            }
        }
    }

    private enum Mode { JAVA, NATIVE_LARGE, NATIVE_ALWAYS }

    /** Which implementation runs, and for the Java one, why. Decided once, on first use. */
    private record Selection(Mode mode, String why) {
        static Selection fromProperty(String value) {
            String v = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
            if (v.equals("java")) return new Selection(Mode.JAVA, "native BLAS disabled by -Ddendrite.blas=java");
            String ignored = v.equals("auto") || v.equals("native") ? ""
                    : " (ignored -Ddendrite.blas=" + value + ": expected java, native or auto)";
            if (!NativeBlas.isAvailable()) {
                return new Selection(Mode.JAVA, "native BLAS unavailable: " + NativeBlas.unavailableReason() + ignored);
            }
            if (!ignored.isEmpty()) System.err.println("dendrite: gemm" + ignored);
            return new Selection(v.equals("native") ? Mode.NATIVE_ALWAYS : Mode.NATIVE_LARGE, "");
        }
    }
}
