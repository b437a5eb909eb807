package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * LAMB, layer-wise adaptive moments (You et al., "Large Batch Optimization for Deep Learning:
 * Training BERT in 76 minutes", ICLR 2020, algorithm 2). Each parameter tensor is one "layer": its
 * Adam direction, plus decoupled weight decay, is rescaled so that the step's size is lr times the
 * parameter's norm. At step t, with g the gradient (negated when maximize):
 *
 * <pre>
 * m = beta1·m + (1 − beta1)·g,   v = beta2·v + (1 − beta2)·g²
 * m̂ = m/(1 − beta1^t),  v̂ = v/(1 − beta2^t)     (bias_correction on; else m̂ = m, v̂ = v)
 * r = m̂/(√v̂ + eps) + weight_decay·p
 * trust = ‖p‖/‖r‖ when both norms are non-zero, else 1    (φ is the identity: no clamping)
 * p = p − lr·trust·r
 * </pre>
 *
 * Norms are Euclidean over the whole tensor. State: {@code exp_avg}, {@code exp_avg_sq}, {@code step}.
 */
public final class Lamb extends Optimizer {

    /** Defaults: lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-6, weight_decay 0, bias_correction true, maximize false. */
    public static final class Options extends HyperParams<Options> {
        Options() {
            declare("lr", 1e-3);
            declare("beta1", 0.9);
            declare("beta2", 0.999);
            declare("eps", 1e-6);
            declare("weight_decay", 0);
            declare("bias_correction", 1);
            declare("maximize", 0);
        }

        public Options betas(double beta1, double beta2) { return set("beta1", beta1).set("beta2", beta2); }
        public Options eps(double v) { return set("eps", v); }
        public Options biasCorrection(boolean v) { return set("bias_correction", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public static Options options() { return new Options(); }

    public Lamb(Iterable<Tensor> params, double lr) { this(params, options().lr(lr)); }

    public Lamb(Iterable<Tensor> params, Options options) { super("Lamb", single(params), options); }

    public Lamb(List<ParamGroup> groups, Options defaults) { super("Lamb", groups, defaults); }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, g, "lr", "must be >= 0");
        require(g.get("eps") >= 0, g, "eps", "must be >= 0");
        require(g.get("beta1") >= 0 && g.get("beta1") < 1, g, "beta1", "must be in [0, 1)");
        require(g.get("beta2") >= 0 && g.get("beta2") < 1, g, "beta2", "must be in [0, 1)");
        require(g.get("weight_decay") >= 0, g, "weight_decay", "must be >= 0");
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState st, ParamGroup g) {
        final double b1 = g.get("beta1"), b2 = g.get("beta2"), eps = g.get("eps"), wd = g.get("weight_decay");
        final boolean maximize = g.flag("maximize");
        long t = st.nextStep();
        boolean bc = g.flag("bias_correction");
        final double bc1 = bc ? 1 - Math.pow(b1, t) : 1;
        final double bc2 = bc ? 1 - Math.pow(b2, t) : 1;
        Flat w = Flat.of(param), gr = Flat.read(grad);
        Flat m = Flat.of(st.buffer("exp_avg", param, 0));
        Flat v = Flat.of(st.buffer("exp_avg_sq", param, 0));
        // pass 1: moments, and the squared norms of p and of r (in fixed blocks, so runs repeat exactly)
        double[] sq = sums(w.n, 2, (from, to, acc) -> {
            for (int i = from; i < to; i++) {
                double x = w.get(i);
                double d = maximize ? -gr.get(i) : gr.get(i);
                m.set(i, b1 * m.get(i) + (1 - b1) * d);
                v.set(i, b2 * v.get(i) + (1 - b2) * d * d);
                // r from the stored (rounded) moments, exactly as pass 2 will see them
                double r = (m.get(i) / bc1) / (Math.sqrt(v.get(i) / bc2) + eps) + wd * x;
                acc[0] += x * x;
                acc[1] += r * r;
            }
        });
        double pSq = sq[0], rSq = sq[1];
        double pNorm = Math.sqrt(pSq), rNorm = Math.sqrt(rSq);
        final double step = g.lr() * (pNorm > 0 && rNorm > 0 ? pNorm / rNorm : 1);
        // pass 2: recompute r from the stored moments (cheaper than a temporary the size of p)
        forEach(w.n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double x = w.get(i);
                double r = (m.get(i) / bc1) / (Math.sqrt(v.get(i) / bc2) + eps) + wd * x;
                w.set(i, x - step * r);
            }
        });
        w.writeBack();
    }
}
