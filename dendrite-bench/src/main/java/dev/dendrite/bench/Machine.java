package dev.dendrite.bench;

import dev.dendrite.kernels.Parallel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The header of every report: what the figures were measured on. */
final class Machine {
    private Machine() {}

    static String describe() {
        return "Dendrite benchmarks: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + Runtime.version() + ", " + Parallel.threads() + " intra-op threads";
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                var model = lines.filter(l -> l.startsWith("model name")).findFirst();
                if (model.isPresent()) return model.get().substring(model.get().indexOf(':') + 1).trim();
            } catch (IOException | java.io.UncheckedIOException e) {
                // fall through to the generic description
            }
        }
        return System.getProperty("os.arch") + " CPU";
    }
}
