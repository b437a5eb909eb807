package dev.dendrite.data;

/**
 * A failure while a {@link DataLoader} prepared a batch, re-raised on the consumer's thread. The
 * message names the sample (or batch) and carries the original message; the original exception
 * is the cause.
 */
public final class DataLoaderException extends RuntimeException {
    private final long sampleIndex;

    DataLoaderException(String message, long sampleIndex, Throwable cause) {
        super(message, cause);
        this.sampleIndex = sampleIndex;
    }

    /** The dataset index (or stream position) of the sample that failed, or -1 when none did. */
    public long sampleIndex() { return sampleIndex; }
}
