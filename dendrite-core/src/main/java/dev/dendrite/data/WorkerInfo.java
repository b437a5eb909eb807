package dev.dendrite.data;

import dev.dendrite.tensor.Generator;

/**
 * What an {@link IterableDataset}'s iterator is told about the worker that runs it, as torch's
 * {@code get_worker_info()}.
 *
 * <p>Sharding: the stream is cut into consecutive runs of {@code batchSize} elements, and run
 * {@code r} (batch {@code r}) belongs to worker {@code r % numWorkers}. A worker's iterator yields
 * exactly the elements it owns ({@link #owns}), in stream order; the loader then collects each
 * worker's elements into batches and takes batches from the workers in turn, which reproduces
 * the single-threaded batch sequence exactly. Without workers, {@code numWorkers} is 1 and the one
 * "worker" owns everything.
 *
 * @param id         this worker, in {@code [0, numWorkers)}
 * @param numWorkers how many workers share the stream (1 when the loader has none)
 * @param batchSize  elements per batch, the unit of sharding
 * @param seed       this epoch's base seed; {@link #generator(long)} derives per-element streams
 */
public record WorkerInfo(int id, int numWorkers, int batchSize, long seed) {
    public WorkerInfo {
        if (numWorkers < 1 || id < 0 || id >= numWorkers || batchSize < 1) {
            throw new IllegalArgumentException("WorkerInfo: need 0 <= id < numWorkers and batchSize >= 1, got id=" + id
                    + ", numWorkers=" + numWorkers + ", batchSize=" + batchSize);
        }
    }

    /** Whether the element at {@code position} of the full stream is this worker's to produce. */
    public boolean owns(long position) {
        return (position / batchSize) % numWorkers == id;
    }

    /** The generator for the element at {@code position}: depends only on seed and position. */
    public Generator generator(long position) {
        return SampleSeeds.generator(seed, position);
    }
}
