package dev.dendrite.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * NumPy's float32 matrix product, timed inside a running Python with the same {@link Timer}
 * settings and thread count as the Java side. {@code np.matmul(a, b, out=c)} is {@code a @ b}
 * written into an existing array, as Gemm.sgemm writes into an existing C, so neither side pays
 * for allocating the result.
 */
final class NumpyGemm implements AutoCloseable {
    /** Prints "info ..." (or "unavailable ..."), then answers each size n read from stdin with "result n median min samples". */
    private static final String SCRIPT = """
            import sys, time, statistics
            try:
                import numpy as np
            except ImportError as e:
                print("unavailable numpy is not installed for " + sys.executable + " (" + str(e) + ")", flush=True)
                sys.exit(0)
            warmup_calls, warmup_s, min_samples, min_s, max_samples = (
                int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]))
            blas = "BLAS unknown"
            try:
                cfg = np.__config__.CONFIG["Build Dependencies"]["blas"]
                blas = cfg["name"] + " " + str(cfg["version"])
            except Exception:
                pass
            print("info NumPy " + np.__version__ + ", " + blas, flush=True)
            rng = np.random.default_rng(1)
            operands = {}
            for line in sys.stdin:
                n = int(line)
                if n not in operands:
                    operands[n] = (rng.random((n, n), dtype=np.float32), rng.random((n, n), dtype=np.float32),
                                   np.empty((n, n), dtype=np.float32))
                a, b, c = operands[n]
                end = time.perf_counter() + warmup_s
                i = 0
                while i < warmup_calls or time.perf_counter() < end:
                    np.matmul(a, b, out=c)
                    i += 1
                samples = []
                start = time.perf_counter()
                while len(samples) < max_samples and (len(samples) < min_samples or time.perf_counter() - start < min_s):
                    t0 = time.perf_counter_ns()
                    np.matmul(a, b, out=c)
                    samples.append((time.perf_counter_ns() - t0) * 1e-9)
                samples.sort()
                print("result %d %r %r %d" % (n, statistics.median(samples), samples[0], len(samples)), flush=True)
            """;

    private final Python python;
    private final String description;

    private NumpyGemm(Python python, String description) {
        this.python = python;
        this.description = description;
    }

    /**
     * Starts the reference with {@code threads} BLAS threads.
     *
     * @throws IOException when Python or NumPy is missing; the message says which
     */
    static NumpyGemm start(int threads, Timer timer) throws IOException {
        String t = String.valueOf(threads);
        Python python = Python.start(SCRIPT, List.of(String.valueOf(timer.warmupCalls()), String.valueOf(timer.warmupSeconds()),
                        String.valueOf(timer.minSamples()), String.valueOf(timer.minSeconds()), String.valueOf(timer.maxSamples())),
                Map.of("OMP_NUM_THREADS", t, "OPENBLAS_NUM_THREADS", t, "MKL_NUM_THREADS", t));
        String first = python.receive();
        if (!first.startsWith("info ")) {
            python.close();
            throw new IOException(first.startsWith("unavailable ") ? first.substring("unavailable ".length())
                    : "unexpected output from " + Python.interpreter() + ": " + first);
        }
        return new NumpyGemm(python, first.substring("info ".length()) + " (" + threads + " BLAS threads)");
    }

    String description() { return description; }

    /** Times n x n times n x n in NumPy. */
    Timer.Result measure(int n) throws IOException {
        python.send(String.valueOf(n));
        String[] words = python.receive().split(" ");
        if (words.length != 5 || !words[0].equals("result") || Integer.parseInt(words[1]) != n) {
            throw new IOException("unexpected reply from " + Python.interpreter() + ": " + String.join(" ", words));
        }
        return new Timer.Result(Double.parseDouble(words[2]), Double.parseDouble(words[3]), Integer.parseInt(words[4]));
    }

    @Override
    public void close() throws IOException { python.close(); }
}
