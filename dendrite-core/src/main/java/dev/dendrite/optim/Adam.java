package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Adam (Kingma and Ba, 2015), as PyTorch's {@code torch.optim.Adam}; with
 * {@code decoupled_weight_decay} it is {@link AdamW}. At step t (from 1), with g the gradient
 * (negated when maximize):
 *
 * <pre>
 * decoupled: p = p·(1 − lr·weight_decay)      otherwise: g = g + weight_decay·p
 * m = beta1·m + (1 − beta1)·g
 * v = beta2·v + (1 − beta2)·g²
 * amsgrad:   v̂ = max(v̂, v), and v̂ replaces v below
 * p = p − lr/(1 − beta1^t) · m / (√v / √(1 − beta2^t) + eps)
 * </pre>
 *
 * State: {@code exp_avg} (m), {@code exp_avg_sq} (v), {@code max_exp_avg_sq} (amsgrad), {@code step}.
 */
public class Adam extends Optimizer {

    /** Defaults: lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, weight_decay 0, amsgrad false, maximize false, decoupled_weight_decay false. */
    public static final class Options extends HyperParams<Options> {
        Options() {
            declare("lr", 1e-3);
            declare("beta1", 0.9);
            declare("beta2", 0.999);
            declare("eps", 1e-8);
            declare("weight_decay", 0);
            declare("amsgrad", 0);
            declare("maximize", 0);
            declare("decoupled_weight_decay", 0);
        }

        public Options betas(double beta1, double beta2) { return set("beta1", beta1).set("beta2", beta2); }
        public Options eps(double v) { return set("eps", v); }
        public Options amsgrad(boolean v) { return set("amsgrad", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
        public Options decoupledWeightDecay(boolean v) { return set("decoupled_weight_decay", v); }
    }

    public static Options options() { return new Options(); }

    public Adam(Iterable<Tensor> params, double lr) { this(params, options().lr(lr)); }

    public Adam(Iterable<Tensor> params, Options options) { super("Adam", single(params), options); }

    public Adam(List<ParamGroup> groups, Options defaults) { super("Adam", groups, defaults); }

    Adam(String name, List<ParamGroup> groups, Options defaults) { super(name, groups, defaults); }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, g, "lr", "must be >= 0");
        require(g.get("eps") >= 0, g, "eps", "must be >= 0");
        require(g.get("beta1") >= 0 && g.get("beta1") < 1, g, "beta1", "must be in [0, 1)");
        require(g.get("beta2") >= 0 && g.get("beta2") < 1, g, "beta2", "must be in [0, 1)");
        require(g.get("weight_decay") >= 0, g, "weight_decay", "must be >= 0");
    }

    @Override
    protected final void update(Tensor param, Tensor grad, ParamState st, ParamGroup g) {
        final double lr = g.lr(), b1 = g.get("beta1"), b2 = g.get("beta2"), eps = g.get("eps"), wd = g.get("weight_decay");
        final boolean maximize = g.flag("maximize"), decoupled = g.flag("decoupled_weight_decay");
        long t = st.nextStep();
        final double stepSize = lr / (1 - Math.pow(b1, t));
        final double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, t));
        final double shrink = 1 - lr * wd;
        Flat w = Flat.of(param), gr = Flat.read(grad);
        Flat m = Flat.of(st.buffer("exp_avg", param, 0));
        Flat v = Flat.of(st.buffer("exp_avg_sq", param, 0));
        final Flat vmax = g.flag("amsgrad") ? Flat.of(st.buffer("max_exp_avg_sq", param, 0)) : null;
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
                if (vmax != null) {
                    vi = Math.max(vmax.get(i), vi);
                    vmax.set(i, vi);
                }
                w.set(i, x - stepSize * mi / (Math.sqrt(vi) / bc2Sqrt + eps));
            }
        });
        w.writeBack();
    }
}
