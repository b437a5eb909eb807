package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * RMSprop (Hinton's lecture 6e), as PyTorch's {@code torch.optim.RMSprop}. With
 * {@code g = ∇ (negated when maximize) + weight_decay·p}:
 *
 * <pre>
 * v = alpha·v + (1 − alpha)·g²
 * centered:  a = alpha·a + (1 − alpha)·g,   den = √(v − a²) + eps
 * otherwise: den = √v + eps
 * momentum &gt; 0: b = momentum·b + g/den,  p = p − lr·b
 * otherwise:    p = p − lr·g/den
 * </pre>
 *
 * State: {@code square_avg}, {@code grad_avg} (centered), {@code momentum_buffer} (momentum), {@code step}.
 */
public final class RMSprop extends Optimizer {

    /** Defaults: lr 1e-2, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered false, maximize false. */
    public static final class Options extends HyperParams<Options> {
        Options() {
            declare("lr", 1e-2);
            declare("alpha", 0.99);
            declare("eps", 1e-8);
            declare("weight_decay", 0);
            declare("momentum", 0);
            declare("centered", 0);
            declare("maximize", 0);
        }

        public Options alpha(double v) { return set("alpha", v); }
        public Options eps(double v) { return set("eps", v); }
        public Options momentum(double v) { return set("momentum", v); }
        public Options centered(boolean v) { return set("centered", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public static Options options() { return new Options(); }

    public RMSprop(Iterable<Tensor> params, double lr) { this(params, options().lr(lr)); }

    public RMSprop(Iterable<Tensor> params, Options options) { super("RMSprop", single(params), options); }

    public RMSprop(List<ParamGroup> groups, Options defaults) { super("RMSprop", groups, defaults); }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, g, "lr", "must be >= 0");
        require(g.get("alpha") >= 0, g, "alpha", "must be >= 0");
        require(g.get("eps") >= 0, g, "eps", "must be >= 0");
        require(g.get("momentum") >= 0, g, "momentum", "must be >= 0");
        require(g.get("weight_decay") >= 0, g, "weight_decay", "must be >= 0");
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState st, ParamGroup g) {
        final double lr = g.lr(), alpha = g.get("alpha"), eps = g.get("eps"), wd = g.get("weight_decay"), mom = g.get("momentum");
        final boolean maximize = g.flag("maximize");
        st.nextStep();
        Flat w = Flat.of(param), gr = Flat.read(grad);
        Flat sq = Flat.of(st.buffer("square_avg", param, 0));
        final Flat ga = g.flag("centered") ? Flat.of(st.buffer("grad_avg", param, 0)) : null;
        final Flat buf = mom > 0 ? Flat.of(st.buffer("momentum_buffer", param, 0)) : null;
        forEach(w.n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double x = w.get(i);
                double d = maximize ? -gr.get(i) : gr.get(i);
                if (wd != 0) d += wd * x;
                double v = alpha * sq.get(i) + (1 - alpha) * d * d;
                sq.set(i, v);
                double den;
                if (ga != null) {
                    double a = alpha * ga.get(i) + (1 - alpha) * d;
                    ga.set(i, a);
                    den = Math.sqrt(v - a * a) + eps;
                } else {
                    den = Math.sqrt(v) + eps;
                }
                if (buf != null) {
                    double b = mom * buf.get(i) + d / den;
                    buf.set(i, b);
                    w.set(i, x - lr * b);
                } else {
                    w.set(i, x - lr * d / den);
                }
            }
        });
        w.writeBack();
    }
}
