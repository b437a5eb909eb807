package dev.dendrite.bench;

import java.util.Arrays;

/**
 * Times an operation: a warm-up (for the JIT, caches and thread pools), then repeated timed calls
 * until both a minimum number of samples and a minimum total time are reached. The median is the
 * figure to report: it ignores the occasional call slowed by the OS or by garbage collection.
 */
public record Timer(int warmupCalls, double warmupSeconds, int minSamples, double minSeconds, int maxSamples) {
    /** The settings the report uses; the NumPy reference is timed with the same ones. */
    public static final Timer DEFAULT = new Timer(3, 0.3, 10, 1.0, 10_000);

    /** Median and minimum seconds per call over {@code samples} calls. */
    public record Result(double medianSeconds, double minSeconds, int samples) {
        /** Operations per second at the median, in units of 10^9 (e.g. GFLOPS when opsPerCall counts flops). */
        public double giga(double opsPerCall) { return opsPerCall / medianSeconds / 1e9; }
    }

    public Result measure(Runnable operation) {
        warmUp(operation);
        double[] samples = new double[maxSamples];
        int count = 0;
        long start = System.nanoTime();
        while (count < maxSamples && (count < minSamples || System.nanoTime() - start < minSeconds * 1e9)) {
            long t0 = System.nanoTime();
            operation.run();
            samples[count++] = (System.nanoTime() - t0) * 1e-9;
        }
        double[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return new Result(median(sorted), sorted[0], count);
    }

    /** Only the warm-up: at least warmupCalls calls and warmupSeconds. */
    public void warmUp(Runnable operation) {
        long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; i < warmupCalls || System.nanoTime() < end; i++) operation.run();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
