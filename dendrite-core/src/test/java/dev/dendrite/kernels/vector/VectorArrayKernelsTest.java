package dev.dendrite.kernels.vector;

import static dev.dendrite.kernels.vector.KernelChecks.assertRun;
import static dev.dendrite.kernels.vector.KernelChecks.close;
import static dev.dendrite.kernels.vector.KernelChecks.doubles;
import static dev.dendrite.kernels.vector.KernelChecks.floats;
import static dev.dendrite.kernels.vector.KernelChecks.sample;
import static dev.dendrite.kernels.vector.KernelChecks.same;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.kernels.BinaryOp;
import dev.dendrite.kernels.Kernels;
import dev.dendrite.kernels.ReduceOp;
import dev.dendrite.kernels.ScalarArrayKernels;
import dev.dendrite.kernels.UnaryOp;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link VectorArrayKernels} against the {@link ScalarArrayKernels} reference: every op, both
 * dtypes, lengths around the vector width, offsets, broadcast steps and special values; bit for
 * bit where the vector form is exact and within a few ulps where it is the vector math library.
 * (These calls mostly run before C2 compiles the loops; {@link VectorArrayKernelsCompiledTest}
 * checks the compiled loops.)
 */
class VectorArrayKernelsTest {
    private static final ScalarArrayKernels REF = new ScalarArrayKernels();
    private static final VectorArrayKernels VEC = new VectorArrayKernels();
    private static final float SENTINEL_F = 12345.5f;
    private static final double SENTINEL_D = -54321.25;

    /** 0, 1, 3, each species length and its neighbours, a few multiples, 1000 and 4099. */
    static int[] lengths() {
        TreeSet<Integer> n = new TreeSet<>(Arrays.asList(0, 1, 2, 3, 7, 1000, 4099));
        for (int l : new int[] {FloatVector.SPECIES_PREFERRED.length(), DoubleVector.SPECIES_PREFERRED.length()}) {
            for (int k : new int[] {1, 2, 4, 8}) {
                n.add(k * l - 1);
                n.add(k * l);
                n.add(k * l + 1);
            }
        }
        return n.stream().mapToInt(Integer::intValue).filter(x -> x >= 0).toArray();
    }

    /** Input and output offsets: aligned, and shifted apart from each other. */
    private static final int[][] OFFSETS = {{0, 0}, {3, 1}, {1, 6}};

    private static float[] sentinels(int n) {
        float[] x = new float[n];
        Arrays.fill(x, SENTINEL_F);
        return x;
    }

    private static double[] sentinelsD(int n) {
        double[] x = new double[n];
        Arrays.fill(x, SENTINEL_D);
        return x;
    }

    // ------------------------------------------------------------------ selection

