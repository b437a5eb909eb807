package dev.dendrite.zoo;

import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.init.Init;

/** Channel arithmetic and initialization shared by the mobile architectures. */
final class Channels {
    private Channels() {}

    /**
     * The nearest multiple of {@code divisor} to {@code v}, at least {@code divisor}, and never
     * more than 10% below {@code v} (the rounding of the MobileNet/EfficientNet reference code,
     * torchvision's {@code _make_divisible}).
     */
    static int makeDivisible(double v, int divisor) {
        int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * v) rounded += divisor;
        return rounded;
    }

    /**
     * torchvision's mobile initialization: convolutions Kaiming-normal (fan_out, ReLU gain) with zero
     * bias, batch norms weight 1 and bias 0, linear layers N(0, 0.01) with zero bias.
     */
    static void initMobile(Module model) {
        for (Module m : model.modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight(), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU);
                if (c.bias() != null) Init.zeros_(c.bias());
            } else if (m instanceof BatchNorm2d bn) {
                Init.ones_(bn.weight());
                Init.zeros_(bn.bias());
            } else if (m instanceof Linear l) {
                Init.normal_(l.weight(), 0, 0.01);
                Init.zeros_(l.bias());
            }
        }
    }
}
