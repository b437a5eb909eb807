package dev.dendrite.cli;

import dev.dendrite.io.SafeTensors;
import dev.dendrite.nn.Module;
import dev.dendrite.train.Checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a model's weights from a training checkpoint (its model section) or a plain state-dict file. */
final class Weights {
    private Weights() {}

    static void load(Module model, Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no checkpoint file " + file);
        var header = SafeTensors.readHeader(file);
        boolean trainingCheckpoint = header.metadata().containsKey("__checkpoint__");
        if (trainingCheckpoint) {
            Checkpoint ck = Checkpoint.load(file);
            if (!ck.hasSection("model")) throw new IllegalArgumentException(file + " is a checkpoint without a model section");
            model.loadStateDict(ck.tensors("model"), true);
        } else {
            model.load(file, true);
        }
    }
}
