package dev.dendrite.nn;

import dev.dendrite.functional.Resampling;
import dev.dendrite.tensor.Tensor;

/** [*, C, H * r, W * r] -> [*, C * r^2, H, W], as torch.nn.PixelUnshuffle; the inverse of {@link PixelShuffle}. */
public class PixelUnshuffle extends Module {
    public final int downscaleFactor;

    public PixelUnshuffle(int downscaleFactor) {
        if (downscaleFactor < 1) throw new IllegalArgumentException("PixelUnshuffle: downscale_factor must be >= 1, got " + downscaleFactor);
        this.downscaleFactor = downscaleFactor;
    }

    @Override
    public Tensor forward(Tensor input) { return Resampling.pixelUnshuffle(input, downscaleFactor); }

    @Override
    protected String extraRepr() { return "downscale_factor=" + downscaleFactor; }
}
