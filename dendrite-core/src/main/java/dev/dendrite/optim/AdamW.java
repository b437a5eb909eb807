package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019), as PyTorch's
 * {@code torch.optim.AdamW}: each step first shrinks the parameter, {@code p = p·(1 − lr·weight_decay)},
 * then applies the {@link Adam} update to the plain gradient. Default weight_decay 1e-2.
 */
public final class AdamW extends Adam {

    /** Adam's options with weight_decay 1e-2 and decoupled_weight_decay on. */
    public static Options options() { return Adam.options().weightDecay(1e-2).decoupledWeightDecay(true); }

    public AdamW(Iterable<Tensor> params, double lr) { this(params, options().lr(lr)); }

    public AdamW(Iterable<Tensor> params, double lr, double weightDecay) { this(params, options().lr(lr).weightDecay(weightDecay)); }

    public AdamW(Iterable<Tensor> params, Options options) { super("AdamW", single(params), options); }

    public AdamW(List<ParamGroup> groups, Options defaults) { super("AdamW", groups, defaults); }

    @Override
    protected void validate(ParamGroup g) {
        super.validate(g);
        require(g.flag("decoupled_weight_decay"), g, "decoupled_weight_decay",
                "AdamW always decouples weight decay; start from AdamW.options(), or use Adam for coupled decay");
    }
}
