package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Adagrad (Duchi et al., 2011), as PyTorch's {@code torch.optim.Adagrad}. At step t (from 1), with
 * {@code g = ∇ (negated when maximize) + weight_decay·p}:
 *
 * <pre>
 * clr = lr / (1 + (t − 1)·lr_decay)
 * sum = sum + g²
 * p   = p − clr · g / (√sum + eps)
 * </pre>
 *
 * State: {@code sum} (starting at initial_accumulator_value), {@code step}.
 */
public final class Adagrad extends Optimizer {

    /** Defaults: lr 1e-2, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10, maximize false. */
    public static final class Options extends HyperParams<Options> {
        Options() {
            declare("lr", 1e-2);
            declare("lr_decay", 0);
            declare("weight_decay", 0);
            declare("initial_accumulator_value", 0);
            declare("eps", 1e-10);
            declare("maximize", 0);
        }

        public Options lrDecay(double v) { return set("lr_decay", v); }
        public Options initialAccumulatorValue(double v) { return set("initial_accumulator_value", v); }
        public Options eps(double v) { return set("eps", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public static Options options() { return new Options(); }

    public Adagrad(Iterable<Tensor> params, double lr) { this(params, options().lr(lr)); }

    public Adagrad(Iterable<Tensor> params, Options options) { super("Adagrad", single(params), options); }

    public Adagrad(List<ParamGroup> groups, Options defaults) { super("Adagrad", groups, defaults); }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, g, "lr", "must be >= 0");
        require(g.get("lr_decay") >= 0, g, "lr_decay", "must be >= 0");
        require(g.get("weight_decay") >= 0, g, "weight_decay", "must be >= 0");
        require(g.get("initial_accumulator_value") >= 0, g, "initial_accumulator_value", "must be >= 0");
        require(g.get("eps") >= 0, g, "eps", "must be >= 0");
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState st, ParamGroup g) {
        final double wd = g.get("weight_decay"), eps = g.get("eps");
        final boolean maximize = g.flag("maximize");
        long t = st.nextStep();
        final double clr = g.lr() / (1 + (t - 1) * g.get("lr_decay"));
        Flat w = Flat.of(param), gr = Flat.read(grad);
        Flat sum = Flat.of(st.buffer("sum", param, g.get("initial_accumulator_value")));
        forEach(w.n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double x = w.get(i);
                double d = maximize ? -gr.get(i) : gr.get(i);
                if (wd != 0) d += wd * x;
                double s = sum.get(i) + d * d;
                sum.set(i, s);
                w.set(i, x - clr * d / (Math.sqrt(s) + eps));
            }
        });
        w.writeBack();
    }
}
