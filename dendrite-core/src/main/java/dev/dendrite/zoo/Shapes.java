package dev.dendrite.zoo;

import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/** Input checks shared by the zoo's models, with messages that name the model and the rule broken. */
final class Shapes {
    private Shapes() {}

    /** Requires [N, channels, height, width] exactly. */
    static void check(String model, Tensor x, int channels, int height, int width) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != channels || s[2] != height || s[3] != width) {
            throw new IllegalArgumentException(model + ": expected input of shape [N, " + channels + ", " + height + ", " + width
                    + "], got " + Arrays.toString(s));
        }
    }

    /** Requires [N, channels, H, W] with H and W at least {@code minSize}. */
    static void checkMin(String model, Tensor x, int channels, int minSize) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != channels || s[2] < minSize || s[3] < minSize) {
            throw new IllegalArgumentException(model + ": expected input of shape [N, " + channels + ", H, W] with H, W >= " + minSize
                    + ", got " + Arrays.toString(s));
        }
    }
}
