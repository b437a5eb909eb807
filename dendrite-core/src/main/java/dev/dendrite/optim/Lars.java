package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * LARS, layer-wise adaptive rate scaling (You, Gitman and Ginsburg, "Large Batch Training of
 * Convolutional Networks", 2017, algorithm 1): SGD with momentum in which each parameter tensor
 * (a "layer") gets a local learning rate from the ratio of its weight norm to its gradient norm.
 * With g the gradient (negated when maximize):
 *
 * <pre>
 * local = trust_coefficient·‖p‖ / (‖g‖ + weight_decay·‖p‖ + eps)   when ‖p‖ and ‖g‖ are non-zero, else 1
 * b = momentum·b + local·(g + weight_decay·p)                      (b starts at 0)
 * p = p − lr·b
 * </pre>
 *
 * Norms are Euclidean over the whole tensor. As in the paper, lr is the global rate (usually with a
 * polynomial decay schedule) and trust_coefficient is η (1e-3). To exclude biases and normalization
 * parameters from the adaptation, as is common, put them in a group with trust_coefficient 0:
 * a zero coefficient means local = 1, plain SGD with momentum.
 *
 * State: {@code momentum_buffer} (when momentum is non-zero).
 */
public final class Lars extends Optimizer {

    /** Defaults: lr 1e-3, momentum 0.9, weight_decay 0, trust_coefficient 1e-3, eps 1e-8, maximize false. */
    public static final class Options extends HyperParams<Options> {
        Options() {
            declare("lr", 1e-3);
            declare("momentum", 0.9);
            declare("weight_decay", 0);
            declare("trust_coefficient", 1e-3);
            declare("eps", 1e-8);
            declare("maximize", 0);
        }

        public Options momentum(double v) { return set("momentum", v); }
        public Options trustCoefficient(double v) { return set("trust_coefficient", v); }
        public Options eps(double v) { return set("eps", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public static Options options() { return new Options(); }

    public Lars(Iterable<Tensor> params, double lr) { this(params, options().lr(lr)); }

    public Lars(Iterable<Tensor> params, Options options) { super("Lars", single(params), options); }

    public Lars(List<ParamGroup> groups, Options defaults) { super("Lars", groups, defaults); }

    @Override
    protected void validate(ParamGroup g) {
        require(g.lr() >= 0, g, "lr", "must be >= 0");
        require(g.get("momentum") >= 0, g, "momentum", "must be >= 0");
        require(g.get("weight_decay") >= 0, g, "weight_decay", "must be >= 0");
        require(g.get("trust_coefficient") >= 0, g, "trust_coefficient", "must be >= 0");
        require(g.get("eps") >= 0, g, "eps", "must be >= 0");
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState st, ParamGroup g) {
        final double lr = g.lr(), mom = g.get("momentum"), wd = g.get("weight_decay"), eta = g.get("trust_coefficient");
        final boolean maximize = g.flag("maximize");
        Flat w = Flat.of(param), gr = Flat.read(grad);
        double[] sq = sums(w.n, 2, (from, to, acc) -> {
            for (int i = from; i < to; i++) {
                double x = w.get(i), d = gr.get(i);
                acc[0] += x * x;
                acc[1] += d * d;
            }
        });
        double pNorm = Math.sqrt(sq[0]), gNorm = Math.sqrt(sq[1]);
        final double local = eta > 0 && pNorm > 0 && gNorm > 0 ? eta * pNorm / (gNorm + wd * pNorm + g.get("eps")) : 1;
        final Flat buf = mom != 0 ? Flat.of(st.buffer("momentum_buffer", param, 0)) : null;
        forEach(w.n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double x = w.get(i);
                double d = maximize ? -gr.get(i) : gr.get(i);
                double u = local * (d + wd * x);
                if (buf != null) {
                    u += mom * buf.get(i);
                    buf.set(i, u);
                }
                w.set(i, x - lr * u);
            }
        });
        w.writeBack();
    }
}
