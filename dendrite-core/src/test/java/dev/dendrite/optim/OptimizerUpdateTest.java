package dev.dendrite.optim;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each optimizer's parameters after several steps on a fixed gradient sequence, against the update
 * equations written out here in double with plain loops, one line of the formula at a time. Two
 * parameters in two groups with different learning rates; float64 parameters, so the comparison is
 * tight.
 */
class OptimizerUpdateTest {
    static final int STEPS = 6;
    static final double LR0 = 0.05, LR1 = 0.013;

    /** The reference state of one parameter: named arrays and numbers. */
    static final class S {
        final Map<String, double[]> arrays = new HashMap<>();
        final Map<String, Double> nums = new HashMap<>();
        long t;

        double[] arr(String k, int n, double init) {
            return arrays.computeIfAbsent(k, key -> {
                double[] a = new double[n];
                java.util.Arrays.fill(a, init);
                return a;
            });
        }
    }

    /** One reference step: updates p in place from the gradient g, at the group's learning rate lr. */
    @FunctionalInterface
    interface Ref {
        void step(double[] p, double[] g, S s, double lr);
    }

    static double gradAt(int t, int param, int i) {
        return Math.sin(0.9 * i + 1.7 * t + param) * (1 + 0.3 * t) + 0.05 * (i % 3) - 0.02 * param;
    }

