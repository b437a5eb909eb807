package dev.dendrite.cli;

import java.io.PrintStream;

/** {@code dendrite demo}: trains an MLP on the two-spirals set from scratch and reports accuracy. */
final class DemoCommand implements Command {
    @Override
    public String name() { return "demo"; }

    @Override
    public String summary() { return "train an MLP from scratch on the spirals data set (autograd + Adam)"; }

    @Override
    public String usage() {
        return """
                usage: dendrite demo [--steps N] [--lr RATE] [--seed S] [--points N]

                Trains a 2-64-64-3 ReLU network on three interleaved spirals with full-batch Adam,
                printing the loss as it falls, then the accuracy on the training set and on a
                held-out set drawn from the same distribution.

                options:
                  --steps N     training steps (default 600)
                  --lr RATE     Adam learning rate (default 0.01)
                  --seed S      random seed for data and weights (default 42)
                  --points N    points per spiral arm (default 200)
                """;
    }

    @Override
    public int run(String[] args, PrintStream out) throws UsageException {
        Options o = new Options()
                .declare("steps", "600").declare("lr", "0.01").declare("seed", "42").declare("points", "200")
                .parse(args);
        var config = new SpiralsDemo.Config(o.getLong("seed"), o.getInt("steps", 1), o.getDouble("lr", 0),
                o.getInt("points", 2));
        out.printf("Dendrite demo: MLP 2-%d-%d-%d on %d spiral points, Adam lr %s, seed %d%n", SpiralsDemo.HIDDEN,
                SpiralsDemo.HIDDEN, SpiralsDemo.CLASSES, config.pointsPerClass() * SpiralsDemo.CLASSES, config.lr(), config.seed());
        long start = System.nanoTime();
        SpiralsDemo.Result r = new SpiralsDemo(config).train(out);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("final loss %.4f | train accuracy %.1f%% | held-out accuracy %.1f%% | %.1f s%n",
                r.finalLoss(), 100 * r.trainAccuracy(), 100 * r.testAccuracy(), seconds);
        return 0;
    }
}
