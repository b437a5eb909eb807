package dev.dendrite.kernels.vector;

import static dev.dendrite.kernels.vector.KernelChecks.assertRun;
import static dev.dendrite.kernels.vector.KernelChecks.doubles;
import static dev.dendrite.kernels.vector.KernelChecks.floats;
import static dev.dendrite.kernels.vector.KernelChecks.sample;
import static dev.dendrite.kernels.vector.KernelChecks.same;

import dev.dendrite.kernels.BinaryOp;
import dev.dendrite.kernels.ScalarArrayKernels;
import dev.dendrite.kernels.UnaryOp;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The approximate ops once C2 has compiled their loops. Until then the Vector API evaluates
 * EXP, TANH, POW, ... lane by lane with {@code Math} and agrees with the scalar reference exactly;
 * the compiled loops call the JIT's vector math library (SVML on x86), whose accuracy is what
 * this test checks. Each op runs on the same data until its output first changes from the first
 * call's (the sign that the compiled loop is in use) or a call budget runs out, checking the
 * tolerance after every call.
 */
class VectorArrayKernelsCompiledTest {
    private static final ScalarArrayKernels REF = new ScalarArrayKernels();
    private static final VectorArrayKernels VEC = new VectorArrayKernels();
    private static final int N = 1 << 14;
    /** Enough calls for C2 to compile a loop of N elements on a slow machine. */
    private static final int MAX_CALLS = 700;

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"EXP", "LOG", "LOG1P", "EXPM1", "RSQRT", "SIN", "COS", "TAN", "ASIN",
        "ACOS", "ATAN", "SINH", "COSH", "TANH", "SIGMOID"})
    void compiledFloatLoops(UnaryOp op) {
        Random r = new Random(11 + op.ordinal());
        float[] a = floats(N, () -> sample(r, true));
        float[] want = new float[N], got = new float[N], first = null;
        REF.unary(op, a, 0, want, 0, N);
        for (int call = 0; call < MAX_CALLS; call++) {
            VEC.unary(op, a, 0, got, 0, N);
            assertRun(op + " f32 compiled, call " + call, a, 0, got, want, 0, N, false);
            if (call == 0) first = got.clone();
            else if (differs(got, first)) break;
        }
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"EXP", "LOG", "LOG1P", "EXPM1", "SIN", "COS", "TAN", "ASIN", "ACOS",
        "ATAN", "SINH", "COSH", "TANH", "SIGMOID"})
    void compiledDoubleLoops(UnaryOp op) {
        Random r = new Random(13 + op.ordinal());
        double[] a = doubles(N, () -> sample(r, false));
        double[] want = new double[N], got = new double[N], first = null;
        REF.unary(op, a, 0, want, 0, N);
        for (int call = 0; call < MAX_CALLS; call++) {
            VEC.unary(op, a, 0, got, 0, N);
            assertRun(op + " f64 compiled, call " + call, a, 0, got, want, 0, N, false);
            if (call == 0) first = got.clone();
            else if (differs(got, first)) break;
        }
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"POW", "ATAN2"})
    void compiledBinaryLoops(BinaryOp op) {
        Random r = new Random(17 + op.ordinal());
        float[] a = floats(N, () -> sample(r, true));
        float[] b = floats(N, () -> secondOperand(r, true));
        float[] want = new float[N], got = new float[N], first = null;
        REF.binary(op, a, 0, 1, b, 0, 1, want, 0, N);
        float[] alt = op == BinaryOp.POW ? KernelChecks.strictPow(a, 0, 1, b, 0, 1, 0, N, N) : null;
        for (int call = 0; call < MAX_CALLS; call++) {
            VEC.binary(op, a, 0, 1, b, 0, 1, got, 0, N);
            assertRun(op + " f32 compiled, call " + call, null, 0, got, want, alt, 0, N, false);
            if (call == 0) first = got.clone();
            else if (differs(got, first)) break;
        }
        double[] ad = doubles(N, () -> sample(r, false));
        double[] bd = doubles(N, () -> secondOperand(r, false));
        double[] wantD = new double[N], gotD = new double[N], firstD = null;
        REF.binary(op, ad, 0, 1, bd, 0, 1, wantD, 0, N);
        double[] altD = op == BinaryOp.POW ? KernelChecks.strictPow(ad, 0, 1, bd, 0, 1, 0, N, N) : null;
        for (int call = 0; call < MAX_CALLS; call++) {
            VEC.binary(op, ad, 0, 1, bd, 0, 1, gotD, 0, N);
            assertRun(op + " f64 compiled, call " + call, null, 0, gotD, wantD, altD, 0, N, false);
            if (call == 0) firstD = gotD.clone();
            else if (differs(gotD, firstD)) break;
        }
    }

    /** Mixed values, small integers (odd ones give negative bases negative results) and moderate reals. */
    private static double secondOperand(Random r, boolean f32) {
        int k = r.nextInt(4);
        return k == 0 ? sample(r, f32) : k == 1 ? r.nextInt(11) - 5 : r.nextDouble() * 8 - 4;
    }

    private static boolean differs(float[] got, float[] want) {
        for (int i = 0; i < got.length; i++) if (!same(got[i], want[i])) return true;
        return false;
    }

    private static boolean differs(double[] got, double[] want) {
        for (int i = 0; i < got.length; i++) if (!same(got[i], want[i])) return true;
        return false;
    }
}
