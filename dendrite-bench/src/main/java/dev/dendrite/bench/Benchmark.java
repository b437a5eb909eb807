package dev.dendrite.bench;

import java.io.PrintStream;

/**
 * One section of the benchmark report. A section measures Dendrite against a reference taken on
 * the same machine in the same run, and prints its own table (see {@link Table}, {@link Timer}).
 * Add a section by implementing this and listing it in {@link Bench#SECTIONS}.
 */
public interface Benchmark {
    /** The name used on the command line, e.g. "gemm". */
    String name();

    /** One line for {@code Bench --list}. */
    String description();

    void run(PrintStream out) throws Exception;
}
