package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, as PyTorch's {@code torch.optim.SGD}. With
 * {@code g = ∇ (negated when maximize) + weight_decay·p}:
 *
 * <pre>
 * b = g on the first step, else momentum·b + (1 − dampening)·g
 * g = g + momentum·b  (nesterov)   or   g = b  (plain momentum)
 * p = p − lr·g
 * </pre>
 *
 * State: {@code momentum_buffer} (only when momentum is non-zero).
 */
public final class SGD extends Optimizer {

    /** Defaults: lr 1e-3, momentum 0, dampening 0, weight_decay 0, nesterov false, maximize false. */
    public static final class Options extends HyperParams<Options> {
        Options() {
            declare("lr", 1e-3);
            declare("momentum", 0);
            declare("dampening", 0);
            declare("weight_decay", 0);
            declare("nesterov", 0);
            declare("maximize", 0);
        }

        public Options momentum(double v) { return set("momentum", v); }
        public Options dampening(double v) { return set("dampening", v); }
        public Options nesterov(boolean v) { return set("nesterov", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public static Options options() { return new Options(); }

    public SGD(Iterable<Tensor> params, double lr) { this(params, options().lr(lr)); }

    public SGD(Iterable<Tensor> params, Options options) { super("SGD", single(params), options); }

    /** Parameter groups, each overriding some of {@code defaults}. */
    public SGD(List<ParamGroup> groups, Options defaults) { super("SGD", groups, defaults); }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, g, "lr", "must be >= 0");
        require(g.get("momentum") >= 0, g, "momentum", "must be >= 0");
        require(g.get("weight_decay") >= 0, g, "weight_decay", "must be >= 0");
        if (g.flag("nesterov") && (g.get("momentum") <= 0 || g.get("dampening") != 0)) {
            throw new IllegalArgumentException(name() + ": Nesterov momentum requires a momentum and zero dampening (momentum "
                    + g.get("momentum") + ", dampening " + g.get("dampening") + ")");
        }
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState st, ParamGroup g) {
        final double lr = g.lr(), wd = g.get("weight_decay"), mom = g.get("momentum"), damp = g.get("dampening");
        final boolean nesterov = g.flag("nesterov"), maximize = g.flag("maximize");
        Flat w = Flat.of(param), gr = Flat.read(grad);
        final boolean first = mom != 0 && st.tensor("momentum_buffer") == null;
        final Flat buf = mom != 0 ? Flat.of(st.buffer("momentum_buffer", param, 0)) : null;
        forEach(w.n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double d = maximize ? -gr.get(i) : gr.get(i);
                double x = w.get(i);
                if (wd != 0) d += wd * x;
                if (buf != null) {
                    double b = first ? d : mom * buf.get(i) + (1 - damp) * d;
                    buf.set(i, b);
                    d = nesterov ? d + mom * b : b;
                }
                w.set(i, x - lr * d);
            }
        });
        w.writeBack();
    }
}
