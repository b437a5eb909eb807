package dev.dendrite.data.readers;

/**
 * A data set file is absent and could not be downloaded. The message says which file, where it
 * was looked for, why the download failed, and where to put the file by hand.
 */
public final class MissingDataException extends RuntimeException {
    public MissingDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
