package dev.dendrite.nn;

import dev.dendrite.functional.Resampling;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Resizes the spatial dims, as torch.nn.Upsample: to a fixed size or by a scale factor, with
 * nearest, linear (3-D input) or bilinear (4-D input) interpolation; align_corners for the
 * linear modes maps the corner pixels' centres onto each other.
 */
public class Upsample extends Module {
    private final int[] size;
    private final double[] scaleFactor;
    private final Resampling.Mode mode;
    private final boolean alignCorners;

    private Upsample(int[] size, double[] scaleFactor, Resampling.Mode mode, boolean alignCorners) {
        if (mode == Resampling.Mode.NEAREST && alignCorners) {
            throw new IllegalArgumentException("Upsample: align_corners only applies to linear modes");
        }
        this.size = size;
        this.scaleFactor = scaleFactor;
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    /** Nearest-neighbour upsampling by an integer-or-fractional factor. */
    public static Upsample scale(double scaleFactor) { return scale(scaleFactor, Resampling.Mode.NEAREST, false); }

    public static Upsample scale(double scaleFactor, Resampling.Mode mode, boolean alignCorners) {
        return new Upsample(null, new double[] {scaleFactor}, mode, alignCorners);
    }

    public static Upsample scale(double[] scaleFactor, Resampling.Mode mode, boolean alignCorners) {
        return new Upsample(null, scaleFactor.clone(), mode, alignCorners);
    }

    public static Upsample size(int[] size, Resampling.Mode mode, boolean alignCorners) {
        return new Upsample(size.clone(), null, mode, alignCorners);
    }

    @Override
    public Tensor forward(Tensor input) {
        return size != null ? Resampling.interpolate(input, size, mode, alignCorners)
                : Resampling.interpolate(input, scaleFactor, mode, alignCorners);
    }

    @Override
    protected String extraRepr() {
        String what = size != null ? "size=" + Arrays.toString(size) : "scale_factor=" + (scaleFactor.length == 1
                ? Double.toString(scaleFactor[0]) : Arrays.toString(scaleFactor));
        return what + ", mode='" + mode.name().toLowerCase(java.util.Locale.ROOT) + "'"
                + (mode == Resampling.Mode.NEAREST ? "" : ", align_corners=" + (alignCorners ? "True" : "False"));
    }
}
