package dev.dendrite.data.transforms;

/**
 * How padding fills pixels outside the image, as torchvision's padding_mode: CONSTANT (a fill
 * value), EDGE (repeat the border pixel), REFLECT (mirror without repeating the border: for
 * [1 2 3 4], pad 2 gives 3 2 | 1 2 3 4 | 3 2) and SYMMETRIC (mirror repeating it: 2 1 | 1 2 3 4 | 4 3).
 */
public enum PadMode {
    CONSTANT, EDGE, REFLECT, SYMMETRIC;

    /** The source index of padded index {@code i} in a dimension of size {@code n}; -1 for CONSTANT outside. */
    int source(int i, int n) {
        if (i >= 0 && i < n) return i;
        return switch (this) {
            case CONSTANT -> -1;
            case EDGE -> i < 0 ? 0 : n - 1;
            case REFLECT -> {
                if (n == 1) yield 0;
                int period = 2 * (n - 1);
                int m = Math.floorMod(i, period);
                yield m < n ? m : period - m;
            }
            case SYMMETRIC -> {
                int period = 2 * n;
                int m = Math.floorMod(i, period);
                yield m < n ? m : period - 1 - m;
            }
        };
    }
}
