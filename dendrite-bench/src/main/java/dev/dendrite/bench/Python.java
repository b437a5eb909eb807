package dev.dendrite.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Python interpreter kept running beside the benchmark, for reference figures from the Python
 * ecosystem on the same machine. The script reads requests from stdin and answers on stdout, one
 * line each, so that the benchmark can alternate between Python and Java measurements: on a busy
 * or shared machine both sides then see the same conditions. The interpreter is {@code python3}
 * on the PATH, or the one named by {@code -Ddendrite.bench.python=...}.
 */
public final class Python implements AutoCloseable {
    private final Process process;
    private final PrintWriter requests;
    private final BufferedReader replies;
    private final Path errors;

    private Python(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        this.requests = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    public static String interpreter() { return System.getProperty("dendrite.bench.python", "python3"); }

    /** Starts {@code python3 -c script args...} with {@code env} added to this process's environment. */
    public static Python start(String script, List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(interpreter(), "-c", script));
        command.addAll(args);
        Path errors = Files.createTempFile("dendrite-bench-python", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        builder.environment().putAll(env);
        try {
            return new Python(builder.start(), errors);
        } catch (IOException e) {
            Files.deleteIfExists(errors);
            throw new IOException("cannot run " + interpreter() + ": " + e.getMessage(), e);
        }
    }

    /** Sends one request line. */
    public void send(String line) { requests.println(line); }

    /** The next line the script printed; if it exited instead, an IOException with its last error line. */
    public String receive() throws IOException {
        String line = replies.readLine();
        if (line != null) return line;
        List<String> err = Files.readAllLines(errors);
        throw new IOException(interpreter() + " exited" + (err.isEmpty() ? "" : ": " + err.getLast()));
    }

    @Override
    public void close() throws IOException {
        requests.close(); // end of input: the script's request loop ends
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(errors);
    }
}
