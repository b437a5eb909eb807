package dev.dendrite.kernels.vector;

import static jdk.incubator.vector.VectorOperators.ACOS;
import static jdk.incubator.vector.VectorOperators.ASIN;
import static jdk.incubator.vector.VectorOperators.ATAN;
import static jdk.incubator.vector.VectorOperators.ATAN2;
import static jdk.incubator.vector.VectorOperators.COS;
import static jdk.incubator.vector.VectorOperators.COSH;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.EXPM1;
import static jdk.incubator.vector.VectorOperators.F2D;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.IS_FINITE;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LOG;
import static jdk.incubator.vector.VectorOperators.LOG1P;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;
import static jdk.incubator.vector.VectorOperators.POW;
import static jdk.incubator.vector.VectorOperators.SIN;
import static jdk.incubator.vector.VectorOperators.SINH;
import static jdk.incubator.vector.VectorOperators.TAN;
import static jdk.incubator.vector.VectorOperators.TANH;

import dev.dendrite.kernels.BinaryOp;
import dev.dendrite.kernels.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 loops of {@link VectorArrayKernels}, one method per op.
 *
 * <p>Every loop names its {@link VectorOperators} constant literally: C2 intrinsifies
 * {@code lanewise(op, ...)} only when it can see the operator as a constant, so a shared loop
 * taking the operator as a parameter would fall back to per-lane Java code. Each loop runs whole
 * vectors up to {@code loopBound(n)} and finishes the tail with the op's scalar definition.
 *
 * <p>Binary loops accept the step pairs (1, 1), (1, 0) and (0, 1); a step of 0 is one broadcast
 * value, which is the left operand when {@code aStep == 0}.
 */
