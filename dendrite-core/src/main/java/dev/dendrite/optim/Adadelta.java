package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Adadelta (Zeiler, 2012), as PyTorch's {@code torch.optim.Adadelta}. With
 * {@code g = ∇ (negated when maximize) + weight_decay·p}:
 *
 * <pre>
 * v = rho·v + (1 − rho)·g²
 * δ = √(u + eps) / √(v + eps) · g
 * u = rho·u + (1 − rho)·δ²
 * p = p − lr·δ
 * </pre>
 *
 * State: {@code square_avg} (v), {@code acc_delta} (u), {@code step}.
 */
public final class Adadelta extends Optimizer {

    /** Defaults: lr 1.0, rho 0.9, eps 1e-6, weight_decay 0, maximize false. */
    public static final class Options extends HyperParams<Options> {
        Options() {
            declare("lr", 1.0);
            declare("rho", 0.9);
            declare("eps", 1e-6);
            declare("weight_decay", 0);
            declare("maximize", 0);
        }

        public Options rho(double v) { return set("rho", v); }
        public Options eps(double v) { return set("eps", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public static Options options() { return new Options(); }

    public Adadelta(Iterable<Tensor> params) { this(params, options()); }

    public Adadelta(Iterable<Tensor> params, Options options) { super("Adadelta", single(params), options); }

    public Adadelta(List<ParamGroup> groups, Options defaults) { super("Adadelta", groups, defaults); }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, g, "lr", "must be >= 0");
        require(g.get("rho") >= 0 && g.get("rho") <= 1, g, "rho", "must be in [0, 1]");
        require(g.get("eps") >= 0, g, "eps", "must be >= 0");
        require(g.get("weight_decay") >= 0, g, "weight_decay", "must be >= 0");
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState st, ParamGroup g) {
        final double lr = g.lr(), rho = g.get("rho"), eps = g.get("eps"), wd = g.get("weight_decay");
        final boolean maximize = g.flag("maximize");
        st.nextStep();
        Flat w = Flat.of(param), gr = Flat.read(grad);
        Flat sq = Flat.of(st.buffer("square_avg", param, 0));
        Flat acc = Flat.of(st.buffer("acc_delta", param, 0));
        forEach(w.n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double x = w.get(i);
                double d = maximize ? -gr.get(i) : gr.get(i);
                if (wd != 0) d += wd * x;
                double v = rho * sq.get(i) + (1 - rho) * d * d;
                sq.set(i, v);
                double delta = Math.sqrt(acc.get(i) + eps) / Math.sqrt(v + eps) * d;
                acc.set(i, rho * acc.get(i) + (1 - rho) * delta * delta);
                w.set(i, x - lr * delta);
            }
        });
        w.writeBack();
    }
}
