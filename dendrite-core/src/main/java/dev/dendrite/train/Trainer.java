package dev.dendrite.train;

import dev.dendrite.amp.Autocast;
import dev.dendrite.amp.GradScaler;
import dev.dendrite.autograd.Autograd;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.functional.F;
import dev.dendrite.metrics.ConfusionMatrix;
import dev.dendrite.metrics.Metric;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.GradClip;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.lr.LRScheduler;
import dev.dendrite.optim.lr.ReduceLROnPlateau;
import dev.dendrite.optim.lr.Scheduler;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The training loop: fit, evaluate and predict over any {@code Iterable<Batch>} (a DataLoader, a
 * list of batches).
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, optimizer)
 *     .loss(F::crossEntropy)
 *     .metrics(new Accuracy())
 *     .scheduler(new CosineAnnealingLR(optimizer, 100), StepUnit.BATCH)
 *     .accumulate(4)                       // 4 micro-batches per optimizer step
 *     .clipGradNorm(1.0)
 *     .autocast(Dtype.BFLOAT16)            // bf16 products, f32 master weights
 *     .callbacks(new ProgressBar(), new EarlyStopping("val_loss", 3));
 * History h = trainer.fit(trainLoader, valLoader, 20);
 * }</pre>
 *
 * <p>Logs: {@code loss} (the running mean over the epoch's examples), each metric, and {@code lr}
 * (the rate the latest batch was trained with); at the epoch's end the validation values as
 * {@code val_loss}, {@code val_<metric>}.
 *
 * <p>Training runs the model in train mode with gradients; evaluation in eval mode under no-grad
 * (the previous mode is restored afterwards). With {@code accumulate(n)} each micro-batch's loss
 * is multiplied by 1/n before backward, so n micro-batches of size b step like one batch of n*b
 * (for a mean loss); a final incomplete group at the end of an epoch also steps. Gradient
 * clipping sees the true (unscaled) gradients, also with a {@link GradScaler}, whose skipped
 * steps (inf/NaN gradients) do not count as optimizer steps and do not step the scheduler.
 *
 * <p>{@link #saveCheckpoint}/{@link #resume} store and restore everything the next epochs depend
 * on (model, optimizer, scheduler, loss scaler, the global and the data generator, the counters),
 * so {@code fit(train, val, 4)} after resuming from the end of epoch 2 gives the same weights as an
 * uninterrupted 4-epoch run, bit for bit, with deterministic kernels. {@code fit}'s epoch count is
 * the total to reach, as Keras' {@code epochs} with {@code initial_epoch}.
 */
public final class Trainer {
    /** What fit returns: the epoch logs of this run (with {@code "epoch"}, 1-based) and why it stopped early, if it did. */
    public record History(List<Map<String, Double>> epochs, String stopReason) {
        public History {
            epochs = List.copyOf(epochs);
        }

        /** The values of one log key over the epochs (NaN where absent). */
        public double[] series(String key) {
            return epochs.stream().mapToDouble(m -> m.getOrDefault(key, Double.NaN)).toArray();
        }

        public Map<String, Double> last() { return epochs.isEmpty() ? Map.of() : epochs.get(epochs.size() - 1); }
    }

    /**
     * An iterable with a known number of batches per pass, for the progress bar's total and ETA
     * (a {@link DataLoader} or a {@code Collection} reports its size by itself).
     */
    public record Sized(Iterable<Batch> batches, int size) implements Iterable<Batch> {
        public Sized {
            Objects.requireNonNull(batches, "batches");
            if (size < 0) throw new IllegalArgumentException("Trainer.sized: size must be >= 0, got " + size);
        }

        @Override public Iterator<Batch> iterator() { return batches.iterator(); }
    }

    public static Sized sized(Iterable<Batch> batches, int size) { return new Sized(batches, size); }

    private final Module model;
    private final Optimizer optimizer;
    private BiFunction<Tensor, Tensor, Tensor> lossFn = F::crossEntropy;
    private final List<Metric> trainMetrics = new ArrayList<>();
    private final List<Metric> valMetrics = new ArrayList<>();
    private boolean metricsOnTrain = true;
    private Scheduler scheduler;
    private StepUnit stepUnit = StepUnit.EPOCH;
    private String plateauMonitor = "val_loss";
    private final List<Callback> callbacks = new ArrayList<>();
    private int accumulation = 1;
    private double clipNorm = Double.NaN, clipNormType = 2, clipValue = Double.NaN;
    private Dtype autocast;
    private GradScaler scaler;
    private Generator dataGenerator;
    private boolean nanGuard = true;
    private int confusionClasses;

    private int completedEpochs;
    /** The last finite training loss, for the NaN guard's message (across epochs). */
    private double lastFinite = Double.NaN;
    private final TrainContext ctx = new TrainContext(this);

    public Trainer(Module model, Optimizer optimizer) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    // ================================================================ configuration

    /** The loss, {@code (output, target) -> scalar}; default {@link F#crossEntropy}. It should be a mean over the batch. */
    public Trainer loss(BiFunction<Tensor, Tensor, Tensor> loss) {
        this.lossFn = Objects.requireNonNull(loss, "loss");
        return this;
    }

    /** Metrics reported for training (running, per epoch) and validation (prefixed {@code val_}). */
    public Trainer metrics(Metric... metrics) {
        Set<String> names = new HashSet<>();
        names.add("loss");
        for (Metric m : trainMetrics) names.add(m.name());
        for (Metric m : metrics) {
            if (!names.add(m.name())) throw new IllegalArgumentException("Trainer: two metrics are named '" + m.name() + "'");
            trainMetrics.add(m.copy());
            valMetrics.add(m.copy());
        }
        return this;
    }

    /** Whether to also compute the metrics on training batches (default true); turn off when they are costly. */
    public Trainer metricsOnTrain(boolean on) {
        this.metricsOnTrain = on;
        return this;
    }

    /**
     * An LR scheduler stepped after every optimizer step ({@link StepUnit#BATCH}) or every epoch.
     * A {@link ReduceLROnPlateau} is stepped each epoch with the {@code val_loss} (see
     * {@link #scheduler(ReduceLROnPlateau, String)} for another monitored value).
     */
    public Trainer scheduler(Scheduler scheduler, StepUnit unit) {
        if (scheduler instanceof ReduceLROnPlateau && unit == StepUnit.BATCH) {
            throw new IllegalArgumentException("Trainer: ReduceLROnPlateau steps on an epoch metric; use StepUnit.EPOCH");
        }
        if (!(scheduler instanceof LRScheduler) && !(scheduler instanceof ReduceLROnPlateau)) {
            throw new IllegalArgumentException("Trainer: unsupported scheduler type " + scheduler.getClass().getName());
        }
        this.scheduler = scheduler;
        this.stepUnit = Objects.requireNonNull(unit, "unit");
        return this;
    }

    /** A ReduceLROnPlateau stepped at each epoch end with the epoch log {@code monitor} (e.g. {@code "val_accuracy"}). */
    public Trainer scheduler(ReduceLROnPlateau plateau, String monitor) {
        this.scheduler = plateau;
        this.stepUnit = StepUnit.EPOCH;
        this.plateauMonitor = Objects.requireNonNull(monitor, "monitor");
        return this;
    }

    public Trainer callbacks(Callback... cbs) {
        for (Callback c : cbs) callbacks.add(Objects.requireNonNull(c, "callback"));
        return this;
    }

    /** Accumulates gradients over {@code n} micro-batches per optimizer step (loss scaled by 1/n). */
    public Trainer accumulate(int n) {
        if (n < 1) throw new IllegalArgumentException("Trainer: accumulate needs n >= 1 micro-batches per step, got " + n);
        this.accumulation = n;
        return this;
    }

    /** Clips the total gradient norm (order 2) to {@code maxNorm} before each step. */
    public Trainer clipGradNorm(double maxNorm) { return clipGradNorm(maxNorm, 2); }

    public Trainer clipGradNorm(double maxNorm, double normType) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("Trainer: clipGradNorm needs maxNorm > 0, got " + maxNorm);
        this.clipNorm = maxNorm;
        this.clipNormType = normType;
        return this;
    }

    /** Clamps every gradient element to [-v, v] before each step. */
    public Trainer clipGradValue(double v) {
        if (!(v > 0)) throw new IllegalArgumentException("Trainer: clipGradValue needs a value > 0, got " + v);
        this.clipValue = v;
        return this;
    }

    /** Runs forward and loss inside an {@link Autocast} scope of {@code dtype} (BFLOAT16 or FLOAT16); null turns it off. */
    public Trainer autocast(Dtype dtype) {
        if (dtype != null && dtype != Dtype.BFLOAT16 && dtype != Dtype.FLOAT16) {
            throw new IllegalArgumentException("Trainer: autocast dtype must be bfloat16 or float16, got " + dtype.torchName());
        }
        this.autocast = dtype;
        return this;
    }

    /** Scales the loss for backward and unscales gradients before clipping and stepping (float16 training). */
    public Trainer gradScaler(GradScaler scaler) {
        this.scaler = scaler;
        return this;
    }

    /**
     * The generator the training data is shuffled with (the one given to the data loader). It is
     * saved in checkpoints and restored on resume, so the resumed epochs see the same order.
     */
    public Trainer dataGenerator(Generator generator) {
        this.dataGenerator = generator;
        return this;
    }

    /** Stop with {@link NonFiniteLossException} when a training loss is NaN or infinite (default on). */
    public Trainer nanGuard(boolean on) {
        this.nanGuard = on;
        return this;
    }

    /** Keeps a confusion matrix of each validation pass ({@link TrainContext#confusionMatrix()}, the HTML report). */
    public Trainer confusionMatrix(int numClasses) {
        new ConfusionMatrix(numClasses); // validates
        this.confusionClasses = numClasses;
        return this;
    }

    /** An {@link LRFinder} over this trainer's model, optimizer and loss (it leaves all three as it found them). */
    public LRFinder lrFinder() { return new LRFinder(model, optimizer, lossFn); }

    public Module model() { return model; }

    public Optimizer optimizer() { return optimizer; }

    public Scheduler scheduler() { return scheduler; }

    public GradScaler gradScaler() { return scaler; }

    /** Epochs finished since the start of training (across resumes). */
    public int completedEpochs() { return completedEpochs; }

    public long globalStep() { return ctx.globalStep; }

    public TrainContext context() { return ctx; }

    // ================================================================ fit

    /**
     * Trains until {@code epochs} epochs are complete in total (so after a resume from epoch 2,
     * {@code fit(.., 4)} runs 2 more), validating on {@code val} (may be null) after each.
     */
    public History fit(Iterable<Batch> train, Iterable<Batch> val, int epochs) {
        Objects.requireNonNull(train, "train");
        if (epochs < 0) throw new IllegalArgumentException("Trainer.fit: epochs must be >= 0, got " + epochs);
        ctx.epochs = epochs;
        ctx.clearStop();
        ctx.history.clear();
        ctx.batchesPerEpoch = sizeOf(train);
        ctx.epoch = completedEpochs;
        ctx.logs = Map.of();
        Throwable failure = null;
        for (Callback c : callbacks) c.onFitStart(ctx);
        try {
            while (completedEpochs < epochs && !ctx.isStopRequested()) runEpoch(train, val);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            for (Callback c : callbacks) {
                try {
                    c.onFitEnd(ctx);
                } catch (RuntimeException e) {
                    if (failure == null) throw e;
                    failure.addSuppressed(e);
                }
            }
        }
        return new History(ctx.history, ctx.stopReason());
    }

    private static int sizeOf(Iterable<?> it) {
        if (it instanceof Sized s) return s.size();
        if (it instanceof Collection<?> c) return c.size();
        if (it instanceof DataLoader<?> loader) {
            try {
                return loader.size();
            } catch (UnsupportedOperationException unknown) {
                return -1;  // a stream of unknown length: learned after the first epoch
            }
        }
        return -1;
    }

    private void runEpoch(Iterable<Batch> train, Iterable<Batch> val) {
        ctx.epoch = completedEpochs;
        ctx.batch = 0;
        ctx.logs = Map.of();
        model.train();
        for (Callback c : callbacks) c.onEpochStart(ctx);
        for (Metric m : trainMetrics) m.reset();
        double lossSum = 0;
        long seen = 0;
        int micro = 0;
        double lrUsed = currentLr();
        optimizer.zeroGrad();
        for (Batch b : train) {
            lrUsed = currentLr();
            Tensor out, loss;
            try (Autocast ac = autocast == null ? null : Autocast.enable(autocast)) {
                out = model.call(b.input());
                loss = lossFn.apply(out, b.target());
            }
            if (loss.numel() != 1) {
                throw new IllegalArgumentException("Trainer: the loss must be a scalar (a mean over the batch), got shape "
                        + java.util.Arrays.toString(loss.shape()));
            }
            double lv = loss.item();
            if (nanGuard && !Double.isFinite(lv)) {
                throw new NonFiniteLossException(lv, completedEpochs + 1, ctx.batch + 1, lastFinite);
            }
            lastFinite = lv;
            Tensor l = accumulation > 1 ? loss.mul(1.0 / accumulation) : loss;
            if (scaler != null) l = scaler.scale(l);
            l.backward();
            micro++;
            int n = b.size();
            lossSum += lv * n;
            seen += n;
            if (metricsOnTrain && !trainMetrics.isEmpty()) {
                Tensor o = out.detach();
                for (Metric m : trainMetrics) m.update(o, b.target());
            }
            if (micro == accumulation) {
                optimizerStep();
                micro = 0;
            }
            ctx.batch++;
            ctx.globalBatch++;
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / seen);
            if (metricsOnTrain) for (Metric m : trainMetrics) logs.put(m.name(), m.compute());
            logs.put("lr", lrUsed);
            ctx.logs = TrainContext.freeze(logs);
            for (Callback c : callbacks) c.onBatchEnd(ctx);
            if (ctx.isStopRequested()) break;
        }
        if (micro > 0) optimizerStep();
        if (ctx.batchesPerEpoch < 0 && !ctx.isStopRequested()) ctx.batchesPerEpoch = ctx.batch;

        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", seen == 0 ? Double.NaN : lossSum / seen);
        if (metricsOnTrain) for (Metric m : trainMetrics) logs.put(m.name(), m.compute());
        logs.put("lr", lrUsed);
        if (val != null) {
            ConfusionMatrix cm = confusionClasses > 0 ? new ConfusionMatrix(confusionClasses) : null;
            for (var e : evaluate(val, valMetrics, cm).entrySet()) logs.put("val_" + e.getKey(), e.getValue());
            if (cm != null) ctx.confusionMatrix = cm;
        }
        if (scheduler instanceof ReduceLROnPlateau p) {
            Double v = logs.get(plateauMonitor);
            if (v == null) {
                throw new IllegalArgumentException("Trainer: ReduceLROnPlateau monitors '" + plateauMonitor
                        + "', which is not in the epoch logs " + logs.keySet() + " (pass a validation set, or monitor another value)");
            }
            p.step(v);
        } else if (scheduler instanceof LRScheduler s && stepUnit == StepUnit.EPOCH) {
            s.step();
        }
        completedEpochs++;
        ctx.logs = TrainContext.freeze(logs);
        Map<String, Double> h = new LinkedHashMap<>();
        h.put("epoch", (double) completedEpochs);
        h.putAll(logs);
        ctx.history.add(TrainContext.freeze(h));
        for (Callback c : callbacks) c.onEpochEnd(ctx);
    }

    private double currentLr() { return optimizer.paramGroups().get(0).lr(); }

    private void optimizerStep() {
        boolean clip = !Double.isNaN(clipNorm) || !Double.isNaN(clipValue);
        if (scaler != null && clip) scaler.unscale(optimizer);
        if (!Double.isNaN(clipNorm)) GradClip.clipGradNorm(model.parameters(), clipNorm, clipNormType);
        if (!Double.isNaN(clipValue)) GradClip.clipGradValue(model.parameters(), clipValue);
        boolean stepped;
        if (scaler != null) {
            stepped = scaler.step(optimizer);
            scaler.update();
        } else {
            optimizer.step();
            stepped = true;
        }
        optimizer.zeroGrad();
        if (stepped) {
            ctx.globalStep++;
            if (scheduler instanceof LRScheduler s && stepUnit == StepUnit.BATCH) s.step();
        }
    }

    // ================================================================ evaluate / predict

    /** The mean loss ({@code "loss"}) and the metrics over {@code data}, in eval mode without gradients. */
    public Map<String, Double> evaluate(Iterable<Batch> data) {
        List<Metric> fresh = new ArrayList<>();
        for (Metric m : valMetrics) fresh.add(m.copy());
        return evaluate(data, fresh, null);
    }

    private Map<String, Double> evaluate(Iterable<Batch> data, List<Metric> metrics, ConfusionMatrix cm) {
        boolean wasTraining = model.isTraining();
        model.eval();
        for (Metric m : metrics) m.reset();
        double lossSum = 0;
        long seen = 0;
        try (var ng = Autograd.noGrad(); Autocast ac = autocast == null ? null : Autocast.enable(autocast)) {
            for (Batch b : data) {
                Tensor out = model.call(b.input());
                Tensor loss = lossFn.apply(out, b.target());
                lossSum += loss.item() * b.size();
                seen += b.size();
                for (Metric m : metrics) m.update(out, b.target());
                if (cm != null) cm.update(out, b.target());
            }
        } finally {
            model.train(wasTraining);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", seen == 0 ? Double.NaN : lossSum / seen);
        for (Metric m : metrics) logs.put(m.name(), m.compute());
        return logs;
    }

    /** The model's outputs for every batch's input, concatenated along dim 0 (eval mode, no gradients). */
    public Tensor predict(Iterable<Batch> data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        List<Tensor> outs = new ArrayList<>();
        try (var ng = Autograd.noGrad(); Autocast ac = autocast == null ? null : Autocast.enable(autocast)) {
            for (Batch b : data) outs.add(model.call(b.input()));
        } finally {
            model.train(wasTraining);
        }
        if (outs.isEmpty()) throw new IllegalArgumentException("Trainer.predict: the data has no batches");
        return outs.size() == 1 ? outs.get(0) : Tensor.cat(outs.toArray(Tensor[]::new), 0);
    }

    /** The model's output for one input batch (eval mode, no gradients). */
    public Tensor predict(Tensor input) {
        return predict(List.of(new Batch(input, input)));
    }

    // ================================================================ checkpoints

    /** Saves everything needed to continue this run exactly (atomically; see the class comment). */
    public void saveCheckpoint(Path path) { checkpoint().save(path); }

    /** The state {@link #saveCheckpoint} writes. */
    public Checkpoint checkpoint() {
        Checkpoint ck = new Checkpoint()
                .put("model", model.stateDict())
                .put("optimizer", optimizer.stateDict());
        if (scheduler != null) ck.put("scheduler", Map.<String, Tensor>of(), scheduler.stateDict());
        if (scaler != null) ck.put("grad_scaler", Map.<String, Tensor>of(), scaler.stateDict());
        ck.putGenerator("rng", Generator.global());
        if (dataGenerator != null) ck.putGenerator("data_rng", dataGenerator);
        ck.putScalar("epoch", completedEpochs);
        ck.putScalar("global_step", ctx.globalStep);
        ck.putScalar("global_batch", ctx.globalBatch);
        return ck;
    }

    /**
     * Restores a checkpoint written by {@link #saveCheckpoint} into this trainer, which must be
     * configured as the one that saved it (same model, optimizer, scheduler and scaler kinds).
     */
    public Trainer resume(Path path) { return resume(Checkpoint.load(path)); }

    public Trainer resume(Checkpoint ck) {
        for (String s : List.of("model", "optimizer", "rng")) {
            if (!ck.hasSection(s)) throw new IllegalArgumentException("Trainer.resume: the checkpoint has no '" + s + "' section; it was not written by Trainer.saveCheckpoint");
        }
        if (scheduler != null && !ck.hasSection("scheduler")) {
            throw new IllegalArgumentException("Trainer.resume: this trainer has a scheduler but the checkpoint holds no scheduler state");
        }
        if (scaler != null && !ck.hasSection("grad_scaler")) {
            throw new IllegalArgumentException("Trainer.resume: this trainer has a GradScaler but the checkpoint holds no grad_scaler state");
        }
        if (dataGenerator != null && !ck.hasSection("data_rng")) {
            throw new IllegalArgumentException("Trainer.resume: this trainer has a data generator but the checkpoint holds no data_rng state");
        }
        model.loadStateDict(ck.tensors("model"), true);
        optimizer.loadStateDict(ck.optimizerState("optimizer"));
        if (scheduler != null) scheduler.loadStateDict(ck.scalarDoubles("scheduler"));
        if (scaler != null) scaler.loadStateDict(ck.scalarDoubles("grad_scaler"));
        ck.restoreGenerator("rng", Generator.global());
        if (dataGenerator != null) ck.restoreGenerator("data_rng", dataGenerator);
        completedEpochs = (int) ck.getLong("epoch");
        ctx.globalStep = ck.getLong("global_step");
        ctx.globalBatch = ck.getLong("global_batch");
        return this;
    }
}
