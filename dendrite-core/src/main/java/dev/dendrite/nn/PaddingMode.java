package dev.dendrite.nn;

import dev.dendrite.ops.PadMode;

/** How a convolution layer pads its input, as the {@code padding_mode} of torch.nn.Conv2d. */
public enum PaddingMode {
    ZEROS(PadMode.CONSTANT), REFLECT(PadMode.REFLECT), REPLICATE(PadMode.REPLICATE), CIRCULAR(PadMode.CIRCULAR);

    final PadMode padMode;

    PaddingMode(PadMode padMode) { this.padMode = padMode; }

    /** PyTorch's spelling: 'zeros', 'reflect', 'replicate', 'circular'. */
    public String torchName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
