package dev.dendrite.train;

import dev.dendrite.tensor.Tensor;

import java.nio.file.Path;
import java.util.Map;

/**
 * Logs to TensorBoard event files in {@code logDir} (view with {@code tensorboard --logdir}):
 * every batch's running values as {@code batch/<key>} at the global batch number, every epoch's
 * values as {@code epoch/<key>} at the epoch number (1-based), and, every
 * {@code histogramEvery} epochs (0: never), a histogram of each parameter as
 * {@code weights/<name>}.
 */
public final class TensorBoardLogger implements Callback {
    private final Path logDir;
    private final boolean logBatches;
    private final int histogramEvery;
    private EventFileWriter writer;
    private Path eventFile;

    public TensorBoardLogger(Path logDir) { this(logDir, true, 1); }

    public TensorBoardLogger(Path logDir, boolean logBatches, int histogramEvery) {
        if (histogramEvery < 0) throw new IllegalArgumentException("TensorBoardLogger: histogramEvery must be >= 0, got " + histogramEvery);
        this.logDir = logDir;
        this.logBatches = logBatches;
        this.histogramEvery = histogramEvery;
    }

    @Override
    public void onFitStart(TrainContext ctx) {
        writer = new EventFileWriter(logDir);
        eventFile = writer.path();
    }

    @Override
    public void onBatchEnd(TrainContext ctx) {
        if (!logBatches) return;
        for (Map.Entry<String, Double> e : ctx.logs().entrySet()) writer.addScalar("batch/" + e.getKey(), e.getValue(), ctx.globalBatch());
    }

    @Override
    public void onEpochEnd(TrainContext ctx) {
        int epoch = ctx.epoch() + 1;
        for (Map.Entry<String, Double> e : ctx.logs().entrySet()) writer.addScalar("epoch/" + e.getKey(), e.getValue(), epoch);
        if (histogramEvery > 0 && epoch % histogramEvery == 0) {
            for (Map.Entry<String, Tensor> p : ctx.model().namedParameters().entrySet()) {
                writer.addHistogram("weights/" + p.getKey(), p.getValue().toDoubleArray(), epoch, 30);
            }
        }
    }

    @Override
    public void onFitEnd(TrainContext ctx) {
        if (writer != null) writer.close();
        writer = null;
    }

    /** The event file of the current (or last) run. */
    public Path eventFile() { return eventFile; }
}
