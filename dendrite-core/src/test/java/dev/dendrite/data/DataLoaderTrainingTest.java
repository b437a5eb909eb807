package dev.dendrite.data;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.functional.F;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The pipeline end to end: a small MLP trained only through shuffled, worker-loaded mini-batches
 * must separate the moons on held-out points. Batches whose inputs and targets were mismatched,
 * repeated or dropped would leave it far below the threshold (the best linear boundary gets about 87%).
 */
class DataLoaderTrainingTest {

    @Test
    void mlpLearnsTheMoonsThroughTheLoader() {
        TensorDataset moons = Synthetic.moons(600, 0.1, new Generator(0));
        List<Subset<Example>> split = Datasets.randomSplit(moons, new double[] {0.8, 0.2}, new Generator(1));
        Generator.seed(2);
        Sequential model = new Sequential(new Linear(2, 32), new ReLU(), new Linear(32, 32), new ReLU(), new Linear(32, 2));
        Adam opt = new Adam(model.parameters(), 0.01);
        DataLoader<Batch> train = DataLoader.builder(split.get(0)).batchSize(32).shuffle(true).seed(3).numWorkers(2).build();
        for (int epoch = 0; epoch < 20; epoch++) {
            for (Batch b : train) {
                opt.zeroGrad();
                Tensor loss = F.crossEntropy(model.call(b.input()), b.target());
                loss.backward();
                opt.step();
            }
        }
        DataLoader<Batch> test = DataLoader.builder(split.get(1)).batchSize(50).build();
        int correct = 0, total = 0;
        try (var noGrad = Autograd.noGrad()) {
            for (Batch b : test) {
                correct += (int) model.call(b.input()).argmax(1, false).eq(b.target()).sum().item();
                total += b.size();
            }
        }
        assertEquals(120, total);
        double accuracy = (double) correct / total;
        assertTrue(accuracy >= 0.98, "held-out accuracy " + accuracy);
    }
}
