package dev.dendrite.cli;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.functional.Losses;
import dev.dendrite.metrics.ConfusionMatrix;
import dev.dendrite.nn.Module;
import dev.dendrite.tensor.Tensor;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code dendrite eval CHECKPOINT}: loss, accuracy and confusion matrix of a trained model on a test split. */
final class EvalCommand implements Command {
    @Override
    public String name() { return "eval"; }

    @Override
    public String summary() { return "evaluate a checkpoint on a data set's test split"; }

    @Override
    public String usage() {
        return """
                usage: dendrite eval CHECKPOINT [--dataset NAME] [--data-dir DIR] [--batch-size N]

                Rebuilds the model recorded in the run.json beside CHECKPOINT (written by dendrite train),
                loads its weights and reports the mean loss, the accuracy and the confusion matrix on the
                test split of the data set it was trained on (or of --dataset, whose inputs must match).
                """;
    }

    @Override
    public int run(String[] args, PrintStream out) throws UsageException {
        if (args.length == 0 || args[0].startsWith("--")) throw new UsageException("missing CHECKPOINT");
        Path checkpoint = Path.of(args[0]);
        Options o = new Options().declare("dataset", null).declare("data-dir", null).declare("batch-size", "512")
                .parse(java.util.Arrays.copyOfRange(args, 1, args.length));
        RunInfo info = RunInfo.besides(checkpoint);
        String dataset = o.get("dataset") != null ? o.get("dataset") : info.dataset();
        DataChoice.Splits data = DataChoice.load(dataset, o.get("data-dir") == null ? null : Path.of(o.get("data-dir")),
                info.seed(), out);
        Module model = Models.create(info.model(), info.inputShape(), info.classNames().size());
        Weights.load(model, checkpoint);
        model.eval();
        ConfusionMatrix cm = new ConfusionMatrix(info.classNames().size());
        double lossSum = 0;
        long seen = 0;
        try (var scope = Autograd.noGrad();
             var loader = DataLoader.builder(data.test()).batchSize(o.getInt("batch-size", 1)).build()) {
            for (Batch b : loader) {
                Tensor logits = model.call(b.input());
                lossSum += Losses.crossEntropy(logits, b.target()).item() * b.size();
                seen += b.size();
                cm.update(logits, b.target());
            }
        }
        long correct = 0;
        for (int c = 0; c < cm.numClasses(); c++) correct += cm.truePositives(c);
        out.printf("%s (%s) on %s test: %d examples, loss %.4f, accuracy %.2f%%%n", checkpoint, info.model(), data.name(), seen,
                lossSum / seen, 100.0 * correct / seen);
        printConfusion(out, cm, info);
        return 0;
    }

    private static void printConfusion(PrintStream out, ConfusionMatrix cm, RunInfo info) {
        int k = cm.numClasses();
        if (k > 20) return;
        long[][] m = cm.matrix();
        out.println("confusion matrix (rows: true class, columns: predicted):");
        StringBuilder head = new StringBuilder(String.format("%8s", ""));
        for (int j = 0; j < k; j++) head.append(String.format("%7s", shortName(info, j)));
        out.println(head);
        for (int i = 0; i < k; i++) {
            StringBuilder row = new StringBuilder(String.format("%8s", shortName(info, i)));
            for (int j = 0; j < k; j++) row.append(String.format("%7d", m[i][j]));
            out.println(row);
        }
    }

    private static String shortName(RunInfo info, int c) {
        String n = info.classNames().get(c);
        return n.length() <= 6 ? n : n.substring(0, 6);
    }
}
