package dev.dendrite.train;

import dev.dendrite.functional.F;
import dev.dendrite.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CsvLoggerTest {

    static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writesEveryStepAndEpochIncrementally(@TempDir Path dir) {
        TrainerTest.Probe m = new TrainerTest.Probe(0);
        List<Integer> linesSeenAtEpochEnd = new ArrayList<>();
        Callback peek = new Callback() {
            @Override public void onEpochEnd(TrainContext ctx) { linesSeenAtEpochEnd.add(lines(dir.resolve("epochs.csv")).size()); }
        };
        Trainer t = new Trainer(m, new SGD(m.parameters(), 0.1)).loss(F::mseLoss).callbacks(new CsvLogger(dir), peek);
        Trainer.History h = t.fit(TrainerTest.regression(3, 4, 5), TrainerTest.regression(1, 4, 6), 2);
        assertEquals(List.of(2, 3), linesSeenAtEpochEnd, "each row is on disk when the epoch ends");

        List<String> steps = lines(dir.resolve("steps.csv"));
        assertEquals("epoch,batch,global_batch,loss,lr", steps.get(0));
        assertEquals(7, steps.size());
        assertTrue(steps.get(4).startsWith("2,1,4,"), steps.get(4));
        List<String> epochs = lines(dir.resolve("epochs.csv"));
        assertEquals("epoch,loss,lr,val_loss", epochs.get(0));
        for (int e = 0; e < 2; e++) {
            var logs = h.epochs().get(e);
            assertEquals((e + 1) + "," + logs.get("loss") + "," + logs.get("lr") + "," + logs.get("val_loss"), epochs.get(e + 1));
        }
        // the last step row's running loss is the epoch's loss
        String[] last = steps.get(6).split(",");
        assertEquals(h.epochs().get(1).get("loss"), Double.parseDouble(last[3]));

        // a later run into the same files appends rows under the one header
        new Trainer(m, new SGD(m.parameters(), 0.1)).loss(F::mseLoss).callbacks(new CsvLogger(dir))
                .fit(TrainerTest.regression(3, 4, 5), TrainerTest.regression(1, 4, 6), 1);
        List<String> after = lines(dir.resolve("epochs.csv"));
        assertEquals(4, after.size());
        assertEquals(1, after.stream().filter(l -> l.startsWith("epoch")).count());

        // a different set of columns is refused rather than mixed in
        var e = assertThrows(IllegalStateException.class, () -> new Trainer(m, new SGD(m.parameters(), 0.1)).loss(F::mseLoss)
                .callbacks(new CsvLogger(dir)).fit(TrainerTest.regression(1, 4, 5), null, 1));
        assertEquals("CsvLogger: " + dir.resolve("epochs.csv") + " exists with header \"epoch,loss,lr,val_loss\", which differs from this run's "
                + "\"epoch,loss,lr\"; use another file", e.getMessage());
    }
}
