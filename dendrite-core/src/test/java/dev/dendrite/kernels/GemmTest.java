package dev.dendrite.kernels;

import dev.dendrite.kernels.blas.JavaGemm;
import dev.dendrite.kernels.blas.NativeBlas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every GEMM implementation against a triple loop computed in double, with an error bound derived
 * from the length of the dot products (so a wrong tile or a lost k-slice fails, rounding does not).
 */
class GemmTest {
    private static final int[] SIZES = {1, 7, 33, 65, 130};

    /** One implementation under test, as both of its entry points. */
    record Impl(String name, Sgemm s, Dgemm d, boolean available) {
        @Override public String toString() { return name; }
    }

    @FunctionalInterface
    interface Sgemm {
        void run(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);
    }

    @FunctionalInterface
    interface Dgemm {
        void run(boolean tA, boolean tB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                 double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);
    }

    static List<Impl> implementations() {
        return List.of(
                new Impl("Gemm", Gemm::sgemm, Gemm::dgemm, true),
                new Impl("JavaGemm.best", JavaGemm.best()::sgemm, JavaGemm.best()::dgemm, true),
                new Impl("JavaGemm.scalar", JavaGemm.scalar()::sgemm, JavaGemm.scalar()::dgemm, true),
                new Impl("NativeBlas", NativeBlas::sgemm, NativeBlas::dgemm, NativeBlas.isAvailable()));
    }

