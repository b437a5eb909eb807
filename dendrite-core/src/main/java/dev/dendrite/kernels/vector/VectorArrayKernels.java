package dev.dendrite.kernels.vector;

import dev.dendrite.kernels.ArrayKernels;
import dev.dendrite.kernels.BinaryOp;
import dev.dendrite.kernels.ReduceOp;
import dev.dendrite.kernels.UnaryOp;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * {@link ArrayKernels} on the Vector API ({@code jdk.incubator.vector}) at the platform's
 * preferred vector width. {@link dev.dendrite.kernels.Kernels} loads this class reflectively, and
 * only when the module is in the boot layer, so nothing else may name it.
 *
 * <p>Each op has its own loop in {@link FloatLoops} and {@link DoubleLoops}; the switches here
 * pick the loop once per call, outside any loop. Ops without a good vector form (erf, remainder,
 * fmod, floor_divide, the comparisons) run the scalar definitions.
 *
 * <p>Results agree with {@link dev.dendrite.kernels.ScalarArrayKernels} bit for bit for the
 * arithmetic, min/max, rounding, sign, relu, sqrt, reciprocal, square and the accumulations. The
 * transcendental functions (exp, log, tanh, sin, pow, ...) use the JIT's vector math library and
 * are within an ulp or two of the scalar definitions, as are float rsqrt (two float roundings) and
 * sigmoid (formed from exp(-|x|)); sums and products differ only by the order of
 * accumulation (float runs are summed in double lanes, as the scalar loops sum in double). One
 * caveat: until C2 compiles a loop, the Vector API evaluates those functions lane by lane with
 * {@code Math}, so an early call and a later one can differ in the last bit.
 */
public final class VectorArrayKernels implements ArrayKernels {

    public VectorArrayKernels() {}

    // ------------------------------------------------------------------ binary

