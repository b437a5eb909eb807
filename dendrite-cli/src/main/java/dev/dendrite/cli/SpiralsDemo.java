package dev.dendrite.cli;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.data.Spirals;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a two-hidden-layer MLP from scratch on the spirals set with nothing but tensors and
 * autograd: the forward pass, a numerically stable cross-entropy, backward, and an Adam update
 * written out in place. It is the smallest complete training loop in the project, and its
 * result is deterministic for a given seed.
 */
final class SpiralsDemo {
    static final int CLASSES = 3;
    static final int HIDDEN = 64;

    /** Settings of one run. */
    record Config(long seed, int steps, double lr, int pointsPerClass) {
        static final Config DEFAULT = new Config(42, 600, 0.01, 200);
    }

    /** The outcome: final training loss, accuracy on a held-out set, and the trained weights. */
    record Result(double finalLoss, double trainAccuracy, double testAccuracy, List<Tensor> parameters) {}

    private final Config config;
    private final List<Tensor> params = new ArrayList<>();
    private final Tensor w1, b1, w2, b2, w3, b3;

    SpiralsDemo(Config config) {
        this.config = config;
        Generator gen = new Generator(config.seed());
        w1 = linearWeight(gen, 2, HIDDEN);
        b1 = linearBias(gen, 2, HIDDEN);
        w2 = linearWeight(gen, HIDDEN, HIDDEN);
        b2 = linearBias(gen, HIDDEN, HIDDEN);
        w3 = linearWeight(gen, HIDDEN, CLASSES);
        b3 = linearBias(gen, HIDDEN, CLASSES);
    }

    /** PyTorch's default Linear initialization: uniform on +-1/sqrt(fan_in). */
    private Tensor linearWeight(Generator gen, int in, int out) {
        double bound = 1 / Math.sqrt(in);
        Tensor w = Tensor.rand(gen, dev.dendrite.storage.Dtype.FLOAT32, in, out).mul(2 * bound).sub(bound).requiresGrad();
        params.add(w);
        return w;
    }

    private Tensor linearBias(Generator gen, int in, int out) {
        double bound = 1 / Math.sqrt(in);
        Tensor b = Tensor.rand(gen, dev.dendrite.storage.Dtype.FLOAT32, out).mul(2 * bound).sub(bound).requiresGrad();
        params.add(b);
        return b;
    }

    Tensor forward(Tensor x) {
        Tensor h = x.matmul(w1).add(b1).relu();
        h = h.matmul(w2).add(b2).relu();
        return h.matmul(w3).add(b3);
    }

    /** Mean cross-entropy of logits against one-hot targets: logsumexp(z) - z[target]. */
    static Tensor crossEntropy(Tensor logits, Tensor oneHot) {
        return logits.logsumexp(1, false).sub(logits.mul(oneHot).sum(1)).mean();
    }

    static double accuracy(Tensor logits, Tensor labels) {
        return logits.argmax(1, false).eq(labels).toFloat().mean().item();
    }

    Result train(PrintStream log) {
        Generator data = new Generator(config.seed() + 1);
        Spirals train = Spirals.generate(config.pointsPerClass(), CLASSES, 0.2, data);
        Spirals test = Spirals.generate(config.pointsPerClass(), CLASSES, 0.2, data);
        Tensor targets = train.oneHot(CLASSES);
        Adam adam = new Adam(params, config.lr());
        double loss = Double.NaN;
        int every = Math.max(1, config.steps() / 12);
        for (int step = 1; step <= config.steps(); step++) {
            Tensor l = crossEntropy(forward(train.features()), targets);
            for (Tensor p : params) p.zeroGrad();
            l.backward();
            adam.step();
            loss = l.item();
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("demo: the loss became " + loss + " at step " + step);
            }
            if (log != null && (step == 1 || step % every == 0 || step == config.steps())) {
                log.printf("step %4d/%d  loss %.4f%n", step, config.steps(), loss);
            }
        }
        try (var s = Autograd.noGrad()) {
            double trainAcc = accuracy(forward(train.features()), train.labels());
            double testAcc = accuracy(forward(test.features()), test.labels());
            return new Result(loss, trainAcc, testAcc, List.copyOf(params));
        }
    }

    /** Adam (Kingma and Ba, 2015) with bias correction, updating the parameters in place. */
    private static final class Adam {
        private static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;
        private final List<Tensor> params;
        private final List<Tensor> m = new ArrayList<>(), v = new ArrayList<>();
        private final double lr;
        private int t;

        Adam(List<Tensor> params, double lr) {
            this.params = params;
            this.lr = lr;
            for (Tensor p : params) {
                m.add(Tensor.zerosLike(p));
                v.add(Tensor.zerosLike(p));
            }
        }

        void step() {
            t++;
            double c1 = 1 - Math.pow(BETA1, t), c2 = 1 - Math.pow(BETA2, t);
            try (var s = Autograd.noGrad()) {
                for (int i = 0; i < params.size(); i++) {
                    Tensor g = params.get(i).grad();
                    if (g == null) continue;
                    m.get(i).mul_(BETA1).add_(g, 1 - BETA1);
                    v.get(i).mul_(BETA2).add_(g.square(), 1 - BETA2);
                    Tensor update = m.get(i).div(c1).div(v.get(i).div(c2).sqrt().add(EPS));
                    params.get(i).add_(update, -lr);
                }
            }
        }
    }
}
