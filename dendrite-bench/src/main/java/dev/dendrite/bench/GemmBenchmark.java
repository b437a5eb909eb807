package dev.dendrite.bench;

import dev.dendrite.kernels.Gemm;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.kernels.blas.JavaGemm;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Square float32 matrix products C = A @ B: Dendrite's {@link Gemm#sgemm} (what the framework
 * uses), NumPy's BLAS as the reference, and the pure-Java GEMM that Dendrite falls back to.
 * The three are measured in alternating rounds and each reports the median of its round
 * medians, so that a burst of load from elsewhere on the machine hits all of them alike.
 */
final class GemmBenchmark implements Benchmark {
    private static final List<Integer> SIZES = List.of(256, 1024, 2048);
    private static final int ROUNDS = 3;
    /** Per round: short warm-up, then at least 5 calls and 0.4 s. */
    private static final Timer ROUND = new Timer(2, 0.1, 5, 0.4, 10_000);
    private static final Timer WARM_UP = new Timer(3, 0.5, 0, 0, 0);
    private static final long SETTLE_MILLIS = 300;

    @Override public String name() { return "gemm"; }

    @Override public String description() { return "sgemm GFLOPS at n = 256, 1024, 2048: Dendrite, NumPy, pure Java"; }

    @Override
    public void run(PrintStream out) throws InterruptedException, IOException {
        int threads = Parallel.threads();
        NumpyGemm numpy = null;
        String numpyLine;
        try {
            numpy = NumpyGemm.start(threads, ROUND);
            numpyLine = numpy.description();
        } catch (IOException e) {
            numpyLine = "reference unavailable: " + e.getMessage();
        }

        out.println("GEMM: C = A @ B, float32, n x n, " + threads + " threads; GFLOPS = 2 n^3 / time per call,"
                + " median over " + ROUNDS + " alternating rounds");
        out.println("  Dendrite:  " + Gemm.implementation());
        out.println("  NumPy:     " + numpyLine);
        out.println("  pure Java: " + JavaGemm.best().description());
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        if (coreType != null) {
            out.println("  note: OPENBLAS_CORETYPE=" + coreType + " is set in the environment, so both OpenBLAS builds run that kernel family");
        }
        out.println();

        List<Operands> operands = SIZES.stream().map(Operands::random).toList();
        // Compile every Java path before any timing, so that JIT compiler threads do not compete
        // with a measurement (BLAS threads that lose their core mid-call slow down a hundredfold).
        for (Operands x : operands) {
            WARM_UP.warmUp(() -> dendrite(x));
            WARM_UP.warmUp(() -> pureJava(x));
        }

        Table table = new Table("n", "Dendrite GFLOPS", "NumPy GFLOPS", "Dendrite/NumPy", "pure Java GFLOPS");
        try {
            for (Operands x : operands) {
                int n = x.n();
                double[] dendrite = new double[ROUNDS], reference = new double[ROUNDS], pureJava = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    settle();
                    reference[round] = numpy == null ? Double.NaN : numpy.measure(n).medianSeconds();
                    settle();
                    dendrite[round] = ROUND.measure(() -> dendrite(x)).medianSeconds();
                    settle();
                    pureJava[round] = ROUND.measure(() -> pureJava(x)).medianSeconds();
                }
                double d = gflops(n, dendrite), r = gflops(n, reference);
                table.row(n, Table.fixed(d, 1), Table.fixed(r, 1), Table.fixed(d / r, 2), Table.fixed(gflops(n, pureJava), 1));
            }
        } finally {
            if (numpy != null) numpy.close();
        }

        table.print(out);
    }

    /**
     * Waits until the BLAS threads of the implementation measured last have gone to sleep. After
     * each call OpenBLAS keeps its worker threads spinning for about 0.1 s (2^28 cycles) so that
     * the next call starts fast; meanwhile they occupy cores. Measured here: a NumPy process whose
     * workers were spinning made Dendrite's 256^3 sgemm 240 times slower (36 ms instead of 0.15).
     * (A shorter OPENBLAS_THREAD_TIMEOUT is no cure: OpenBLAS then needs milliseconds to wake its
     * workers on every call.)
     */
    private static void settle() throws InterruptedException { Thread.sleep(SETTLE_MILLIS); }

    /** 2 n^3 flops over the median of the per-round times (NaN when there are none). */
    private static double gflops(int n, double[] secondsPerRound) {
        double[] sorted = secondsPerRound.clone();
        Arrays.sort(sorted);
        return 2.0 * n * n * n / sorted[sorted.length / 2] / 1e9;
    }

    private static void dendrite(Operands x) {
        int n = x.n();
        Gemm.sgemm(false, false, n, n, n, 1f, x.a(), 0, n, x.b(), 0, n, 0f, x.c(), 0, n);
    }

    private static void pureJava(Operands x) {
        int n = x.n();
        JavaGemm.best().sgemm(false, false, n, n, n, 1f, x.a(), 0, n, x.b(), 0, n, 0f, x.c(), 0, n);
    }

    /** A, B and C for one size; values in [0, 1) like NumPy's rng.random. */
    private record Operands(int n, float[] a, float[] b, float[] c) {
        static Operands random(int n) {
            Random random = new Random(n);
            float[] a = new float[n * n], b = new float[n * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextFloat();
                b[i] = random.nextFloat();
            }
            return new Operands(n, a, b, new float[n * n]);
        }
    }
}
