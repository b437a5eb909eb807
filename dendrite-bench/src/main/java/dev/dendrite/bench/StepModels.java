package dev.dendrite.bench;

import dev.dendrite.functional.F;
import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.SGD;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * The two training steps of the {@code steps} section, built from Dendrite's real modules. Each
 * step's parameters and data are exposed (in the order a reference must use them) so that the
 * reference runs the same step from the same starting point and the first losses can be compared.
 */
public final class StepModels {
    private StepModels() {}

    public static final int LENET_BATCH = 256, BLOCK_BATCH = 32, BLOCK_CHANNELS = 64, BLOCK_SIZE = 32;
    public static final double LEARNING_RATE = 0.01;

    /** One training step: returns the loss computed before the update. */
    public interface Step {
        double run();
    }

    /**
     * LeNet-5: conv 6@5x5 pad 2, ReLU, maxpool 2, conv 16@5x5, ReLU, maxpool 2, flatten, linear
     * 400-120, ReLU, 120-84, ReLU, 84-10; cross-entropy on class indices; SGD (lr 0.01).
     */
    public static final class LeNet {
        public final Sequential model = new Sequential(
                new Conv2d(1, 6, 5, Conv.padding(2)), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(400, 120), new ReLU(),
                new Linear(120, 84), new ReLU(),
                new Linear(84, 10));
        public final Tensor input, labels;
        private final SGD optimizer = new SGD(model.parameters(), LEARNING_RATE);

        public LeNet(Generator gen) {
            input = Tensor.randn(gen, dev.dendrite.storage.Dtype.FLOAT32, LENET_BATCH, 1, 28, 28);
            labels = Tensor.randint(0, 10, gen, LENET_BATCH);
        }

        /** conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc1.weight, fc1.bias, ... (PyTorch layouts). */
        public List<Tensor> parameters() { return model.parameters(); }

        public Step step() {
            return () -> {
                optimizer.zeroGrad();
                Tensor loss = F.crossEntropy(model.call(input), labels);
                loss.backward();
                optimizer.step();
                return loss.item();
            };
        }
    }

    /**
     * A ResNet basic block: conv3x3 (no bias), BatchNorm2d, ReLU, conv3x3 (no bias), BatchNorm2d,
     * plus the identity, ReLU; training-mode batch norm. The loss is the MSE against a fixed
     * target; the input requires grad, as a block inside a network does, so the backward pass
     * also computes the gradient flowing to the previous layer. SGD (lr 0.01) updates the two
     * conv weights and the two batch norms' weight and bias.
     */
    public static final class BasicBlock extends Module {
        public final Conv2d conv1 = register("conv1", new Conv2d(BLOCK_CHANNELS, BLOCK_CHANNELS, 3, Conv.padding(1).bias(false)));
        public final BatchNorm2d bn1 = register("bn1", new BatchNorm2d(BLOCK_CHANNELS));
        public final Conv2d conv2 = register("conv2", new Conv2d(BLOCK_CHANNELS, BLOCK_CHANNELS, 3, Conv.padding(1).bias(false)));
        public final BatchNorm2d bn2 = register("bn2", new BatchNorm2d(BLOCK_CHANNELS));
        public final Tensor input, target;
        private final SGD optimizer;

        public BasicBlock(Generator gen) {
            input = Tensor.randn(gen, dev.dendrite.storage.Dtype.FLOAT32, BLOCK_BATCH, BLOCK_CHANNELS, BLOCK_SIZE, BLOCK_SIZE)
                    .requiresGrad();
            target = Tensor.randn(gen, dev.dendrite.storage.Dtype.FLOAT32, BLOCK_BATCH, BLOCK_CHANNELS, BLOCK_SIZE, BLOCK_SIZE);
            optimizer = new SGD(parameters(), LEARNING_RATE);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = bn1.call(conv1.call(x)).relu();
            return bn2.call(conv2.call(h)).add(x).relu();
        }

        public Step step() {
            return () -> {
                optimizer.zeroGrad();
                input.zeroGrad();
                Tensor loss = F.mseLoss(call(input), target);
                loss.backward();
                optimizer.step();
                return loss.item();
            };
        }
    }
}
