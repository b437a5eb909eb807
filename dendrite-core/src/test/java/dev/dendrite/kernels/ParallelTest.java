package dev.dendrite.kernels;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class ParallelTest {

    @Test
    void everyIndexIsVisitedExactlyOnce() {
        int n = 1_000_003;
        int[] hits = new int[n];
        Parallel.forRange(n, 1, (from, to) -> {
            for (int i = from; i < to; i++) hits[i]++;
        });
        for (int i = 0; i < n; i++) assertEquals(1, hits[i], "index " + i);
    }

    @Test
    void smallWorkRunsOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        AtomicLong others = new AtomicLong();
        Parallel.forRange(100, 1, (from, to) -> {
            if (Thread.currentThread() != caller) others.incrementAndGet();
        });
        assertEquals(0, others.get());
    }

    @Test
    void aWorkerExceptionReachesTheCallerUnchanged() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> Parallel.forRange(1 << 20, 1, (from, to) -> {
            if (to > (1 << 19)) throw new IndexOutOfBoundsException("gather: index 7 is out of bounds for dim 1 with size 3");
        }));
        assertEquals("gather: index 7 is out of bounds for dim 1 with size 3", e.getMessage());
    }

    @Test
    void aLoopInsideAChunkRunsOnThatChunksThread() {
        int n = 1 << 16;
        AtomicLong foreign = new AtomicLong(), inner = new AtomicLong();
        Parallel.forRange(8, Parallel.GRAIN, (from, to) -> {
            assertTrue(Parallel.inParallelLoop() || Parallel.threads() == 1);
            Thread mine = Thread.currentThread();
            Parallel.forRange(n, 1, (a, b) -> {
                if (Thread.currentThread() != mine) foreign.incrementAndGet();
                inner.addAndGet(b - a);
            });
        });
        assertEquals(0, foreign.get());
        assertEquals(8L * n, inner.get());
        assertFalse(Parallel.inParallelLoop(), "the flag is cleared when the loop returns");
    }

    @Test
    void callersOnSeveralThreadsEachGetTheirWholeLoop() throws Exception {
        int callers = 4, n = 300_001;
        long[] sums = new long[callers];
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int id = c;
            threads[c] = new Thread(() -> {
                for (int round = 0; round < 50; round++) {
                    AtomicLong sum = new AtomicLong();
                    Parallel.forRange(n, 1, (from, to) -> {
                        long s = 0;
                        for (int i = from; i < to; i++) s += i;
                        sum.addAndGet(s);
                    });
                    sums[id] += sum.get();
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) t.join(60_000);
        long want = 50L * ((long) n * (n - 1) / 2);
        for (int c = 0; c < callers; c++) assertEquals(want, sums[c], "caller " + c);
    }

    @Test
    void changingTheThreadCountKeepsLoopsWhole() {
        int before = Parallel.threads();
        try {
            for (int t : new int[] {3, 1, 2}) {
                Parallel.setThreads(t);
                int n = 100_003;
                int[] hits = new int[n];
                Parallel.forRange(n, 1, (from, to) -> {
                    for (int i = from; i < to; i++) hits[i]++;
                });
                for (int i = 0; i < n; i++) assertEquals(1, hits[i], t + " threads, index " + i);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
