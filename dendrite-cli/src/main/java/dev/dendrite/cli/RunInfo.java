package dev.dendrite.cli;

import dev.dendrite.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code dendrite eval} and {@code predict} need to rebuild a trained model: the model name,
 * the data set (and the seed that generated it, for synthetic sets), the input shape, class names and the input normalization. {@code train} writes it
 * as {@code run.json} beside the checkpoints.
 */
record RunInfo(String model, String dataset, long seed, int[] inputShape, List<String> classNames, double[] mean, double[] std) {
    static final String FILE = "run.json";

    void write(Path dir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("dataset", dataset);
        m.put("seed", seed);
        m.put("input_shape", toList(inputShape));
        m.put("classes", classNames);
        if (mean != null) {
            m.put("mean", toList(mean));
            m.put("std", toList(std));
        }
        try {
            Path tmp = dir.resolve(FILE + ".tmp");
            Files.writeString(tmp, Json.write(m) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    /** Reads the run.json beside {@code checkpoint}. */
    @SuppressWarnings("unchecked")
    static RunInfo besides(Path checkpoint) {
        Path file = checkpoint.toAbsolutePath().getParent().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + FILE + " beside " + checkpoint + " (dendrite train writes it next to its"
                    + " checkpoints); pass --model and --dataset to say what the checkpoint holds");
        }
        try {
            Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            return new RunInfo((String) m.get("model"), (String) m.get("dataset"), ((Number) m.get("seed")).longValue(),
                    ints(m.get("input_shape")),
                    (List<String>) m.get("classes"), doubles(m.get("mean")), doubles(m.get("std")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(file + " is not a dendrite run description: " + e.getMessage());
        }
    }

    private static List<Object> toList(int[] a) {
        List<Object> l = new ArrayList<>();
        for (int v : a) l.add(v);
        return l;
    }

    private static List<Object> toList(double[] a) {
        List<Object> l = new ArrayList<>();
        for (double v : a) l.add(v);
        return l;
    }

    @SuppressWarnings("unchecked")
    private static int[] ints(Object o) {
        return ((List<Object>) o).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    @SuppressWarnings("unchecked")
    private static double[] doubles(Object o) {
        return o == null ? null : ((List<Object>) o).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
}
