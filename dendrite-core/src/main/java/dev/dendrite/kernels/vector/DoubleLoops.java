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
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 loops of {@link VectorArrayKernels}, one method per op; the same shapes as
 * {@link FloatLoops}.
 *
 * <p>Every loop names its {@link VectorOperators} constant literally: C2 intrinsifies
 * {@code lanewise(op, ...)} only when it can see the operator as a constant, so a shared loop
 * taking the operator as a parameter would fall back to per-lane Java code. Each loop runs whole
 * vectors up to {@code loopBound(n)} and finishes the tail with the op's scalar definition.
 *
 * <p>Binary loops accept the step pairs (1, 1), (1, 0) and (0, 1); a step of 0 is one broadcast
 * value, which is the left operand when {@code aStep == 0}.
 */
final class DoubleLoops {
    private DoubleLoops() {}

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** 2^52: adding and subtracting it rounds a double of smaller magnitude to an integer. */
    private static final double ROUNDER = 0x1p52;
    private static final long SIGN_BIT = 0x8000_0000_0000_0000L;

    // ------------------------------------------------------------------ binary

    static void add(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).add(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(S, b[bo]);
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).add(y).intoArray(o, oo + i);
        } else {
            DoubleVector x = DoubleVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.add(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.ADD, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    static void sub(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).sub(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(S, b[bo]);
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).sub(y).intoArray(o, oo + i);
        } else {
            DoubleVector x = DoubleVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.sub(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.SUB, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    static void mul(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).mul(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(S, b[bo]);
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).mul(y).intoArray(o, oo + i);
        } else {
            DoubleVector x = DoubleVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.mul(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.MUL, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    static void div(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).div(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            // a true division, not a multiplication by 1/b: the results must match the scalar loop bit for bit
            DoubleVector y = DoubleVector.broadcast(S, b[bo]);
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).div(y).intoArray(o, oo + i);
        } else {
            DoubleVector x = DoubleVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.div(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.DIV, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    /** Lanewise max has Math.max semantics: NaN wins, and +0 is larger than -0. */
    static void max(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).max(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(S, b[bo]);
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).max(y).intoArray(o, oo + i);
        } else {
            DoubleVector x = DoubleVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.max(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.MAX, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    static void min(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).min(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(S, b[bo]);
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).min(y).intoArray(o, oo + i);
        } else {
            DoubleVector x = DoubleVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.min(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.MIN, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    /**
     * Lanewise POW within an ulp or so of {@code Math.pow(a, b)}, with two fix-ups where the vector math
     * libraries follow C rather than Java: for {@code |a| == 1} and an infinite or NaN {@code b}
     * C's pow gives 1 and Math.pow NaN; and a zero result from a negative base (-0 included:
     * underflow, or a zero or infinite base) comes back as +0 where Math.pow gives -0 for an odd
     * integer exponent. A broadcast exponent of 2 squares instead, which is exact.
     */
    static void pow(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) {
                DoubleVector x = DoubleVector.fromArray(S, a, ao + i), y = DoubleVector.fromArray(S, b, bo + i);
                DoubleVector r = x.lanewise(POW, y);
                r = r.blend(Double.NaN, x.abs().compare(EQ, 1.0).and(y.test(IS_FINITE).not()));
                VectorMask<Double> negZero = r.compare(EQ, 0.0).and(signBit(x));
                if (negZero.anyTrue()) r = r.blend(0.0, negZero).blend(-0.0, negZero.and(oddInteger(y)));
                r.intoArray(o, oo + i);
            }
        } else if (as == 1) {
            double e = b[bo];
            if (e == 2) {
                for (; i < end; i += L) {
                    DoubleVector x = DoubleVector.fromArray(S, a, ao + i);
                    x.mul(x).intoArray(o, oo + i);
                }
            } else {
                DoubleVector y = DoubleVector.broadcast(S, e);
                boolean nonFinite = !Double.isFinite(e);
                double zeroOfNegative = e == Math.rint(e) && e * 0.5 != Math.rint(e * 0.5) ? -0.0 : 0.0;
                for (; i < end; i += L) {
                    DoubleVector x = DoubleVector.fromArray(S, a, ao + i);
                    DoubleVector r = x.lanewise(POW, y);
                    if (nonFinite) r = r.blend(Double.NaN, x.abs().compare(EQ, 1.0));
                    VectorMask<Double> negZero = r.compare(EQ, 0.0).and(signBit(x));
                    if (negZero.anyTrue()) r = r.blend(zeroOfNegative, negZero);
                    r.intoArray(o, oo + i);
                }
            }
        } else {
            double base = a[ao];
            DoubleVector x = DoubleVector.broadcast(S, base);
            boolean unit = Math.abs(base) == 1.0, negative = Double.doubleToRawLongBits(base) < 0;
            for (; i < end; i += L) {
                DoubleVector y = DoubleVector.fromArray(S, b, bo + i);
                DoubleVector r = x.lanewise(POW, y);
                if (unit) r = r.blend(Double.NaN, y.test(IS_FINITE).not());
                if (negative) {
                    VectorMask<Double> zero = r.compare(EQ, 0.0);
                    if (zero.anyTrue()) r = r.blend(0.0, zero).blend(-0.0, zero.and(oddInteger(y)));
                }
                r.intoArray(o, oo + i);
            }
        }
        tail(BinaryOp.POW, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    /** Lanes whose sign bit is set: negative values, -0 and negative NaNs. */
    private static VectorMask<Double> signBit(DoubleVector x) {
        return x.reinterpretAsLongs().compare(LT, 0L).cast(S);
    }

    /** Lanes holding an odd integer: integral, and half of it is not (infinities and NaN are not odd). */
    private static VectorMask<Double> oddInteger(DoubleVector y) {
        DoubleVector h = y.mul(0.5);
        return y.compare(EQ, rint(y)).and(h.compare(NE, rint(h)));
    }

    static void atan2(double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        int i = 0, end = S.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(ATAN2, DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(S, b[bo]);
            for (; i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(ATAN2, y).intoArray(o, oo + i);
        } else {
            DoubleVector x = DoubleVector.broadcast(S, a[ao]);
            for (; i < end; i += L) x.lanewise(ATAN2, DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        tail(BinaryOp.ATAN2, a, ao, as, b, bo, bs, o, oo, i, n);
    }

    private static void tail(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo,
                             int from, int n) {
        for (int i = from; i < n; i++) o[oo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
    }

    // ------------------------------------------------------------------ unary

    static void neg(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).neg().intoArray(o, oo + i);
        tail(UnaryOp.NEG, a, ao, o, oo, i, n);
    }

    static void abs(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).abs().intoArray(o, oo + i);
        tail(UnaryOp.ABS, a, ao, o, oo, i, n);
    }

    static void exp(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(EXP).intoArray(o, oo + i);
        tail(UnaryOp.EXP, a, ao, o, oo, i, n);
    }

    static void log(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(LOG).intoArray(o, oo + i);
        tail(UnaryOp.LOG, a, ao, o, oo, i, n);
    }

    static void log1p(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(LOG1P).intoArray(o, oo + i);
        tail(UnaryOp.LOG1P, a, ao, o, oo, i, n);
    }

    static void expm1(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(EXPM1).intoArray(o, oo + i);
        tail(UnaryOp.EXPM1, a, ao, o, oo, i, n);
    }

    static void sqrt(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).sqrt().intoArray(o, oo + i);
        tail(UnaryOp.SQRT, a, ao, o, oo, i, n);
    }

    static void rsqrt(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int end = S.loopBound(n); i < end; i += L) one.div(DoubleVector.fromArray(S, a, ao + i).sqrt()).intoArray(o, oo + i);
        tail(UnaryOp.RSQRT, a, ao, o, oo, i, n);
    }

    static void sin(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(SIN).intoArray(o, oo + i);
        tail(UnaryOp.SIN, a, ao, o, oo, i, n);
    }

    static void cos(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(COS).intoArray(o, oo + i);
        tail(UnaryOp.COS, a, ao, o, oo, i, n);
    }

    static void tan(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(TAN).intoArray(o, oo + i);
        tail(UnaryOp.TAN, a, ao, o, oo, i, n);
    }

    static void asin(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(ASIN).intoArray(o, oo + i);
        tail(UnaryOp.ASIN, a, ao, o, oo, i, n);
    }

    static void acos(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(ACOS).intoArray(o, oo + i);
        tail(UnaryOp.ACOS, a, ao, o, oo, i, n);
    }

    static void atan(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(ATAN).intoArray(o, oo + i);
        tail(UnaryOp.ATAN, a, ao, o, oo, i, n);
    }

    static void sinh(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(SINH).intoArray(o, oo + i);
        tail(UnaryOp.SINH, a, ao, o, oo, i, n);
    }

    static void cosh(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(COSH).intoArray(o, oo + i);
        tail(UnaryOp.COSH, a, ao, o, oo, i, n);
    }

    static void tanh(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) DoubleVector.fromArray(S, a, ao + i).lanewise(TANH).intoArray(o, oo + i);
        tail(UnaryOp.TANH, a, ao, o, oo, i, n);
    }

    /**
     * {@code 1 / (1 + exp(-x))} through {@code t = exp(-|x|)}, which lies in (0, 1] and so never
     * overflows: {@code 1 / (1 + t)} for x >= 0 and {@code t / (1 + t)} for x < 0. Saturates to
     * exactly 1 and 0 for large |x|, and NaN stays NaN.
     */
    static void sigmoid(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector t = x.abs().neg().lanewise(EXP);
            DoubleVector r = one.div(one.add(t));
            r.blend(t.mul(r), x.compare(LT, 0.0)).intoArray(o, oo + i);
        }
        tail(UnaryOp.SIGMOID, a, ao, o, oo, i, n);
    }

    /** Math.signum with NaN kept: 1 for positive, -1 for negative, ±0 and NaN unchanged. */
    static void sign(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, ao + i);
            x.blend(1.0, x.compare(GT, 0.0)).blend(-1.0, x.compare(LT, 0.0)).intoArray(o, oo + i);
        }
        tail(UnaryOp.SIGN, a, ao, o, oo, i, n);
    }

    static void floor(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector r = rint(x);
            withSignOf(r.lanewise(VectorOperators.SUB, 1.0, r.compare(GT, x)), x).intoArray(o, oo + i);
        }
        tail(UnaryOp.FLOOR, a, ao, o, oo, i, n);
    }

    static void ceil(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector r = rint(x);
            withSignOf(r.lanewise(VectorOperators.ADD, 1.0, r.compare(LT, x)), x).intoArray(o, oo + i);
        }
        tail(UnaryOp.CEIL, a, ao, o, oo, i, n);
    }

    /** Round half to even, as Math.rint. */
    static void round(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) rint(DoubleVector.fromArray(S, a, ao + i)).intoArray(o, oo + i);
        tail(UnaryOp.ROUND, a, ao, o, oo, i, n);
    }

    static void trunc(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector ax = x.abs();
            DoubleVector r = rint(ax);
            withSignOf(r.lanewise(VectorOperators.SUB, 1.0, r.compare(GT, ax)), x).intoArray(o, oo + i);
        }
        tail(UnaryOp.TRUNC, a, ao, o, oo, i, n);
    }

    /**
     * Math.rint lanewise: below 2^52 in magnitude, {@code (|x| + 2^52) - 2^52} rounds to an integer
     * under the default round-half-even mode, and the sign of x goes back on (so -0.4 gives -0.0).
     * Larger magnitudes, infinities and NaN are integers or NaN already and pass through.
     */
    private static DoubleVector rint(DoubleVector x) {
        DoubleVector ax = x.abs();
        DoubleVector r = ax.add(ROUNDER).sub(ROUNDER);
        return x.blend(withSignOf(r, x), ax.compare(LT, ROUNDER));
    }

    /**
     * Sets the sign bit of x on m. floor, ceil, trunc and rint all return a value of the sign of
     * their argument (or a zero of that sign), so or-ing the argument's sign bit fixes the sign of
     * zero results without changing any other lane.
     */
    private static DoubleVector withSignOf(DoubleVector m, DoubleVector x) {
        return m.reinterpretAsLongs().or(x.reinterpretAsLongs().and(SIGN_BIT)).reinterpretAsDoubles();
    }

    static void reciprocal(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int end = S.loopBound(n); i < end; i += L) one.div(DoubleVector.fromArray(S, a, ao + i)).intoArray(o, oo + i);
        tail(UnaryOp.RECIPROCAL, a, ao, o, oo, i, n);
    }

    static void square(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, ao + i);
            x.mul(x).intoArray(o, oo + i);
        }
        tail(UnaryOp.SQUARE, a, ao, o, oo, i, n);
    }

    /** {@code x > 0 ? x : 0} with NaN kept: NaN fails {@code x <= 0} and so passes through. */
    static void relu(double[] a, int ao, double[] o, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, ao + i);
            x.blend(0.0, x.compare(LE, 0.0)).intoArray(o, oo + i);
        }
        tail(UnaryOp.RELU, a, ao, o, oo, i, n);
    }

    private static void tail(UnaryOp op, double[] a, int ao, double[] o, int oo, int from, int n) {
        for (int i = from; i < n; i++) o[oo + i] = op.apply(a[ao + i]);
    }

    // ------------------------------------------------------------------ reductions

    static double sum(double[] a, int ao, int n) {
        int i = 0;
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int end = n - 4 * L; i <= end; i += 4 * L) {
            s0 = s0.add(DoubleVector.fromArray(S, a, ao + i));
            s1 = s1.add(DoubleVector.fromArray(S, a, ao + i + L));
            s2 = s2.add(DoubleVector.fromArray(S, a, ao + i + 2 * L));
            s3 = s3.add(DoubleVector.fromArray(S, a, ao + i + 3 * L));
        }
        for (int end = n - L; i <= end; i += L) s0 = s0.add(DoubleVector.fromArray(S, a, ao + i));
        double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[ao + i];
        return s;
    }

    static double prod(double[] a, int ao, int n) {
        int i = 0;
        DoubleVector p0 = DoubleVector.broadcast(S, 1.0), p1 = p0;
        for (int end = n - 2 * L; i <= end; i += 2 * L) {
            p0 = p0.mul(DoubleVector.fromArray(S, a, ao + i));
            p1 = p1.mul(DoubleVector.fromArray(S, a, ao + i + L));
        }
        double p = p0.mul(p1).reduceLanes(VectorOperators.MUL);
        for (; i < n; i++) p *= a[ao + i];
        return p;
    }

    /** The largest value, or NaN when the run holds a NaN; -Inf for an empty run (see {@link FloatLoops#max}). */
    static double max(double[] a, int ao, int n) {
        double m = Double.NEGATIVE_INFINITY;
        int i = 0;
        if (n >= 2 * L) {
            DoubleVector m0 = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY), m1 = m0;
            VectorMask<Double> nan = S.maskAll(false);
            for (int end = n - 2 * L; i <= end; i += 2 * L) {
                DoubleVector v0 = DoubleVector.fromArray(S, a, ao + i), v1 = DoubleVector.fromArray(S, a, ao + i + L);
                m0 = m0.blend(v0, v0.compare(GT, m0));
                m1 = m1.blend(v1, v1.compare(GT, m1));
                nan = nan.or(v0.compare(NE, v0)).or(v1.compare(NE, v1));
            }
            if (nan.anyTrue()) return Double.NaN;
            m = m0.max(m1).reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            double v = a[ao + i];
            if (v > m) m = v;
            else if (v != v) return v;
        }
        return m;
    }

    static double min(double[] a, int ao, int n) {
        double m = Double.POSITIVE_INFINITY;
        int i = 0;
        if (n >= 2 * L) {
            DoubleVector m0 = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY), m1 = m0;
            VectorMask<Double> nan = S.maskAll(false);
            for (int end = n - 2 * L; i <= end; i += 2 * L) {
                DoubleVector v0 = DoubleVector.fromArray(S, a, ao + i), v1 = DoubleVector.fromArray(S, a, ao + i + L);
                m0 = m0.blend(v0, v0.compare(LT, m0));
                m1 = m1.blend(v1, v1.compare(LT, m1));
                nan = nan.or(v0.compare(NE, v0)).or(v1.compare(NE, v1));
            }
            if (nan.anyTrue()) return Double.NaN;
            m = m0.min(m1).reduceLanes(VectorOperators.MIN);
        }
        for (; i < n; i++) {
            double v = a[ao + i];
            if (v < m) m = v;
            else if (v != v) return v;
        }
        return m;
    }
    // ------------------------------------------------------------------ accumulate

    static void accumulateSum(double[] a, int ao, double[] acc, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector.fromArray(S, acc, oo + i).add(DoubleVector.fromArray(S, a, ao + i)).intoArray(acc, oo + i);
        }
        for (; i < n; i++) acc[oo + i] += a[ao + i];
    }

    static void accumulateProd(double[] a, int ao, double[] acc, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector.fromArray(S, acc, oo + i).mul(DoubleVector.fromArray(S, a, ao + i)).intoArray(acc, oo + i);
        }
        for (; i < n; i++) acc[oo + i] *= a[ao + i];
    }

    static void accumulateMax(double[] a, int ao, double[] acc, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector.fromArray(S, acc, oo + i).max(DoubleVector.fromArray(S, a, ao + i)).intoArray(acc, oo + i);
        }
        for (; i < n; i++) acc[oo + i] = Math.max(acc[oo + i], a[ao + i]);
    }

    static void accumulateMin(double[] a, int ao, double[] acc, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector.fromArray(S, acc, oo + i).min(DoubleVector.fromArray(S, a, ao + i)).intoArray(acc, oo + i);
        }
        for (; i < n; i++) acc[oo + i] = Math.min(acc[oo + i], a[ao + i]);
    }
}
