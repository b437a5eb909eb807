package dev.dendrite.bench;

import dev.dendrite.kernels.Gemm;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.tensor.Generator;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Milliseconds per training step of two small networks, against PyTorch's CPU kernels run through
 * DJL in the same process at the same thread count.
 *
 * <ul>
 *   <li><b>LeNet-5</b>, batch 256 of 1x28x28: conv 6@5x5 pad 2, ReLU, maxpool 2, conv 16@5x5,
 *       ReLU, maxpool 2, flatten, linear 400-120, ReLU, 120-84, ReLU, 84-10, cross-entropy on
 *       class indices (mean), backward, SGD update (lr 0.01) of all ten parameter tensors.</li>
 *   <li><b>ResNet basic block</b>, batch 32, 64 channels, 32x32: conv3x3 (no bias), BatchNorm2d
 *       (training mode, running statistics updated), ReLU, conv3x3, BatchNorm2d, + identity,
 *       ReLU; MSE loss against a fixed random target; backward, including the gradient of the
 *       block's input (as for a block inside a network); SGD update of the two conv weights and
 *       the batch norms' weights and biases.</li>
 * </ul>
 *
 * <p>Each step is timed from zeroing the gradients to reading the loss as a number. Dendrite runs
 * its real modules ({@code nn.Conv2d}, {@code nn.BatchNorm2d}, {@code nn.MaxPool2d},
 * {@code nn.Linear}, {@code nn.ReLU}, {@code F.crossEntropy} / {@code F.mseLoss},
 * {@code optim.SGD}); the reference runs the same ATen ops through DJL's NDArray and autograd API
 * (see {@code dev.dendrite.bench.djl.DjlSteps}), starting from copies of the same parameters and
 * data, so the first-step losses printed above the table must agree. The reference is compiled
 * only in the {@code -Pdjl} build and loaded reflectively; without it the section reports
 * Dendrite's times alone and says how to enable it. The two sides are measured in alternating
 * rounds and each reports the median of its round medians.
 */
final class TrainingStepBenchmark implements Benchmark {
    private static final String REFERENCE_CLASS = "dev.dendrite.bench.djl.DjlSteps";
    private static final int ROUNDS = 5;
    private static final Timer ROUND = new Timer(2, 0.2, 5, 1.0, 10_000);
    private static final Timer WARM_UP = new Timer(5, 2.0, 0, 0, 0);

    @Override public String name() { return "steps"; }

    @Override public String description() {
        return "ms per LeNet-5 and ResNet basic-block training step vs PyTorch through DJL (build with -Pdjl)";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        int threads = Parallel.threads();
        Generator gen = new Generator(20261121L);
        StepModels.LeNet lenet = new StepModels.LeNet(gen);
        StepModels.BasicBlock block = new StepModels.BasicBlock(gen);

        ReferenceSteps reference = null;
        String referenceLine;
        StepModels.Step refLenet = null, refBlock = null;
        try {
            reference = loadReference(threads);
            referenceLine = reference.description();
            // built before Dendrite's first step, from the same starting parameters
            refLenet = reference.lenet(lenet);
            refBlock = reference.basicBlock(block);
        } catch (ClassNotFoundException e) {
            referenceLine = "not built; rebuild with -Pdjl and run with DJL_OFFLINE=true PYTORCH_FLAVOR=cpu"
                    + " PYTORCH_VERSION=2.7.1 -Dai.djl.offline=true (see dendrite-bench/README.md)";
        } catch (Exception | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            referenceLine = "unavailable: " + cause;
            if (reference != null) reference.close();
            reference = null;
            refLenet = refBlock = null;
        }

        StepModels.Step dLenet = lenet.step(), dBlock = block.step();
        out.println("Training steps: ms per step (zero grads, forward, loss, backward, SGD update), float32, "
                + threads + " threads, median over " + ROUNDS + " alternating rounds");
        out.println("  Dendrite:  " + Gemm.implementation());
        out.println("  reference: " + referenceLine);
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        if (coreType != null) {
            out.println("  note: OPENBLAS_CORETYPE=" + coreType + " is set in the environment and picks Dendrite's OpenBLAS kernels;"
                    + " PyTorch's oneDNN and MKL choose their own from the CPU");
        }
        out.println("  load average before: " + loadAverage());
        // The first step runs from identical parameters and data on both sides.
        out.println("  first-step loss: LeNet-5 " + Table.fixed(dLenet.run(), 5)
                + (refLenet == null ? "" : " (reference " + Table.fixed(refLenet.run(), 5) + ")")
                + ", basic block " + Table.fixed(dBlock.run(), 5)
                + (refBlock == null ? "" : " (reference " + Table.fixed(refBlock.run(), 5) + ")"));

        try {
            Table table = new Table("step", "Dendrite ms", "PyTorch ms", "Dendrite/PyTorch");
            row(table, "LeNet-5, batch 256, 1x28x28", dLenet, refLenet);
            row(table, "basic block, batch 32, 64x32x32", dBlock, refBlock);
            out.println("  load average after:  " + loadAverage());
            out.println();
            table.print(out);
        } finally {
            if (reference != null) reference.close();
        }
    }

    private static void row(Table table, String name, StepModels.Step dendrite, StepModels.Step reference) {
        Runnable d = dendrite::run, r = reference == null ? null : reference::run;
        WARM_UP.warmUp(d);
        if (r != null) WARM_UP.warmUp(r);
        double[] ds = new double[ROUNDS], rs = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            ds[i] = ROUND.measure(d).medianSeconds();
            rs[i] = r == null ? Double.NaN : ROUND.measure(r).medianSeconds();
        }
        double dm = median(ds), rm = median(rs);
        table.row(name, Table.fixed(dm * 1e3, 2), Table.fixed(rm * 1e3, 2), Table.fixed(dm / rm, 2));
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static ReferenceSteps loadReference(int threads) throws ReflectiveOperationException {
        Class<?> type = Class.forName(REFERENCE_CLASS);
        return (ReferenceSteps) type.getConstructor(int.class).newInstance(threads);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