    @Test
    void kernelsPickTheVectorImplementationWhenTheModuleIsPresent() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "jdk.incubator.vector absent");
        assumeFalse("false".equalsIgnoreCase(System.getProperty("dendrite.vector")), "vectors disabled");
        assertInstanceOf(VectorArrayKernels.class, Kernels.arrays());
        assertTrue(Kernels.backend().name().contains("Vector API"), Kernels.backend().name());
        assertTrue(VEC.description().contains(FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit"), VEC.description());
    }

    // ------------------------------------------------------------------ unary

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryFloatMatchesScalar(UnaryOp op) {
        Random r = new Random(100 + op.ordinal());
        boolean exact = !KernelChecks.approximate(op);
        for (int n : lengths()) {
            for (int[] off : OFFSETS) {
                int ao = off[0], oo = off[1];
                float[] a = floats(ao + n + 2, () -> sample(r, true));
                float[] want = sentinels(oo + n + 3), got = sentinels(oo + n + 3);
                REF.unary(op, a, ao, want, oo, n);
                VEC.unary(op, a, ao, got, oo, n);
                assertRun(op + " f32 ao=" + ao + " oo=" + oo, a, ao, got, want, oo, n, exact);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryDoubleMatchesScalar(UnaryOp op) {
        Random r = new Random(200 + op.ordinal());
        boolean exact = !KernelChecks.approximate(op);
        for (int n : lengths()) {
            for (int[] off : OFFSETS) {
                int ao = off[0], oo = off[1];
                double[] a = doubles(ao + n + 2, () -> sample(r, false));
                double[] want = sentinelsD(oo + n + 3), got = sentinelsD(oo + n + 3);
                REF.unary(op, a, ao, want, oo, n);
                VEC.unary(op, a, ao, got, oo, n);
                assertRun(op + " f64 ao=" + ao + " oo=" + oo, a, ao, got, want, oo, n, exact);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryInPlace(UnaryOp op) {
        Random r = new Random(300 + op.ordinal());
        boolean exact = !KernelChecks.approximate(op);
        int n = 4099;
        float[] a = floats(n + 5, () -> sample(r, true));
        float[] want = a.clone();
        REF.unary(op, want, 5, want, 5, n);
        float[] got = a.clone();
        VEC.unary(op, got, 5, got, 5, n);
        assertRun(op + " f32 in place", a, 5, got, want, 5, n, exact);

        double[] d = doubles(n + 2, () -> sample(r, false));
        double[] wantD = d.clone();
        REF.unary(op, wantD, 2, wantD, 2, n);
        double[] gotD = d.clone();
        VEC.unary(op, gotD, 2, gotD, 2, n);
        assertRun(op + " f64 in place", d, 2, gotD, wantD, 2, n, exact);
    }

    @Test
    void unarySpecialValuesAgree() {
        // every special value at every lane position of a vector, and in the scalar tail
        int fl = FloatVector.SPECIES_PREFERRED.length(), dl = DoubleVector.SPECIES_PREFERRED.length();
        float[] fs = KernelChecks.FLOAT_SPECIALS;
        float[] a = new float[fs.length * fl + fs.length];
        for (int i = 0; i < a.length; i++) a[i] = fs[(i + i / fs.length) % fs.length];
        double[] ds = KernelChecks.DOUBLE_SPECIALS;
        double[] d = new double[ds.length * dl + ds.length];
        for (int i = 0; i < d.length; i++) d[i] = ds[(i + i / ds.length) % ds.length];
        for (UnaryOp op : UnaryOp.values()) {
            boolean exact = !KernelChecks.approximate(op);
            float[] want = new float[a.length], got = new float[a.length];
            REF.unary(op, a, 0, want, 0, a.length);
            VEC.unary(op, a, 0, got, 0, a.length);
            assertRun(op + " f32 specials", a, 0, got, want, 0, a.length, exact);
            double[] wantD = new double[d.length], gotD = new double[d.length];
            REF.unary(op, d, 0, wantD, 0, d.length);
            VEC.unary(op, d, 0, gotD, 0, d.length);
            assertRun(op + " f64 specials", d, 0, gotD, wantD, 0, d.length, exact);
        }
    }

    @Test
    void roundingFunctionsHandleHalvesSignedZerosAndLargeValues() {
        float[] a = {0.5f, -0.5f, 1.5f, -1.5f, 2.5f, -2.5f, 0.49999997f, -0.49999997f, -0.3f, 0.3f, -0.7f, 0.7f,
            -0f, 0f, 8388607.5f, -8388607.5f, 8388609f, -8388609f, 1e20f, -1e20f, 3f, -3f, 1e-40f, -1e-40f};
        int fl = FloatVector.SPECIES_PREFERRED.length();
        float[] x = new float[((a.length + fl - 1) / fl) * fl];
        for (int i = 0; i < x.length; i++) x[i] = a[i % a.length];
        for (UnaryOp op : new UnaryOp[] {UnaryOp.FLOOR, UnaryOp.CEIL, UnaryOp.ROUND, UnaryOp.TRUNC, UnaryOp.SIGN}) {
            float[] got = new float[x.length];
            VEC.unary(op, x, 0, got, 0, x.length);
            for (int i = 0; i < x.length; i++) {
                double e = switch (op) {
                    case FLOOR -> Math.floor(x[i]);
                    case CEIL -> Math.ceil(x[i]);
                    case ROUND -> Math.rint(x[i]);
                    case TRUNC -> x[i] < 0 ? Math.ceil(x[i]) : Math.floor(x[i]);
                    default -> Math.signum(x[i]);
                };
                assertTrue(same(got[i], (float) e), op + "(" + x[i] + ") = " + got[i] + ", expected " + (float) e);
            }
            double[] xd = new double[x.length * 2];
            for (int i = 0; i < xd.length; i++) xd[i] = i < x.length ? x[i] : x[i - x.length] * 0x1p29 + 0.5;
            double[] gotD = new double[xd.length], wantD = new double[xd.length];
            VEC.unary(op, xd, 0, gotD, 0, xd.length);
            REF.unary(op, xd, 0, wantD, 0, xd.length);
            assertRun(op + " f64 rounding", xd, 0, gotD, wantD, 0, xd.length, true);
        }
    }

    @Test
    void sigmoidSaturatesWithoutNaN() {
        float[] a = new float[4 * FloatVector.SPECIES_PREFERRED.length()];
        for (int i = 0; i < a.length; i++) a[i] = (i % 2 == 0 ? 1 : -1) * (float) Math.pow(10, i % 8) * 1.5f;
        a[0] = Float.POSITIVE_INFINITY;
        a[1] = Float.NEGATIVE_INFINITY;
        a[2] = Float.MAX_VALUE;
        a[3] = -Float.MAX_VALUE;
        float[] got = new float[a.length];
        VEC.unary(UnaryOp.SIGMOID, a, 0, got, 0, a.length);
        for (int i = 0; i < a.length; i++) {
            assertTrue(got[i] >= 0 && got[i] <= 1, "sigmoid(" + a[i] + ") = " + got[i]);
            if (a[i] >= 200) assertEquals(1f, got[i], "sigmoid(" + a[i] + ")");
            if (a[i] <= -200) assertEquals(0f, got[i], "sigmoid(" + a[i] + ")");
        }
        double[] d = new double[4 * DoubleVector.SPECIES_PREFERRED.length()];
        for (int i = 0; i < d.length; i++) d[i] = (i % 2 == 0 ? 1 : -1) * Math.pow(10, i % 8) * 1.5;
        d[0] = Double.POSITIVE_INFINITY;
        d[1] = Double.NEGATIVE_INFINITY;
        double[] gotD = new double[d.length];
        VEC.unary(UnaryOp.SIGMOID, d, 0, gotD, 0, d.length);
        for (int i = 0; i < d.length; i++) {
            assertTrue(gotD[i] >= 0 && gotD[i] <= 1, "sigmoid(" + d[i] + ") = " + gotD[i]);
            if (d[i] >= 1000) assertEquals(1.0, gotD[i], "sigmoid(" + d[i] + ")");
            if (d[i] <= -1000) assertEquals(0.0, gotD[i], "sigmoid(" + d[i] + ")");
        }
    }

    // ------------------------------------------------------------------ binary

    private static final int[][] STEPS = {{1, 1}, {1, 0}, {0, 1}, {0, 0}};

    private static boolean approximate(BinaryOp op) {
        return op == BinaryOp.POW || op == BinaryOp.ATAN2;
    }

    /** Exponents for pow: small integers (2 among them, which has its own path), halves, and the general mix. */
    private static double secondOperand(BinaryOp op, Random r, boolean f32) {
        if (op != BinaryOp.POW) return sample(r, f32);
        double u = r.nextDouble();
        if (u < 0.3) return r.nextInt(9) - 4;
        if (u < 0.4) return (r.nextInt(9) - 4) / 2.0;
        if (u < 0.7) return r.nextDouble() * 6 - 3;
        return sample(r, f32);
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "DIV", "POW", "MAX", "MIN", "ATAN2", "REMAINDER",
        "FMOD", "FLOOR_DIVIDE"})
    void binaryFloatMatchesScalar(BinaryOp op) {
        Random r = new Random(400 + op.ordinal());
        boolean exact = !approximate(op);
        for (int[] st : STEPS) {
            int as = st[0], bs = st[1];
            for (int n : lengths()) {
                for (int[] off : OFFSETS) {
                    int ao = off[0], bo = off[1] + 2, oo = off[1];
                    float[] a = floats(ao + n + 2, () -> sample(r, true));
                    float[] b = floats(bo + n + 2, () -> secondOperand(op, r, true));
                    if (op == BinaryOp.POW && bs == 0 && r.nextInt(3) == 0) b[bo] = 2f;
                    float[] want = sentinels(oo + n + 3), got = sentinels(oo + n + 3);
                    REF.binary(op, a, ao, as, b, bo, bs, want, oo, n);
                    VEC.binary(op, a, ao, as, b, bo, bs, got, oo, n);
                    float[] alt = op == BinaryOp.POW ? KernelChecks.strictPow(a, ao, as, b, bo, bs, oo, got.length, n) : null;
                    assertRun(op + " f32 steps " + as + "," + bs + " a[" + ao + "]=" + a[ao] + " b[" + bo + "]=" + b[bo],
                            null, 0, got, want, alt, oo, n, exact);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "DIV", "POW", "MAX", "MIN", "ATAN2", "REMAINDER",
        "FMOD", "FLOOR_DIVIDE"})
    void binaryDoubleMatchesScalar(BinaryOp op) {
        Random r = new Random(500 + op.ordinal());
        boolean exact = !approximate(op);
        for (int[] st : STEPS) {
            int as = st[0], bs = st[1];
            for (int n : lengths()) {
                for (int[] off : OFFSETS) {
                    int ao = off[0], bo = off[1] + 2, oo = off[1];
                    double[] a = doubles(ao + n + 2, () -> sample(r, false));
                    double[] b = doubles(bo + n + 2, () -> secondOperand(op, r, false));
                    if (op == BinaryOp.POW && bs == 0 && r.nextInt(3) == 0) b[bo] = 2.0;
                    double[] want = sentinelsD(oo + n + 3), got = sentinelsD(oo + n + 3);
                    REF.binary(op, a, ao, as, b, bo, bs, want, oo, n);
                    VEC.binary(op, a, ao, as, b, bo, bs, got, oo, n);
                    double[] alt = op == BinaryOp.POW ? KernelChecks.strictPow(a, ao, as, b, bo, bs, oo, got.length, n) : null;
                    assertRun(op + " f64 steps " + as + "," + bs + " a[" + ao + "]=" + a[ao] + " b[" + bo + "]=" + b[bo],
                            null, 0, got, want, alt, oo, n, exact);
                }
            }
        }
    }

    @Test
    void subtractAndDivideKeepTheBroadcastScalarOnTheLeft() {
        int n = 4 * FloatVector.SPECIES_PREFERRED.length() + 3;
        float[] s = {10f};
        float[] b = new float[n];
        for (int i = 0; i < n; i++) b[i] = i + 1;
        float[] sub = new float[n], div = new float[n];
        VEC.binary(BinaryOp.SUB, s, 0, 0, b, 0, 1, sub, 0, n);
        VEC.binary(BinaryOp.DIV, s, 0, 0, b, 0, 1, div, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(10f - (i + 1), sub[i]);
            assertEquals(10f / (i + 1), div[i]);
        }
        double[] sd = {10};
        double[] bd = new double[n];
        for (int i = 0; i < n; i++) bd[i] = i + 1;
        double[] subD = new double[n], divD = new double[n];
        VEC.binary(BinaryOp.SUB, sd, 0, 0, bd, 0, 1, subD, 0, n);
        VEC.binary(BinaryOp.DIV, sd, 0, 0, bd, 0, 1, divD, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(10.0 - (i + 1), subD[i]);
            assertEquals(10.0 / (i + 1), divD[i]);
        }
    }

    @Test
    void binaryInPlaceAndOnTheSameArray() {
        Random r = new Random(7);
        int n = 1000;
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAX,
            BinaryOp.MIN, BinaryOp.POW}) {
            float[] a = floats(n, () -> sample(r, true)), b = floats(n, () -> sample(r, true));
            float[] want = a.clone(), got = a.clone();
            REF.binary(op, want, 0, 1, b, 0, 1, want, 0, n);
            VEC.binary(op, got, 0, 1, b, 0, 1, got, 0, n);
            assertRun(op + " f32 into a", null, 0, got, want, 0, n, op != BinaryOp.POW);
            float[] sq = new float[n], sqWant = new float[n];
            REF.binary(op, a, 0, 1, a, 0, 1, sqWant, 0, n);
            VEC.binary(op, a, 0, 1, a, 0, 1, sq, 0, n);
            assertRun(op + " f32 a op a", null, 0, sq, sqWant, 0, n, op != BinaryOp.POW);
        }
    }

    @Test
    void powSpecialCasesFollowMathPow() {
        float[] fs = KernelChecks.FLOAT_SPECIALS;
        int m = fs.length;
        float[] a = new float[m * m], b = new float[m * m];
        for (int i = 0; i < m * m; i++) {
            a[i] = fs[i / m];
            b[i] = fs[i % m];
        }
        float[] want = new float[m * m], got = new float[m * m];
        REF.binary(BinaryOp.POW, a, 0, 1, b, 0, 1, want, 0, m * m);
        VEC.binary(BinaryOp.POW, a, 0, 1, b, 0, 1, got, 0, m * m);
        assertRun("pow f32 special pairs", null, 0, got, want, KernelChecks.strictPow(a, 0, 1, b, 0, 1, 0, m * m, m * m), 0, m * m, false);
        for (int k = 0; k < m; k++) {   // each special as the broadcast base, and as the broadcast exponent
            float[] w = new float[m], g = new float[m];
            REF.binary(BinaryOp.POW, fs, k, 0, fs, 0, 1, w, 0, m);
            VEC.binary(BinaryOp.POW, fs, k, 0, fs, 0, 1, g, 0, m);
            assertRun("pow f32 base " + fs[k], null, 0, g, w, KernelChecks.strictPow(fs, k, 0, fs, 0, 1, 0, m, m), 0, m, false);
            REF.binary(BinaryOp.POW, fs, 0, 1, fs, k, 0, w, 0, m);
            VEC.binary(BinaryOp.POW, fs, 0, 1, fs, k, 0, g, 0, m);
            assertRun("pow f32 exponent " + fs[k], null, 0, g, w, KernelChecks.strictPow(fs, 0, 1, fs, k, 0, 0, m, m), 0, m, false);
        }
        double[] ds = KernelChecks.DOUBLE_SPECIALS;
        int md = ds.length;
        double[] ad = new double[md * md], bd = new double[md * md];
        for (int i = 0; i < md * md; i++) {
            ad[i] = ds[i / md];
            bd[i] = ds[i % md];
        }
        double[] wantD = new double[md * md], gotD = new double[md * md];
        REF.binary(BinaryOp.POW, ad, 0, 1, bd, 0, 1, wantD, 0, md * md);
        VEC.binary(BinaryOp.POW, ad, 0, 1, bd, 0, 1, gotD, 0, md * md);
        assertRun("pow f64 special pairs", null, 0, gotD, wantD, KernelChecks.strictPow(ad, 0, 1, bd, 0, 1, 0, md * md, md * md), 0, md * md, false);
        for (int k = 0; k < md; k++) {
            double[] w = new double[md], g = new double[md];
            REF.binary(BinaryOp.POW, ds, k, 0, ds, 0, 1, w, 0, md);
            VEC.binary(BinaryOp.POW, ds, k, 0, ds, 0, 1, g, 0, md);
            assertRun("pow f64 base " + ds[k], null, 0, g, w, KernelChecks.strictPow(ds, k, 0, ds, 0, 1, 0, md, md), 0, md, false);
            REF.binary(BinaryOp.POW, ds, 0, 1, ds, k, 0, w, 0, md);
            VEC.binary(BinaryOp.POW, ds, 0, 1, ds, k, 0, g, 0, md);
            assertRun("pow f64 exponent " + ds[k], null, 0, g, w, KernelChecks.strictPow(ds, 0, 1, ds, k, 0, 0, md, md), 0, md, false);
        }
    }

    // ------------------------------------------------------------------ reductions

    /** Values that neither overflow a product of thousands nor cancel a sum to nothing. */
    private static double reductionSample(ReduceOp op, Random r) {
        if (op == ReduceOp.PROD) return (r.nextBoolean() ? 1 : -1) * (0.8 + 0.45 * r.nextDouble());
        return r.nextGaussian() * (r.nextInt(10) == 0 ? 1e4 : 1);
    }

    /** A few runs per length: plain, with a NaN, with infinities, and with signed zeros only. */
    private static double[] reductionCase(ReduceOp op, Random r, int n, int variant) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = reductionSample(op, r);
        if (n == 0) return x;
        switch (variant) {
            case 1 -> x[r.nextInt(n)] = Double.NaN;
            case 2 -> x[n - 1] = Double.NaN;
            case 3 -> {
                x[r.nextInt(n)] = Double.POSITIVE_INFINITY;
                x[r.nextInt(n)] = r.nextBoolean() ? Double.NEGATIVE_INFINITY : 1;
            }
            case 4 -> { for (int i = 0; i < n; i++) x[i] = r.nextBoolean() ? 0.0 : -0.0; }
            case 5 -> Arrays.fill(x, op == ReduceOp.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
            case 6 -> x[0] = 0;
            default -> { }
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(value = ReduceOp.class, names = {"SUM", "PROD", "MAX", "MIN"})
    void reduceFloatMatchesScalar(ReduceOp op) {
        Random r = new Random(600 + op.ordinal());
        for (int n : lengths()) {
            for (int variant = 0; variant < 7; variant++) {
                for (int ao : new int[] {0, 5}) {
                    double[] x = reductionCase(op, r, n, variant);
                    float[] a = new float[ao + n + 1];
                    double absSum = 0;
                    for (int i = 0; i < n; i++) {
                        a[ao + i] = (float) x[i];
                        absSum += Math.abs(a[ao + i]);
                    }
                    a[ao + n] = Float.NaN; // just past the run: must not be read
                    if (ao > 0) a[ao - 1] = Float.NaN;
                    float want = REF.reduce(op, a, ao, n), got = VEC.reduce(op, a, ao, n);
                    String what = op + " f32 n=" + n + " variant " + variant + " ao=" + ao + ": got " + got + ", expected " + want;
                    switch (op) {
                        case SUM -> assertTrue(same(got, want) || Math.abs((double) got - want)
                                <= Math.ulp(want) + 4.0 * n * 0x1p-53 * absSum, what);
                        case PROD -> assertTrue(same(got, want) || close(got, want, 2), what);
                        default -> assertTrue(got == want || (Float.isNaN(got) && Float.isNaN(want)), what);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReduceOp.class, names = {"SUM", "PROD", "MAX", "MIN"})
    void reduceDoubleMatchesScalar(ReduceOp op) {
        Random r = new Random(700 + op.ordinal());
        for (int n : lengths()) {
            for (int variant = 0; variant < 7; variant++) {
                for (int ao : new int[] {0, 3}) {
                    double[] x = reductionCase(op, r, n, variant);
                    double[] a = new double[ao + n + 1];
                    System.arraycopy(x, 0, a, ao, n);
                    a[ao + n] = Double.NaN;
                    if (ao > 0) a[ao - 1] = Double.NaN;
                    double absSum = 0;
                    for (double v : x) absSum += Math.abs(v);
                    double want = REF.reduce(op, a, ao, n), got = VEC.reduce(op, a, ao, n);
                    String what = op + " f64 n=" + n + " variant " + variant + " ao=" + ao + ": got " + got + ", expected " + want;
                    switch (op) {
                        case SUM -> assertTrue(same(got, want) || Math.abs(got - want) <= 4.0 * n * 0x1p-53 * absSum, what);
                        case PROD -> assertTrue(same(got, want) || Math.abs(got - want) <= 4.0 * n * 0x1p-53 * Math.abs(want), what);
                        default -> assertTrue(got == want || (Double.isNaN(got) && Double.isNaN(want)), what);
                    }
                }
            }
        }
    }

    @Test
    void reductionsOfEmptyRunsAreTheIdentities() {
        float[] f = {Float.NaN};
        double[] d = {Double.NaN};
        for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.PROD, ReduceOp.MAX, ReduceOp.MIN}) {
            assertEquals((float) op.identity(), VEC.reduce(op, f, 1, 0), op.toString());
            assertEquals(op.identity(), VEC.reduce(op, d, 1, 0), op.toString());
        }
    }

    @Test
    void floatSumAccumulatesInDouble() {
        // 2^24 + 1 + 1 + ... : a float accumulator would stall at 2^24; the reference sums in double
        int n = 4099;
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        a[0] = 0x1p24f;
        assertEquals(REF.reduce(ReduceOp.SUM, a, 0, n), VEC.reduce(ReduceOp.SUM, a, 0, n));
        assertEquals(0x1p24f + (n - 1), VEC.reduce(ReduceOp.SUM, a, 0, n));
        // and products are formed in double too: 1e20 * 1e20 overflows a float, not a double
        // (few enough factors that no order of multiplication overflows the double either)
        float[] p = new float[2 * DoubleVector.SPECIES_PREFERRED.length() + 3];
        for (int i = 0; i < p.length; i++) p[i] = i % 4 < 2 ? 1e20f : 1e-20f;
        float want = REF.reduce(ReduceOp.PROD, p, 0, p.length);
        assertTrue(Float.isFinite(want), "reference " + want);
        assertEquals(want, VEC.reduce(ReduceOp.PROD, p, 0, p.length), 1e-6f * Math.abs(want));
    }

    @Test
    void reduceAndAccumulateRejectTheOtherReductions() {
        for (ReduceOp op : new ReduceOp[] {ReduceOp.ARGMAX, ReduceOp.ARGMIN, ReduceOp.ALL, ReduceOp.ANY}) {
            assertThrows(IllegalArgumentException.class, () -> VEC.reduce(op, new float[4], 0, 4));
            assertThrows(IllegalArgumentException.class, () -> VEC.reduce(op, new double[4], 0, 4));
            assertThrows(IllegalArgumentException.class, () -> VEC.accumulate(op, new float[4], 0, new float[4], 0, 4));
            assertThrows(IllegalArgumentException.class, () -> VEC.accumulate(op, new double[4], 0, new double[4], 0, 4));
        }
    }

    // ------------------------------------------------------------------ accumulate

    @ParameterizedTest
    @EnumSource(value = ReduceOp.class, names = {"SUM", "PROD", "MAX", "MIN"})
    void accumulateMatchesScalarBitForBit(ReduceOp op) {
        Random r = new Random(800 + op.ordinal());
        for (int n : lengths()) {
            for (int[] off : OFFSETS) {
                int ao = off[0], oo = off[1];
                float[] a = floats(ao + n + 2, () -> sample(r, true));
                float[] start = floats(oo + n + 3, () -> sample(r, true));
                float[] want = start.clone(), got = start.clone();
                for (int row = 0; row < 3; row++) {
                    REF.accumulate(op, a, ao, want, oo, n);
                    VEC.accumulate(op, a, ao, got, oo, n);
                }
                assertRun(op + " f32 accumulate ao=" + ao + " oo=" + oo, null, 0, got, want, oo, n, true);

                double[] d = doubles(ao + n + 2, () -> sample(r, false));
                double[] startD = doubles(oo + n + 3, () -> sample(r, false));
                double[] wantD = startD.clone(), gotD = startD.clone();
                for (int row = 0; row < 3; row++) {
                    REF.accumulate(op, d, ao, wantD, oo, n);
                    VEC.accumulate(op, d, ao, gotD, oo, n);
                }
                assertRun(op + " f64 accumulate ao=" + ao + " oo=" + oo, null, 0, gotD, wantD, oo, n, true);
            }
        }
    }

    @Test
    void maxAndMinPropagateNaNAndOrderSignedZeros() {
        int n = 2 * FloatVector.SPECIES_PREFERRED.length() + 1;
        float[] acc = new float[n], a = new float[n];
        Arrays.fill(acc, -0f);
        Arrays.fill(a, 0f);
        a[3] = Float.NaN;
        VEC.accumulate(ReduceOp.MAX, a, 0, acc, 0, n);
        for (int i = 0; i < n; i++) {
            if (i == 3) assertTrue(Float.isNaN(acc[i]));
            else assertTrue(same(acc[i], 0f), "max(-0, 0) at " + i + " = " + acc[i]);
        }
        float[] run = new float[5 * FloatVector.SPECIES_PREFERRED.length()];
        Arrays.fill(run, 1f);
        for (int at : new int[] {0, 7, run.length - 1}) {
            float[] x = run.clone();
            x[at] = Float.NaN;
            assertTrue(Float.isNaN(VEC.reduce(ReduceOp.MAX, x, 0, x.length)), "max with NaN at " + at);
            assertTrue(Float.isNaN(VEC.reduce(ReduceOp.MIN, x, 0, x.length)), "min with NaN at " + at);
        }
    }

    @Test
    void stepsOtherThanZeroOrOneStillWork() {
        // not produced by the backend, but the contract must not silently misread them
        float[] a = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] b = {10};
        float[] got = new float[4], want = new float[4];
        VEC.binary(BinaryOp.ADD, a, 0, 2, b, 0, 0, got, 0, 4);
        for (int i = 0; i < 4; i++) want[i] = a[2 * i] + 10;
        if (!Arrays.equals(got, want)) fail(Arrays.toString(got) + " != " + Arrays.toString(want));
    }
}