    static Stream<Arguments> implementationsAndTransposes() {
        return implementations().stream().flatMap(impl -> Stream.of(
                Arguments.of(impl, false, false), Arguments.of(impl, false, true),
                Arguments.of(impl, true, false), Arguments.of(impl, true, true)));
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2}")
    @MethodSource("implementationsAndTransposes")
    void allSizesAgreeWithReference(Impl impl, boolean transA, boolean transB) {
        assumeTrue(impl.available, () -> "native BLAS unavailable: " + NativeBlas.unavailableReason());
        Random random = new Random(42);
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    Problem p = Problem.random(random, transA, transB, m, n, k, 1.25, -0.5, false);
                    p.checkFloat(impl);
                    p.checkDouble(impl);
                }
            }
        }
    }

    @Test
    void largeProductsUseTheParallelPathCorrectly() {
        Random random = new Random(7);
        // Just above the pure-Java GEMM's threshold for going parallel (400^3 multiply-adds): square
        // enough for many row blocks, then a single row block with many columns (column splits).
        Problem square = Problem.random(random, false, true, 401, 400, 401, 0.75, 0.25, false);
        Problem wide = Problem.random(random, true, false, 12, 2000, 2670, -1.0, 0.0, true);
        Problem doubles = Problem.random(random, false, false, 400, 401, 401, 1.0, 1.0, false);
        for (Impl impl : implementations()) {
            if (!impl.available) continue;
            square.checkFloat(impl);
            wide.checkFloat(impl);
            doubles.checkDouble(impl);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void betaZeroOverwritesNaN(Impl impl) {
        assumeTrue(impl.available);
        Random random = new Random(3);
        for (int size : new int[]{3, 40, 130}) {
            Problem.random(random, false, false, size, size + 1, size + 2, 2.0, 0.0, true).checkFloat(impl);
            Problem.random(random, true, true, size, size + 1, size + 2, 2.0, 0.0, true).checkDouble(impl);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void zeroInnerDimensionScalesC(Impl impl) {
        assumeTrue(impl.available);
        float[] c = {1, 2, 3, 4, 5, 6};
        impl.s.run(false, false, 2, 3, 0, 1f, new float[0], 0, 1, new float[0], 0, 3, 0.5f, c, 0, 3);
        assertArrayEquals(new float[]{0.5f, 1, 1.5f, 2, 2.5f, 3}, c);

        double[] d = {Double.NaN, 2, 3, 4};
        impl.d.run(true, true, 2, 2, 0, 1.0, new double[0], 0, 2, new double[0], 0, 1, 0.0, d, 0, 2);
        assertArrayEquals(new double[]{0, 0, 0, 0}, d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void emptyOutputLeavesCAlone(Impl impl) {
        assumeTrue(impl.available);
        float[] c = {7, 7, 7};
        impl.s.run(false, false, 0, 3, 4, 1f, new float[0], 0, 4, new float[12], 0, 3, 0f, c, 0, 3);
        impl.s.run(false, false, 3, 0, 4, 1f, new float[12], 0, 4, new float[0], 0, 1, 0f, c, 0, 1);
        assertArrayEquals(new float[]{7, 7, 7}, c);
    }

    @Test
    void alphaZeroReadsNeitherAnorB() { // BLAS: C = beta * C, so NaN in A or B must not leak in
        float[] a = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 2, 0f, a, 0, 2, a, 0, 2, 2f, c, 0, 2);
        assertArrayEquals(new float[]{2, 4, 6, 8}, c);
        JavaGemm.best().sgemm(false, false, 2, 2, 2, 0f, a, 0, 2, a, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[]{0, 0, 0, 0}, c);
    }

    @Test
    void nativeLibraryLoadsOnLinuxX86() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        assumeTrue(os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64")));
        assertTrue(NativeBlas.isAvailable(), () -> "OpenBLAS should load from the bundled jar: " + NativeBlas.unavailableReason());
        assertTrue(NativeBlas.description().startsWith("OpenBLAS 0.3.30 (native"), NativeBlas.description());
    }

    @Test
    void implementationSaysWhatRuns() {
        String impl = Gemm.implementation();
        if (NativeBlas.isAvailable() && !"java".equals(System.getProperty("dendrite.blas"))) {
            assertTrue(impl.startsWith("OpenBLAS"), impl);
        } else {
            assertTrue(impl.startsWith("pure Java") && impl.contains("native BLAS"), impl);
        }
        assertTrue(impl.contains(Parallel.threads() + " threads"), impl);
        assertTrue(JavaGemm.scalar().description().contains("scalar"));
    }

    @Test
    void rejectsNegativeDimensions() {
        var e = assertThrows(IllegalArgumentException.class, () ->
                Gemm.sgemm(false, false, -1, 2, 3, 1f, new float[6], 0, 3, new float[6], 0, 2, 0f, new float[4], 0, 2));
        assertEquals("sgemm: dimensions must not be negative, got m=-1, n=2, k=3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                Gemm.dgemm(false, false, 2, 2, -5, 1.0, new double[6], 0, 3, new double[6], 0, 2, 0.0, new double[4], 0, 2));
        assertEquals("dgemm: dimensions must not be negative, got m=2, n=2, k=-5", e.getMessage());
    }

    @Test
    void rejectsLeadingDimensionsSmallerThanRows() {
        var e = assertThrows(IllegalArgumentException.class, () ->
                Gemm.sgemm(false, false, 4, 3, 5, 1f, new float[100], 0, 4, new float[100], 0, 3, 0f, new float[100], 0, 3));
        assertEquals("sgemm: lda=4 is smaller than the row length 5 (A as stored is 4 x 5)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                Gemm.sgemm(false, true, 4, 3, 5, 1f, new float[100], 0, 5, new float[100], 0, 3, 0f, new float[100], 0, 3));
        assertEquals("sgemm: ldb=3 is smaller than the row length 5 (B as stored is 3 x 5, transB)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                Gemm.dgemm(true, false, 4, 3, 5, 1.0, new double[100], 0, 4, new double[100], 0, 3, 0.0, new double[100], 0, 2));
        assertEquals("dgemm: ldc=2 is smaller than the row length 3 (C as stored is 4 x 3)", e.getMessage());
    }

    @Test
    void rejectsArraysTooShortAndNegativeOffsets() {
        var e = assertThrows(IllegalArgumentException.class, () ->
                Gemm.sgemm(false, false, 4, 3, 5, 1f, new float[19], 0, 5, new float[15], 0, 3, 0f, new float[12], 0, 3));
        assertEquals("sgemm: a has 19 elements but needs 20 (A as stored is 4 x 5, lda=5, aOff=0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                Gemm.sgemm(true, false, 4, 3, 5, 1f, new float[20], 0, 4, new float[20], 6, 3, 0f, new float[12], 0, 3));
        assertEquals("sgemm: b has 20 elements but needs 21 (B as stored is 5 x 3, ldb=3, bOff=6)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                Gemm.dgemm(false, false, 4, 3, 5, 1.0, new double[20], 0, 5, new double[15], 0, 3, 0.0, new double[17], 0, 5));
        assertEquals("dgemm: c has 17 elements but needs 18 (C as stored is 4 x 3, ldc=5, cOff=0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                Gemm.dgemm(false, false, 4, 3, 5, 1.0, new double[20], -1, 5, new double[15], 0, 3, 0.0, new double[12], 0, 3));
        assertEquals("dgemm: aOff=-1 is negative", e.getMessage());
        assertThrows(NullPointerException.class, () ->
                Gemm.sgemm(false, false, 1, 1, 1, 1f, null, 0, 1, new float[1], 0, 1, 0f, new float[1], 0, 1));
    }

    @Test
    void acceptsExactlySizedArraysAndPaddedRows() {
        // C is 2 x 2 inside rows of 5 starting at offset 3: the last row needs only its first 2 elements.
        float[] c = new float[3 + 5 + 2];
        Gemm.sgemm(false, false, 2, 2, 1, 1f, new float[]{1, 2}, 0, 1, new float[]{3, 4}, 0, 2, 0f, c, 3, 5);
        assertArrayEquals(new float[]{0, 0, 0, 3, 4, 0, 0, 0, 6, 8}, c);
    }

    /**
     * One random product with padded leading dimensions and offsets, with its reference result
     * (exact: the inputs are multiples of 1/64, so every product and sum is exact in double) and,
     * per element, the rounding error a correct float or double GEMM may make relative to it.
     */
    private record Problem(boolean transA, boolean transB, int m, int n, int k, double alpha, double beta,
                           boolean nanInC, int aOff, int lda, int bOff, int ldb, int cOff, int ldc,
                           double[] a, double[] b, double[] c, double[] expected, double[] scale) {

        static Problem random(Random random, boolean transA, boolean transB, int m, int n, int k,
                              double alpha, double beta, boolean nanInC) {
            int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
            int lda = aCols + random.nextInt(3), ldb = bCols + random.nextInt(3), ldc = n + random.nextInt(3);
            int aOff = random.nextInt(4), bOff = random.nextInt(4), cOff = random.nextInt(4);
            double[] a = values(random, aOff + aRows * lda + 2);
            double[] b = values(random, bOff + bRows * ldb + 2);
            double[] c = values(random, cOff + m * ldc + 2);
            if (nanInC) Arrays.fill(c, Double.NaN);
            double[] expected = new double[m * n], scale = new double[m * n];
            double[] rowA = new double[k], sum = new double[n], magnitude = new double[n];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) rowA[p] = a[aOff + (transA ? p * lda + i : i * lda + p)];
                Arrays.fill(sum, 0);
                Arrays.fill(magnitude, 0);
                if (transB) { // row j of B is column j of op(B): dot products
                    for (int j = 0; j < n; j++) {
                        for (int p = 0, y = bOff + j * ldb; p < k; p++) {
                            sum[j] += rowA[p] * b[y + p];
                            magnitude[j] += Math.abs(rowA[p] * b[y + p]);
                        }
                    }
                } else { // row p of B is row p of op(B): add rowA[p] times that row
                    for (int p = 0; p < k; p++) {
                        for (int j = 0, y = bOff + p * ldb; j < n; j++) {
                            sum[j] += rowA[p] * b[y + j];
                            magnitude[j] += Math.abs(rowA[p] * b[y + j]);
                        }
                    }
                }
                for (int j = 0; j < n; j++) {
                    double old = beta == 0 ? 0 : beta * c[cOff + i * ldc + j];
                    expected[i * n + j] = alpha * sum[j] + old;
                    // Standard bound for a length-k dot product, doubled, plus the final scaling and add.
                    scale[i * n + j] = 2 * (k + 3) * (Math.abs(alpha) * magnitude[j] + Math.abs(old));
                }
            }
            return new Problem(transA, transB, m, n, k, alpha, beta, nanInC, aOff, lda, bOff, ldb, cOff, ldc,
                    a, b, c, expected, scale);
        }

        private static double[] values(Random random, int size) {
            double[] v = new double[size];
            for (int i = 0; i < size; i++) v[i] = (random.nextInt(128) - 64) / 64.0;
            return v;
        }

        void checkFloat(Impl impl) {
            float[] out = toFloat(c);
            impl.s.run(transA, transB, m, n, k, (float) alpha, toFloat(a), aOff, lda, toFloat(b), bOff, ldb,
                    (float) beta, out, cOff, ldc);
            compare(impl, "sgemm", i -> out[i], 0x1p-24);
        }

        void checkDouble(Impl impl) {
            double[] out = c.clone();
            impl.d.run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            compare(impl, "dgemm", i -> out[i], 0x1p-53);
        }

        private void compare(Impl impl, String op, IntToDoubleFunction actual, double unitRoundoff) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double want = expected[i * n + j], bound = scale[i * n + j] * unitRoundoff;
                    double got = actual.applyAsDouble(cOff + i * ldc + j);
                    if (!(Math.abs(got - want) <= bound)) {
                        fail(String.format("%s %s: m=%d n=%d k=%d transA=%s transB=%s alpha=%s beta=%s: C[%d][%d] = %s, expected %s (bound %s)",
                                impl, op, m, n, k, transA, transB, alpha, beta, i, j, got, want, bound));
                    }
                }
            }
            for (int i = 0; i < c.length; i++) { // the padding around C must be untouched
                int row = (i - cOff) / ldc, col = (i - cOff) % ldc;
                if (i < cOff || row >= m || col >= n) {
                    double before = op.equals("sgemm") ? (float) c[i] : c[i];
                    int at = i;
                    assertEquals(before, actual.applyAsDouble(i), () -> impl + " " + op + " wrote outside C at " + at);
                }
            }
        }

        private static float[] toFloat(double[] v) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            return f;
        }
    }
}
