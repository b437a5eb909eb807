package dev.dendrite.cli;

import java.io.PrintStream;

/** One subcommand of the {@code dendrite} program. */
interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    /** The usage text printed by {@code --help} and after a bad argument. */
    String usage();

    /** Runs with the arguments after the command name; returns the exit status. */
    int run(String[] args, PrintStream out) throws UsageException;
}
