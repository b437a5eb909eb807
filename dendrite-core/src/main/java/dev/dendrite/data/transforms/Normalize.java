package dev.dendrite.data.transforms;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * {@code out[c] = (in[c] - mean[c]) / std[c]} per channel of an image [C, H, W] or a batch
 * [N, C, H, W], as torchvision's Normalize. A single mean/std applies to every channel.
 */
public record Normalize(double[] mean, double[] std) implements Transform {
    public Normalize {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: mean and std need the same positive length, got " + mean.length + " and " + std.length);
        }
        for (double s : std) if (s == 0) throw new IllegalArgumentException("Normalize: std evaluated to zero in " + Arrays.toString(std) + ", leading to division by zero");
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Img im = Img.of("Normalize", input);
        int c = im.channels();
        if (mean.length != 1 && mean.length != c) {
            throw new IllegalArgumentException("Normalize: " + mean.length + " means/stds for an image of " + c + " channels (shape " + Arrays.toString(input.shape()) + ")");
        }
        float[] d = im.data().clone();
        int hw = im.h() * im.w();
        for (int p = 0; p < im.planes(); p++) {
            int k = mean.length == 1 ? 0 : p % c;
            double m = mean[k], s = std[k];
            for (int i = p * hw; i < (p + 1) * hw; i++) d[i] = (float) ((d[i] - m) / s);
        }
        return im.tensor(d);
    }
}
