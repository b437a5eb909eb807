package dev.dendrite.kernels;

/**
 * Loops over contiguous runs of float and double arrays: the innermost, hottest code of the
 * elementwise and reduction kernels. A step of 0 means the operand is one broadcast value.
 * {@link Kernels#arrays()} picks the Vector API implementation when the incubator module is
 * present and the scalar one otherwise.
 */
public interface ArrayKernels {
    /** {@code o[oo+i] = a[ao+i*aStep] op b[bo+i*bStep]}, steps 0 or 1; {@code op} must not produce bool. */
    void binary(BinaryOp op, float[] a, int ao, int aStep, float[] b, int bo, int bStep, float[] o, int oo, int n);

    void binary(BinaryOp op, double[] a, int ao, int aStep, double[] b, int bo, int bStep, double[] o, int oo, int n);

    /** {@code o[oo+i] = op(a[ao+i])}. */
    void unary(UnaryOp op, float[] a, int ao, float[] o, int oo, int n);

    void unary(UnaryOp op, double[] a, int ao, double[] o, int oo, int n);

    /** Reduces {@code a[ao .. ao+n)} with SUM, PROD, MAX or MIN. */
    float reduce(ReduceOp op, float[] a, int ao, int n);

    double reduce(ReduceOp op, double[] a, int ao, int n);

    /** {@code acc[oo+i] = acc[oo+i] op a[ao+i]} with SUM, PROD, MAX or MIN: folds one row into an accumulator row. */
    void accumulate(ReduceOp op, float[] a, int ao, float[] acc, int oo, int n);

    void accumulate(ReduceOp op, double[] a, int ao, double[] acc, int oo, int n);

    /** A short description for diagnostics and benchmark reports. */
    String description();
}
