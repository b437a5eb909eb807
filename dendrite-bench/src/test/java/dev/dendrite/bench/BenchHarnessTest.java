package dev.dendrite.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness pieces, without running any benchmark. */
class BenchHarnessTest {
    @Test
    void tableAlignsColumns() {
        var bytes = new ByteArrayOutputStream();
        new Table("n", "GFLOPS").row(256, Table.fixed(12.345, 1)).row(2048, Table.fixed(Double.NaN, 1))
                .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("""
                  n     GFLOPS
                  ----  ------
                  256     12.3
                  2048     n/a
                """, bytes.toString(StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> new Table("a", "b").row(1));
    }

    @Test
    void timerTakesAtLeastTheMinimumSamples() {
        int[] calls = {0};
        Timer.Result r = new Timer(2, 0, 7, 0, 100).measure(() -> calls[0]++);
        assertEquals(7, r.samples());
        assertEquals(9, calls[0], "2 warm-up calls, then 7 timed ones");
        assertTrue(r.minSeconds() <= r.medianSeconds());
        assertEquals(2 / r.medianSeconds() / 1e9, r.giga(2), 1e-9 * r.giga(2));
    }

    @Test
    void listsSectionsAndRejectsUnknownOnes() throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        assertEquals(0, Bench.run(new String[]{"--list"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("gemm"));
        assertEquals(2, Bench.run(new String[]{"nope"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown section 'nope'; sections: gemm"));
    }
}
