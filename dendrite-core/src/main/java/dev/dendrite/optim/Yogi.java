package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Yogi (Zaheer et al., "Adaptive Methods for Nonconvex Optimization", NeurIPS 2018), in the form of
 * TensorFlow Addons' {@code Yogi} without its L1/L2 proximal terms. Adam's second moment moves
 * toward g² by a step of fixed size (1 − beta2)·g² in the direction of the difference, so it grows
 * or shrinks additively rather than being dragged multiplicatively by one large gradient. At step t,
 * with {@code g = ∇ (negated when maximize) + weight_decay·p}:
 *
 * <pre>
 * m = beta1·m + (1 − beta1)·g
 * v = v − (1 − beta2)·sign(v − g²)·g²
 * p = p − lr·√(1 − beta2^t)/(1 − beta1^t) · m/(√v + eps)
 * </pre>
 *
 * m starts at 0 and v at initial_accumulator_value (1e-6), as in the paper and TF Addons; eps is
 * 1e-3 there too, much larger than Adam's, which the paper found to matter.
 *
 * State: {@code exp_avg} (m), {@code exp_avg_sq} (v), {@code step}.
 */
public final class Yogi extends Optimizer {

    /** Defaults: lr 1e-2, beta1 0.9, beta2 0.999, eps 1e-3, initial_accumulator_value 1e-6, weight_decay 0, maximize false. */
    public static final class Options extends HyperParams<Options> {
        Options() {
            declare("lr", 1e-2);
            declare("beta1", 0.9);
            declare("beta2", 0.999);
            declare("eps", 1e-3);
            declare("initial_accumulator_value", 1e-6);
            declare("weight_decay", 0);
            declare("maximize", 0);
        }

        public Options betas(double beta1, double beta2) { return set("beta1", beta1).set("beta2", beta2); }
        public Options eps(double v) { return set("eps", v); }
        public Options initialAccumulatorValue(double v) { return set("initial_accumulator_value", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public static Options options() { return new Options(); }

    public Yogi(Iterable<Tensor> params, double lr) { this(params, options().lr(lr)); }

    public Yogi(Iterable<Tensor> params, Options options) { super("Yogi", single(params), options); }

    public Yogi(List<ParamGroup> groups, Options defaults) { super("Yogi", groups, defaults); }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, g, "lr", "must be >= 0");
        require(g.get("eps") > 0, g, "eps", "must be > 0");
        require(g.get("beta1") >= 0 && g.get("beta1") < 1, g, "beta1", "must be in [0, 1)");
        require(g.get("beta2") >= 0 && g.get("beta2") < 1, g, "beta2", "must be in [0, 1)");
        require(g.get("initial_accumulator_value") >= 0, g, "initial_accumulator_value", "must be >= 0");
        require(g.get("weight_decay") >= 0, g, "weight_decay", "must be >= 0");
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState st, ParamGroup g) {
        final double b1 = g.get("beta1"), b2 = g.get("beta2"), eps = g.get("eps"), wd = g.get("weight_decay");
        final boolean maximize = g.flag("maximize");
        long t = st.nextStep();
        final double lrT = g.lr() * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        Flat w = Flat.of(param), gr = Flat.read(grad);
        Flat m = Flat.of(st.buffer("exp_avg", param, 0));
        Flat v = Flat.of(st.buffer("exp_avg_sq", param, g.get("initial_accumulator_value")));
        forEach(w.n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double x = w.get(i);
                double d = maximize ? -gr.get(i) : gr.get(i);
                if (wd != 0) d += wd * x;
                double d2 = d * d;
                double mi = b1 * m.get(i) + (1 - b1) * d;
                double vOld = v.get(i);
                double vi = vOld - (1 - b2) * Math.signum(vOld - d2) * d2;
                m.set(i, mi);
                v.set(i, vi);
                w.set(i, x - lrT * mi / (Math.sqrt(vi) + eps));
            }
        });
        w.writeBack();
    }
}
