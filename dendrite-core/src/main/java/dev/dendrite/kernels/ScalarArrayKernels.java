package dev.dendrite.kernels;

/**
 * Plain-loop {@link ArrayKernels}: the fallback when the Vector API is absent, and the reference
 * the vectorized kernels are tested against. The common ops get their own loops (which the JIT
 * auto-vectorizes); the rest go through the op's scalar definition.
 */
public final class ScalarArrayKernels implements ArrayKernels {

    @Override
    public void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i]; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i]; }
                default -> { for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i], b[bo + i]); }
            }
        } else if (as == 1) {
            float s = b[bo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + s; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - s; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * s; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / s; }
                default -> { for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i], s); }
            }
        } else {
            for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int n) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i]; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i]; }
                default -> { for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i], b[bo + i]); }
            }
        } else {
            for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void unary(UnaryOp op, float[] a, int ao, float[] o, int oo, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) o[oo + i] = -a[ao + i]; }
            case RELU -> { for (int i = 0; i < n; i++) o[oo + i] = UnaryOp.RELU.apply(a[ao + i]); }
            case SQUARE -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * a[ao + i]; }
            default -> { for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i]); }
        }
    }

    @Override
    public void unary(UnaryOp op, double[] a, int ao, double[] o, int oo, int n) {
        for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i]);
    }

    @Override
    public float reduce(ReduceOp op, float[] a, int ao, int n) {
        switch (op) {
            case SUM -> {
                // four partial sums: shorter dependency chains, and less rounding drift than one
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int i = 0;
                for (; i + 3 < n; i += 4) {
                    s0 += a[ao + i];
                    s1 += a[ao + i + 1];
                    s2 += a[ao + i + 2];
                    s3 += a[ao + i + 3];
                }
                for (; i < n; i++) s0 += a[ao + i];
                return (float) ((s0 + s1) + (s2 + s3));
            }
            case PROD -> {
                double p = 1;
                for (int i = 0; i < n; i++) p *= a[ao + i];
                return (float) p;
            }
            case MAX -> {
                float m = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    float v = a[ao + i];
                    if (v > m || Float.isNaN(v)) m = v;
                    if (Float.isNaN(m)) return m;
                }
                return m;
            }
            case MIN -> {
                float m = Float.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    float v = a[ao + i];
                    if (v < m || Float.isNaN(v)) m = v;
                    if (Float.isNaN(m)) return m;
                }
                return m;
            }
            default -> throw new IllegalArgumentException("reduce: " + op + " is not a value reduction");
        }
    }

    @Override
    public double reduce(ReduceOp op, double[] a, int ao, int n) {
        switch (op) {
            case SUM -> {
                double s0 = 0, s1 = 0;
                int i = 0;
                for (; i + 1 < n; i += 2) {
                    s0 += a[ao + i];
                    s1 += a[ao + i + 1];
                }
                for (; i < n; i++) s0 += a[ao + i];
                return s0 + s1;
            }
            case PROD -> {
                double p = 1;
                for (int i = 0; i < n; i++) p *= a[ao + i];
                return p;
            }
            case MAX -> {
                double m = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double v = a[ao + i];
                    if (v > m || Double.isNaN(v)) m = v;
                    if (Double.isNaN(m)) return m;
                }
                return m;
            }
            case MIN -> {
                double m = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double v = a[ao + i];
                    if (v < m || Double.isNaN(v)) m = v;
                    if (Double.isNaN(m)) return m;
                }
                return m;
            }
            default -> throw new IllegalArgumentException("reduce: " + op + " is not a value reduction");
        }
    }

    @Override
    public void accumulate(ReduceOp op, float[] a, int ao, float[] acc, int oo, int n) {
        switch (op) {
            case SUM -> { for (int i = 0; i < n; i++) acc[oo + i] += a[ao + i]; }
            case PROD -> { for (int i = 0; i < n; i++) acc[oo + i] *= a[ao + i]; }
            case MAX -> { for (int i = 0; i < n; i++) acc[oo + i] = nanMax(acc[oo + i], a[ao + i]); }
            case MIN -> { for (int i = 0; i < n; i++) acc[oo + i] = nanMin(acc[oo + i], a[ao + i]); }
            default -> throw new IllegalArgumentException("accumulate: " + op + " is not a value reduction");
        }
    }

    @Override
    public void accumulate(ReduceOp op, double[] a, int ao, double[] acc, int oo, int n) {
        switch (op) {
            case SUM -> { for (int i = 0; i < n; i++) acc[oo + i] += a[ao + i]; }
            case PROD -> { for (int i = 0; i < n; i++) acc[oo + i] *= a[ao + i]; }
            case MAX -> { for (int i = 0; i < n; i++) acc[oo + i] = Math.max(acc[oo + i], a[ao + i]); }
            case MIN -> { for (int i = 0; i < n; i++) acc[oo + i] = Math.min(acc[oo + i], a[ao + i]); }
            default -> throw new IllegalArgumentException("accumulate: " + op + " is not a value reduction");
        }
    }

    private static float nanMax(float x, float y) { return Math.max(x, y); }

    private static float nanMin(float x, float y) { return Math.min(x, y); }

    @Override
    public String description() { return "scalar loops"; }
}
