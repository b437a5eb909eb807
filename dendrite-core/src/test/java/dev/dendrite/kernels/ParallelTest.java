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
}
