package dev.dendrite.optim;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.data.Spirals;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.lr.LRScheduler;
import dev.dendrite.optim.lr.PolynomialLR;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every optimizer must actually learn: a noisy linear regression fitted to near its noise floor, and
 * the spirals, which only a trained hidden layer separates. Thresholds sit far below where a wrong
 * sign, a missing bias correction or a stuck state would leave the loss.
 */
class OptimizerTrainingTest {

    record Case(String name, Function<List<Tensor>, Optimizer> make, int steps, boolean polyDecay) {
        @Override
        public String toString() { return name; }
    }

    static Stream<Arguments> regression() {
        return Stream.of(
                new Case("SGD", ps -> new SGD(ps, SGD.options().lr(0.05)), 300, false),
                new Case("SGD momentum", ps -> new SGD(ps, SGD.options().lr(0.02).momentum(0.9)), 200, false),
                new Case("SGD nesterov", ps -> new SGD(ps, SGD.options().lr(0.02).momentum(0.9).nesterov(true)), 200, false),
                new Case("Adagrad", ps -> new Adagrad(ps, 0.5), 300, false),
                new Case("RMSprop", ps -> new RMSprop(ps, RMSprop.options().lr(0.03)), 300, true),
                new Case("RMSprop centered momentum", ps -> new RMSprop(ps, RMSprop.options().lr(0.01).centered(true).momentum(0.5)), 300, true),
                new Case("Adadelta", ps -> new Adadelta(ps, Adadelta.options().lr(1.0).rho(0.99).eps(1e-4)), 300, false),
                new Case("Adam", ps -> new Adam(ps, 0.05), 300, true),
                new Case("Adam amsgrad", ps -> new Adam(ps, Adam.options().lr(0.05).amsgrad(true)), 300, true),
                new Case("AdamW", ps -> new AdamW(ps, 0.05, 1e-3), 300, true),
                new Case("Adamax", ps -> new Adamax(ps, 0.1), 300, true),
                new Case("NAdam", ps -> new NAdam(ps, 0.05), 300, true),
                new Case("RAdam", ps -> new RAdam(ps, 0.1), 300, true),
                new Case("Yogi", ps -> new Yogi(ps, 0.1), 300, true),
                new Case("Lamb", ps -> new Lamb(ps, 0.05), 300, true),
                new Case("Lars", ps -> new Lars(ps, Lars.options().lr(1.0).trustCoefficient(0.05)), 300, true))
                .map(Arguments::of);
    }

    /** y = X·w* + 1.5 + noise(0.01) over 128 samples of 6 features; the fit must reach MSE < 2e-3 (from about 8). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("regression")
    void fitsANoisyLinearRegression(Case c) {
        Generator gen = new Generator(7);
        Tensor x = Tensor.randn(gen, Dtype.FLOAT32, 128, 6);
        Tensor wStar = Tensor.of(new float[] {1.5f, -2f, 0.5f, 1f, -0.7f, 2.2f}, 6, 1);
        Tensor y = x.matmul(wStar).add(1.5).add(Tensor.randn(gen, Dtype.FLOAT32, 128, 1).mul(0.01));
        Tensor w = Tensor.randn(gen, Dtype.FLOAT32, 6, 1).mul(0.1).requiresGrad();
        Tensor b = Tensor.full(0.1, 1).requiresGrad();
        Optimizer opt = c.make.apply(List.of(w, b));
        LRScheduler sched = c.polyDecay ? new PolynomialLR(opt, c.steps, 1.0) : null;
        double first = Double.NaN, loss = Double.NaN;
        for (int step = 0; step < c.steps; step++) {
            opt.zeroGrad();
            Tensor l = x.matmul(w).add(b).sub(y).square().mean();
            l.backward();
            loss = l.item();
            if (step == 0) first = loss;
            opt.step();
            if (sched != null) sched.step();
        }
        try (var s = Autograd.noGrad()) {
            loss = x.matmul(w).add(b).sub(y).square().mean().item();
        }
        assertTrue(first > 4, c.name + ": initial loss " + first);
        assertTrue(loss < 2e-3, c.name + ": final MSE " + loss + " (from " + first + ")");
    }

    static final class Mlp extends Module {
        final Linear fc1, fc2;

        Mlp(int hidden) {
            fc1 = register("fc1", new Linear(2, hidden));
            fc2 = register("fc2", new Linear(hidden, 3));
        }

        @Override
        public Tensor forward(Tensor x) { return fc2.call(fc1.call(x).tanh()); }
    }

    static Stream<Arguments> spirals() {
        return Stream.of(
                new Case("SGD momentum", ps -> new SGD(ps, SGD.options().lr(0.2).momentum(0.9)), 400, false),
                new Case("Adam", ps -> new Adam(ps, 0.03), 400, false),
                new Case("AdamW", ps -> new AdamW(ps, 0.03, 1e-4), 400, false),
                new Case("RMSprop", ps -> new RMSprop(ps, 0.01), 400, false),
                new Case("Lamb", ps -> new Lamb(ps, 0.03), 400, false))
                .map(Arguments::of);
    }

    /** Three interleaved spirals: a linear model stays near 1/3 accuracy; the trained MLP must pass 90%. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("spirals")
    void learnsTheSpirals(Case c) {
        Generator.seed(3);
        Spirals data = Spirals.generate(60, 3, 0.1, new Generator(11));
        Mlp net = new Mlp(32);
        Optimizer opt = c.make.apply(net.parameters());
        Tensor x = data.features(), labels = data.labels();
        for (int step = 0; step < c.steps; step++) {
            opt.zeroGrad();
            crossEntropy(net.call(x), labels).backward();
            opt.step();
        }
        double accuracy;
        try (var s = Autograd.noGrad()) {
            accuracy = net.call(x).argmax(1, false).eq(labels).to(Dtype.FLOAT32).mean().item();
        }
        assertTrue(accuracy > 0.9, c.name + ": accuracy " + accuracy);
    }

    static Tensor crossEntropy(Tensor logits, Tensor labels) {
        Tensor picked = logits.gather(1, labels.unsqueeze(1)).squeeze(1);
        return logits.logsumexp(1, false).sub(picked).mean();
    }
}
