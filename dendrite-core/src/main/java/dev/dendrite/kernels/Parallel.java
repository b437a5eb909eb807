package dev.dendrite.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The one intra-op thread pool. Kernels split large loops over it; small loops run on the calling
 * thread so that tiny tensors never pay for a hand-off. The thread count is also what native
 * libraries (BLAS) are told to use, so nothing oversubscribes the cores.
 *
 * <p>The count comes from {@code -Ddendrite.threads=N} or the {@code DENDRITE_NUM_THREADS}
 * environment variable, and defaults to the number of available processors.
 */
public final class Parallel {
    /** Below this much work (in elements, or element-operations) a loop is not split. */
    public static final long GRAIN = 1 << 15;

    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool = newPool(threads);

    private Parallel() {}

    private static int initialThreads() {
        String prop = System.getProperty("dendrite.threads");
        if (prop == null) prop = System.getenv("DENDRITE_NUM_THREADS");
        if (prop != null) {
            try {
                int n = Integer.parseInt(prop.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
            throw new IllegalArgumentException("dendrite.threads: expected a positive integer, got '" + prop + "'");
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static ForkJoinPool newPool(int n) {
        var ids = new java.util.concurrent.atomic.AtomicInteger();
        return new ForkJoinPool(n, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            // the pool index is not assigned yet when the factory runs, so number threads ourselves
            t.setName("dendrite-intra-op-" + ids.getAndIncrement());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    public static int threads() { return threads; }

    /** Changes the intra-op thread count (and the native libraries' count with it). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Parallel.setThreads: thread count must be >= 1, got " + n);
        if (n == threads) return;
        ForkJoinPool old = pool;
        pool = newPool(n);
        threads = n;
        old.shutdown();
        for (Runnable listener : LISTENERS) listener.run();
    }

    private static final java.util.List<Runnable> LISTENERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Registers code to run whenever the thread count changes (native libraries re-read it). */
    public static void onThreadsChanged(Runnable listener) { LISTENERS.add(listener); }

    // Threads that already run in parallel with each other (DataLoader workers) keep their kernels
    // on their own thread, so W workers never fan out into W x threads() tasks.
    private static final ThreadLocal<Boolean> SERIAL = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** Runs {@code body} with every {@link #forRange} it reaches kept on the calling thread. */
    public static void runSerially(Runnable body) {
        boolean was = SERIAL.get();
        SERIAL.set(Boolean.TRUE);
        try {
            body.run();
        } finally {
            SERIAL.set(was);
        }
    }

    /** Whether kernels on the calling thread are currently kept serial by {@link #runSerially}. */
    public static boolean isSerial() { return SERIAL.get(); }

    /** A loop body over the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split into contiguous chunks across the pool when
     * {@code n * costPerItem} exceeds {@link #GRAIN}; otherwise on the calling thread.
     */
    public static void forRange(int n, long costPerItem, RangeBody body) {
        if (n <= 0) return;
        int t = threads;
        long work = (long) n * Math.max(1, costPerItem);
        if (t == 1 || n == 1 || work < GRAIN || ForkJoinTask.getPool() == pool  // nested: stay on this worker
                || SERIAL.get()) {
            body.run(0, n);
            return;
        }
        int chunks = (int) Math.min(n, Math.min((long) t * 4, work / (GRAIN / 2)));
        chunks = Math.max(chunks, 2);
        // ForkJoin re-wraps exceptions thrown in workers (losing or mangling their messages); keep
        // the first one as thrown and rethrow it here, so errors still say what and where.
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        RangeBody guarded = (from, to) -> {
            if (failure.get() != null) return;
            try {
                body.run(from, to);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        };
        pool.invoke(new Chunk(guarded, 0, n, Math.max(1, (n + chunks - 1) / chunks)));
        Throwable e = failure.get();
        if (e instanceof RuntimeException re) throw re;
        if (e instanceof Error err) throw err;
        if (e != null) throw new IllegalStateException(e);
    }

    private static final class Chunk extends RecursiveAction {
        private final RangeBody body;
        private final int from, to, grain;

        Chunk(RangeBody body, int from, int to, int grain) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                body.run(from, to);
                return;
            }
            int mid = from + (to - from) / 2;
            invokeAll(new Chunk(body, from, mid, grain), new Chunk(body, mid, to, grain));
        }
    }
}
