package dev.dendrite.train;

import dev.dendrite.data.Batch;
import dev.dendrite.functional.F;
import dev.dendrite.optim.SGD;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.*;

class ProgressBarTest {
    static final String NL = System.lineSeparator();
    static final BiFunction<Tensor, Tensor, Tensor> FLAT = (o, y) -> o.sum().mul(0).add(1.0);

    /** Runs the trainer with a clock that advances one second per batch; returns what the bar printed. */
    static String run(Iterable<Batch> data, int epochs, boolean interactive, int plainEvery) {
        AtomicLong clock = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TrainerTest.Probe m = new TrainerTest.Probe(0);
        Callback tick = new Callback() {
            @Override public void onBatchEnd(TrainContext ctx) { clock.addAndGet(1_000_000_000L); }
        };
        new Trainer(m, new SGD(m.parameters(), 0.01)).loss(FLAT)
                .callbacks(tick, new ProgressBar(out, interactive, clock::get, 0, plainEvery))
                .fit(data, null, epochs);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesEveryNBatchesAndAtEpochEnd() {
        String s = run(TrainerTest.constant(4, 1, 1, 1), 2, false, 2);
        assertEquals(
                "Epoch 1/2 2/4 [==========>.........]  ETA 0:02  loss 1.0000  lr 0.0100" + NL
                + "Epoch 1/2 4/4 [====================]  4.0s  loss 1.0000  lr 0.0100" + NL
                + "Epoch 2/2 2/4 [==========>.........]  ETA 0:02  loss 1.0000  lr 0.0100" + NL
                + "Epoch 2/2 4/4 [====================]  4.0s  loss 1.0000  lr 0.0100" + NL, s);
    }

    @Test
    void terminalRedrawsOneLinePerEpochWithCarriageReturns() {
        String s = run(TrainerTest.constant(2, 1, 1, 1), 1, true, 0);
        String b1 = "Epoch 1/1 1/2 [==========>.........]  ETA 0:01  loss 1.0000  lr 0.0100";
        String b2 = "Epoch 1/1 2/2 [====================]  ETA 0:00  loss 1.0000  lr 0.0100";
        String end = "Epoch 1/1 2/2 [====================]  2.0s  loss 1.0000  lr 0.0100";
        // the shorter final line is padded to cover the previous one
        assertEquals("\r" + b1 + "\r" + b2 + "\r" + end + " ".repeat(b2.length() - end.length()) + NL, s);
        assertEquals(1, s.split(NL, -1).length - 1, "one line per epoch");
    }

    @Test
    void unknownLengthShowsCountAndElapsedThenLearnsTheLength() {
        List<Batch> list = TrainerTest.constant(3, 1, 1, 1);
        Iterable<Batch> unsized = list::iterator;  // not a Collection: no length up front
        String s = run(unsized, 2, false, 3);
        String[] lines = s.split(NL);
        assertEquals("Epoch 1/2 3/?  3.0s  loss 1.0000  lr 0.0100", lines[0]);
        // by the epoch's end the trainer knows the length
        assertEquals("Epoch 1/2 3/3 [====================]  3.0s  loss 1.0000  lr 0.0100", lines[1]);
        assertEquals("Epoch 2/2 3/3 [====================]  3.0s  loss 1.0000  lr 0.0100", lines[2]);
        assertEquals(3, lines.length);
    }

    @Test
    void formatsTimesAndBars() {
        assertEquals("1:02:05", ProgressBar.formatClock(3725));
        assertEquals("1:00", ProgressBar.formatClock(59.2));
        assertEquals("0:00", ProgressBar.formatClock(0));
        assertEquals("19.8s", ProgressBar.formatSeconds(19.84));
        assertEquals("2:05", ProgressBar.formatSeconds(125));
        assertEquals(">...................", ProgressBar.bar(0, 7));
        assertEquals("==============>.....", ProgressBar.bar(5, 7));
        assertEquals("====================", ProgressBar.bar(7, 7));
        assertEquals("0.000300", ProgressBar.formatValue("lr", 3e-4));
        assertEquals("0.4127", ProgressBar.formatValue("val_loss", 0.41273));
    }
}