final class FloatLoops {
    private FloatLoops() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /**
     * Float lanes as many as one preferred double vector holds: sums and products of float runs
     * widen through it and accumulate in double, as the scalar reference does. Null when the
     * double vector is too narrow to halve.
     */
    static final VectorSpecies<Float> HALF = D.vectorBitSize() >= 128
            ? VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2)) : null;

    /** 2^23: adding and subtracting it rounds a float of smaller magnitude to an integer. */
    private static final float ROUNDER = 0x1p23f;
    private static final int SIGN_BIT = 0x8000_0000;

    // ------------------------------------------------------------------ binary

    static void add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(S, b[bo]);
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).add(y).intoArray(o, oo + i);
        } else {
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.ADD, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    static void sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(S, b[bo]);
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).sub(y).intoArray(o, oo + i);
        } else {
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.SUB, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    static void mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(S, b[bo]);
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).mul(y).intoArray(o, oo + i);
        } else {
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.MUL, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    static void div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            // a true division, not a multiplication by 1/b: the results must match the scalar loop bit for bit
            FloatVector y = FloatVector.broadcast(S, b[bo]);
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).div(y).intoArray(o, oo + i);
        } else {
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.DIV, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    /** Lanewise max has Math.max semantics: NaN wins, and +0 is larger than -0. */
    static void max(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(S, b[bo]);
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).max(y).intoArray(o, oo + i);
        } else {
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.max(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.MAX, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    static void min(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(S, b[bo]);
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).min(y).intoArray(o, oo + i);
        } else {
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.min(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.MIN, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    /**
     * Lanewise POW within an ulp or so of {@code (float) Math.pow(a, b)}, with two fix-ups where the vector math
     * libraries follow C rather than Java: for {@code |a| == 1} and an infinite or NaN {@code b}
     * C's pow gives 1 and Math.pow NaN; and a zero result from a negative base (-0 included:
     * underflow, or a zero or infinite base) comes back as +0 where Math.pow gives -0 for an odd
     * integer exponent. A broadcast exponent of 2 squares instead, which is exact.
     */
    static void pow(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) {
                FloatVector x = FloatVector.fromArray(S, a, ao + i), y = FloatVector.fromArray(S, b, bo + i);
                FloatVector r = x.lanewise(POW, y);
                r = r.blend(Float.NaN, x.abs().compare(EQ, 1f).and(y.test(IS_FINITE).not()));
                VectorMask<Float> negZero = r.compare(EQ, 0f).and(signBit(x));
                if (negZero.anyTrue()) r = r.blend(0f, negZero).blend(-0f, negZero.and(oddInteger(y)));
                r.intoArray(o, oo + i);
            }
        } else if (as == 1) {
            float e = b[bo];
            if (e == 2) {
                for (; i < end; i += L) {
                    FloatVector x = FloatVector.fromArray(S, a, ao + i);
                    x.mul(x).intoArray(o, oo + i);
                }
            } else {
                FloatVector y = FloatVector.broadcast(S, e);
                boolean nonFinite = !Float.isFinite(e);
                float zeroOfNegative = e == Math.rint(e) && e * 0.5f != Math.rint(e * 0.5f) ? -0f : 0f;
                for (; i < end; i += L) {
                    FloatVector x = FloatVector.fromArray(S, a, ao + i);
                    FloatVector r = x.lanewise(POW, y);
                    if (nonFinite) r = r.blend(Float.NaN, x.abs().compare(EQ, 1f));
                    VectorMask<Float> negZero = r.compare(EQ, 0f).and(signBit(x));
                    if (negZero.anyTrue()) r = r.blend(zeroOfNegative, negZero);
                    r.intoArray(o, oo + i);
                }
            }
        } else {
            float base = a[ao];
            FloatVector x = FloatVector.broadcast(S, base);
            boolean unit = Math.abs(base) == 1f, negative = Float.floatToRawIntBits(base) < 0;
            for (; i < end; i += L) {
                FloatVector y = FloatVector.fromArray(S, b, bo + i);
                FloatVector r = x.lanewise(POW, y);
                if (unit) r = r.blend(Float.NaN, y.test(IS_FINITE).not());
                if (negative) {
                    VectorMask<Float> zero = r.compare(EQ, 0f);
                    if (zero.anyTrue()) r = r.blend(0f, zero).blend(-0f, zero.and(oddInteger(y)));
                }
                r.intoArray(o, oo + i);
            }
        }
        tail(BinaryOp.POW, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    /** Lanes whose sign bit is set: negative values, -0 and negative NaNs. */
    private static VectorMask<Float> signBit(FloatVector x) {
        return x.reinterpretAsInts().compare(LT, 0).cast(S);
    }

    /** Lanes holding an odd integer: integral, and half of it is not (infinities and NaN are not odd). */
    private static VectorMask<Float> oddInteger(FloatVector y) {
        FloatVector h = y.mul(0.5f);
        return y.compare(EQ, rint(y)).and(h.compare(NE, rint(h)));
    }

    static void atan2(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(ATAN2, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(S, b[bo]);
            for (; i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(ATAN2, y).intoArray(o, oo + i);
        } else {
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.lanewise(ATAN2, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.ATAN2, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    private static void tail(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo,
                             int from, int n) {
        for (int i = from; i < n; i++) o[oo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
    }

    // ------------------------------------------------------------------ unary

    static void neg(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).neg().intoArray(o, oo + i);
        tail(UnaryOp.NEG, a, ao, o, oo, i, n);
    }

    static void abs(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).abs().intoArray(o, oo + i);
        tail(UnaryOp.ABS, a, ao, o, oo, i, n);
    }

    static void exp(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(EXP).intoArray(o, oo + i);
        tail(UnaryOp.EXP, a, ao, o, oo, i, n);
    }

    static void log(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(LOG).intoArray(o, oo + i);
        tail(UnaryOp.LOG, a, ao, o, oo, i, n);
    }

    static void log1p(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(LOG1P).intoArray(o, oo + i);
        tail(UnaryOp.LOG1P, a, ao, o, oo, i, n);
    }

    static void expm1(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(EXPM1).intoArray(o, oo + i);
        tail(UnaryOp.EXPM1, a, ao, o, oo, i, n);
    }

    static void sqrt(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).sqrt().intoArray(o, oo + i);
        tail(UnaryOp.SQRT, a, ao, o, oo, i, n);
    }

    /** {@code 1 / sqrt(x)} with two float roundings: within an ulp of the scalar definition. */
    static void rsqrt(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int end = S.loopBound(n); i < end; i += L) one.div(FloatVector.fromArray(S, a, ao + i).sqrt()).intoArray(o, oo + i);
        tail(UnaryOp.RSQRT, a, ao, o, oo, i, n);
    }

    static void sin(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(SIN).intoArray(o, oo + i);
        tail(UnaryOp.SIN, a, ao, o, oo, i, n);
    }

    static void cos(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(COS).intoArray(o, oo + i);
        tail(UnaryOp.COS, a, ao, o, oo, i, n);
    }

    static void tan(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(TAN).intoArray(o, oo + i);
        tail(UnaryOp.TAN, a, ao, o, oo, i, n);
    }

    static void asin(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(ASIN).intoArray(o, oo + i);
        tail(UnaryOp.ASIN, a, ao, o, oo, i, n);
    }

    static void acos(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(ACOS).intoArray(o, oo + i);
        tail(UnaryOp.ACOS, a, ao, o, oo, i, n);
    }

    static void atan(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(ATAN).intoArray(o, oo + i);
        tail(UnaryOp.ATAN, a, ao, o, oo, i, n);
    }

    static void sinh(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(SINH).intoArray(o, oo + i);
        tail(UnaryOp.SINH, a, ao, o, oo, i, n);
    }

    static void cosh(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(COSH).intoArray(o, oo + i);
        tail(UnaryOp.COSH, a, ao, o, oo, i, n);
    }

    static void tanh(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(TANH).intoArray(o, oo + i);
        tail(UnaryOp.TANH, a, ao, o, oo, i, n);
    }

    /**
     * {@code 1 / (1 + exp(-x))} through {@code t = exp(-|x|)}, which lies in (0, 1] and so never
     * overflows: {@code 1 / (1 + t)} for x >= 0 and {@code t / (1 + t)} for x < 0. Saturates to
     * exactly 1 and 0 for large |x|, and NaN stays NaN.
     */
    static void sigmoid(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ao + i);
            FloatVector t = x.abs().neg().lanewise(EXP);
            FloatVector r = one.div(one.add(t));
            r.blend(t.mul(r), x.compare(LT, 0f)).intoArray(o, oo + i);
        }
        tail(UnaryOp.SIGMOID, a, ao, o, oo, i, n);
    }

    /** Math.signum with NaN kept: 1 for positive, -1 for negative, ±0 and NaN unchanged. */
    static void sign(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ao + i);
            x.blend(1f, x.compare(GT, 0f)).blend(-1f, x.compare(LT, 0f)).intoArray(o, oo + i);
        }
        tail(UnaryOp.SIGN, a, ao, o, oo, i, n);
    }

    static void floor(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ao + i);
            FloatVector r = rint(x);
            withSignOf(r.lanewise(VectorOperators.SUB, 1f, r.compare(GT, x)), x).intoArray(o, oo + i);
        }
        tail(UnaryOp.FLOOR, a, ao, o, oo, i, n);
    }

    static void ceil(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ao + i);
            FloatVector r = rint(x);
            withSignOf(r.lanewise(VectorOperators.ADD, 1f, r.compare(LT, x)), x).intoArray(o, oo + i);
        }
        tail(UnaryOp.CEIL, a, ao, o, oo, i, n);
    }

    /** Round half to even, as Math.rint. */
    static void round(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) rint(FloatVector.fromArray(S, a, ao + i)).intoArray(o, oo + i);
        tail(UnaryOp.ROUND, a, ao, o, oo, i, n);
    }

    static void trunc(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ao + i);
            FloatVector ax = x.abs();
            FloatVector r = rint(ax);
            withSignOf(r.lanewise(VectorOperators.SUB, 1f, r.compare(GT, ax)), x).intoArray(o, oo + i);
        }
        tail(UnaryOp.TRUNC, a, ao, o, oo, i, n);
    }

    /**
     * Math.rint lanewise: below 2^23 in magnitude, {@code (|x| + 2^23) - 2^23} rounds to an integer
     * under the default round-half-even mode, and the sign of x goes back on (so -0.4 gives -0.0).
     * Larger magnitudes, infinities and NaN are integers or NaN already and pass through.
     */
    private static FloatVector rint(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector r = ax.add(ROUNDER).sub(ROUNDER);
        return x.blend(withSignOf(r, x), ax.compare(LT, ROUNDER));
    }

    /**
     * Sets the sign bit of x on m. floor, ceil, trunc and rint all return a value of the sign of
     * their argument (or a zero of that sign), so or-ing the argument's sign bit fixes the sign of
     * zero results without changing any other lane.
     */
    private static FloatVector withSignOf(FloatVector m, FloatVector x) {
        return m.reinterpretAsInts().or(x.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
    }

    static void reciprocal(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int end = S.loopBound(n); i < end; i += L) one.div(FloatVector.fromArray(S, a, ao + i)).intoArray(o, oo + i);
        tail(UnaryOp.RECIPROCAL, a, ao, o, oo, i, n);
    }

    static void square(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ao + i);
            x.mul(x).intoArray(o, oo + i);
        }
        tail(UnaryOp.SQUARE, a, ao, o, oo, i, n);
    }

    /** {@code x > 0 ? x : 0} with NaN kept: NaN fails {@code x <= 0} and so passes through. */
    static void relu(float[] a, int ao, float[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ao + i);
            x.blend(0f, x.compare(LE, 0f)).intoArray(o, oo + i);
        }
        tail(UnaryOp.RELU, a, ao, o, oo, i, n);
    }

    private static void tail(UnaryOp op, float[] a, int ao, float[] o, int oo, int from, int n) {
        for (int i = from; i < n; i++) o[oo + i] = op.apply(a[ao + i]);
    }

    // ------------------------------------------------------------------ reductions

    /** Sums in double lanes (float lanes widened), as the scalar reference sums in double. */
    static float sum(float[] a, int ao, int n) {
        if (HALF == null) return sumScalar(a, ao, 0, n, 0);
        int hl = HALF.length(), i = 0;
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        for (int end = n - 4 * hl; i <= end; i += 4 * hl) {
            s0 = s0.add(FloatVector.fromArray(HALF, a, ao + i).convertShape(F2D, D, 0));
            s1 = s1.add(FloatVector.fromArray(HALF, a, ao + i + hl).convertShape(F2D, D, 0));
            s2 = s2.add(FloatVector.fromArray(HALF, a, ao + i + 2 * hl).convertShape(F2D, D, 0));
            s3 = s3.add(FloatVector.fromArray(HALF, a, ao + i + 3 * hl).convertShape(F2D, D, 0));
        }
        for (int end = n - hl; i <= end; i += hl) s0 = s0.add(FloatVector.fromArray(HALF, a, ao + i).convertShape(F2D, D, 0));
        double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        return sumScalar(a, ao, i, n, s);
    }

    private static float sumScalar(float[] a, int ao, int from, int n, double s) {
        for (int i = from; i < n; i++) s += a[ao + i];
        return (float) s;
    }

    /** Multiplies in double lanes, as the scalar reference does: no float overflow midway. */
    static float prod(float[] a, int ao, int n) {
        double p = 1;
        int i = 0;
        if (HALF != null) {
            int hl = HALF.length();
            DoubleVector p0 = DoubleVector.broadcast(D, 1.0), p1 = p0;
            for (int end = n - 2 * hl; i <= end; i += 2 * hl) {
                p0 = p0.mul(FloatVector.fromArray(HALF, a, ao + i).convertShape(F2D, D, 0));
                p1 = p1.mul(FloatVector.fromArray(HALF, a, ao + i + hl).convertShape(F2D, D, 0));
            }
            p = p0.mul(p1).reduceLanes(VectorOperators.MUL);
        }
        for (; i < n; i++) p *= a[ao + i];
        return (float) p;
    }

    /**
     * The largest value, or NaN when the run holds a NaN; -Inf for an empty run. The lanes keep
     * their maximum with a compare and blend (cheaper than Math.max semantics) and NaNs are
     * tracked in a separate mask.
     */
    static float max(float[] a, int ao, int n) {
        float m = Float.NEGATIVE_INFINITY;
        int i = 0;
        if (n >= 2 * L) {
            FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY), m1 = m0;
            VectorMask<Float> nan = S.maskAll(false);
            for (int end = n - 2 * L; i <= end; i += 2 * L) {
                FloatVector v0 = FloatVector.fromArray(S, a, ao + i), v1 = FloatVector.fromArray(S, a, ao + i + L);
                m0 = m0.blend(v0, v0.compare(GT, m0));
                m1 = m1.blend(v1, v1.compare(GT, m1));
                nan = nan.or(v0.compare(NE, v0)).or(v1.compare(NE, v1));
            }
            if (nan.anyTrue()) return Float.NaN;
            m = m0.max(m1).reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            float v = a[ao + i];
            if (v > m) m = v;
            else if (v != v) return v;
        }
        return m;
    }

    static float min(float[] a, int ao, int n) {
        float m = Float.POSITIVE_INFINITY;
        int i = 0;
        if (n >= 2 * L) {
            FloatVector m0 = FloatVector.broadcast(S, Float.POSITIVE_INFINITY), m1 = m0;
            VectorMask<Float> nan = S.maskAll(false);
            for (int end = n - 2 * L; i <= end; i += 2 * L) {
                FloatVector v0 = FloatVector.fromArray(S, a, ao + i), v1 = FloatVector.fromArray(S, a, ao + i + L);
                m0 = m0.blend(v0, v0.compare(LT, m0));
                m1 = m1.blend(v1, v1.compare(LT, m1));
                nan = nan.or(v0.compare(NE, v0)).or(v1.compare(NE, v1));
            }
            if (nan.anyTrue()) return Float.NaN;
            m = m0.min(m1).reduceLanes(VectorOperators.MIN);
        }
        for (; i < n; i++) {
            float v = a[ao + i];
            if (v < m) m = v;
            else if (v != v) return v;
        }
        return m;
    }

    // ------------------------------------------------------------------ accumulate

    static void accumulateSum(float[] a, int ao, float[] acc, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, acc, oo + i).add(FloatVector.fromArray(S, a, ao + i)).intoArray(acc, oo + i);
        }
        for (; i < n; i++) acc[oo + i] += a[ao + i];
    }

    static void accumulateProd(float[] a, int ao, float[] acc, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, acc, oo + i).mul(FloatVector.fromArray(S, a, ao + i)).intoArray(acc, oo + i);
        }
        for (; i < n; i++) acc[oo + i] *= a[ao + i];
    }

    static void accumulateMax(float[] a, int ao, float[] acc, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, acc, oo + i).max(FloatVector.fromArray(S, a, ao + i)).intoArray(acc, oo + i);
        }
        for (; i < n; i++) acc[oo + i] = Math.max(acc[oo + i], a[ao + i]);
    }

    static void accumulateMin(float[] a, int ao, float[] acc, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, acc, oo + i).min(FloatVector.fromArray(S, a, ao + i)).intoArray(acc, oo + i);
        }
        for (; i < n; i++) acc[oo + i] = Math.min(acc[oo + i], a[ao + i]);
    }
}
