package dev.dendrite.io;

import java.nio.file.Path;

/**
 * A safetensors file that cannot be read (malformed, truncated, hostile) or written. The message
 * names the file and the rule that failed; nothing was loaded, and a failed write left any
 * previous file as it was.
 */
public class SafeTensorsException extends RuntimeException {
    private final Path path;

    public SafeTensorsException(Path path, String message) {
        super("safetensors file " + path + ": " + message);
        this.path = path;
    }

    public SafeTensorsException(Path path, String message, Throwable cause) {
        super("safetensors file " + path + ": " + message, cause);
        this.path = path;
    }

    /** The file concerned. */
    public Path path() { return path; }
}
