/**
 * Data sets and the loader that batches them (PyTorch's torch.utils.data).
 *
 * <ul>
 *   <li>Map-style sets: {@link dev.dendrite.data.Dataset} ({@code size()}, {@code get(i)}),
 *       {@link dev.dendrite.data.TensorDataset}, {@link dev.dendrite.data.Subset},
 *       {@link dev.dendrite.data.ConcatDataset}, {@link dev.dendrite.data.Datasets#randomSplit}.
 *       Streams: {@link dev.dendrite.data.IterableDataset}.</li>
 *   <li>Randomness per sample: a {@link dev.dendrite.data.SeededDataset} takes a generator with
 *       each {@code get}; {@link dev.dendrite.data.MapWithSeed} and
 *       {@link dev.dendrite.data.Datasets#transformInputs} attach random transforms
 *       ({@link dev.dendrite.data.SeededFunction}s) that draw only from it.</li>
 *   <li>{@link dev.dendrite.data.DataLoader}: samplers ({@link dev.dendrite.data.SequentialSampler},
 *       {@link dev.dendrite.data.RandomSampler}, {@link dev.dendrite.data.WeightedRandomSampler},
 *       {@link dev.dendrite.data.BatchSampler}), {@link dev.dendrite.data.Collate}, worker threads
 *       whose result is the same as without them for a given seed.</li>
 *   <li>Synthetic sets: {@link dev.dendrite.data.Synthetic} (XOR, moons, circles, polynomial
 *       regression) and {@link dev.dendrite.data.Spirals}.</li>
 * </ul>
 * Readers of real data sets are in {@code dev.dendrite.data.readers}, image transforms in
 * {@code dev.dendrite.data.transforms}.
 */
package dev.dendrite.data;
