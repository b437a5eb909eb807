package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Adamax, Adam's infinity-norm variant (Kingma and Ba, 2015, section 7), as PyTorch's
 * {@code torch.optim.Adamax}. At step t, with {@code g = ∇ (negated when maximize) + weight_decay·p}:
 *
 * <pre>
 * m = beta1·m + (1 − beta1)·g
 * u = max(beta2·u, |g| + eps)
 * p = p − lr/(1 − beta1^t) · m/u
 * </pre>
 *
 * State: {@code exp_avg} (m), {@code exp_inf} (u), {@code step}.
 */
public final class Adamax extends Optimizer {

    /** Defaults: lr 2e-3, beta1 0.9, beta2 0.999, eps 1e-8, weight_decay 0, maximize false. */
    public static final class Options extends HyperParams<Options> {
        Options() {
            declare("lr", 2e-3);
            declare("beta1", 0.9);
            declare("beta2", 0.999);
            declare("eps", 1e-8);
            declare("weight_decay", 0);
            declare("maximize", 0);
        }

        public Options betas(double beta1, double beta2) { return set("beta1", beta1).set("beta2", beta2); }
        public Options eps(double v) { return set("eps", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public static Options options() { return new Options(); }

    public Adamax(Iterable<Tensor> params, double lr) { this(params, options().lr(lr)); }

    public Adamax(Iterable<Tensor> params, Options options) { super("Adamax", single(params), options); }

    public Adamax(List<ParamGroup> groups, Options defaults) { super("Adamax", groups, defaults); }

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
        final double clr = g.lr() / (1 - Math.pow(b1, t));
        Flat w = Flat.of(param), gr = Flat.read(grad);
        Flat m = Flat.of(st.buffer("exp_avg", param, 0));
        Flat u = Flat.of(st.buffer("exp_inf", param, 0));
        forEach(w.n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double x = w.get(i);
                double d = maximize ? -gr.get(i) : gr.get(i);
                if (wd != 0) d += wd * x;
                double mi = b1 * m.get(i) + (1 - b1) * d;
                double ui = Math.max(b2 * u.get(i), Math.abs(d) + eps);
                m.set(i, mi);
                u.set(i, ui);
                w.set(i, x - clr * mi / ui);
            }
        });
        w.writeBack();
    }
}
