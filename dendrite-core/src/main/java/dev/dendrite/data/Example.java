package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

/**
 * One supervised example: an input tensor (an image [C, H, W], a feature vector, a token
 * sequence) and its target (a 0-dim int64 class index, a vector, ...).
 */
public record Example(Tensor input, Tensor target) {}
