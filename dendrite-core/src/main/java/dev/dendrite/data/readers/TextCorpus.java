package dev.dendrite.data.readers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Plain text for language models: a UTF-8 file read as lines, and tokenised into characters or
 * words for a {@link Vocab}.
 */
public final class TextCorpus {
    private TextCorpus() {}

    /** The lines of a UTF-8 text file (without line terminators). */
    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("text: cannot read " + file + " as UTF-8: " + e.getMessage(), e);
        }
    }

    /** Each line as a list of characters (Unicode code points, so no surrogate halves). */
    public static List<List<String>> charTokens(List<String> lines) {
        List<List<String>> out = new ArrayList<>(lines.size());
        for (String l : lines) out.add(l.codePoints().mapToObj(Character::toString).toList());
        return out;
    }

    /** Each line split on runs of whitespace (empty lines give no tokens). */
    public static List<List<String>> wordTokens(List<String> lines) {
        List<List<String>> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            String t = l.strip();
            out.add(t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+")));
        }
        return out;
    }

    /** All tokens of all lines in order. */
    public static List<String> flatten(List<List<String>> tokens) {
        List<String> out = new ArrayList<>();
        for (List<String> l : tokens) out.addAll(l);
        return out;
    }

    /**
     * The Time Machine, cleaned as in d2l: every run of characters other than ASCII letters becomes
     * one space, lines are stripped and lower-cased (empty lines are kept). Read from
     * {@code <data dir>/timemachine/timemachine.txt} (or the data dir itself).
     */
    public static List<String> timeMachine(Path dataDir) {
        Path dir = DataDir.datasetDir(DataDir.rootFor(dataDir, "timemachine", "timemachine.txt"), "timemachine", "timemachine.txt");
        Path file = dir.resolve("timemachine.txt");
        if (!Files.exists(file)) {
            throw new MissingDataException("TimeMachine: timemachine.txt not found in " + dir.toAbsolutePath()
                    + "; download it yourself (d2l's DATA_HUB 'time_machine') and place it there, or set " + DataDir.ENV, null);
        }
        return lines(file).stream().map(l -> l.replaceAll("[^A-Za-z]+", " ").strip().toLowerCase(Locale.ROOT)).toList();
    }
}