    static double[] init(int param, int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) p[i] = Math.cos(1.1 * i + param) * 0.8 + 0.1;
        return p;
    }

    static void check(Function<List<ParamGroup>, Optimizer> make, Ref ref) { check(make, ref, Dtype.FLOAT64, 1e-12); }

    static void check(Function<List<ParamGroup>, Optimizer> make, Ref ref, Dtype dtype, double tol) {
        int[][] shapes = {{2, 3}, {4}};
        double[] lrs = {LR0, LR1};
        Tensor[] params = new Tensor[2];
        double[][] refP = new double[2][];
        S[] states = {new S(), new S()};
        for (int k = 0; k < 2; k++) {
            int n = k == 0 ? 6 : 4;
            refP[k] = init(k, n);
            params[k] = Tensor.of(refP[k].clone(), shapes[k]).to(dtype).requiresGrad();
        }
        Optimizer opt = make.apply(List.of(ParamGroup.of(params[0]).lr(LR0), ParamGroup.of(params[1]).lr(LR1)));
        for (int t = 1; t <= STEPS; t++) {
            for (int k = 0; k < 2; k++) {
                double[] g = new double[refP[k].length];
                for (int i = 0; i < g.length; i++) g[i] = gradAt(t, k, i);
                params[k].setGrad(Tensor.of(g.clone(), shapes[k]).to(dtype));
                states[k].t = t;
                ref.step(refP[k], g, states[k], lrs[k]);
            }
            opt.step();
            for (int k = 0; k < 2; k++) {
                double[] got = params[k].toDoubleArray();
                for (int i = 0; i < got.length; i++) {
                    double want = refP[k][i];
                    assertEquals(want, got[i], tol * Math.max(1, Math.abs(want)),
                            opt.name() + ": param " + k + " element " + i + " after step " + t);
                }
            }
        }
        // the update must actually move the parameters (a no-op would fail the comparison, but say so plainly)
        assertNotEquals(init(0, 6)[0], params[0].toDoubleArray()[0]);
    }

    // ================================================================ SGD

    static Ref sgd(double momentum, double dampening, double wd, boolean nesterov, boolean maximize) {
        return (p, g, s, lr) -> {
            int n = p.length;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = maximize ? -g[i] : g[i];
            for (int i = 0; i < n; i++) d[i] = d[i] + wd * p[i];
            if (momentum != 0) {
                boolean first = !s.arrays.containsKey("buf");
                double[] b = s.arr("buf", n, 0);
                for (int i = 0; i < n; i++) b[i] = first ? d[i] : momentum * b[i] + (1 - dampening) * d[i];
                for (int i = 0; i < n; i++) d[i] = nesterov ? d[i] + momentum * b[i] : b[i];
            }
            for (int i = 0; i < n; i++) p[i] -= lr * d[i];
        };
    }

    @Test
    void sgdPlain() { check(gs -> new SGD(gs, SGD.options()), sgd(0, 0, 0, false, false)); }

    @Test
    void sgdMomentumDampeningWeightDecay() {
        check(gs -> new SGD(gs, SGD.options().momentum(0.9).dampening(0.3).weightDecay(0.01)), sgd(0.9, 0.3, 0.01, false, false));
    }

    @Test
    void sgdNesterov() {
        check(gs -> new SGD(gs, SGD.options().momentum(0.8).nesterov(true).weightDecay(1e-3)), sgd(0.8, 0, 1e-3, true, false));
    }

    @Test
    void sgdMaximize() {
        check(gs -> new SGD(gs, SGD.options().momentum(0.5).maximize(true)), sgd(0.5, 0, 0, false, true));
    }

    @Test
    void sgdFloat32AgreesWithTheFormula() {
        check(gs -> new SGD(gs, SGD.options().momentum(0.9).weightDecay(0.01)), sgd(0.9, 0, 0.01, false, false), Dtype.FLOAT32, 2e-6);
    }

    // ================================================================ Adagrad

    static Ref adagrad(double lrDecay, double wd, double init, double eps) {
        return (p, g, s, lr) -> {
            int n = p.length;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = g[i] + wd * p[i];
            double clr = lr / (1 + (s.t - 1) * lrDecay);
            double[] sum = s.arr("sum", n, init);
            for (int i = 0; i < n; i++) sum[i] += d[i] * d[i];
            for (int i = 0; i < n; i++) p[i] -= clr * d[i] / (Math.sqrt(sum[i]) + eps);
        };
    }

    @Test
    void adagrad() { check(gs -> new Adagrad(gs, Adagrad.options()), adagrad(0, 0, 0, 1e-10)); }

    @Test
    void adagradDecayWeightDecayInitialAccumulator() {
        check(gs -> new Adagrad(gs, Adagrad.options().lrDecay(0.1).weightDecay(0.05).initialAccumulatorValue(0.3).eps(1e-6)),
                adagrad(0.1, 0.05, 0.3, 1e-6));
    }

    // ================================================================ RMSprop

    static Ref rmsprop(double alpha, double eps, double wd, double momentum, boolean centered) {
        return (p, g, s, lr) -> {
            int n = p.length;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = g[i] + wd * p[i];
            double[] v = s.arr("square_avg", n, 0);
            for (int i = 0; i < n; i++) v[i] = alpha * v[i] + (1 - alpha) * d[i] * d[i];
            double[] avg = new double[n];
            if (centered) {
                double[] a = s.arr("grad_avg", n, 0);
                for (int i = 0; i < n; i++) a[i] = alpha * a[i] + (1 - alpha) * d[i];
                for (int i = 0; i < n; i++) avg[i] = Math.sqrt(v[i] - a[i] * a[i]) + eps;
            } else {
                for (int i = 0; i < n; i++) avg[i] = Math.sqrt(v[i]) + eps;
            }
            if (momentum > 0) {
                double[] b = s.arr("buf", n, 0);
                for (int i = 0; i < n; i++) b[i] = momentum * b[i] + d[i] / avg[i];
                for (int i = 0; i < n; i++) p[i] -= lr * b[i];
            } else {
                for (int i = 0; i < n; i++) p[i] -= lr * d[i] / avg[i];
            }
        };
    }

    @Test
    void rmsprop() { check(gs -> new RMSprop(gs, RMSprop.options()), rmsprop(0.99, 1e-8, 0, 0, false)); }

    @Test
    void rmspropCenteredMomentumWeightDecay() {
        check(gs -> new RMSprop(gs, RMSprop.options().alpha(0.9).momentum(0.7).centered(true).weightDecay(0.02)),
                rmsprop(0.9, 1e-8, 0.02, 0.7, true));
    }

    // ================================================================ Adadelta

    static Ref adadelta(double rho, double eps, double wd) {
        return (p, g, s, lr) -> {
            int n = p.length;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = g[i] + wd * p[i];
            double[] v = s.arr("square_avg", n, 0), u = s.arr("acc_delta", n, 0);
            double[] delta = new double[n];
            for (int i = 0; i < n; i++) v[i] = rho * v[i] + (1 - rho) * d[i] * d[i];
            for (int i = 0; i < n; i++) delta[i] = Math.sqrt(u[i] + eps) / Math.sqrt(v[i] + eps) * d[i];
            for (int i = 0; i < n; i++) u[i] = rho * u[i] + (1 - rho) * delta[i] * delta[i];
            for (int i = 0; i < n; i++) p[i] -= lr * delta[i];
        };
    }

    @Test
    void adadelta() { check(gs -> new Adadelta(gs, Adadelta.options()), adadelta(0.9, 1e-6, 0)); }

    @Test
    void adadeltaWeightDecay() {
        check(gs -> new Adadelta(gs, Adadelta.options().rho(0.8).eps(1e-4).weightDecay(0.1)), adadelta(0.8, 1e-4, 0.1));
    }

    // ================================================================ Adam family

    static Ref adam(double b1, double b2, double eps, double wd, boolean amsgrad, boolean decoupled) {
        return (p, g, s, lr) -> {
            int n = p.length;
            double[] d = g.clone();
            if (decoupled) for (int i = 0; i < n; i++) p[i] *= 1 - lr * wd;
            else for (int i = 0; i < n; i++) d[i] += wd * p[i];
            double[] m = s.arr("m", n, 0), v = s.arr("v", n, 0);
            for (int i = 0; i < n; i++) m[i] = b1 * m[i] + (1 - b1) * d[i];
            for (int i = 0; i < n; i++) v[i] = b2 * v[i] + (1 - b2) * d[i] * d[i];
            double[] vUse = v;
            if (amsgrad) {
                double[] vmax = s.arr("vmax", n, 0);
                for (int i = 0; i < n; i++) vmax[i] = Math.max(vmax[i], v[i]);
                vUse = vmax;
            }
            double mHatScale = 1 / (1 - Math.pow(b1, s.t));
            double vHatScale = 1 / (1 - Math.pow(b2, s.t));
            for (int i = 0; i < n; i++) p[i] -= lr * (m[i] * mHatScale) / (Math.sqrt(vUse[i] * vHatScale) + eps);
        };
    }

    @Test
    void adam() { check(gs -> new Adam(gs, Adam.options()), adam(0.9, 0.999, 1e-8, 0, false, false)); }

    @Test
    void adamAmsgradWeightDecay() {
        check(gs -> new Adam(gs, Adam.options().betas(0.8, 0.95).amsgrad(true).weightDecay(0.03)),
                adam(0.8, 0.95, 1e-8, 0.03, true, false));
    }

    @Test
    void adamW() { check(gs -> new AdamW(gs, AdamW.options()), adam(0.9, 0.999, 1e-8, 1e-2, false, true)); }

    @Test
    void adamWAmsgradStrongDecay() {
        check(gs -> new AdamW(gs, AdamW.options().weightDecay(0.5).amsgrad(true).eps(1e-6)), adam(0.9, 0.999, 1e-6, 0.5, true, true));
    }

    @Test
    void adamFloat32AgreesWithTheFormula() {
        check(gs -> new Adam(gs, Adam.options()), adam(0.9, 0.999, 1e-8, 0, false, false), Dtype.FLOAT32, 2e-6);
    }

    static Ref adamax(double b1, double b2, double eps, double wd) {
        return (p, g, s, lr) -> {
            int n = p.length;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = g[i] + wd * p[i];
            double[] m = s.arr("m", n, 0), u = s.arr("u", n, 0);
            for (int i = 0; i < n; i++) m[i] = b1 * m[i] + (1 - b1) * d[i];
            for (int i = 0; i < n; i++) u[i] = Math.max(b2 * u[i], Math.abs(d[i]) + eps);
            for (int i = 0; i < n; i++) p[i] -= lr / (1 - Math.pow(b1, s.t)) * m[i] / u[i];
        };
    }

    @Test
    void adamax() { check(gs -> new Adamax(gs, Adamax.options()), adamax(0.9, 0.999, 1e-8, 0)); }

    @Test
    void adamaxWeightDecay() {
        check(gs -> new Adamax(gs, Adamax.options().betas(0.7, 0.9).weightDecay(0.1)), adamax(0.7, 0.9, 1e-8, 0.1));
    }

    static Ref nadam(double b1, double b2, double eps, double wd, double psi, boolean decoupled) {
        return (p, g, s, lr) -> {
            int n = p.length;
            double[] d = g.clone();
            if (decoupled) for (int i = 0; i < n; i++) p[i] *= 1 - lr * wd;
            else for (int i = 0; i < n; i++) d[i] += wd * p[i];
            double mu = b1 * (1 - 0.5 * Math.pow(0.96, s.t * psi));
            double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (s.t + 1) * psi));
            double prod = s.nums.getOrDefault("mu_product", 1.0) * mu;
            s.nums.put("mu_product", prod);
            double[] m = s.arr("m", n, 0), v = s.arr("v", n, 0);
            for (int i = 0; i < n; i++) m[i] = b1 * m[i] + (1 - b1) * d[i];
            for (int i = 0; i < n; i++) v[i] = b2 * v[i] + (1 - b2) * d[i] * d[i];
            for (int i = 0; i < n; i++) {
                double den = Math.sqrt(v[i] / (1 - Math.pow(b2, s.t))) + eps;
                p[i] -= lr * (1 - mu) / (1 - prod) * d[i] / den;
                p[i] -= lr * muNext / (1 - prod * muNext) * m[i] / den;
            }
        };
    }

    @Test
    void nadam() { check(gs -> new NAdam(gs, NAdam.options()), nadam(0.9, 0.999, 1e-8, 0, 4e-3, false)); }

    @Test
    void nadamWeightDecayAndDecoupled() {
        check(gs -> new NAdam(gs, NAdam.options().weightDecay(0.05).momentumDecay(0.01)), nadam(0.9, 0.999, 1e-8, 0.05, 0.01, false));
        check(gs -> new NAdam(gs, NAdam.options().weightDecay(0.05).decoupledWeightDecay(true)),
                nadam(0.9, 0.999, 1e-8, 0.05, 4e-3, true));
    }

    static Ref radam(double b1, double b2, double eps, double wd, boolean decoupled) {
        return (p, g, s, lr) -> {
            int n = p.length;
            double[] d = g.clone();
            if (decoupled) for (int i = 0; i < n; i++) p[i] *= 1 - lr * wd;
            else for (int i = 0; i < n; i++) d[i] += wd * p[i];
            double[] m = s.arr("m", n, 0), v = s.arr("v", n, 0);
            for (int i = 0; i < n; i++) m[i] = b1 * m[i] + (1 - b1) * d[i];
            for (int i = 0; i < n; i++) v[i] = b2 * v[i] + (1 - b2) * d[i] * d[i];
            double rhoInf = 2 / (1 - b2) - 1;
            double rhoT = rhoInf - 2 * s.t * Math.pow(b2, s.t) / (1 - Math.pow(b2, s.t));
            for (int i = 0; i < n; i++) {
                double mHat = m[i] / (1 - Math.pow(b1, s.t));
                if (rhoT > 5) {
                    double l = Math.sqrt(1 - Math.pow(b2, s.t)) / (Math.sqrt(v[i]) + eps);
                    double r = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                    p[i] -= lr * mHat * l * r;
                } else {
                    p[i] -= lr * mHat;
                }
            }
        };
    }

    @Test
    void radamWarmsUpThenRectifies() {
        // beta2 0.9 makes rho_t pass 5 within the 6 steps (at t = 6), so both branches run
        check(gs -> new RAdam(gs, RAdam.options().betas(0.9, 0.9)), radam(0.9, 0.9, 1e-8, 0, false));
        check(gs -> new RAdam(gs, RAdam.options()), radam(0.9, 0.999, 1e-8, 0, false));
    }

    @Test
    void radamWeightDecay() {
        check(gs -> new RAdam(gs, RAdam.options().betas(0.9, 0.9).weightDecay(0.1)), radam(0.9, 0.9, 1e-8, 0.1, false));
        check(gs -> new RAdam(gs, RAdam.options().betas(0.9, 0.9).weightDecay(0.1).decoupledWeightDecay(true)),
                radam(0.9, 0.9, 1e-8, 0.1, true));
    }

    static Ref yogi(double b1, double b2, double eps, double init, double wd) {
        return (p, g, s, lr) -> {
            int n = p.length;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = g[i] + wd * p[i];
            double[] m = s.arr("m", n, 0), v = s.arr("v", n, init);
            for (int i = 0; i < n; i++) m[i] = b1 * m[i] + (1 - b1) * d[i];
            for (int i = 0; i < n; i++) {
                double g2 = d[i] * d[i];
                v[i] = v[i] - (1 - b2) * Math.signum(v[i] - g2) * g2;
            }
            double lrT = lr * Math.sqrt(1 - Math.pow(b2, s.t)) / (1 - Math.pow(b1, s.t));
            for (int i = 0; i < n; i++) p[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
        };
    }

    @Test
    void yogi() { check(gs -> new Yogi(gs, Yogi.options()), yogi(0.9, 0.999, 1e-3, 1e-6, 0)); }

    @Test
    void yogiWeightDecayAndAccumulator() {
        // a large initial accumulator makes v shrink toward g² on some elements and grow on others
        check(gs -> new Yogi(gs, Yogi.options().initialAccumulatorValue(1.0).weightDecay(0.02).betas(0.5, 0.9)),
                yogi(0.5, 0.9, 1e-3, 1.0, 0.02));
    }

    static Ref lamb(double b1, double b2, double eps, double wd, boolean bc) {
        return (p, g, s, lr) -> {
            int n = p.length;
            double[] m = s.arr("m", n, 0), v = s.arr("v", n, 0);
            for (int i = 0; i < n; i++) m[i] = b1 * m[i] + (1 - b1) * g[i];
            for (int i = 0; i < n; i++) v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double c1 = bc ? 1 - Math.pow(b1, s.t) : 1, c2 = bc ? 1 - Math.pow(b2, s.t) : 1;
            double[] r = new double[n];
            for (int i = 0; i < n; i++) r[i] = (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps) + wd * p[i];
            double pn = 0, rn = 0;
            for (int i = 0; i < n; i++) {
                pn += p[i] * p[i];
                rn += r[i] * r[i];
            }
            pn = Math.sqrt(pn);
            rn = Math.sqrt(rn);
            double trust = pn > 0 && rn > 0 ? pn / rn : 1;
            for (int i = 0; i < n; i++) p[i] -= lr * trust * r[i];
        };
    }

    @Test
    void lamb() { check(gs -> new Lamb(gs, Lamb.options()), lamb(0.9, 0.999, 1e-6, 0, true)); }

    @Test
    void lambWeightDecayWithoutBiasCorrection() {
        check(gs -> new Lamb(gs, Lamb.options().weightDecay(0.1).biasCorrection(false)), lamb(0.9, 0.999, 1e-6, 0.1, false));
        check(gs -> new Lamb(gs, Lamb.options().weightDecay(0.1)), lamb(0.9, 0.999, 1e-6, 0.1, true));
    }

    static Ref lars(double momentum, double wd, double eta, double eps) {
        return (p, g, s, lr) -> {
            int n = p.length;
            double pn = 0, gn = 0;
            for (int i = 0; i < n; i++) {
                pn += p[i] * p[i];
                gn += g[i] * g[i];
            }
            pn = Math.sqrt(pn);
            gn = Math.sqrt(gn);
            double local = eta > 0 && pn > 0 && gn > 0 ? eta * pn / (gn + wd * pn + eps) : 1;
            double[] u = new double[n];
            for (int i = 0; i < n; i++) u[i] = local * (g[i] + wd * p[i]);
            if (momentum != 0) {
                double[] b = s.arr("buf", n, 0);
                for (int i = 0; i < n; i++) b[i] = momentum * b[i] + u[i];
                u = b;
            }
            for (int i = 0; i < n; i++) p[i] -= lr * u[i];
        };
    }

    @Test
    void lars() { check(gs -> new Lars(gs, Lars.options()), lars(0.9, 0, 1e-3, 1e-8)); }

    @Test
    void larsWeightDecayTrustAndNoMomentum() {
        check(gs -> new Lars(gs, Lars.options().weightDecay(0.01).trustCoefficient(0.02)), lars(0.9, 0.01, 0.02, 1e-8));
        check(gs -> new Lars(gs, Lars.options().momentum(0).trustCoefficient(0.5)), lars(0, 0, 0.5, 1e-8));
    }

    // ================================================================ determinism

    /** Large parameters run on the pool (and the norms in blocks): results must not depend on the thread count. */
    @Test
    void largeParametersGiveTheSameBitsOnAnyThreadCount() {
        int n = 200_003;
        float[][] results = new float[4][];
        int before = dev.dendrite.kernels.Parallel.threads();
        try {
            for (int run = 0; run < 4; run++) {
                dev.dendrite.kernels.Parallel.setThreads(run % 2 == 0 ? 1 : 3);
                float[] init = new float[n];
                float[] grad = new float[n];
                for (int i = 0; i < n; i++) {
                    init[i] = (float) Math.sin(0.37 * i);
                    grad[i] = (float) Math.cos(0.11 * i) * 3;
                }
                Tensor p = Tensor.of(init, n).requiresGrad();
                Optimizer opt = run < 2 ? new Lamb(List.of(p), Lamb.options().lr(0.01).weightDecay(0.01))
                        : new Lars(List.of(p), Lars.options().lr(0.5).weightDecay(1e-3));
                for (int t = 0; t < 3; t++) {
                    p.setGrad(Tensor.of(grad, n));
                    GradClip.clipGradNorm(List.of(p), 50.0);
                    opt.step();
                }
                results[run] = p.toFloatArray();
            }
        } finally {
            dev.dendrite.kernels.Parallel.setThreads(before);
        }
        assertArrayEquals(results[0], results[1], "Lamb");
        assertArrayEquals(results[2], results[3], "Lars");
    }

    // ================================================================ groups, errors, zeroGrad

    @Test
    void groupsOverrideDefaultsAndKeepTheRest() {
        Tensor a = Tensor.zeros(2).requiresGrad(), b = Tensor.zeros(3).requiresGrad();
        var opt = new AdamW(List.of(ParamGroup.of(a).lr(1e-4), ParamGroup.of(b).weightDecay(0.5)), AdamW.options().lr(1e-3));
        assertEquals(1e-4, opt.paramGroups().get(0).lr());
        assertEquals(1e-2, opt.paramGroups().get(0).get("weight_decay"));
        assertEquals(1e-3, opt.paramGroups().get(1).lr());
        assertEquals(0.5, opt.paramGroups().get(1).get("weight_decay"));
        assertEquals(0.999, opt.paramGroups().get(1).get("beta2"));
    }

    @Test
    void badSettingsAreClearErrors() {
        Tensor a = Tensor.zeros(2).requiresGrad();
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(a), -0.1));
        assertEquals("SGD: invalid lr -0.1 (must be >= 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(a), SGD.options().nesterov(true)));
        assertTrue(e.getMessage().startsWith("SGD: Nesterov momentum requires a momentum and zero dampening"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(a), Adam.options().betas(1.0, 0.999)));
        assertEquals("Adam: invalid beta1 1.0 (must be in [0, 1))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Adam.options().set("momentum", 0.9));
        assertTrue(e.getMessage().startsWith("Adam: unknown hyperparameter 'momentum'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(ParamGroup.of(a).set("betta1", 0.5)), Adam.options()));
        assertTrue(e.getMessage().startsWith("Adam: unknown hyperparameter 'betta1' in a parameter group"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(a, a), 0.1));
        assertEquals("SGD: some parameters appear in more than one parameter group (or twice in one)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.<Tensor>of(), 0.1));
        assertEquals("SGD: a parameter group has no parameters", e.getMessage());
        Tensor nonLeaf = a.mul(2);
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(nonLeaf), 0.1));
        assertTrue(e.getMessage().startsWith("SGD: can't optimize a non-leaf tensor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(a), Adam.options()));
        assertTrue(e.getMessage().startsWith("AdamW: invalid decoupled_weight_decay 0.0"), e.getMessage());
    }

    @Test
    void zeroGradAndSkippingParametersWithoutGradients() {
        Tensor a = Tensor.ones(2).requiresGrad(), b = Tensor.ones(2).requiresGrad();
        var opt = new SGD(List.of(a, b), 0.5);
        a.setGrad(Tensor.of(1f, 2f));
        opt.step();
        assertArrayEquals(new float[] {0.5f, 0f}, a.toFloatArray());
        assertArrayEquals(new float[] {1f, 1f}, b.toFloatArray());   // no grad: untouched
        assertTrue(opt.state(b).isEmpty());
        opt.zeroGrad(false);
        assertArrayEquals(new float[] {0f, 0f}, a.grad().toFloatArray());
        opt.zeroGrad();
        assertNull(a.grad());
    }

    @Test
    void stepWithClosureReturnsTheLoss() {
        Tensor w = Tensor.of(3.0).requiresGrad();
        var opt = new SGD(List.of(w), 0.25);
        Tensor loss = opt.step(() -> {
            opt.zeroGrad();
            Tensor l = w.mul(w).sum();
            l.backward();
            return l;
        });
        assertEquals(9.0, loss.item(), 0);
        assertEquals(3.0 - 0.25 * 6.0, w.item(), 0);
    }

    @Test
    void nonContiguousAndHalfParametersAreUpdatedThroughACopy() {
        // a transposed view as the parameter: the fused loop must not assume its strides
        Tensor base = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor view = base.t();   // [3, 2], non-contiguous, a leaf
        view.requiresGrad();
        var opt = new SGD(List.of(view), 0.1);
        view.setGrad(Tensor.ones(Dtype.FLOAT64, 3, 2));
        opt.step();
        assertArrayEquals(new double[] {0.9, 1.9, 2.9, 3.9, 4.9, 5.9}, base.toDoubleArray(), 1e-15);

        Tensor h = Tensor.of(1f, 2f).to(Dtype.BFLOAT16).requiresGrad();
        var adam = new Adam(List.of(h), 0.5);
        h.setGrad(Tensor.of(1f, -1f).to(Dtype.BFLOAT16));
        adam.step();
        // first Adam step moves each element by lr·sign(g) (up to eps)
        assertArrayEquals(new float[] {0.5f, 2.5f}, h.toFloatArray(), 1e-6f);
        assertEquals(Dtype.FLOAT32, adam.state(h).tensor("exp_avg").dtype());
    }
}
