package dev.dendrite.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A progress line per epoch with a bar, the ETA and the running metrics:
 *
 * <pre>
 * Epoch 2/10  37/100 [=======&gt;............]  ETA 0:12  loss 0.4127  accuracy 0.9312
 * Epoch 2/10 100/100 [====================]  19.8s  loss 0.3904  accuracy 0.9378  val_loss 0.4011
 * </pre>
 *
 * <p>On a terminal ({@code System.console() != null}) the line is redrawn in place with
 * {@code \r} (at most every {@code refreshMillis}) and ends with a newline at the epoch's end;
 * otherwise (a log file, CI) a plain line is printed every {@code plainEvery} batches (default:
 * every tenth of the epoch) and one at the epoch's end. The ETA is the mean time per batch so far
 * times the batches left; without a known batch count the bar shows the count and elapsed time.
 */
public final class ProgressBar implements Callback {
    private static final int WIDTH = 20;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private final long refreshNanos;
    private final int plainEvery;
    private long epochStart, lastDraw;
    private int lastLength;

    /** To standard output, redrawn in place when it is a terminal. */
    public ProgressBar() {
        this(System.out, System.console() != null, System::nanoTime, 100, 0);
    }

    /**
     * @param plainEvery in non-interactive mode, a line every this many batches; 0 for every tenth
     *                   of the epoch (every 50 batches when the epoch's length is unknown)
     */
    public ProgressBar(PrintStream out, boolean interactive, LongSupplier nanoClock, long refreshMillis, int plainEvery) {
        if (plainEvery < 0) throw new IllegalArgumentException("ProgressBar: plainEvery must be >= 0, got " + plainEvery);
        this.out = out;
        this.interactive = interactive;
        this.nanoClock = nanoClock;
        this.refreshNanos = refreshMillis * 1_000_000L;
        this.plainEvery = plainEvery;
    }

    @Override
    public void onEpochStart(TrainContext ctx) {
        epochStart = nanoClock.getAsLong();
        lastDraw = Long.MIN_VALUE;
        lastLength = 0;
    }

    @Override
    public void onBatchEnd(TrainContext ctx) {
        long now = nanoClock.getAsLong();
        int total = ctx.batchesPerEpoch();
        if (interactive) {
            if (lastDraw != Long.MIN_VALUE && now - lastDraw < refreshNanos && ctx.batch() != total) return;
            lastDraw = now;
            draw(render(ctx, now, false));
        } else {
            int every = plainEvery > 0 ? plainEvery : total > 0 ? Math.max(1, (total + 9) / 10) : 50;
            if (ctx.batch() % every == 0 && ctx.batch() != total) out.println(render(ctx, now, false));
        }
    }

    @Override
    public void onEpochEnd(TrainContext ctx) {
        String line = render(ctx, nanoClock.getAsLong(), true);
        if (interactive) {
            draw(line);
            out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void draw(String line) {
        // pad with spaces so a shorter line fully covers the previous one
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) sb.append(' ');
        lastLength = line.length();
        out.print(sb);
        out.flush();
    }

    /** One progress line (package-visible for tests). */
    String render(TrainContext ctx, long now, boolean epochDone) {
        int total = ctx.batchesPerEpoch();
        int done = ctx.batch();
        StringBuilder sb = new StringBuilder();
        sb.append("Epoch ").append(ctx.epoch() + 1).append('/').append(ctx.epochs());
        if (total > 0) {
            String t = Integer.toString(total);
            sb.append(' ').append(" ".repeat(Math.max(0, t.length() - Integer.toString(done).length()))).append(done).append('/').append(t);
            sb.append(" [").append(bar(done, total)).append(']');
        } else {
            sb.append(' ').append(done).append("/?");
        }
        double elapsed = (now - epochStart) / 1e9;
        if (epochDone || total <= 0 || done == 0) {
            sb.append("  ").append(formatSeconds(elapsed));
        } else {
            double eta = elapsed / done * (total - done);
            sb.append("  ETA ").append(formatClock(eta));
        }
        for (Map.Entry<String, Double> e : ctx.logs().entrySet()) {
            sb.append("  ").append(e.getKey()).append(' ').append(formatValue(e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    static String bar(int done, int total) {
        int filled = (int) ((long) Math.min(done, total) * WIDTH / total);
        StringBuilder sb = new StringBuilder(WIDTH);
        for (int i = 0; i < WIDTH; i++) {
            if (i < filled) sb.append('=');
            else if (i == filled && done < total) sb.append('>');
            else sb.append('.');
        }
        return sb.toString();
    }

    static String formatValue(String key, double v) {
        if (key.equals("lr") || key.endsWith("_lr")) return String.format(Locale.ROOT, "%.3g", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Elapsed time: {@code 19.8s} under a minute, else the clock form. */
    static String formatSeconds(double s) {
        return s < 60 ? String.format(Locale.ROOT, "%.1fs", s) : formatClock(s);
    }

    /** {@code m:ss} or {@code h:mm:ss}, rounded up to a whole second. */
    static String formatClock(double seconds) {
        long s = (long) Math.ceil(seconds);
        long h = s / 3600, m = s / 60 % 60, sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