    @Override
    public void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        if (n <= 0) return;
        if (as == 0 && bs == 0) {
            Arrays.fill(o, oo, oo + n, op.apply(a[ao], b[bo]));
            return;
        }
        if (!(as == 1 || as == 0) || !(bs == 1 || bs == 0)) {
            scalarBinary(op, a, ao, as, b, bo, bs, o, oo, n);
            return;
        }
        switch (op) {
            case ADD -> FloatLoops.add(a, ao, as, b, bo, bs, o, oo, n);
            case SUB -> FloatLoops.sub(a, ao, as, b, bo, bs, o, oo, n);
            case MUL -> FloatLoops.mul(a, ao, as, b, bo, bs, o, oo, n);
            case DIV -> FloatLoops.div(a, ao, as, b, bo, bs, o, oo, n);
            case MAX -> FloatLoops.max(a, ao, as, b, bo, bs, o, oo, n);
            case MIN -> FloatLoops.min(a, ao, as, b, bo, bs, o, oo, n);
            case POW -> FloatLoops.pow(a, ao, as, b, bo, bs, o, oo, n);
            case ATAN2 -> FloatLoops.atan2(a, ao, as, b, bo, bs, o, oo, n);
            default -> scalarBinary(op, a, ao, as, b, bo, bs, o, oo, n);
        }
    }

    @Override
    public void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        if (n <= 0) return;
        if (as == 0 && bs == 0) {
            Arrays.fill(o, oo, oo + n, op.apply(a[ao], b[bo]));
            return;
        }
        if (!(as == 1 || as == 0) || !(bs == 1 || bs == 0)) {
            scalarBinary(op, a, ao, as, b, bo, bs, o, oo, n);
            return;
        }
        switch (op) {
            case ADD -> DoubleLoops.add(a, ao, as, b, bo, bs, o, oo, n);
            case SUB -> DoubleLoops.sub(a, ao, as, b, bo, bs, o, oo, n);
            case MUL -> DoubleLoops.mul(a, ao, as, b, bo, bs, o, oo, n);
            case DIV -> DoubleLoops.div(a, ao, as, b, bo, bs, o, oo, n);
            case MAX -> DoubleLoops.max(a, ao, as, b, bo, bs, o, oo, n);
            case MIN -> DoubleLoops.min(a, ao, as, b, bo, bs, o, oo, n);
            case POW -> DoubleLoops.pow(a, ao, as, b, bo, bs, o, oo, n);
            case ATAN2 -> DoubleLoops.atan2(a, ao, as, b, bo, bs, o, oo, n);
            default -> scalarBinary(op, a, ao, as, b, bo, bs, o, oo, n);
        }
    }

    private static void scalarBinary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o,
                                     int oo, int n) {
        for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
    }

    private static void scalarBinary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o,
                                     int oo, int n) {
        for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
    }

    // ------------------------------------------------------------------ unary

    @Override
    public void unary(UnaryOp op, float[] a, int ao, float[] o, int oo, int n) {
        if (n <= 0) return;
        switch (op) {
            case NEG -> FloatLoops.neg(a, ao, o, oo, n);
            case ABS -> FloatLoops.abs(a, ao, o, oo, n);
            case EXP -> FloatLoops.exp(a, ao, o, oo, n);
            case LOG -> FloatLoops.log(a, ao, o, oo, n);
            case LOG1P -> FloatLoops.log1p(a, ao, o, oo, n);
            case EXPM1 -> FloatLoops.expm1(a, ao, o, oo, n);
            case SQRT -> FloatLoops.sqrt(a, ao, o, oo, n);
            case RSQRT -> FloatLoops.rsqrt(a, ao, o, oo, n);
            case SIN -> FloatLoops.sin(a, ao, o, oo, n);
            case COS -> FloatLoops.cos(a, ao, o, oo, n);
            case TAN -> FloatLoops.tan(a, ao, o, oo, n);
            case ASIN -> FloatLoops.asin(a, ao, o, oo, n);
            case ACOS -> FloatLoops.acos(a, ao, o, oo, n);
            case ATAN -> FloatLoops.atan(a, ao, o, oo, n);
            case SINH -> FloatLoops.sinh(a, ao, o, oo, n);
            case COSH -> FloatLoops.cosh(a, ao, o, oo, n);
            case TANH -> FloatLoops.tanh(a, ao, o, oo, n);
            case SIGMOID -> FloatLoops.sigmoid(a, ao, o, oo, n);
            case SIGN -> FloatLoops.sign(a, ao, o, oo, n);
            case FLOOR -> FloatLoops.floor(a, ao, o, oo, n);
            case CEIL -> FloatLoops.ceil(a, ao, o, oo, n);
            case ROUND -> FloatLoops.round(a, ao, o, oo, n);
            case TRUNC -> FloatLoops.trunc(a, ao, o, oo, n);
            case RECIPROCAL -> FloatLoops.reciprocal(a, ao, o, oo, n);
            case SQUARE -> FloatLoops.square(a, ao, o, oo, n);
            case RELU -> FloatLoops.relu(a, ao, o, oo, n);
            case ERF -> { for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i]); }
        }
    }

    @Override
    public void unary(UnaryOp op, double[] a, int ao, double[] o, int oo, int n) {
        if (n <= 0) return;
        switch (op) {
            case NEG -> DoubleLoops.neg(a, ao, o, oo, n);
            case ABS -> DoubleLoops.abs(a, ao, o, oo, n);
            case EXP -> DoubleLoops.exp(a, ao, o, oo, n);
            case LOG -> DoubleLoops.log(a, ao, o, oo, n);
            case LOG1P -> DoubleLoops.log1p(a, ao, o, oo, n);
            case EXPM1 -> DoubleLoops.expm1(a, ao, o, oo, n);
            case SQRT -> DoubleLoops.sqrt(a, ao, o, oo, n);
            case RSQRT -> DoubleLoops.rsqrt(a, ao, o, oo, n);
            case SIN -> DoubleLoops.sin(a, ao, o, oo, n);
            case COS -> DoubleLoops.cos(a, ao, o, oo, n);
            case TAN -> DoubleLoops.tan(a, ao, o, oo, n);
            case ASIN -> DoubleLoops.asin(a, ao, o, oo, n);
            case ACOS -> DoubleLoops.acos(a, ao, o, oo, n);
            case ATAN -> DoubleLoops.atan(a, ao, o, oo, n);
            case SINH -> DoubleLoops.sinh(a, ao, o, oo, n);
            case COSH -> DoubleLoops.cosh(a, ao, o, oo, n);
            case TANH -> DoubleLoops.tanh(a, ao, o, oo, n);
            case SIGMOID -> DoubleLoops.sigmoid(a, ao, o, oo, n);
            case SIGN -> DoubleLoops.sign(a, ao, o, oo, n);
            case FLOOR -> DoubleLoops.floor(a, ao, o, oo, n);
            case CEIL -> DoubleLoops.ceil(a, ao, o, oo, n);
            case ROUND -> DoubleLoops.round(a, ao, o, oo, n);
            case TRUNC -> DoubleLoops.trunc(a, ao, o, oo, n);
            case RECIPROCAL -> DoubleLoops.reciprocal(a, ao, o, oo, n);
            case SQUARE -> DoubleLoops.square(a, ao, o, oo, n);
            case RELU -> DoubleLoops.relu(a, ao, o, oo, n);
            case ERF -> { for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i]); }
        }
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public float reduce(ReduceOp op, float[] a, int ao, int n) {
        return switch (op) {
            case SUM -> FloatLoops.sum(a, ao, Math.max(n, 0));
            case PROD -> FloatLoops.prod(a, ao, Math.max(n, 0));
            case MAX -> FloatLoops.max(a, ao, Math.max(n, 0));
            case MIN -> FloatLoops.min(a, ao, Math.max(n, 0));
            default -> throw new IllegalArgumentException("reduce: " + op + " is not a value reduction");
        };
    }

    @Override
    public double reduce(ReduceOp op, double[] a, int ao, int n) {
        return switch (op) {
            case SUM -> DoubleLoops.sum(a, ao, Math.max(n, 0));
            case PROD -> DoubleLoops.prod(a, ao, Math.max(n, 0));
            case MAX -> DoubleLoops.max(a, ao, Math.max(n, 0));
            case MIN -> DoubleLoops.min(a, ao, Math.max(n, 0));
            default -> throw new IllegalArgumentException("reduce: " + op + " is not a value reduction");
        };
    }

    @Override
    public void accumulate(ReduceOp op, float[] a, int ao, float[] acc, int oo, int n) {
        switch (op) {
            case SUM -> FloatLoops.accumulateSum(a, ao, acc, oo, n);
            case PROD -> FloatLoops.accumulateProd(a, ao, acc, oo, n);
            case MAX -> FloatLoops.accumulateMax(a, ao, acc, oo, n);
            case MIN -> FloatLoops.accumulateMin(a, ao, acc, oo, n);
            default -> throw new IllegalArgumentException("accumulate: " + op + " is not a value reduction");
        }
    }

    @Override
    public void accumulate(ReduceOp op, double[] a, int ao, double[] acc, int oo, int n) {
        switch (op) {
            case SUM -> DoubleLoops.accumulateSum(a, ao, acc, oo, n);
            case PROD -> DoubleLoops.accumulateProd(a, ao, acc, oo, n);
            case MAX -> DoubleLoops.accumulateMax(a, ao, acc, oo, n);
            case MIN -> DoubleLoops.accumulateMin(a, ao, acc, oo, n);
            default -> throw new IllegalArgumentException("accumulate: " + op + " is not a value reduction");
        }
    }

    @Override
    public String description() {
        return "Vector API, " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit ("
                + FloatVector.SPECIES_PREFERRED.length() + " float / " + DoubleVector.SPECIES_PREFERRED.length()
                + " double lanes)";
    }
}
