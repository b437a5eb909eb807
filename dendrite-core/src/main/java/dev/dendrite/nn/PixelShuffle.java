package dev.dendrite.nn;

import dev.dendrite.functional.Resampling;
import dev.dendrite.tensor.Tensor;

/** [*, C * r^2, H, W] -> [*, C, H * r, W * r], as torch.nn.PixelShuffle (sub-pixel upsampling). */
public class PixelShuffle extends Module {
    public final int upscaleFactor;

    public PixelShuffle(int upscaleFactor) {
        if (upscaleFactor < 1) throw new IllegalArgumentException("PixelShuffle: upscale_factor must be >= 1, got " + upscaleFactor);
        this.upscaleFactor = upscaleFactor;
    }

    @Override
    public Tensor forward(Tensor input) { return Resampling.pixelShuffle(input, upscaleFactor); }

    @Override
    protected String extraRepr() { return "upscale_factor=" + upscaleFactor; }
}
