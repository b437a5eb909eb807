package dev.dendrite.kernels.vector;

import dev.dendrite.kernels.ArrayKernels;
import dev.dendrite.kernels.BinaryOp;
import dev.dendrite.kernels.ReduceOp;
import dev.dendrite.kernels.ScalarArrayKernels;
import dev.dendrite.kernels.UnaryOp;
import java.util.Arrays;
import java.util.Random;

/**
 * A plain timing harness (not a test): the vector array kernels against the scalar ones on one
 * thread, as the median time of several timed batches after a warm-up, and their ratio. Run from
 * dendrite-core after {@code mvn test-compile}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes \
 *     dev.dendrite.kernels.vector.ArrayKernelsBenchmark [elements]
 * </pre>
 */
public final class ArrayKernelsBenchmark {
    private ArrayKernelsBenchmark() {}

    private interface Body {
        void run(ArrayKernels k);
    }

    private static volatile float sink;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        Random r = new Random(42);
        float[] a = new float[n], b = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 3);
            b[i] = (float) (r.nextGaussian() * 3 + 10);
        }
        ArrayKernels scalar = new ScalarArrayKernels(), vector = new VectorArrayKernels();
        System.out.printf("%d float32 elements, one thread; %s%n", n, vector.description());
        System.out.printf("%-10s %12s %12s %9s%n", "op", "scalar us", "vector us", "speedup");
        bench("add", scalar, vector, k -> k.binary(BinaryOp.ADD, a, 0, 1, b, 0, 1, o, 0, n));
        bench("mul", scalar, vector, k -> k.binary(BinaryOp.MUL, a, 0, 1, b, 0, 1, o, 0, n));
        bench("mul scalar", scalar, vector, k -> k.binary(BinaryOp.MUL, a, 0, 1, b, 0, 0, o, 0, n));
        bench("div", scalar, vector, k -> k.binary(BinaryOp.DIV, a, 0, 1, b, 0, 1, o, 0, n));
        bench("max", scalar, vector, k -> k.binary(BinaryOp.MAX, a, 0, 1, b, 0, 1, o, 0, n));
        bench("pow", scalar, vector, k -> k.binary(BinaryOp.POW, b, 0, 1, a, 0, 1, o, 0, n));
        bench("exp", scalar, vector, k -> k.unary(UnaryOp.EXP, a, 0, o, 0, n));
        bench("log", scalar, vector, k -> k.unary(UnaryOp.LOG, b, 0, o, 0, n));
        bench("tanh", scalar, vector, k -> k.unary(UnaryOp.TANH, a, 0, o, 0, n));
        bench("sigmoid", scalar, vector, k -> k.unary(UnaryOp.SIGMOID, a, 0, o, 0, n));
        bench("sin", scalar, vector, k -> k.unary(UnaryOp.SIN, a, 0, o, 0, n));
        bench("relu", scalar, vector, k -> k.unary(UnaryOp.RELU, a, 0, o, 0, n));
        bench("sqrt", scalar, vector, k -> k.unary(UnaryOp.SQRT, b, 0, o, 0, n));
        bench("floor", scalar, vector, k -> k.unary(UnaryOp.FLOOR, a, 0, o, 0, n));
        bench("sum", scalar, vector, k -> sink += k.reduce(ReduceOp.SUM, a, 0, n));
        bench("max red.", scalar, vector, k -> sink += k.reduce(ReduceOp.MAX, a, 0, n));
        bench("acc sum", scalar, vector, k -> k.accumulate(ReduceOp.SUM, a, 0, o, 0, n));
        bench("acc max", scalar, vector, k -> k.accumulate(ReduceOp.MAX, a, 0, o, 0, n));
    }

    private static void bench(String name, ArrayKernels scalar, ArrayKernels vector, Body body) {
        double s = medianMicros(scalar, body), v = medianMicros(vector, body);
        System.out.printf("%-10s %12.1f %12.1f %8.1fx%n", name, s, v, s / v);
    }

    /** Warm up for about half a second, then the median of 11 batches, per call. */
    private static double medianMicros(ArrayKernels k, Body body) {
        long until = System.nanoTime() + 500_000_000L;
        int calls = 0;
        while (System.nanoTime() < until || calls < 20) {
            body.run(k);
            calls++;
        }
        int batch = Math.max(1, calls / 10);
        double[] t = new double[11];
        for (int s = 0; s < t.length; s++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) body.run(k);
            t[s] = (System.nanoTime() - t0) / 1e3 / batch;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
