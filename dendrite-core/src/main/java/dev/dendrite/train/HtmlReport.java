package dev.dendrite.train;

import dev.dendrite.metrics.ConfusionMatrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML report of a run: one SVG line chart per logged value over the epochs
 * (training and {@code val_} series together, with axes, ticks, labels and a legend), the
 * confusion matrix of the last validation as an SVG heat map with the counts (when the trainer
 * keeps one, {@link Trainer#confusionMatrix(int)}), and a table of every epoch's values. No
 * scripts, styles or images are loaded from anywhere; the markup is well-formed XML. As a
 * callback it rewrites the file (atomically) after every epoch and at the end of training.
 */
public final class HtmlReport implements Callback {
    private static final String TRAIN_COLOR = "#1f77b4", VAL_COLOR = "#ff7f0e";
    private static final int W = 520, H = 310, ML = 70, MR = 20, MT = 44, MB = 50;

    private final Path path;
    private final String title;
    private final List<String> classNames;

    public HtmlReport(Path path, String title) { this(path, title, null); }

    /** @param classNames labels for the confusion matrix's rows and columns (null: the class indices) */
    public HtmlReport(Path path, String title, List<String> classNames) {
        this.path = path;
        this.title = title;
        this.classNames = classNames == null ? null : List.copyOf(classNames);
    }

    @Override
    public void onEpochEnd(TrainContext ctx) { write(ctx); }

    @Override
    public void onFitEnd(TrainContext ctx) {
        if (!ctx.history().isEmpty()) write(ctx);
    }

    private void write(TrainContext ctx) {
        ConfusionMatrix cm = ctx.confusionMatrix();
        write(path, render(title, ctx.history(), cm == null ? null : cm.matrix(), classNames));
    }

    /** Writes {@code html} to {@code path} through a temporary file and an atomic rename. */
    static void write(Path path, String html) {
        try {
            Path abs = path.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, html, StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("HtmlReport: cannot write " + path, e);
        }
    }

    /**
     * The report as a string: {@code history} is one map per epoch (as {@link Trainer.History}'s
     * epochs, with an {@code "epoch"} entry; without it epochs are numbered 1, 2, ...),
     * {@code confusion} may be null.
     */
    public static String render(String title, List<Map<String, Double>> history, long[][] confusion, List<String> classNames) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}")
                .append(".charts{display:flex;flex-wrap:wrap;gap:16px}svg{background:#fff;border:1px solid #ddd}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
        double[] epochs = new double[history.size()];
        for (int i = 0; i < epochs.length; i++) epochs[i] = history.get(i).getOrDefault("epoch", (double) (i + 1));

        // group keys into charts: "x" and "val_x" share one
        Map<String, List<String>> charts = new LinkedHashMap<>();
        for (Map<String, Double> h : history) {
            for (String k : h.keySet()) {
                if (k.equals("epoch")) continue;
                String base = k.startsWith("val_") ? k.substring(4) : k;
                List<String> keys = charts.computeIfAbsent(base, b -> new ArrayList<>());
                if (!keys.contains(k)) keys.add(k);
            }
        }
        sb.append("<h2>Curves</h2>\n<div class=\"charts\">\n");
        if (history.isEmpty()) sb.append("<p>No epoch has finished yet.</p>\n");
        for (var c : charts.entrySet()) sb.append(lineChart(c.getKey(), c.getValue(), epochs, history));
        sb.append("</div>\n");
        if (confusion != null) {
            sb.append("<h2>Confusion matrix (last validation)</h2>\n").append(heatMap(confusion, classNames));
        }
        if (!history.isEmpty()) sb.append("<h2>Epochs</h2>\n").append(table(history));
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static String lineChart(String name, List<String> keys, double[] epochs, List<Map<String, Double>> history) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Map<String, Double> h : history) {
            for (String k : keys) {
                Double v = h.get(k);
                if (v != null && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) { lo = 0; hi = 1; }
        if (lo == hi) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        // round numbers on the axis: a step of 1, 2 or 5 times a power of ten, the range widened to whole steps
        double step = niceStep((hi - lo) / 4);
        lo = Math.floor(lo / step) * step;
        hi = Math.ceil(hi / step) * step;
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        double x0 = epochs.length == 0 ? 0 : epochs[0], x1 = epochs.length == 0 ? 1 : epochs[epochs.length - 1];
        if (x1 <= x0) { x0 -= 1; x1 += 1; }
        int pw = W - ML - MR, ph = H - MT - MB;
        final double fx0 = x0, fx1 = x1, flo = lo, fhi = hi;
        java.util.function.DoubleUnaryOperator px = x -> ML + (x - fx0) / (fx1 - fx0) * pw;
        java.util.function.DoubleUnaryOperator py = y -> MT + (fhi - y) / (fhi - flo) * ph;

        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-metric=\"").append(esc(name))
                .append("\" width=\"").append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\">\n");
        s.append("<text x=\"").append(W / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">").append(esc(name)).append("</text>\n");
        // y grid and ticks
        int nTicks = (int) Math.round((hi - lo) / step);
        for (int i = 0; i <= nTicks; i++) {
            double v = lo + step * i;
            double y = py.applyAsDouble(v);
            s.append("<line x1=\"").append(ML).append("\" y1=\"").append(f(y)).append("\" x2=\"").append(W - MR).append("\" y2=\"").append(f(y))
                    .append("\" stroke=\"#eeeeee\"/>\n");
            s.append("<text x=\"").append(ML - 6).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\" font-size=\"11\">")
                    .append(String.format(Locale.ROOT, "%." + decimals + "f", v)).append("</text>\n");
        }
        // x ticks at whole epochs
        int n = epochs.length;
        int every = Math.max(1, (int) Math.ceil(n / 10.0));
        for (int i = 0; i < n; i += every) {
            double x = px.applyAsDouble(epochs[i]);
            s.append("<line x1=\"").append(f(x)).append("\" y1=\"").append(H - MB).append("\" x2=\"").append(f(x)).append("\" y2=\"").append(H - MB + 5)
                    .append("\" stroke=\"#333333\"/>\n");
            s.append("<text x=\"").append(f(x)).append("\" y=\"").append(H - MB + 18).append("\" text-anchor=\"middle\" font-size=\"11\">")
                    .append(tick(epochs[i])).append("</text>\n");
        }
        // axes and their labels
        s.append("<line x1=\"").append(ML).append("\" y1=\"").append(MT).append("\" x2=\"").append(ML).append("\" y2=\"").append(H - MB).append("\" stroke=\"#333333\"/>\n");
        s.append("<line x1=\"").append(ML).append("\" y1=\"").append(H - MB).append("\" x2=\"").append(W - MR).append("\" y2=\"").append(H - MB).append("\" stroke=\"#333333\"/>\n");
        s.append("<text x=\"").append(ML + pw / 2).append("\" y=\"").append(H - 12).append("\" text-anchor=\"middle\" font-size=\"12\">epoch</text>\n");
        s.append("<text x=\"16\" y=\"").append(MT + ph / 2).append("\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 16 ")
                .append(MT + ph / 2).append(")\">").append(esc(name)).append("</text>\n");
        // series
        int li = 0;
        for (String k : keys) {
            String color = k.startsWith("val_") ? VAL_COLOR : TRAIN_COLOR;
            StringBuilder pts = new StringBuilder(), values = new StringBuilder(), dots = new StringBuilder();
            for (int i = 0; i < n; i++) {
                Double v = history.get(i).get(k);
                if (values.length() > 0) values.append(',');
                values.append(v == null ? "" : v.toString());
                if (v == null || !Double.isFinite(v)) continue;
                double x = px.applyAsDouble(epochs[i]), y = py.applyAsDouble(v);
                if (pts.length() > 0) pts.append(' ');
                pts.append(f(x)).append(',').append(f(y));
                dots.append("<circle cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"3\" fill=\"").append(color).append("\"><title>epoch ")
                        .append(tick(epochs[i])).append(": ").append(esc(k)).append(" = ").append(String.format(Locale.ROOT, "%.6g", v)).append("</title></circle>\n");
            }
            s.append("<polyline class=\"series\" data-key=\"").append(esc(k)).append("\" data-values=\"").append(values)
                    .append("\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"").append(pts).append("\"/>\n").append(dots);
            // legend above the plot, right-aligned, so it never hides a curve
            int lx = W - MR - 100 * (keys.size() - li++);
            s.append("<rect x=\"").append(lx).append("\" y=\"28\" width=\"14\" height=\"3\" fill=\"").append(color).append("\"/>\n");
            s.append("<text x=\"").append(lx + 18).append("\" y=\"33\" font-size=\"11\">").append(esc(k.startsWith("val_") ? "validation" : "training"))
                    .append("</text>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String heatMap(long[][] m, List<String> names) {
        int k = m.length;
        if (names != null && names.size() != k) {
            throw new IllegalArgumentException("HtmlReport: " + names.size() + " class names for a " + k + "x" + k + " confusion matrix");
        }
        int cell = Math.max(18, Math.min(44, 440 / k));
        int left = 64, top = 60, size = cell * k;
        int w = left + size + 20, h = top + size + 20;
        long max = 1;
        for (long[] r : m) for (long v : r) max = Math.max(max, v);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"confusion\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\">\n");
        s.append("<text x=\"").append(left + size / 2).append("\" y=\"16\" text-anchor=\"middle\" font-size=\"12\">predicted</text>\n");
        s.append("<text x=\"22\" y=\"").append(top + size / 2).append("\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 22 ")
                .append(top + size / 2).append(")\">true</text>\n");
        for (int j = 0; j < k; j++) {
            String label = names == null ? Integer.toString(j) : names.get(j);
            s.append("<text x=\"").append(left + j * cell + cell / 2).append("\" y=\"").append(top - 8).append("\" text-anchor=\"middle\" font-size=\"11\">")
                    .append(esc(label)).append("</text>\n");
            s.append("<text x=\"").append(left - 6).append("\" y=\"").append(top + j * cell + cell / 2 + 4).append("\" text-anchor=\"end\" font-size=\"11\">")
                    .append(esc(label)).append("</text>\n");
        }
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                double a = (double) m[t][p] / max;
                // white to dark blue, so the diagonal of a good classifier stands out
                int r = (int) Math.round(255 - a * (255 - 8)), g = (int) Math.round(255 - a * (255 - 48)), b = (int) Math.round(255 - a * (255 - 107));
                String fill = String.format("#%02x%02x%02x", r, g, b);
                int x = left + p * cell, y = top + t * cell;
                s.append("<rect class=\"cell\" data-true=\"").append(t).append("\" data-pred=\"").append(p).append("\" data-count=\"").append(m[t][p])
                        .append("\" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(cell).append("\" height=\"").append(cell)
                        .append("\" fill=\"").append(fill).append("\" stroke=\"#ffffff\"><title>true ").append(t).append(", predicted ").append(p).append(": ")
                        .append(m[t][p]).append("</title></rect>\n");
                s.append("<text x=\"").append(x + cell / 2).append("\" y=\"").append(y + cell / 2 + 4).append("\" text-anchor=\"middle\" font-size=\"")
                        .append(cell >= 30 ? 11 : 8).append("\" fill=\"").append(a > 0.5 ? "#ffffff" : "#222222").append("\">").append(m[t][p]).append("</text>\n");
            }
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String table(List<Map<String, Double>> history) {
        List<String> keys = new ArrayList<>();
        for (Map<String, Double> h : history) for (String k : h.keySet()) if (!keys.contains(k)) keys.add(k);
        StringBuilder s = new StringBuilder("<table>\n<tr>");
        for (String k : keys) s.append("<th>").append(esc(k)).append("</th>");
        s.append("</tr>\n");
        for (Map<String, Double> h : history) {
            s.append("<tr>");
            for (String k : keys) {
                Double v = h.get(k);
                s.append("<td>").append(v == null ? "" : k.equals("epoch") ? tick(v) : String.format(Locale.ROOT, "%.6g", v)).append("</td>");
            }
            s.append("</tr>\n");
        }
        return s.append("</table>\n").toString();
    }

    /** 1, 2 or 5 times a power of ten, the smallest such at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) if (m * p >= raw * (1 - 1e-9)) return m * p;
        return 10 * p;
    }

    private static String f(double v) { return String.format(Locale.ROOT, "%.1f", v); }

    private static String tick(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
