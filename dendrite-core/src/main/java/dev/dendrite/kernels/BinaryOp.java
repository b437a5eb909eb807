package dev.dendrite.kernels;

/** Elementwise functions of two arguments (the comparisons and logical ops produce bool). */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN, ATAN2, REMAINDER, FMOD, FLOOR_DIVIDE,
    EQ, NE, LT, LE, GT, GE, AND, OR, XOR;

    public boolean isComparison() { return ordinal() >= EQ.ordinal() && ordinal() <= GE.ordinal(); }

    public boolean isLogical() { return this == AND || this == OR || this == XOR; }

    /** True when the result is bool whatever the inputs are. */
    public boolean producesBool() { return isComparison() || isLogical(); }

    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case ATAN2 -> Math.atan2(a, b);
            case REMAINDER -> {                   // Python's %: the sign follows the divisor
                double r = a % b;
                yield (r != 0 && (r < 0) != (b < 0)) ? r + b : r;
            }
            case FMOD -> a % b;                   // C's fmod: the sign follows the dividend
            case FLOOR_DIVIDE -> Math.floor(a / b);
            default -> test(a, b) ? 1 : 0;
        };
    }

    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> (float) apply((double) a, (double) b);
        };
    }

    public long applyLong(long a, long b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> {
                if (b < 0) throw new ArithmeticException("pow: integers to negative integer powers are not allowed");
                long r = 1, base = a;
                for (long e = b; e > 0; e >>= 1) {
                    if ((e & 1) != 0) r *= base;
                    base *= base;
                }
                yield r;
            }
            case REMAINDER -> {
                checkDivisor(b);
                yield Math.floorMod(a, b);
            }
            case FMOD -> {
                checkDivisor(b);
                yield a % b;
            }
            case FLOOR_DIVIDE -> {
                checkDivisor(b);
                yield Math.floorDiv(a, b);
            }
            case DIV, ATAN2 -> throw new IllegalStateException(name() + " computes in floating point");
            default -> testLong(a, b) ? 1 : 0;
        };
    }

    private void checkDivisor(long b) {
        if (b == 0) throw new ArithmeticException(name().toLowerCase() + ": integer division by zero");
    }

    /** The bool result of a comparison or logical op on two values. */
    public boolean test(double a, double b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            case AND -> a != 0 && b != 0;
            case OR -> a != 0 || b != 0;
            case XOR -> (a != 0) != (b != 0);
            default -> throw new IllegalStateException(name() + " is not a predicate");
        };
    }

    public boolean testLong(long a, long b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            case AND -> a != 0 && b != 0;
            case OR -> a != 0 || b != 0;
            case XOR -> (a != 0) != (b != 0);
            default -> throw new IllegalStateException(name() + " is not a predicate");
        };
    }
}
