package dev.dendrite.zoo;

import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.NormBase;
import dev.dendrite.tensor.Tensor;

/**
 * The convolution unit of torchvision's GoogLeNet and Inception v3: a bias-free convolution
 * ({@code conv}), batch norm with eps 0.001 ({@code bn}), then ReLU.
 */
public final class BasicConv2d extends Module {
    public final Conv2d conv;
    public final BatchNorm2d bn;

    public BasicConv2d(int in, int out, int kernel) { this(in, out, new int[] {kernel}, Conv.defaults()); }

    public BasicConv2d(int in, int out, int kernel, Conv.Options options) { this(in, out, new int[] {kernel}, options); }

    /** {@code kernel} per dim ({@code {1, 7}}) or one for both; options without bias (it is turned off). */
    public BasicConv2d(int in, int out, int[] kernel, Conv.Options options) {
        conv = register("conv", new Conv2d(in, out, kernel, options.bias(false)));
        bn = register("bn", new BatchNorm2d(out, NormBase.Options.batchNorm().eps(0.001)));
    }

    @Override
    public Tensor forward(Tensor input) { return bn.call(conv.call(input)).relu(); }
}
