/**
 * Streaming metrics ({@link dev.dendrite.metrics.Metric}: update per batch, compute, reset):
 * accuracy and top-k accuracy, precision, recall and F1 with macro, micro and weighted averages,
 * the confusion matrix, MAE, MSE, R2 and perplexity. Definitions follow scikit-learn's.
 */
package dev.dendrite.metrics;
