package dev.dendrite.bench;

import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The steps the {@code steps} section times really train: their losses fall on a fixed batch. */
class StepModelsTest {
    @Test
    void lenetStepStartsNearLogTenAndLowersTheLoss() {
        StepModels.Step step = new StepModels.LeNet(new Generator(7)).step();
        double first = step.run();
        // ten classes, small initial logits: cross-entropy close to ln 10
        assertEquals(Math.log(10), first, 0.05);
        double last = first;
        for (int i = 0; i < 5; i++) last = step.run();
        assertTrue(last < first, "loss " + first + " -> " + last);
    }

    @Test
    void basicBlockStepLowersTheLossAndUpdatesRunningStatistics() {
        StepModels.BasicBlock block = new StepModels.BasicBlock(new Generator(7));
        StepModels.Step step = block.step();
        double first = step.run();
        double second = step.run();
        assertTrue(second < first, "loss " + first + " -> " + second);
        // the running mean moved from its initial zeros (momentum 0.1 of the batch means)
        assertTrue(block.bn1.runningMean().abs().sum().item() > 0);
        assertTrue(block.input.grad() != null, "the block's input gradient is computed");
    }

    @Test
    void sectionIsListed() throws Exception {
        var out = new ByteArrayOutputStream();
        assertEquals(0, Bench.run(new String[] {"--list"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("steps"));
    }
}
