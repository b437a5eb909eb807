package dev.dendrite.data;

import dev.dendrite.kernels.Parallel;
import dev.dendrite.tensor.Generator;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches from a dataset, as torch.utils.data.DataLoader: a sampler chooses the order of the
 * indices, a batch sampler groups them, the dataset loads each sample and a {@link Collate} joins
 * them into a batch.
 *
 * <pre>{@code
 * DataLoader<Batch> loader = DataLoader.builder(train).batchSize(64).shuffle(true).seed(0).numWorkers(2).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     try (var batches = loader.iterator()) {
 *         for (Batch b : batches) { ... }
 *     }
 * }
 * }</pre>
 *
 * <h2>Determinism</h2>
 * Every pass ({@link #iterator()}) is one epoch. At its start the loader draws, from its
 * generator, first a base seed for the epoch and then (through a shuffling sampler that shares the
 * generator) the epoch's permutation; so epoch {@code k} of two loaders built with the same seed
 * is the same, and successive epochs differ. The sample at position {@code p} of the epoch's order
 * gets its own generator, {@link SampleSeeds#generator SampleSeeds.generator(baseSeed, p)}, which
 * the loader passes to a {@link SeededDataset} (e.g. one built with {@link MapWithSeed} around a
 * random transform); batch {@code k} gets {@link SampleSeeds#batchGenerator
 * SampleSeeds.batchGenerator(baseSeed, k)}, which goes to the collate function (for batch-level
 * randomness such as mixup, see {@link Collate#andThen}). Nothing random depends on threads, so the batches (order and content) are the
 * same for every {@code numWorkers}.
 *
 * <h2>Workers</h2>
 * With {@code numWorkers > 0}, each pass starts one executor of that many daemon platform threads
 * (named {@code dendrite-loader-<n>-worker-<k>}); batches are handed out in order, at most
 * {@code numWorkers * prefetchFactor} ahead of the consumer, and returned in order. Kernels called
 * inside a worker run serially on it ({@link Parallel#runSerially}), since the workers already
 * share the cores. Closing the iterator (try-with-resources, or running it to the end) stops the
 * workers and waits for them; an abandoned iterator's threads end on their own after a few seconds
 * idle or when it is garbage-collected, and {@link #close()} stops all passes still open.
 *
 * <h2>Errors</h2>
 * An exception thrown while loading sample {@code i} is re-raised by {@code next()} as a
 * {@link DataLoaderException} "DataLoader: worker failed on sample i: <message>" ("DataLoader:
 * failed on sample i: ..." without workers), with the original as its cause; the pass is closed.
 *
 * @param <B> the batch type ({@link Batch} with the default collate)
 */
public final class DataLoader<B> implements Iterable<B>, AutoCloseable {
    private static final AtomicInteger LOADER_IDS = new AtomicInteger();
    private static final Cleaner CLEANER = Cleaner.create();
    /** How long an idle worker waits for work before its thread ends. */
    private static final long KEEP_ALIVE_MS = 3000;

    private final Dataset<Object> dataset;            // map-style, or null
    private final IterableDataset<Object> iterable;   // iterable-style, or null
    private final Collate<Object, B> collate;
    private final BatchSampler batchSampler;          // map-style only
    private final int batchSize;
    private final boolean dropLast;
    private final int numWorkers;
    private final int prefetchFactor;
    private final Generator generator;
    private final String threadPrefix;
    private final Set<Pass> open = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    @SuppressWarnings("unchecked")
    private DataLoader(Builder<?, B> b) {
        this.dataset = (Dataset<Object>) b.dataset;
        this.iterable = (IterableDataset<Object>) b.iterable;
        this.collate = (Collate<Object, B>) b.collate;
        this.numWorkers = b.numWorkers;
        this.prefetchFactor = b.prefetchFactor == null ? 2 : b.prefetchFactor;
        this.generator = b.generator == null ? Generator.global() : b.generator;
        this.threadPrefix = "dendrite-loader-" + LOADER_IDS.incrementAndGet() + "-worker-";
        if (dataset != null) {
            if (b.batchSampler != null) {
                this.batchSampler = b.batchSampler;
            } else {
                Sampler sampler = b.sampler != null ? b.sampler
                        : b.shuffle ? new RandomSampler(dataset.size(), generator) : new SequentialSampler(dataset.size());
                this.batchSampler = new BatchSampler(sampler, b.batchSize, b.dropLast);
            }
            this.batchSize = batchSampler.batchSize();
            this.dropLast = batchSampler.dropLast();
        } else {
            this.batchSampler = null;
            this.batchSize = b.batchSize;
            this.dropLast = b.dropLast;
        }
    }

    /** A builder for a loader over examples, batched by the default {@link Collate#stack()}. */
    public static Builder<Example, Batch> builder(Dataset<Example> dataset) {
        return new Builder<>(dataset, null, Collate.stack());
    }

    /** A builder for a loader over any sample type, batched by {@code collate}. */
    public static <E, B> Builder<E, B> builder(Dataset<E> dataset, Collate<? super E, B> collate) {
        return new Builder<>(dataset, null, collate);
    }

    /** A builder for a loader over a stream of examples, batched by the default {@link Collate#stack()}. */
    public static Builder<Example, Batch> builder(IterableDataset<Example> dataset) {
        return new Builder<>(null, dataset, Collate.stack());
    }

    /** A builder for a loader over a stream of any sample type, batched by {@code collate}. */
    public static <E, B> Builder<E, B> builder(IterableDataset<E> dataset, Collate<? super E, B> collate) {
        return new Builder<>(null, dataset, collate);
    }

    /** The number of batches per epoch, as torch's {@code len(loader)}. */
    public int size() {
        if (batchSampler != null) return batchSampler.size();
        var known = iterable.knownSize();
        if (known.isEmpty()) {
            throw new UnsupportedOperationException("DataLoader: size() is unknown for an IterableDataset that does not report knownSize()");
        }
        int n = known.getAsInt();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public int batchSize() { return batchSize; }

    public boolean dropLast() { return dropLast; }

    public int numWorkers() { return numWorkers; }

    public int prefetchFactor() { return prefetchFactor; }

    /** The generator that shuffling and per-sample seeds draw from; save its state to resume. */
    public Generator generator() { return generator; }

    /** The map-style dataset, or null for a stream. */
    public Dataset<?> dataset() { return dataset; }

    /** Worker threads of this loader are named this prefix followed by a number. */
    String threadNamePrefix() { return threadPrefix; }

    /** The batch sampler (map-style loaders only, else null). */
    public BatchSampler batchSampler() { return batchSampler; }

    /** Starts an epoch. Close it when leaving early; it closes itself when run to the end. */
    @Override
    public Batches<B> iterator() { return iterator(0); }

    /**
     * Starts an epoch at batch {@code startBatch}: the epoch's seed and order are drawn as usual
     * and the first {@code startBatch} batches skipped, so with the generator restored to its state
     * at the start of an interrupted epoch this continues it exactly. A map-style dataset skips
     * without loading the skipped samples; a stream has to read through them.
     */
    public Batches<B> iterator(int startBatch) {
        if (startBatch < 0) throw new IllegalArgumentException("DataLoader: startBatch must be >= 0, got " + startBatch);
        Pass pass;
        if (dataset != null) pass = numWorkers == 0 ? new MapSerial(startBatch) : new MapParallel(startBatch);
        else pass = numWorkers == 0 ? new StreamSerial(startBatch) : new StreamParallel(startBatch);
        open.add(pass);
        return pass;
    }

    /** Stops every epoch of this loader still running. The loader can be iterated again. */
    @Override
    public void close() {
        List<Pass> passes;
        synchronized (open) {
            passes = new ArrayList<>(open);
        }
        for (Pass p : passes) p.close();
    }

    /**
     * One epoch's batches: an iterator that is also a single-use {@link Iterable} (so it fits a
     * for-each loop) and an {@link AutoCloseable} that stops the workers.
     */
    public interface Batches<B> extends Iterator<B>, Iterable<B>, AutoCloseable {
        @Override
        void close();

        @Override
        default Iterator<B> iterator() { return this; }
    }

    // ------------------------------------------------------------------ passes

    private abstract class Pass implements Batches<B> {
        final long baseSeed = generator.nextLong();   // drawn before the sampler's permutation
        private B next;
        private boolean done;
        volatile boolean closed;   // close() may come from another thread (the loader's close)
        /** Batches still to be produced and thrown away (streams cannot skip otherwise). */
        int discard;

        /** The next batch, or null at the end of the epoch. */
        abstract B produce();

        @Override
        public final boolean hasNext() {
            if (next == null && !done) {
                try {
                    for (; discard > 0 && !closed; discard--) {
                        if (produce() == null) break;
                    }
                    next = closed ? null : produce();
                    if (closed) next = null;  // closed meanwhile from another thread
                } catch (RuntimeException | Error e) {
                    if (closed) {
                        next = null;
                        done = true;
                        return false;  // a failure caused by the shutdown itself
                    }
                    close();
                    throw e;
                }
                if (next == null) {
                    done = true;
                    close();
                }
            }
            return next != null;
        }

        @Override
        public final B next() {
            if (!hasNext()) throw new NoSuchElementException("DataLoader: the epoch has no more batches");
            B b = next;
            next = null;
            return b;
        }

        @Override
        public void close() {
            closed = true;
            done = true;
            next = null;
            open.remove(this);
        }
    }

    /** Loads one sample; {@code position} is its place in the epoch, which keys its generator. */
    private Object load(long baseSeed, int index, long position, boolean inWorker) {
        try {
            return dataset instanceof SeededDataset<Object> seeded
                    ? seeded.get(index, SampleSeeds.generator(baseSeed, position))
                    : dataset.get(index);
        } catch (RuntimeException e) {
            throw sampleFailure(index, e, inWorker);
        }
    }

    private B collateBatch(long baseSeed, List<Object> samples, long batchIndex, boolean inWorker) {
        try {
            return collate.collate(samples, SampleSeeds.batchGenerator(baseSeed, batchIndex));
        } catch (RuntimeException e) {
            throw new DataLoaderException("DataLoader: " + (inWorker ? "worker " : "") + "failed to collate batch " + batchIndex
                    + ": " + e.getMessage(), -1, e);
        }
    }

    private B loadBatch(long baseSeed, int[] indices, long firstPosition, long batchIndex, boolean inWorker) {
        List<Object> samples = new ArrayList<>(indices.length);
        for (int j = 0; j < indices.length; j++) samples.add(load(baseSeed, indices[j], firstPosition + j, inWorker));
        return collateBatch(baseSeed, samples, batchIndex, inWorker);
    }

    private static DataLoaderException sampleFailure(long index, RuntimeException e, boolean inWorker) {
        if (e instanceof DataLoaderException d) return d;
        return new DataLoaderException("DataLoader: " + (inWorker ? "worker " : "") + "failed on sample " + index + ": " + e.getMessage(), index, e);
    }

    private final class MapSerial extends Pass {
        private final Iterator<int[]> batches = batchSampler.iterator();
        private long position;
        private long batchIndex;

        MapSerial(int startBatch) {
            for (; batchIndex < startBatch && batches.hasNext(); batchIndex++) position += batches.next().length;
        }

        @Override
        B produce() {
            if (!batches.hasNext()) return null;
            int[] idx = batches.next();
            B b = loadBatch(baseSeed, idx, position, batchIndex++, false);
            position += idx.length;
            return b;
        }
    }

    /** The executor and threads of one parallel pass; also the Cleaner's action, so it must not refer to the pass. */
    private static final class Workers implements Runnable {
        final ThreadPoolExecutor executor;
        private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

        Workers(String prefix, int n) {
            AtomicInteger count = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(() -> Parallel.runSerially(r), prefix + count.getAndIncrement());
                t.setDaemon(true);
                threads.add(t);
                return t;
            };
            executor = new ThreadPoolExecutor(n, n, KEEP_ALIVE_MS, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
            executor.allowCoreThreadTimeOut(true);
        }

        /** Interrupts the workers and waits (a bounded time) until their threads have ended. */
        @Override
        public void run() {
            executor.shutdownNow();
            Thread[] ts;
            synchronized (threads) {
                ts = threads.toArray(Thread[]::new);
            }
            for (Thread t : ts) if (t == Thread.currentThread()) return;  // never join ourselves
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (Thread t : ts) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    private final class MapParallel extends Pass {
        private final Iterator<int[]> batches = batchSampler.iterator();
        private final Workers workers = new Workers(threadPrefix, numWorkers);
        private final Cleaner.Cleanable cleanable = CLEANER.register(this, workers);
        private final ArrayDeque<Future<B>> pending = new ArrayDeque<>();
        private long position;
        private long batchIndex;

        MapParallel(int startBatch) {
            for (; batchIndex < startBatch && batches.hasNext(); batchIndex++) position += batches.next().length;
            fill();
        }

        /** Keeps {@code numWorkers * prefetchFactor} batches submitted ahead of the consumer. */
        private synchronized void fill() {
            while (!closed && pending.size() < numWorkers * prefetchFactor && batches.hasNext()) {
                int[] idx = batches.next();
                long seed = baseSeed, first = position, k = batchIndex++;
                position += idx.length;
                // the task refers to the loader, not to this pass, so an abandoned pass can be collected
                pending.add(workers.executor.submit(() -> loadBatch(seed, idx, first, k, true)));
            }
        }

        @Override
        B produce() {
            Future<B> head;
            synchronized (this) {
                head = pending.poll();
            }
            if (head == null) return null;
            fill();  // hand the next batch out before waiting, so the workers stay busy
            try {
                return head.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) throw re;
                if (cause instanceof Error err) throw err;
                throw new DataLoaderException("DataLoader: worker failed: " + cause, -1, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataLoaderException("DataLoader: interrupted while waiting for a batch", -1, e);
            } catch (CancellationException e) {
                return null;
            }
        }

        @Override
        public synchronized void close() {
            super.close();
            for (Future<B> f : pending) f.cancel(true);
            pending.clear();
            cleanable.clean();  // runs the shutdown once, now
        }
    }

    /** Collects the next batch from a stream; null when the stream (or this worker's share) ends. */
    private List<Object> nextChunk(Iterator<Object> it, long firstPosition, boolean inWorker) {
        List<Object> chunk = new ArrayList<>(batchSize);
        long position = firstPosition;
        try {
            while (chunk.size() < batchSize && it.hasNext()) {
                chunk.add(it.next());
                position++;
            }
        } catch (RuntimeException e) {
            throw sampleFailure(position, e, inWorker);
        }
        if (chunk.isEmpty() || (dropLast && chunk.size() < batchSize)) return null;
        return chunk;
    }

    private final class StreamSerial extends Pass {
        private final Iterator<Object> it = iterable.iterator(new WorkerInfo(0, 1, batchSize, baseSeed));
        private long batchIndex;

        StreamSerial(int startBatch) {
            discard = startBatch;
        }

        @Override
        B produce() {
            List<Object> chunk = nextChunk(it, batchIndex * batchSize, false);
            if (chunk == null) return null;
            return collateBatch(baseSeed, chunk, batchIndex++, false);
        }
    }

    /** Worker {@code w} makes batches w, w + W, w + 2W, ... of the single-threaded sequence. */
    @SuppressWarnings("unchecked")
    private void runStreamWorker(WorkerInfo info, BlockingQueue<Item<B>> out) {
        try {
            try {
                Iterator<Object> it = iterable.iterator(info);
                for (long batch = info.id(); ; batch += info.numWorkers()) {
                    List<Object> chunk = nextChunk(it, batch * batchSize, true);
                    if (chunk == null) break;
                    out.put(new Item<>(collateBatch(info.seed(), chunk, batch, true), null, null));
                }
                out.put((Item<B>) Item.END);
            } catch (RuntimeException e) {
                out.put(new Item<>(null, e, null));
            } catch (Error e) {
                out.put(new Item<>(null, null, e));
            }
        } catch (InterruptedException e) {
            // closed: the consumer no longer reads
        }
    }

    /** A worker's output: a batch, the end of its share, or its failure. */
    private record Item<B>(B batch, RuntimeException failure, Error error) {
        static final Item<?> END = new Item<>(null, null, null);
    }

    private final class StreamParallel extends Pass {
        private final Workers workers = new Workers(threadPrefix, numWorkers);
        private final Cleaner.Cleanable cleanable = CLEANER.register(this, workers);
        private final List<BlockingQueue<Item<B>>> queues = new ArrayList<>();
        private final boolean[] finished = new boolean[numWorkers];
        private int turn;

        StreamParallel(int startBatch) {
            discard = startBatch;
            long seed = baseSeed;
            for (int w = 0; w < numWorkers; w++) {
                BlockingQueue<Item<B>> q = new ArrayBlockingQueue<>(prefetchFactor);
                queues.add(q);
                WorkerInfo info = new WorkerInfo(w, numWorkers, batchSize, seed);
                workers.executor.execute(() -> runStreamWorker(info, q));  // refers to the loader, not this pass
            }
        }

        @Override
        B produce() {
            while (true) {
                int live = 0;
                for (boolean f : finished) if (!f) live++;
                if (live == 0) return null;
                while (finished[turn]) turn = (turn + 1) % numWorkers;
                int w = turn;
                turn = (turn + 1) % numWorkers;
                Item<B> item = null;
                try {
                    // poll, so that a close() from another thread (whose workers put nothing more) ends the wait
                    while (item == null) {
                        if (closed) return null;
                        item = queues.get(w).poll(50, TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DataLoaderException("DataLoader: interrupted while waiting for a batch", -1, e);
                }
                if (item.failure() != null) throw item.failure();
                if (item.error() != null) throw item.error();
                if (item == Item.END) {
                    finished[w] = true;
                    continue;
                }
                return item.batch();
            }
        }

        @Override
        public void close() {
            super.close();
            cleanable.clean();
        }
    }

    // ------------------------------------------------------------------ builder

    /**
     * Options for a {@link DataLoader}, with torch's defaults: batch size 1, no shuffling,
     * sequential order, last batch kept, no workers, prefetch factor 2 (with workers), the global
     * generator.
     */
    public static final class Builder<E, B> {
        private final Dataset<?> dataset;
        private final IterableDataset<?> iterable;
        private Collate<?, ?> collate;
        private int batchSize = 1;
        private boolean batchSizeSet;
        private boolean shuffle;
        private Sampler sampler;
        private BatchSampler batchSampler;
        private boolean dropLast;
        private int numWorkers;
        private Integer prefetchFactor;
        private Generator generator;

        private Builder(Dataset<?> dataset, IterableDataset<?> iterable, Collate<?, ?> collate) {
            if (dataset == null && iterable == null) throw new IllegalArgumentException("DataLoader: dataset must not be null");
            if (collate == null) throw new IllegalArgumentException("DataLoader: collate must not be null");
            this.dataset = dataset;
            this.iterable = iterable;
            this.collate = collate;
        }

        /** Samples per batch (default 1). */
        public Builder<E, B> batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("DataLoader: batchSize should be a positive integer value, but got batchSize=" + batchSize);
            }
            this.batchSize = batchSize;
            this.batchSizeSet = true;
            return this;
        }

        /** A fresh random order every epoch, drawn from the loader's generator. */
        public Builder<E, B> shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** The order of indices; excludes {@code shuffle}. */
        public Builder<E, B> sampler(Sampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /** Whole batches of indices; excludes batchSize, shuffle, sampler and dropLast. */
        public Builder<E, B> batchSampler(BatchSampler batchSampler) {
            this.batchSampler = batchSampler;
            return this;
        }

        /** Drops the last batch when it is short (default false). */
        public Builder<E, B> dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Threads preparing batches ahead (default 0: the consumer's thread loads them). */
        public Builder<E, B> numWorkers(int numWorkers) {
            if (numWorkers < 0) throw new IllegalArgumentException("DataLoader: numWorkers option should be non-negative, got " + numWorkers);
            this.numWorkers = numWorkers;
            return this;
        }

        /** Batches each worker prepares ahead (default 2); only with workers. */
        public Builder<E, B> prefetchFactor(int prefetchFactor) {
            if (prefetchFactor < 1) throw new IllegalArgumentException("DataLoader: prefetchFactor should be >= 1, got " + prefetchFactor);
            this.prefetchFactor = prefetchFactor;
            return this;
        }

        /** The generator for shuffling and per-sample seeds (default: the global one). */
        public Builder<E, B> generator(Generator generator) {
            this.generator = generator;
            return this;
        }

        /** Shorthand for {@code generator(new Generator(seed))}. */
        public Builder<E, B> seed(long seed) { return generator(new Generator(seed)); }

        /** Replaces the collate function, and with it the batch type. */
        @SuppressWarnings("unchecked")
        public <C> Builder<E, C> collate(Collate<? super E, C> collate) {
            if (collate == null) throw new IllegalArgumentException("DataLoader: collate must not be null");
            this.collate = collate;
            return (Builder<E, C>) this;
        }

        public DataLoader<B> build() {
            if (iterable != null) {
                if (shuffle || sampler != null || batchSampler != null) {
                    throw new IllegalArgumentException("DataLoader: an IterableDataset is read in its own order; shuffle, sampler and batchSampler do not apply to it");
                }
            } else {
                if (batchSampler != null && (batchSizeSet || shuffle || sampler != null || dropLast)) {
                    throw new IllegalArgumentException("DataLoader: batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast");
                }
                if (sampler != null && shuffle) {
                    throw new IllegalArgumentException("DataLoader: sampler option is mutually exclusive with shuffle");
                }
            }
            if (prefetchFactor != null && numWorkers == 0) {
                throw new IllegalArgumentException("DataLoader: prefetchFactor option could only be specified with numWorkers > 0");
            }
            return new DataLoader<>(this);
        }
    }
}
