/**
 * Readers of data sets on disk, each returning a {@link dev.dendrite.data.Dataset} of
 * {@link dev.dendrite.data.Example}s (and, for in-memory sets, the whole split as tensors):
 * {@link dev.dendrite.data.readers.Mnist}, {@link dev.dendrite.data.readers.FashionMnist} and any
 * IDX file ({@link dev.dendrite.data.readers.Idx}), CIFAR-10/100 binary batches
 * ({@link dev.dendrite.data.readers.Cifar}), CSV tables ({@link dev.dendrite.data.readers.CsvDataset}),
 * class-per-folder images ({@link dev.dendrite.data.readers.ImageFolder}) and plain text with a
 * vocabulary ({@link dev.dendrite.data.readers.TextCorpus}, {@link dev.dendrite.data.readers.Vocab}).
 *
 * <p>Each reader takes a data directory, or null for {@code DENDRITE_DATA} / {@code ../shared/data}
 * / the cache ({@link dev.dendrite.data.readers.DataDir}). Missing MNIST, Fashion-MNIST and CIFAR
 * files are downloaded from the set's canonical location with the published checksum verified
 * ({@link dev.dendrite.data.readers.Download}); when that is impossible the error says which file
 * to put where.
 */
package dev.dendrite.data.readers;
