package dev.dendrite.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark harness: {@code Bench [section...]} runs the named sections (all by default),
 * {@code Bench --list} lists them. Throughput is reported next to a reference measured in the
 * same run, never as a pass/fail threshold.
 */
public final class Bench {
    /** Every section, in report order. */
    static final List<Benchmark> SECTIONS = List.of(new GemmBenchmark(), new DispatchBenchmark(), new TrainingStepBenchmark(),
            new ResNetBenchmark());

    private Bench() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Map<String, Benchmark> byName = new LinkedHashMap<>();
        for (Benchmark b : SECTIONS) byName.put(b.name(), b);
        List<Benchmark> chosen = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--list") || arg.equals("-h") || arg.equals("--help")) {
                out.println("usage: Bench [section...]   (default: all sections)");
                for (Benchmark b : SECTIONS) out.printf("  %-12s %s%n", b.name(), b.description());
                return 0;
            }
            Benchmark b = byName.get(arg);
            if (b == null) {
                err.println("Bench: unknown section '" + arg + "'; sections: " + String.join(", ", byName.keySet()));
                return 2;
            }
            chosen.add(b);
        }
        if (chosen.isEmpty()) chosen.addAll(SECTIONS);
        out.println(Machine.describe());
        for (Benchmark b : chosen) {
            out.println();
            b.run(out);
        }
        return 0;
    }
}
