package dev.dendrite.zoo;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.functional.F;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.SGD;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Measures ResNet-18 and ResNet-50 at 224x224: inference throughput (images per second, eval mode,
 * no gradient recording) at batch 1 and 16, and the time of one training step (forward,
 * cross-entropy, backward, SGD with momentum) at batch 16. A runnable example, not a test:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp dendrite-core/target/classes dev.dendrite.zoo.ResNetBench \
 *     [--models resnet18,resnet50] [--iters 5] [--train-batch 16]
 * </pre>
 *
 * Each measurement runs one untimed warm-up and then {@code iters} timed repetitions and reports
 * the median wall time, and beside it the process CPU time per image (all threads, median too):
 * on a machine shared with other work the wall figures fall while the CPU figures stay put. The
 * thread count is {@link Parallel#threads()} ({@code -Ddendrite.threads=N}).
 */
public final class ResNetBench {
    private ResNetBench() {}

    public static void main(String[] args) {
        List<String> models = List.of("resnet18", "resnet50");
        int iters = 5, trainBatch = 16;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--models" -> models = List.of(args[++i].split(","));
                case "--iters" -> iters = Integer.parseInt(args[++i]);
                case "--train-batch" -> trainBatch = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("ResNetBench: unknown argument '" + args[i]
                        + "'; usage: [--models resnet18,resnet50] [--iters N] [--train-batch B]");
            }
        }
        if (iters < 1 || trainBatch < 1) throw new IllegalArgumentException("ResNetBench: --iters and --train-batch must be positive");
        System.out.printf("ResNetBench: %d threads, %d timed iterations (median), input 3x224x224, Java %s%n",
                Parallel.threads(), iters, Runtime.version());
        System.out.printf("%-10s %-30s %-30s %-40s%n", "model", "inference b=1", "inference b=16", "training step b=" + trainBatch);
        for (String name : models) {
            Generator.global().manualSeed(0);
            Module model = Zoo.create(name);
            Timing b1 = inference(model, 1, iters);
            Timing b16 = inference(model, 16, iters);
            Timing step = trainStep(model, trainBatch, iters);
            System.out.printf("%-10s %-30s %-30s %-40s%n", name,
                    String.format("%.1f im/s (%.3f cpu-s/im)", 1 / b1.wallSeconds(), b1.cpuSeconds()),
                    String.format("%.1f im/s (%.3f cpu-s/im)", 16 / b16.wallSeconds(), b16.cpuSeconds() / 16),
                    String.format("%.3f s/step, %.1f im/s (%.3f cpu-s/im)", step.wallSeconds(), trainBatch / step.wallSeconds(),
                            step.cpuSeconds() / trainBatch));
        }
    }

    /** The median wall time and the median process CPU time (all threads) of one repetition. */
    public record Timing(double wallSeconds, double cpuSeconds) {}

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Images per second of eval-mode forward passes (no gradient recording) at {@code batch}, from the median time. */
    public static double inferenceImagesPerSecond(Module model, int batch, int iters) {
        return batch / inference(model, batch, iters).wallSeconds();
    }

    /** Median seconds of one training step: forward, cross-entropy, backward, SGD (momentum 0.9) update. */
    public static double trainStepSeconds(Module model, int batch, int iters) {
        return trainStep(model, batch, iters).wallSeconds();
    }

    /** Eval-mode forward passes without gradient recording at {@code batch}: median wall and CPU seconds per pass. */
    public static Timing inference(Module model, int batch, int iters) {
        model.eval();
        Tensor x = Tensor.randn(batch, 3, 224, 224);
        double[] seconds = new double[iters], cpu = new double[iters];
        try (var s = Autograd.noGrad()) {
            model.call(x);
            for (int i = 0; i < iters; i++) {
                long t = System.nanoTime(), c = processCpuNanos();
                model.call(x);
                seconds[i] = (System.nanoTime() - t) / 1e9;
                cpu[i] = (processCpuNanos() - c) / 1e9;
            }
        }
        return new Timing(median(seconds), median(cpu));
    }

    /** Training steps at {@code batch}: median wall and CPU seconds per step. */
    public static Timing trainStep(Module model, int batch, int iters) {
        model.train();
        Tensor x = Tensor.randn(batch, 3, 224, 224);
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % 1000;
        Tensor y = Tensor.of(labels, batch);
        SGD opt = new SGD(model.parameters(), SGD.options().lr(0.01).momentum(0.9));
        double[] seconds = new double[iters], cpu = new double[iters];
        for (int i = -1; i < iters; i++) {
            long t = System.nanoTime(), c = processCpuNanos();
            opt.zeroGrad();
            F.crossEntropy(model.call(x), y).backward();
            opt.step();
            if (i >= 0) {
                seconds[i] = (System.nanoTime() - t) / 1e9;
                cpu[i] = (processCpuNanos() - c) / 1e9;
            }
        }
        return new Timing(median(seconds), median(cpu));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
