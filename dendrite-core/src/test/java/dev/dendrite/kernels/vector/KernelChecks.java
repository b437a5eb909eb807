package dev.dendrite.kernels.vector;

import static org.junit.jupiter.api.Assertions.fail;

import dev.dendrite.kernels.UnaryOp;
import java.util.Random;
import java.util.function.DoubleSupplier;

/** Test data and tolerance checks shared by the vector kernel tests. */
final class KernelChecks {
    private KernelChecks() {}

    static final float[] FLOAT_SPECIALS = {
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 0.5f, -0.5f, 1.5f, -2.5f, 2f, -3f,
        0x1p23f, 0x1p23f + 1, -0x1p23f - 1, 0x1p23f - 0.5f, -0x1p23f + 0.5f, 0x1p24f + 2, 1e30f, -1e30f, 1e-30f,
        88.72f, 89f, -87.3f, -103.9f, -104f, 20f, -20f, 9.5f, -9.5f, 1e-7f, -1e-7f
    };

    static final double[] DOUBLE_SPECIALS = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1, -1, 0.5, -0.5, 1.5, -2.5, 2, -3,
        0x1p52, 0x1p52 + 1, -0x1p52 - 1, 0x1p52 - 0.5, -0x1p52 + 0.5, 0x1p53 + 2, 1e300, -1e300, 1e-300, 709.7, 710,
        -745, -746, 40, -40, 9.5, -9.5, 1e-17, -1e-17, 0x1p23 + 0.5, 1e30
    };

    /**
     * A mixed sample: unit-interval values, moderate values, half-integers, a wide log-uniform
     * spread of magnitudes, and special values, in proportions that give every op both in-domain
     * values to be accurate on and edge cases to agree on.
     */
    static double sample(Random r, boolean f32) {
        double u = r.nextDouble();
        if (u < 0.30) return r.nextDouble() * 2 - 1;
        if (u < 0.60) return r.nextDouble() * 40 - 20;
        if (u < 0.70) return (r.nextInt(401) - 200) / 2.0;
        if (u < 0.90) {
            double mag = Math.pow(10, r.nextDouble() * (f32 ? 16 : 40) - (f32 ? 8 : 20));
            return r.nextBoolean() ? mag : -mag;
        }
        return f32 ? FLOAT_SPECIALS[r.nextInt(FLOAT_SPECIALS.length)] : DOUBLE_SPECIALS[r.nextInt(DOUBLE_SPECIALS.length)];
    }

    static float[] floats(int n, DoubleSupplier s) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) s.getAsDouble();
        return x;
    }

    static double[] doubles(int n, DoubleSupplier s) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = s.getAsDouble();
        return x;
    }

    /**
     * StrictMath.pow over a run, a second reference for POW: the x86 Math.pow intrinsic departs
     * from its own specification in a few sign-of-zero cases (pow(-Inf, -(2^52 - 0.5)) is -0.0, where
     * the specification and StrictMath give +0.0), and the vector library may take either side.
     */
    static float[] strictPow(float[] a, int ao, int as, float[] b, int bo, int bs, int oo, int length, int n) {
        float[] alt = new float[length];
        for (int i = 0; i < n; i++) alt[oo + i] = (float) StrictMath.pow(a[ao + i * as], b[bo + i * bs]);
        return alt;
    }

    static double[] strictPow(double[] a, int ao, int as, double[] b, int bo, int bs, int oo, int length, int n) {
        double[] alt = new double[length];
        for (int i = 0; i < n; i++) alt[oo + i] = StrictMath.pow(a[ao + i * as], b[bo + i * bs]);
        return alt;
    }

    /** Ops whose vector form is an approximation (the vector math library) rather than the exact operation. */
    static boolean approximate(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, LOG1P, EXPM1, RSQRT, SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH, TANH, SIGMOID -> true;
            default -> false;
        };
    }

    /** Float ulps allowed for approximate float results (the library is within 1 ulp; the reference within 0.5). */
    static final int FLOAT_ULPS = 4;
    /** Relative error allowed for approximate double results. */
    static final double DOUBLE_REL = 1e-14;

    static long ordered(float x) {
        int b = Float.floatToRawIntBits(x);
        return b >= 0 ? b : (long) Integer.MIN_VALUE - b;
    }

    static double ordered(double x) {
        long b = Double.doubleToRawLongBits(x);
        return b >= 0 ? (double) b : (double) (Long.MIN_VALUE - b);
    }

    /** True when got matches want bit for bit (any NaN matching any NaN). */
    static boolean same(float got, float want) {
        return Float.floatToIntBits(got) == Float.floatToIntBits(want);
    }

    static boolean same(double got, double want) {
        return Double.doubleToLongBits(got) == Double.doubleToLongBits(want);
    }

    /**
     * Within {@code ulps} of want: NaN only for NaN, zeros of the same sign, infinities only
     * within the ulp distance of the largest finite value, and any two subnormals or zeros near
     * each other accepted (their difference is below {@link Float#MIN_NORMAL}).
     */
    static boolean close(float got, float want, int ulps) {
        if (same(got, want)) return true;
        if (Float.isNaN(got) || Float.isNaN(want)) return false;
        if (got == 0 && want == 0) return false; // zeros of different signs
        if (Math.abs(got) < Float.MIN_NORMAL && Math.abs(want) < Float.MIN_NORMAL) return true;
        return Math.abs(ordered(got) - ordered(want)) <= ulps;
    }

    static boolean close(double got, double want, double rel) {
        if (same(got, want)) return true;
        if (Double.isNaN(got) || Double.isNaN(want)) return false;
        if (got == 0 && want == 0) return false;
        if (Math.abs(got) < Double.MIN_NORMAL && Math.abs(want) < Double.MIN_NORMAL) return true;
        if (Math.abs(ordered(got) - ordered(want)) <= 4) return true;
        return !Double.isInfinite(got) && !Double.isInfinite(want) && Math.abs(got - want) <= rel * Math.abs(want);
    }

    /** Compares whole output arrays: inside [from, from + n) with the tolerance, outside bit for bit. */
    static void assertRun(String what, float[] in, int ao, float[] got, float[] want, int from, int n, boolean exact) {
        assertRun(what, in, ao, got, want, null, from, n, exact);
    }

    /** As above, also accepting a match with {@code alt} (a second reference) where that is not null. */
    static void assertRun(String what, float[] in, int ao, float[] got, float[] want, float[] alt, int from, int n,
                          boolean exact) {
        for (int i = 0; i < got.length; i++) {
            boolean inside = i >= from && i < from + n;
            boolean ok = inside && !exact ? close(got[i], want[i], FLOAT_ULPS) : same(got[i], want[i]);
            if (!ok && inside && alt != null) ok = exact ? same(got[i], alt[i]) : close(got[i], alt[i], FLOAT_ULPS);
            if (!ok) {
                String x = inside && in != null ? " input " + in[ao + i - from] : "";
                fail(what + ", n=" + n + ": element " + i + (inside ? "" : " (outside the run)") + x + ": got "
                        + got[i] + ", expected " + want[i]);
            }
        }
    }

    static void assertRun(String what, double[] in, int ao, double[] got, double[] want, int from, int n, boolean exact) {
        assertRun(what, in, ao, got, want, null, from, n, exact);
    }

    static void assertRun(String what, double[] in, int ao, double[] got, double[] want, double[] alt, int from, int n,
                          boolean exact) {
        for (int i = 0; i < got.length; i++) {
            boolean inside = i >= from && i < from + n;
            boolean ok = inside && !exact ? close(got[i], want[i], DOUBLE_REL) : same(got[i], want[i]);
            if (!ok && inside && alt != null) ok = exact ? same(got[i], alt[i]) : close(got[i], alt[i], DOUBLE_REL);
            if (!ok) {
                String x = inside && in != null ? " input " + in[ao + i - from] : "";
                fail(what + ", n=" + n + ": element " + i + (inside ? "" : " (outside the run)") + x + ": got "
                        + got[i] + ", expected " + want[i]);
            }
        }
    }
}
