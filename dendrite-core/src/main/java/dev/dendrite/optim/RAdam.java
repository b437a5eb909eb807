package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Rectified Adam (Liu et al., 2020), as PyTorch's {@code torch.optim.RAdam}. At step t, with g the
 * gradient (negated when maximize) and weight decay added to it (or, decoupled, applied as
 * {@code p = p·(1 − lr·weight_decay)}):
 *
 * <pre>
 * m = beta1·m + (1 − beta1)·g,   v = beta2·v + (1 − beta2)·g²,   m̂ = m/(1 − beta1^t)
 * ρ∞ = 2/(1 − beta2) − 1,   ρ_t = ρ∞ − 2t·beta2^t/(1 − beta2^t)
 * ρ_t &gt; 5: r = √((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)),
 *          p = p − lr · m̂ · r · √(1 − beta2^t)/(√v + eps)
 * else:    p = p − lr · m̂        (the variance is not yet tractable: SGD with momentum)
 * </pre>
 *
 * State: {@code exp_avg}, {@code exp_avg_sq}, {@code step}.
 */
public final class RAdam extends Optimizer {

    /** Defaults: lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, weight_decay 0, decoupled_weight_decay false, maximize false. */
    public static final class Options extends HyperParams<Options> {
        Options() {
            declare("lr", 1e-3);
            declare("beta1", 0.9);
            declare("beta2", 0.999);
            declare("eps", 1e-8);
            declare("weight_decay", 0);
            declare("decoupled_weight_decay", 0);
            declare("maximize", 0);
        }

        public Options betas(double beta1, double beta2) { return set("beta1", beta1).set("beta2", beta2); }
        public Options eps(double v) { return set("eps", v); }
        public Options decoupledWeightDecay(boolean v) { return set("decoupled_weight_decay", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public static Options options() { return new Options(); }

    public RAdam(Iterable<Tensor> params, double lr) { this(params, options().lr(lr)); }

    public RAdam(Iterable<Tensor> params, Options options) { super("RAdam", single(params), options); }

    public RAdam(List<ParamGroup> groups, Options defaults) { super("RAdam", groups, defaults); }

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
        final double lr = g.lr(), b1 = g.get("beta1"), b2 = g.get("beta2"), eps = g.get("eps"), wd = g.get("weight_decay");
        final boolean maximize = g.flag("maximize"), decoupled = g.flag("decoupled_weight_decay");
        long t = st.nextStep();
        final double bc1 = 1 - Math.pow(b1, t);
        final double bc2 = 1 - Math.pow(b2, t);
        double rhoInf = 2 / (1 - b2) - 1;
        double rhoT = rhoInf - 2 * t * Math.pow(b2, t) / bc2;
        final boolean rectify = rhoT > 5;
        final double rect = rectify
                ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
        final double bc2Sqrt = Math.sqrt(bc2);
        final double shrink = 1 - lr * wd;
        Flat w = Flat.of(param), gr = Flat.read(grad);
        Flat m = Flat.of(st.buffer("exp_avg", param, 0));
        Flat v = Flat.of(st.buffer("exp_avg_sq", param, 0));
        forEach(w.n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double x = w.get(i);
                double d = maximize ? -gr.get(i) : gr.get(i);
                if (wd != 0) {
                    if (decoupled) x *= shrink;
                    else d += wd * x;
                }
                double mi = b1 * m.get(i) + (1 - b1) * d;
                double vi = b2 * v.get(i) + (1 - b2) * d * d;
                m.set(i, mi);
                v.set(i, vi);
                double mHat = mi / bc1;
                w.set(i, rectify ? x - lr * mHat * rect * bc2Sqrt / (Math.sqrt(vi) + eps) : x - lr * mHat);
            }
        });
        w.writeBack();
    }
}
