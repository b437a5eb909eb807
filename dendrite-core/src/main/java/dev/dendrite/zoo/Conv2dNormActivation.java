package dev.dendrite.zoo;

import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.NormBase;
import dev.dendrite.nn.Sequential;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Convolution, batch norm and an optional activation as one {@link Sequential} (children "0", "1",
 * "2"), the building block torchvision calls {@code Conv2dNormActivation}; the indices are what
 * the state-dict keys of MobileNet, EfficientNet and RegNet are made of
 * ({@code features.0.0.weight}, {@code features.0.1.running_mean}). The padding is
 * {@code (kernelSize - 1) / 2 * dilation} ("same" for odd kernels at stride 1) and the convolution
 * has no bias, as the norm that follows makes it redundant.
 */
public class Conv2dNormActivation extends Sequential {
    public final int inChannels, outChannels, kernelSize, stride, groups;

    /**
     * @param activation a new activation module per call, or null for none (projection layers)
     */
    public Conv2dNormActivation(int inChannels, int outChannels, int kernelSize, int stride, int groups,
                                NormBase.Options norm, Supplier<? extends Module> activation) {
        this(inChannels, outChannels, kernelSize, stride, groups, 1, norm, activation);
    }

    public Conv2dNormActivation(int inChannels, int outChannels, int kernelSize, int stride, int groups, int dilation,
                                NormBase.Options norm, Supplier<? extends Module> activation) {
        super(layers(inChannels, outChannels, kernelSize, stride, groups, dilation, norm, activation));
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.groups = groups;
    }

    private static Module[] layers(int in, int out, int k, int stride, int groups, int dilation, NormBase.Options norm,
                                   Supplier<? extends Module> activation) {
        List<Module> layers = new ArrayList<>(3);
        layers.add(new Conv2d(in, out, k,
                Conv.padding((k - 1) / 2 * dilation).stride(stride).groups(groups).dilation(dilation).bias(false)));
        layers.add(new BatchNorm2d(out, norm));
        if (activation != null) layers.add(activation.get());
        return layers.toArray(Module[]::new);
    }
}
