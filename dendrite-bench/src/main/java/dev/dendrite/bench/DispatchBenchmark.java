package dev.dendrite.bench;

import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The fixed cost of one tiny op: {@code a.add(b)} on two 16-element float32 tensors, which is all
 * dispatch (checks, broadcasting, allocation, recording) and almost no arithmetic. Measured with
 * and without autograd recording, against NumPy's {@code a + b} on the same machine as the
 * reference. Calls are timed in blocks of {@value #CALLS_PER_SAMPLE}, since one call is shorter
 * than the clock's resolution.
 */
final class DispatchBenchmark implements Benchmark {
    private static final int CALLS_PER_SAMPLE = 10_000;
    private static final Timer TIMER = new Timer(200, 1.0, 30, 1.0, 10_000);

    private static final String SCRIPT = """
            import sys, time, statistics
            try:
                import numpy as np
            except ImportError as e:
                print("unavailable numpy is not installed (" + str(e) + ")", flush=True)
                sys.exit(0)
            calls = int(sys.argv[1])
            a = np.random.default_rng(1).random(16, dtype=np.float32)
            b = np.random.default_rng(2).random(16, dtype=np.float32)
            def block():
                for _ in range(calls):
                    a + b
            end = time.perf_counter() + 1.0
            while time.perf_counter() < end:
                block()
            samples = []
            end = time.perf_counter() + 1.0
            while len(samples) < 30 or time.perf_counter() < end:
                t0 = time.perf_counter_ns()
                block()
                samples.append((time.perf_counter_ns() - t0) * 1e-9 / calls)
            print("result %r NumPy %s" % (statistics.median(samples), np.__version__), flush=True)
            """;

    @Override public String name() { return "dispatch"; }

    @Override public String description() { return "microseconds per add of two 16-element tensors, with and without grad, vs NumPy"; }

    @Override
    public void run(PrintStream out) throws IOException {
        Tensor a = Tensor.randn(16), b = Tensor.randn(16);
        Tensor ag = Tensor.randn(16).requiresGrad(), bg = Tensor.randn(16).requiresGrad();
        double plain = perCall(() -> a.add(b));
        double recorded = perCall(() -> ag.add(bg));
        double numpy = Double.NaN;
        String reference;
        try (Python python = Python.start(SCRIPT, List.of(String.valueOf(CALLS_PER_SAMPLE)), Map.of())) {
            String line = python.receive();
            if (line.startsWith("result ")) {
                String[] words = line.split(" ", 3);
                numpy = Double.parseDouble(words[1]);
                reference = words[2] + " a + b";
            } else {
                reference = "reference unavailable: " + line;
            }
        } catch (IOException e) {
            reference = "reference unavailable: " + e.getMessage();
        }
        out.println("Dispatch: c = a + b on two 16-element float32 tensors, median over blocks of "
                + CALLS_PER_SAMPLE + " calls");
        out.println("  reference: " + reference);
        out.println();
        Table table = new Table("case", "us per op", "NumPy us per op", "Dendrite/NumPy");
        table.row("no grad", Table.fixed(plain * 1e6, 3), Table.fixed(numpy * 1e6, 3), Table.fixed(plain / numpy, 2));
        table.row("with grad (recorded)", Table.fixed(recorded * 1e6, 3), Table.fixed(numpy * 1e6, 3),
                Table.fixed(recorded / numpy, 2));
        table.print(out);
    }

    /** Results land here so that the JIT cannot drop the work as dead code. */
    private static volatile Tensor sink;

    private static double perCall(java.util.function.Supplier<Tensor> op) {
        Runnable block = () -> {
            for (int i = 0; i < CALLS_PER_SAMPLE; i++) sink = op.get();
        };
        return TIMER.measure(block).medianSeconds() / CALLS_PER_SAMPLE;
    }
}
