package dev.dendrite.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one intra-op thread pool. Kernels split large loops over it; small loops run on the calling
 * thread so that tiny tensors never pay for a hand-off. The thread count is also what native
 * libraries (BLAS) are told to use, so nothing oversubscribes the cores.
 *
 * <p>The count comes from {@code -Ddendrite.threads=N} or the {@code DENDRITE_NUM_THREADS}
 * environment variable, and defaults to the number of available processors.
 *
 * <p>A loop runs on a team of {@code threads - 1} workers plus the calling thread, which works
 * too: all of them claim chunks from a shared counter, and the caller returns as soon as every
 * chunk is done, without waiting for a worker that woke too late to find one. Between loops a
 * worker spins for {@link #SPIN_NANOS} before it parks, so that the next kernel of a training step
 * finds it awake. (A fork-join pool, whose caller only waited and whose workers parked at once,
 * cost 20-30 us per loop: a 200K-element loop took 35-47 us split in two and 7 us on one thread.)
 */
public final class Parallel {
    /** Below this much work (in elements, or element-operations) a loop is not split. */
    public static final long GRAIN = 1 << 15;

    /**
     * How long an idle worker spins for the next loop before it parks: long enough to bridge the
     * bookkeeping between two kernels, short enough that an idle library gives its cores back at
     * once (OpenBLAS spins for about 0.1 s, which starved other work on a loaded machine).
     */
    private static final long SPIN_NANOS = 100_000;

    private static volatile int threads = initialThreads();
    private static volatile Team team = new Team(threads - 1);

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

    public static int threads() { return threads; }

    /** Changes the intra-op thread count (and the native libraries' count with it). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Parallel.setThreads: thread count must be >= 1, got " + n);
        if (n == threads) return;
        Team old = team;
        team = new Team(n - 1);
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

    /** Set while a thread runs a chunk of a split loop: loops it reaches then stay on it. */
    private static final ThreadLocal<boolean[]> IN_LOOP = ThreadLocal.withInitial(() -> new boolean[1]);

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

    /**
     * Whether the calling thread is running a chunk of a split loop (a worker, or the caller
     * sharing the work), where a nested loop runs on the thread itself.
     */
    public static boolean inParallelLoop() { return IN_LOOP.get()[0]; }

    /** A loop body over the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split into contiguous chunks across the pool when
     * {@code n * costPerItem} exceeds {@link #GRAIN}; otherwise on the calling thread. The first
     * exception a chunk throws reaches the caller as thrown (remaining chunks are skipped).
     */
    public static void forRange(int n, long costPerItem, RangeBody body) {
        if (n <= 0) return;
        int t = threads;
        long work = (long) n * Math.max(1, costPerItem);
        boolean[] inLoop = IN_LOOP.get();
        if (t == 1 || n == 1 || work < GRAIN || inLoop[0] || SERIAL.get()) {
            body.run(0, n);
            return;
        }
        int chunks = (int) Math.min(n, Math.min((long) t * 4, work / (GRAIN / 2)));
        chunks = Math.max(chunks, 2);
        Team tm = team;
        Job job = new Job(body, n, chunks, Thread.currentThread());
        // One loop at a time: a second thread calling in meanwhile (user threads of their own) runs
        // its loop alone rather than queueing behind the first.
        boolean shared = tm.lock.tryLock();
        try {
            if (shared) tm.start(job);
            inLoop[0] = true;
            try {
                job.work();
            } finally {
                inLoop[0] = false;
            }
            job.awaitDone();
        } finally {
            if (shared) {
                tm.finish();
                tm.lock.unlock();
            }
        }
        Throwable e = job.failure;
        if (e instanceof RuntimeException re) throw re;
        if (e instanceof Error err) throw err;
        if (e != null) throw new IllegalStateException(e);
    }

    /** One split loop: chunks claimed from a counter by whoever comes, counted as they finish. */
    private static final class Job {
        private final RangeBody body;
        private final int n, chunks, size;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        private volatile Throwable failure;
        /** Set by {@link Team#start} before the job is published. */
        long generation;

        Job(RangeBody body, int n, int chunks, Thread caller) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.size = (n + chunks - 1) / chunks;
            this.caller = caller;
        }

        /** Runs chunks until none is left to claim. */
        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                int from = c * size, to = Math.min(n, from + size);
                try {
                    if (failure == null && from < to) body.run(from, to);
                } catch (Throwable e) {
                    synchronized (this) {
                        if (failure == null) failure = e;
                    }
                } finally {
                    if (done.incrementAndGet() == chunks) LockSupport.unpark(caller);
                }
            }
        }

        /** Returns once every chunk has finished (the ones other threads claimed included). */
        void awaitDone() {
            for (int spins = 0; done.get() < chunks; spins++) {
                if (spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 50_000);
                }
            }
        }
    }

    /** The worker threads, and the job they are to join. */
    private static final class Team {
        final ReentrantLock lock = new ReentrantLock();
        private final Thread[] workers;
        /** The loop being run, or null between loops (so that no finished loop's data stays reachable). */
        private volatile Job job;
        private volatile long generation;
        private volatile boolean shutdown;

        Team(int size) {
            workers = new Thread[size];
            for (int i = 0; i < size; i++) {
                Thread w = new Thread(this::workerLoop, "dendrite-intra-op-" + i);
                w.setDaemon(true);
                workers[i] = w;
                w.start();
            }
        }

        void start(Job j) {
            j.generation = ++generation;
            job = j;
            for (Thread w : workers) LockSupport.unpark(w);
        }

        void finish() { job = null; }

        void shutdown() {
            shutdown = true;
            for (Thread w : workers) LockSupport.unpark(w);
        }

        /** Whether a loop this worker has not joined yet is running. */
        private boolean fresh(long seen) {
            Job j = job;
            return j != null && j.generation != seen;
        }

        private void workerLoop() {
            boolean[] inLoop = IN_LOOP.get();
            long seen = 0;
            while (!shutdown) {
                Job j = job;
                if (j != null && j.generation != seen) {
                    seen = j.generation;
                    inLoop[0] = true;
                    try {
                        j.work();
                    } finally {
                        inLoop[0] = false;
                    }
                    continue;
                }
                long until = System.nanoTime() + SPIN_NANOS;
                while (!fresh(seen) && !shutdown && System.nanoTime() < until) Thread.onSpinWait();
                if (!fresh(seen) && !shutdown) LockSupport.park(this);   // start() unparks; a stale permit just loops
            }
        }
    }
}
