/**
 * Mixed precision: {@link dev.dendrite.amp.Autocast} scopes that round matrix-product and
 * convolution inputs to bfloat16 or float16 while weights stay float32, and
 * {@link dev.dendrite.amp.GradScaler}, dynamic loss scaling for float16 gradients.
 */
package dev.dendrite.amp;
