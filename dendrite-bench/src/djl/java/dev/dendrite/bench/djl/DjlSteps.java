package dev.dendrite.bench.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.dendrite.bench.ReferenceSteps;
import dev.dendrite.bench.StepModels;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code steps} section's reference: the same training steps on PyTorch's CPU kernels,
 * through DJL's NDArray and autograd API. Each DJL call below is one ATen op: {@code Conv2d.conv2d} is
 * {@code at::convolution} (oneDNN or PyTorch's own CPU kernels, as PyTorch picks), batch norm
 * {@code at::batch_norm} in training mode, {@code max_pool2d}, {@code linear}, {@code relu},
 * {@code log_softmax} + {@code gather} + {@code mean} for the cross-entropy; the gradient is
 * {@code torch::autograd::backward}; the SGD update is {@code param -= lr * grad} in place with
 * autograd off, and the gradients are zeroed in place before each step. Loaded reflectively by
 * {@code TrainingStepBenchmark}, so that only the {@code -Pdjl} build depends on DJL.
 */
public final class DjlSteps implements ReferenceSteps {
    private final NDManager manager;
    private final int threads;

    /** Sets PyTorch's intra-op thread count to {@code threads} and checks that it took. */
    public DjlSteps(int threads) {
        this.threads = threads;
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        if (JniUtils.getNumThreads() != threads) {
            throw new IllegalStateException("PyTorch runs " + JniUtils.getNumThreads() + " intra-op threads, asked for " + threads);
        }
        manager = engine.newBaseManager(Device.cpu());
    }

    @Override
    public String description() {
        Engine engine = Engine.getEngine("PyTorch");
        return "PyTorch " + engine.getVersion() + " (CPU) through DJL " + Engine.getDjlVersion() + ", "
                + JniUtils.getNumThreads() + " intra-op threads (asked " + threads + ")";
    }

    private NDArray copy(Tensor t) {
        NDArray a = manager.create(t.toFloatArray(), new Shape(toLongs(t.shape())));
        return a;
    }

    private NDArray param(Tensor t) {
        NDArray a = copy(t);
        a.setRequiresGradient(true);
        return a;
    }

    private static long[] toLongs(int[] shape) {
        long[] r = new long[shape.length];
        for (int i = 0; i < shape.length; i++) r[i] = shape[i];
        return r;
    }

    @Override
    public StepModels.Step lenet(StepModels.LeNet model) {
        List<NDArray> p = new ArrayList<>();
        for (Tensor t : model.parameters()) p.add(param(t));
        NDArray x = copy(model.input);
        long[] lab = model.labels.contiguous().storage().longs();
        NDArray labels = manager.create(lab, new Shape(lab.length, 1));
        Shape two = new Shape(2, 2), none = new Shape(0, 0), one = new Shape(1, 1);
        return () -> step(p, x, () -> {
            NDArray h = Activation.relu(Conv2d.conv2d(x, p.get(0), p.get(1), one, new Shape(2, 2), one, 1).get(0));
            h = Pool.maxPool2d(h, two, two, none, false);
            h = Activation.relu(Conv2d.conv2d(h, p.get(2), p.get(3), one, none, one, 1).get(0));
            h = Pool.maxPool2d(h, two, two, none, false);
            h = h.reshape(h.getShape().get(0), -1);
            h = Activation.relu(Linear.linear(h, p.get(4), p.get(5)).get(0));
            h = Activation.relu(Linear.linear(h, p.get(6), p.get(7)).get(0));
            NDArray logits = Linear.linear(h, p.get(8), p.get(9)).get(0);
            return logits.logSoftmax(1).gather(labels, 1).mean().neg();
        });
    }

    @Override
    public StepModels.Step basicBlock(StepModels.BasicBlock model) {
        List<NDArray> p = new ArrayList<>();
        for (Tensor t : model.parameters()) p.add(param(t));   // conv1.weight, bn1.weight, bn1.bias, conv2.weight, bn2...
        NDArray rm1 = copy(model.bn1.runningMean()), rv1 = copy(model.bn1.runningVar());
        NDArray rm2 = copy(model.bn2.runningMean()), rv2 = copy(model.bn2.runningVar());
        NDArray x = param(model.input), target = copy(model.target);
        List<NDArray> withInput = new ArrayList<>(p);
        withInput.add(x);
        Shape one = new Shape(1, 1);
        return () -> step(p, withInput, x, () -> {
            NDArray h = Conv2d.conv2d(x, p.get(0), null, one, one, one, 1).get(0);
            h = Activation.relu(BatchNorm.batchNorm(h, rm1, rv1, p.get(1), p.get(2), 1, 0.1f, 1e-5f, true).get(0));
            h = Conv2d.conv2d(h, p.get(3), null, one, one, one, 1).get(0);
            h = BatchNorm.batchNorm(h, rm2, rv2, p.get(4), p.get(5), 1, 0.1f, 1e-5f, true).get(0);
            NDArray out = Activation.relu(h.add(x));
            return out.sub(target).square().mean();
        });
    }

    private interface Forward {
        NDArray loss();
    }

    private double step(List<NDArray> params, NDArray anchor, Forward forward) {
        return step(params, params, anchor, forward);
    }

    /**
     * One step: intermediate arrays are attached to a per-step manager (through the input,
     * temporarily attached to it) and freed when the step ends.
     */
    private double step(List<NDArray> params, List<NDArray> zeroed, NDArray anchor, Forward forward) {
        for (NDArray a : zeroed) JniUtils.zeroGrad((PtNDArray) a);
        try (NDManager scope = manager.newSubManager()) {
            anchor.tempAttach(scope);
            NDArray loss;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                loss = forward.loss();
                gc.backward(loss);
            }
            for (NDArray w : params) {
                try (NDArray g = w.getGradient()) {
                    w.subi(g.muli((float) StepModels.LEARNING_RATE));
                }
            }
            return loss.getFloat();
        }
    }

    @Override
    public void close() { manager.close(); }
}
