package dev.dendrite.kernels;

/** Elementwise functions of one argument, with their scalar definitions (used by every fallback path). */
public enum UnaryOp {
    NEG, ABS, EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH, TANH,
    SIGMOID, ERF, SIGN, FLOOR, CEIL, ROUND, TRUNC, RECIPROCAL, SQUARE, RELU;

    public double apply(double x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case ASIN -> Math.asin(x);
            case ACOS -> Math.acos(x);
            case ATAN -> Math.atan(x);
            case SINH -> Math.sinh(x);
            case COSH -> Math.cosh(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            case ERF -> SpecialFunctions.erf(x);
            case SIGN -> Double.isNaN(x) ? x : Math.signum(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x); // half to even, as torch.round
            case TRUNC -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case RECIPROCAL -> 1.0 / x;
            case SQUARE -> x * x;
            case RELU -> x > 0 ? x : (Double.isNaN(x) ? x : 0.0);
        };
    }

    public float apply(float x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case RELU -> x > 0 ? x : (Float.isNaN(x) ? x : 0f);
            case RECIPROCAL -> 1f / x;
            case SQRT -> (float) Math.sqrt(x);
            case SIGMOID -> x >= 0 ? 1f / (1f + (float) Math.exp(-x)) : (float) (Math.exp(x) / (1.0 + Math.exp(x)));
            default -> (float) apply((double) x);
        };
    }

    /** Integer semantics, for the ops that keep integer dtypes (others promote to float first). */
    public long applyLong(long x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            case SQUARE -> x * x;
            case RELU -> Math.max(x, 0);
            case FLOOR, CEIL, ROUND, TRUNC -> x;
            default -> throw new IllegalArgumentException(name().toLowerCase() + ": not defined for integer tensors");
        };
    }

    /** True for ops that keep an integer dtype; the rest compute in floating point. */
    public boolean keepsIntegers() {
        return switch (this) {
            case NEG, ABS, SIGN, SQUARE, RELU, FLOOR, CEIL, ROUND, TRUNC -> true;
            default -> false;
        };
    }
}
