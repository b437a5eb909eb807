package dev.dendrite.zoo;

import dev.dendrite.nn.AdaptiveAvgPool2d;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Module;
import dev.dendrite.tensor.Tensor;

import java.util.function.Supplier;

/**
 * Squeeze-and-excitation (Hu et al., 2018) as torchvision's {@code SqueezeExcitation}: the channel
 * means go through {@code fc1} (a 1x1 convolution to {@code squeezeChannels}), the activation,
 * {@code fc2} (back to {@code inputChannels}) and the scale activation, and the result scales each
 * channel of the input. Children {@code avgpool, fc1, fc2, activation, scale_activation}, so the
 * keys are {@code fc1.weight, fc1.bias, fc2.weight, fc2.bias}.
 */
public class SqueezeExcitation extends Module {
    public final int inputChannels, squeezeChannels;
    private final AdaptiveAvgPool2d avgpool = register("avgpool", new AdaptiveAvgPool2d(1));
    private final Conv2d fc1, fc2;
    private final Module activation, scaleActivation;

    /** ReLU inside and a sigmoid gate, torchvision's defaults. */
    public SqueezeExcitation(int inputChannels, int squeezeChannels) {
        this(inputChannels, squeezeChannels, dev.dendrite.nn.ReLU::new, dev.dendrite.nn.Sigmoid::new);
    }

    public SqueezeExcitation(int inputChannels, int squeezeChannels, Supplier<? extends Module> activation,
                             Supplier<? extends Module> scaleActivation) {
        if (inputChannels < 1 || squeezeChannels < 1) {
            throw new IllegalArgumentException("SqueezeExcitation: channels must be positive, got input_channels="
                    + inputChannels + ", squeeze_channels=" + squeezeChannels);
        }
        this.inputChannels = inputChannels;
        this.squeezeChannels = squeezeChannels;
        this.fc1 = register("fc1", new Conv2d(inputChannels, squeezeChannels, 1));
        this.fc2 = register("fc2", new Conv2d(squeezeChannels, inputChannels, 1));
        this.activation = register("activation", activation.get());
        this.scaleActivation = register("scale_activation", scaleActivation.get());
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor scale = avgpool.call(input);
        scale = scaleActivation.call(fc2.call(activation.call(fc1.call(scale))));
        return input.mul(scale);
    }

    @Override
    protected String extraRepr() { return "input_channels=" + inputChannels + ", squeeze_channels=" + squeezeChannels; }
}
