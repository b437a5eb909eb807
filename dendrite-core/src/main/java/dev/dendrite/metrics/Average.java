package dev.dendrite.metrics;

/**
 * How per-class scores are combined, as scikit-learn's {@code average}: MACRO is the plain mean
 * over the classes that occur (as truth or prediction); WEIGHTED weights each class by its
 * support; MICRO pools the counts of all classes first (for single-label multiclass data micro
 * precision, recall and F1 all equal accuracy).
 */
public enum Average { MACRO, MICRO, WEIGHTED }
