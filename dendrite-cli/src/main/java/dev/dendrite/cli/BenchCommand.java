package dev.dendrite.cli;

import dev.dendrite.bench.Bench;

import java.io.PrintStream;

/** {@code dendrite bench}: the benchmark harness of dendrite-bench (kernels and training steps against references). */
final class BenchCommand implements Command {
    @Override
    public String name() { return "bench"; }

    @Override
    public String summary() { return "measure kernels and training steps against references in the same run"; }

    @Override
    public String usage() {
        return """
                usage: dendrite bench [SECTION...]
                       dendrite bench --list

                Runs the benchmark sections (all by default) and prints each as a table with the
                ratio to its reference, measured in the same run: sgemm against NumPy's BLAS, the cost
                of a tiny op against NumPy, training steps against PyTorch when built with -Pdjl.
                See dendrite-bench/README.md. Run it on an otherwise idle machine.
                """;
    }

    @Override
    public int run(String[] args, PrintStream out) throws UsageException {
        try {
            return Bench.run(args, out, System.err);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("bench: " + e.getMessage(), e);
        }
    }
}
