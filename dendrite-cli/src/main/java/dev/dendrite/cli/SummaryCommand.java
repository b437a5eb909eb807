package dev.dendrite.cli;

import dev.dendrite.nn.Module;
import dev.dendrite.nn.Summary;
import dev.dendrite.zoo.Zoo;

import java.io.PrintStream;

/** {@code dendrite summary MODEL}: layers, output shapes, parameter counts and multiply-adds. */
final class SummaryCommand implements Command {
    @Override
    public String name() { return "summary"; }

    @Override
    public String summary() { return "print a model's layers, output shapes, parameters and multiply-adds"; }

    @Override
    public String usage() {
        return """
                usage: dendrite summary MODEL [--num-classes N] [--batch N]
                       dendrite summary --list

                Builds MODEL from the zoo, runs one forward pass on zeros of its
                native input size and prints every layer with its output shape, parameter count and
                multiply-adds, then the totals.

                options:
                  --num-classes N   classes of the head (default: the model's reference configuration)
                  --batch N         batch size of the probe input (default 1)
                  --list            list the zoo's models with their input sizes
                """;
    }

    @Override
    public int run(String[] args, PrintStream out) throws UsageException {
        if (args.length == 1 && args[0].equals("--list")) {
            for (Zoo.Entry e : Zoo.entries().values()) {
                out.printf("  %-22s %-14s %s%n", e.name(), java.util.Arrays.toString(e.inputShape()), e.description());
            }
            return 0;
        }
        if (args.length == 0 || args[0].startsWith("--")) throw new UsageException("missing MODEL (or --list)");
        String name = args[0];
        Options o = new Options().declare("num-classes", "0").declare("batch", "1")
                .parse(java.util.Arrays.copyOfRange(args, 1, args.length));
        int batch = o.getInt("batch", 1), classes = o.getInt("num-classes", 0);
        Zoo.Entry e = Zoo.get(name);
        Module model = classes == 0 ? e.create() : e.create(classes);
        out.print(Summary.of(model, e.inputShape(batch)));
        return 0;
    }
}
