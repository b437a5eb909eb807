package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Adam with Nesterov momentum (Dozat, 2016), as PyTorch's {@code torch.optim.NAdam}. At step t, with
 * g the gradient (negated when maximize) and weight decay added to it (or, decoupled, applied as
 * {@code p = p·(1 − lr·weight_decay)}):
 *
 * <pre>
 * μ_t  = beta1·(1 − ½·0.96^(t·momentum_decay)),   μ_{t+1} likewise
 * Π    = Π·μ_t                                  (mu_product, from 1)
 * m = beta1·m + (1 − beta1)·g,   v = beta2·v + (1 − beta2)·g²
 * den = √(v / (1 − beta2^t)) + eps
 * p = p − lr·(1 − μ_t)/(1 − Π) · g/den − lr·μ_{t+1}/(1 − Π·μ_{t+1}) · m/den
 * </pre>
 *
 * State: {@code exp_avg}, {@code exp_avg_sq}, {@code step}, {@code mu_product}.
 */
public final class NAdam extends Optimizer {

    /** Defaults: lr 2e-3, beta1 0.9, beta2 0.999, eps 1e-8, weight_decay 0, momentum_decay 4e-3, decoupled_weight_decay false, maximize false. */
    public static final class Options extends HyperParams<Options> {
        Options() {
            declare("lr", 2e-3);
            declare("beta1", 0.9);
            declare("beta2", 0.999);
            declare("eps", 1e-8);
            declare("weight_decay", 0);
            declare("momentum_decay", 4e-3);
            declare("decoupled_weight_decay", 0);
            declare("maximize", 0);
        }

        public Options betas(double beta1, double beta2) { return set("beta1", beta1).set("beta2", beta2); }
        public Options eps(double v) { return set("eps", v); }
        public Options momentumDecay(double v) { return set("momentum_decay", v); }
        public Options decoupledWeightDecay(boolean v) { return set("decoupled_weight_decay", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public static Options options() { return new Options(); }

    public NAdam(Iterable<Tensor> params, double lr) { this(params, options().lr(lr)); }

    public NAdam(Iterable<Tensor> params, Options options) { super("NAdam", single(params), options); }

    public NAdam(List<ParamGroup> groups, Options defaults) { super("NAdam", groups, defaults); }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, g, "lr", "must be >= 0");
        require(g.get("eps") >= 0, g, "eps", "must be >= 0");
        require(g.get("beta1") >= 0 && g.get("beta1") < 1, g, "beta1", "must be in [0, 1)");
        require(g.get("beta2") >= 0 && g.get("beta2") < 1, g, "beta2", "must be in [0, 1)");
        require(g.get("weight_decay") >= 0, g, "weight_decay", "must be >= 0");
        require(g.get("momentum_decay") >= 0, g, "momentum_decay", "must be >= 0");
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState st, ParamGroup g) {
        final double lr = g.lr(), b1 = g.get("beta1"), b2 = g.get("beta2"), eps = g.get("eps"), wd = g.get("weight_decay");
        final double psi = g.get("momentum_decay");
        final boolean maximize = g.flag("maximize"), decoupled = g.flag("decoupled_weight_decay");
        long t = st.nextStep();
        double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
        double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
        double muProduct = st.scalar("mu_product", 1.0) * mu;
        st.setScalar("mu_product", muProduct);
        final double bc2 = 1 - Math.pow(b2, t);
        final double cg = lr * (1 - mu) / (1 - muProduct);
        final double cm = lr * muNext / (1 - muProduct * muNext);
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
                double den = Math.sqrt(vi / bc2) + eps;
                w.set(i, x - cg * d / den - cm * mi / den);
            }
        });
        w.writeBack();
    }
}
