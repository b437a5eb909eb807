package dev.dendrite.cli;

/** A bad command-line argument: reported as one line followed by the command's usage. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
