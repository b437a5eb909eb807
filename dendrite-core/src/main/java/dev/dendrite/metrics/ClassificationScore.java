package dev.dendrite.metrics;

import dev.dendrite.tensor.Tensor;

import java.util.Locale;

/**
 * Precision, recall or F1 over {@code numClasses} classes, averaged per {@link Average}. Built on a
 * streaming {@link ConfusionMatrix}. Per class: precision TP/(TP+FP), recall TP/(TP+FN),
 * F1 = 2PR/(P+R), with 0 where a denominator is 0 (scikit-learn's {@code zero_division=0}).
 */
public final class ClassificationScore implements Metric {
    public enum Kind { PRECISION, RECALL, F1 }

    private final Kind kind;
    private final Average average;
    private final ConfusionMatrix cm;

    public ClassificationScore(Kind kind, int numClasses, Average average) {
        this.kind = kind;
        this.average = average;
        this.cm = new ConfusionMatrix(numClasses);
    }

    public static ClassificationScore precision(int numClasses, Average average) { return new ClassificationScore(Kind.PRECISION, numClasses, average); }

    public static ClassificationScore recall(int numClasses, Average average) { return new ClassificationScore(Kind.RECALL, numClasses, average); }

    public static ClassificationScore f1(int numClasses, Average average) { return new ClassificationScore(Kind.F1, numClasses, average); }

    @Override
    public String name() {
        return kind.name().toLowerCase(Locale.ROOT) + "_" + average.name().toLowerCase(Locale.ROOT);
    }

    @Override public void update(Tensor output, Tensor target) { cm.update(output, target); }

    private double perClass(int c) {
        return switch (kind) {
            case PRECISION -> cm.precision(c);
            case RECALL -> cm.recall(c);
            case F1 -> cm.f1(c);
        };
    }

    @Override
    public double compute() {
        long total = cm.total();
        if (total == 0) return Double.NaN;
        int k = cm.numClasses();
        switch (average) {
            case MICRO -> {
                // pooled: sum TP over sum predicted (= over sum support = total), so P = R = F1
                long tp = 0;
                for (int c = 0; c < k; c++) tp += cm.truePositives(c);
                return (double) tp / total;
            }
            case MACRO -> {
                double sum = 0;
                int present = 0;
                for (int c = 0; c < k; c++) {
                    if (cm.support(c) == 0 && cm.predicted(c) == 0) continue;
                    sum += perClass(c);
                    present++;
                }
                return sum / present;
            }
            default -> {
                double sum = 0;
                for (int c = 0; c < k; c++) sum += perClass(c) * cm.support(c);
                return sum / total;
            }
        }
    }

    @Override public void reset() { cm.reset(); }

    @Override public Metric copy() { return new ClassificationScore(kind, cm.numClasses(), average); }
}
