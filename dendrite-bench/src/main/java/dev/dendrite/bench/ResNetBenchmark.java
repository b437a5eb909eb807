package dev.dendrite.bench;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.functional.F;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.SGD;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.zoo.Zoo;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * ResNet-18 and ResNet-50 from the zoo at 224x224: inference throughput (eval mode, no graph) at
 * batch 1 and 16, and one training step (forward, cross-entropy, backward, SGD with momentum) at
 * batch 16. Each figure is the median of {@value #ITERS} timed repetitions after one warm-up, with
 * the process CPU seconds per image beside it: on a shared machine the wall-clock figures fall
 * while the CPU figures stay put. There is no reference in this section (PyTorch's ResNets would
 * need torchvision); the steps section compares the building blocks against PyTorch.
 */
final class ResNetBenchmark implements Benchmark {
    private static final int ITERS = 5, TRAIN_BATCH = 16;
    private static final List<String> MODELS = List.of("resnet18", "resnet50");

    @Override public String name() { return "resnet"; }

    @Override public String description() { return "ResNet-18/50 at 224x224: images/s at batch 1 and 16, training-step time at batch 16"; }

    @Override
    public void run(PrintStream out) {
        out.println("ResNet: 3x224x224 input, " + Parallel.threads() + " threads, median of " + ITERS + " repetitions");
        out.println();
        Table table = new Table("model", "infer b=1 im/s", "cpu-s/im", "infer b=16 im/s", "cpu-s/im", "train b=16 s/step", "cpu-s/im");
        for (String name : MODELS) {
            Generator.global().manualSeed(0);
            Module model = Zoo.create(name);
            Timing b1 = inference(model, 1), b16 = inference(model, 16), step = trainStep(model);
            table.row(name, Table.fixed(1 / b1.wall(), 1), Table.fixed(b1.cpu(), 3), Table.fixed(16 / b16.wall(), 1),
                    Table.fixed(b16.cpu() / 16, 3), Table.fixed(step.wall(), 2), Table.fixed(step.cpu() / TRAIN_BATCH, 3));
        }
        table.print(out);
    }

    /** Median wall and process-CPU seconds of one repetition. */
    private record Timing(double wall, double cpu) {}

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Timing inference(Module model, int batch) {
        model.eval();
        Tensor x = Tensor.randn(batch, 3, 224, 224);
        try (var s = Autograd.noGrad()) {
            return repeat(() -> model.call(x));
        }
    }

    private static Timing trainStep(Module model) {
        model.train();
        Tensor x = Tensor.randn(TRAIN_BATCH, 3, 224, 224);
        long[] labels = new long[TRAIN_BATCH];
        for (int i = 0; i < TRAIN_BATCH; i++) labels[i] = i % 1000;
        Tensor y = Tensor.of(labels, TRAIN_BATCH);
        SGD opt = new SGD(model.parameters(), SGD.options().lr(0.01).momentum(0.9));
        return repeat(() -> {
            opt.zeroGrad();
            F.crossEntropy(model.call(x), y).backward();
            opt.step();
        });
    }

    private static Timing repeat(Runnable op) {
        op.run();
        double[] wall = new double[ITERS], cpu = new double[ITERS];
        for (int i = 0; i < ITERS; i++) {
            long t = System.nanoTime(), c = cpuNanos();
            op.run();
            wall[i] = (System.nanoTime() - t) / 1e9;
            cpu[i] = (cpuNanos() - c) / 1e9;
        }
        return new Timing(median(wall), median(cpu));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
