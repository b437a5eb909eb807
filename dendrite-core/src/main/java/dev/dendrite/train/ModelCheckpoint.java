package dev.dendrite.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Saves the trainer's full state ({@link Trainer#saveCheckpoint}: model, optimizer, scheduler,
 * random state, counters) into a directory: {@code best.safetensors} whenever the monitored value
 * improves, and {@code epoch-NNNN.safetensors} every {@code everyNEpochs} epochs (0: never), plus
 * {@code last.safetensors} at each epoch end when periodic saving is on. Every file is written
 * atomically (a temporary file renamed into place), so a crash never leaves a torn checkpoint.
 * Any of these files resumes a run with {@link Trainer#resume}; the model alone is the
 * {@code model} section ({@code Checkpoint.load(p).tensors("model")}).
 *
 * <p>The best value seen is kept by this callback for the run it watches; after a resume, pass a
 * callback that knows the previous best ({@link #best(double)}) or the first resumed epoch
 * becomes the best.
 */
public final class ModelCheckpoint implements Callback {
    private final Path dir;
    private final Monitor monitor;
    private final int everyNEpochs;
    private double best = Double.NaN;
    private Path bestPath;

    /**
     * @param monitor the epoch log value to keep the best model by, or null for no best model
     * @param mode "min", "max" or "auto"
     */
    public ModelCheckpoint(Path dir, String monitor, String mode, int everyNEpochs) {
        if (everyNEpochs < 0) throw new IllegalArgumentException("ModelCheckpoint: everyNEpochs must be >= 0, got " + everyNEpochs);
        if (monitor == null && everyNEpochs == 0) throw new IllegalArgumentException("ModelCheckpoint: neither a monitored value nor a period; nothing would be saved");
        this.dir = dir;
        this.monitor = monitor == null ? null : Monitor.of(monitor, mode, 0, "ModelCheckpoint");
        this.everyNEpochs = everyNEpochs;
    }

    /** Keeps only the best model by {@code monitor}. */
    public static ModelCheckpoint best(Path dir, String monitor) { return new ModelCheckpoint(dir, monitor, "auto", 0); }

    /** Saves every {@code n} epochs (and the last). */
    public static ModelCheckpoint every(Path dir, int n) { return new ModelCheckpoint(dir, null, "auto", n); }

    @Override
    public void onFitStart(TrainContext ctx) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot create " + dir, e);
        }
    }

    @Override
    public void onEpochEnd(TrainContext ctx) {
        int done = ctx.trainer().completedEpochs();
        if (monitor != null) {
            double v = monitor.read(ctx.logs(), "ModelCheckpoint");
            if (monitor.improves(v, best)) {
                best = v;
                bestPath = dir.resolve("best.safetensors");
                ctx.trainer().saveCheckpoint(bestPath);
            }
        }
        if (everyNEpochs > 0) {
            if (done % everyNEpochs == 0) ctx.trainer().saveCheckpoint(periodicPath(done));
            ctx.trainer().saveCheckpoint(dir.resolve("last.safetensors"));
        }
    }

    public Path periodicPath(int epoch) { return dir.resolve(String.format("epoch-%04d.safetensors", epoch)); }

    public double best() { return best; }

    /** Sets the best value so far (to continue a resumed run's notion of "best"). */
    public ModelCheckpoint best(double value) {
        this.best = value;
        return this;
    }

    /** The best checkpoint written so far, or null. */
    public Path bestPath() { return bestPath; }
}
