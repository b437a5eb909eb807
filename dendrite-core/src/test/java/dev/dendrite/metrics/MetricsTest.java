package dev.dendrite.metrics;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MetricsTest {
    // y_true and y_pred; by hand the confusion matrix (rows true) is
    //   [2 0 0]
    //   [1 1 1]
    //   [0 1 2]
    static final long[] TRUE = {0, 1, 2, 2, 1, 0, 2, 1};
    static final long[] PRED = {0, 2, 2, 2, 1, 0, 1, 0};

    /** Scores whose argmax is PRED[i], for rows [from, to). */
    static Tensor scores(int from, int to, int classes) {
        float[] s = new float[(to - from) * classes];
        for (int i = from; i < to; i++) {
            for (int c = 0; c < classes; c++) s[(i - from) * classes + c] = 0.1f * c;
            s[(i - from) * classes + (int) PRED[i]] = 5f;
        }
        return Tensor.of(s, to - from, classes);
    }

    static Tensor target(int from, int to) { return Tensor.of(java.util.Arrays.copyOfRange(TRUE, from, to)); }

    /** Feeds the data in two uneven batches, so streaming must match one pass. */
    static double run(Metric m, int classes) {
        m.update(scores(0, 3, classes), target(0, 3));
        m.update(scores(3, 8, classes), target(3, 8));
        return m.compute();
    }

    @Test
    void confusionMatrixCountsRowsTrueColumnsPredicted() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.update(scores(0, 8, 3), target(0, 8));
        assertArrayEquals(new long[][] {{2, 0, 0}, {1, 1, 1}, {0, 1, 2}}, cm.matrix());
        assertEquals(8, cm.total());
        // [N] predicted classes work too
        ConfusionMatrix cm2 = new ConfusionMatrix(3);
        cm2.update(Tensor.of(PRED), target(0, 8));
        assertArrayEquals(cm.matrix(), cm2.matrix());
        cm.reset();
        assertEquals(0, cm.total());
    }

    @Test
    void accuracyAndTopK() {
        assertEquals(5.0 / 8, run(new Accuracy(), 3), 1e-15);
        // true class ranks: 2nd (s0), 2nd with ties below (s1), 3rd (s2)
        Tensor s = Tensor.of(new float[] {0.1f, 0.5f, 0.3f, 0.1f, 0.7f, 0.1f, 0.1f, 0.1f, 0.2f, 0.3f, 0.4f, 0.1f}, 3, 4);
        Tensor y = Tensor.of(new long[] {2, 3, 0});
        double[] expected = {0, 2.0 / 3, 1};
        for (int k = 1; k <= 3; k++) {
            Accuracy a = Accuracy.topK(k);
            a.update(s, y);
            assertEquals(expected[k - 1], a.compute(), 1e-15, "top-" + k);
        }
        assertEquals("top5_accuracy", Accuracy.topK(5).name());
        assertTrue(Double.isNaN(new Accuracy().compute()));
    }

    @Test
    void precisionRecallF1AllAverages() {
        // per class, by hand: P = 2/3, 1/2, 2/3; R = 1, 1/3, 2/3; F1 = 0.8, 0.4, 2/3; support 2, 3, 3
        assertEquals(11.0 / 18, run(ClassificationScore.precision(3, Average.MACRO), 3), 1e-12);
        assertEquals(2.0 / 3, run(ClassificationScore.recall(3, Average.MACRO), 3), 1e-12);
        assertEquals((0.8 + 0.4 + 2.0 / 3) / 3, run(ClassificationScore.f1(3, Average.MACRO), 3), 1e-12);
        assertEquals(29.0 / 48, run(ClassificationScore.precision(3, Average.WEIGHTED), 3), 1e-12);
        assertEquals(5.0 / 8, run(ClassificationScore.recall(3, Average.WEIGHTED), 3), 1e-12);
        assertEquals(0.6, run(ClassificationScore.f1(3, Average.WEIGHTED), 3), 1e-12);
        for (var kind : ClassificationScore.Kind.values()) {
            assertEquals(5.0 / 8, run(new ClassificationScore(kind, 3, Average.MICRO), 3), 1e-12, kind + " micro = accuracy");
        }
        // a 4th class that never occurs (as truth or prediction) is left out of the macro mean, as scikit-learn does
        assertEquals(11.0 / 18, run(ClassificationScore.precision(4, Average.MACRO), 4), 1e-12);
        assertEquals("f1_weighted", ClassificationScore.f1(3, Average.WEIGHTED).name());
    }

    @Test
    void zeroDivisionGivesZeroForANeverPredictedClass() {
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.update(Tensor.of(new long[] {0, 0, 0}), Tensor.of(new long[] {0, 1, 0}));
        assertEquals(0, cm.precision(1));
        assertEquals(0, cm.recall(1));
        assertEquals(0, cm.f1(1));
        assertEquals(2.0 / 3, cm.precision(0), 1e-15);
    }

    @Test
    void regressionMetricsMatchScikitLearnsExample() {
        Tensor yTrue = Tensor.of(new float[] {3f, -0.5f, 2f, 7f});
        Tensor yPred = Tensor.of(new float[] {2.5f, 0f, 2f, 8f});
        Metric mae = new MeanAbsoluteError(), mse = new MeanSquaredError(), r2 = new R2Score();
        for (Metric m : new Metric[] {mae, mse, r2}) {
            m.update(yPred.narrow(0, 0, 1), yTrue.narrow(0, 0, 1));
            m.update(yPred.narrow(0, 1, 3), yTrue.narrow(0, 1, 3));
        }
        assertEquals(0.5, mae.compute(), 1e-12);
        assertEquals(0.375, mse.compute(), 1e-12);
        // 1 - 1.5 / SS_tot, SS_tot = sum (y - 2.875)^2 = 29.1875
        assertEquals(1 - 1.5 / 29.1875, r2.compute(), 1e-12);
        assertEquals(0.9486081370449679, r2.compute(), 1e-12);
        // a large offset does not hurt the accuracy of the streaming SS_tot
        R2Score shifted = new R2Score();
        shifted.update(yPred.add(1e6), yTrue.to(dev.dendrite.storage.Dtype.FLOAT64).add(1e6));
        assertEquals(0.9486081370449679, shifted.compute(), 1e-6);
    }

    @Test
    void perplexityIsExpOfMeanCrossEntropy() {
        // token 0: uniform over 3 -> CE ln 3; token 1: logits [ln 2, 0, 0], target 0 -> CE ln 4 - ln 2 = ln 2
        Tensor logits = Tensor.of(new double[] {0, 0, 0, Math.log(2), 0, 0}, 2, 3);
        Perplexity p = new Perplexity();
        p.update(logits, Tensor.of(new long[] {1, 0}));
        assertEquals(Math.sqrt(6), p.compute(), 1e-12);
        // sequences [N, T, C] and ignore_index
        Perplexity q = new Perplexity(-100);
        q.update(logits.reshape(1, 2, 3), Tensor.of(new long[] {1, -100}, 1, 2));
        assertEquals(3, q.compute(), 1e-12);
        Perplexity r = new Perplexity();
        r.updateFromLoss(Math.log(5), 10);
        assertEquals(5, r.compute(), 1e-12);
    }

    @Test
    void badInputsNameTheMetricAndShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Accuracy().update(Tensor.zeros(4, 3), Tensor.of(new long[] {0, 1})));
        assertEquals("accuracy: expected output of shape [N, C] (scores) or [N] (class indices) with N=2 matching the target, got shape [4, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError().update(Tensor.zeros(4), Tensor.zeros(3)));
        assertEquals("mse: output and target must have the same shape, got [4] and [3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(2).update(Tensor.of(new long[] {0}), Tensor.of(new long[] {2})));
        assertEquals("confusion matrix: target class 2 is out of range [0, 2)", e.getMessage());
    }
}
