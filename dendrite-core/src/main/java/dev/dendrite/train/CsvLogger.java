package dev.dendrite.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every logged value as CSV: {@code steps.csv} has one row per training batch
 * ({@code epoch,batch,global_batch,} then the running loss, metrics and lr), {@code epochs.csv}
 * one row per epoch ({@code epoch,} then the epoch's training and validation values). The header
 * is the first row's keys; a row is written and flushed as soon as it is known, so the files can
 * be followed while training runs. A resumed run appends to existing files (without a second
 * header). Numbers are written in Java's shortest round-trip form (e.g. {@code 1.0E-4}).
 */
public final class CsvLogger implements Callback {
    private final Path stepsPath, epochsPath;
    private final boolean logSteps;
    private Table steps, epochs;

    /** {@code dir/steps.csv} and {@code dir/epochs.csv}. */
    public CsvLogger(Path dir) { this(dir.resolve("steps.csv"), dir.resolve("epochs.csv"), true); }

    /** @param stepsPath ignored when {@code logSteps} is false */
    public CsvLogger(Path stepsPath, Path epochsPath, boolean logSteps) {
        this.stepsPath = stepsPath;
        this.epochsPath = epochsPath;
        this.logSteps = logSteps;
    }

    @Override
    public void onFitStart(TrainContext ctx) {
        if (logSteps) steps = new Table(stepsPath, List.of("epoch", "batch", "global_batch"));
        epochs = new Table(epochsPath, List.of("epoch"));
    }

    @Override
    public void onBatchEnd(TrainContext ctx) {
        if (steps != null) steps.write(new double[] {ctx.epoch() + 1, ctx.batch(), ctx.globalBatch()}, ctx.logs());
    }

    @Override
    public void onEpochEnd(TrainContext ctx) {
        epochs.write(new double[] {ctx.epoch() + 1}, ctx.logs());
    }

    @Override
    public void onFitEnd(TrainContext ctx) {
        if (steps != null) steps.close();
        if (epochs != null) epochs.close();
        steps = null;
        epochs = null;
    }

    /** One CSV file: fixed leading columns, then the first row's log keys. */
    private static final class Table {
        private final Path path;
        private final List<String> lead;
        private List<String> keys;
        private BufferedWriter w;

        Table(Path path, List<String> lead) {
            this.path = path;
            this.lead = lead;
        }

        void write(double[] leadValues, Map<String, Double> logs) {
            try {
                if (w == null) open(logs);
                for (String k : logs.keySet()) {
                    if (!keys.contains(k)) {
                        throw new IllegalStateException("CsvLogger: value '" + k + "' appeared after the header of " + path
                                + " was written with columns " + keys);
                    }
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < leadValues.length; i++) {
                    if (i > 0) sb.append(',');
                    sb.append((long) leadValues[i]);
                }
                for (String k : keys) {
                    sb.append(',');
                    Double v = logs.get(k);
                    if (v != null) sb.append(v);
                }
                w.write(sb.append('\n').toString());
                w.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("CsvLogger: cannot write " + path, e);
            }
        }

        private void open(Map<String, Double> logs) throws IOException {
            keys = new ArrayList<>(logs.keySet());
            List<String> header = new ArrayList<>(lead);
            header.addAll(keys);
            String headerLine = String.join(",", header);
            boolean append = Files.exists(path) && Files.size(path) > 0;
            if (append) {
                String existing;
                try (var r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    existing = r.readLine();
                }
                if (!headerLine.equals(existing)) {
                    throw new IllegalStateException("CsvLogger: " + path + " exists with header \"" + existing
                            + "\", which differs from this run's \"" + headerLine + "\"; use another file");
                }
            }
            if (path.getParent() != null) Files.createDirectories(path.getParent());
            w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (!append) {
                w.write(headerLine + "\n");
                w.flush();
            }
        }

        void close() {
            if (w == null) return;
            try {
                w.close();
            } catch (IOException e) {
                throw new UncheckedIOException("CsvLogger: cannot close " + path, e);
            }
        }
    }
}
