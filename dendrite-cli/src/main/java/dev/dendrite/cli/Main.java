package dev.dendrite.cli;

import java.io.PrintStream;
import java.util.List;

/** Entry point of the {@code dendrite} command. */
public final class Main {
    private static final List<Command> COMMANDS = List.of(new TrainCommand(), new EvalCommand(), new PredictCommand(),
            new SummaryCommand(), new BenchCommand(), new DemoCommand());

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(overview());
            return args.length == 0 ? 2 : 0;
        }
        Command cmd = COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (cmd == null) {
            err.println("dendrite: unknown command '" + args[0] + "'");
            err.print(overview());
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (List.of(rest).contains("--help") || List.of(rest).contains("-h")) {
            out.print(cmd.usage());
            return 0;
        }
        try {
            return cmd.run(rest, out);
        } catch (UsageException e) {
            err.println("dendrite " + cmd.name() + ": " + e.getMessage());
            err.print(cmd.usage());
            return 2;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("dendrite " + cmd.name() + ": " + e.getMessage());
            return 1;
        }
    }

    static String overview() {
        StringBuilder sb = new StringBuilder("usage: dendrite <command> [options]\n\ncommands:\n");
        for (Command c : COMMANDS) sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        sb.append("\nRun 'dendrite <command> --help' for a command's options.\n");
        return sb.toString();
    }
}
