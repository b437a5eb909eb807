package dev.dendrite.data.transforms;

import dev.dendrite.data.Batch;
import dev.dendrite.data.SeededFunction;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * CutMix (Yun et al., 2019) on a batch [N, C, H, W]: draws {@code lambda ~ Beta(alpha, alpha)}, a
 * box centre uniformly on the pixel grid and half-sizes {@code (int)(W r)} and {@code (int)(H r)}
 * with {@code r = sqrt(1 - lambda) / 2}, clipped to the image, and pastes that box from the
 * previous example in the batch (the batch rolled by one, as torchvision's v2.CutMix). Targets mix
 * with the pasted area's true share: {@code lambda' = 1 - box area / (H W)}.
 */
public record CutMix(double alpha, int numClasses) implements SeededFunction<Batch, Batch> {
    public CutMix {
        if (!(alpha > 0)) throw new IllegalArgumentException("CutMix: alpha must be > 0, got " + alpha);
        if (numClasses < 1) throw new IllegalArgumentException("CutMix: numClasses must be >= 1, got " + numClasses);
    }

    /**
     * The batch with mixed inputs and soft targets, for {@code Collate.stack().andThen(cutmix)}
     * (the batch's generator is the one the loader derives per batch).
     */
    @Override
    public Batch apply(Batch batch, Generator gen) {
        Mixed m = apply(batch.input(), batch.target(), gen);
        return new Batch(m.input(), m.target());
    }

    public Mixed apply(Tensor input, Tensor target, Generator gen) {
        if (input.dim() != 4 || !input.isFloatingPoint()) {
            throw new IllegalArgumentException("CutMix: expected a floating batch of images [N, C, H, W], got " + input.dtype() + " " + Arrays.toString(input.shape()));
        }
        int n = input.size(0), c = input.size(1), h = input.size(2), w = input.size(3);
        float[] y = Mixed.softTargets("CutMix", target, n, numClasses);
        double lam = Sampling.beta(alpha, alpha, gen);
        int cx = Img.randint(gen, w), cy = Img.randint(gen, h);
        double r = 0.5 * Math.sqrt(1 - lam);
        int hw = (int) (r * w), hh = (int) (r * h);
        int x1 = Math.max(cx - hw, 0), y1 = Math.max(cy - hh, 0), x2 = Math.min(cx + hw, w), y2 = Math.min(cy + hh, h);
        float[] src = input.toFloatArray();
        float[] out = src.clone();
        int per = c * h * w;
        for (int i = 0; i < n; i++) {
            int j = (i + n - 1) % n;
            for (int k = 0; k < c; k++) {
                for (int yy = y1; yy < y2; yy++) {
                    int off = k * h * w + yy * w;
                    System.arraycopy(src, j * per + off + x1, out, i * per + off + x1, x2 - x1);
                }
            }
        }
        double adjusted = 1 - (double) (x2 - x1) * (y2 - y1) / ((double) h * w);
        Tensor xt = Tensor.of(out, input.shape());
        if (input.dtype() == Dtype.FLOAT64) xt = xt.to(Dtype.FLOAT64);
        return new Mixed(xt, Tensor.of(Mixed.mixRolled(y, n, numClasses, adjusted), n, numClasses), adjusted);
    }
}
