package dev.dendrite.functional;

import java.util.Arrays;

/**
 * The {@code padding} argument of a convolution, as in PyTorch: explicit sizes per spatial dim
 * (one value is used for every dim), {@code 'same'} (the output keeps the input's size; stride 1
 * only; an odd total goes one more to the end) or {@code 'valid'} (no padding).
 */
public sealed interface Padding {
    /** Zero-padding of these sizes on both sides of each spatial dim. */
    record Explicit(int[] sizes) implements Padding {
        public Explicit {
            sizes = sizes.clone();
            for (int s : sizes) {
                if (s < 0) throw new IllegalArgumentException("padding: sizes must be >= 0, got " + Arrays.toString(sizes));
            }
        }

        @Override
        public boolean equals(Object o) { return o instanceof Explicit e && Arrays.equals(sizes, e.sizes); }

        @Override
        public int hashCode() { return Arrays.hashCode(sizes); }

        @Override
        public String toString() {
            return sizes.length == 1 ? Integer.toString(sizes[0]) : Arrays.toString(sizes).replace('[', '(').replace(']', ')');
        }
    }

    /** {@code padding='same'}. */
    record Same() implements Padding {
        @Override
        public String toString() { return "same"; }
    }

    /** {@code padding='valid'}. */
    record Valid() implements Padding {
        @Override
        public String toString() { return "valid"; }
    }

    Padding SAME = new Same();
    Padding VALID = new Valid();

    static Padding of(int... sizes) { return new Explicit(sizes); }

    /** Parses PyTorch's string forms: "same" or "valid". */
    static Padding of(String mode) {
        return switch (mode) {
            case "same" -> SAME;
            case "valid" -> VALID;
            default -> throw new IllegalArgumentException("padding: expected 'same' or 'valid', got '" + mode + "'");
        };
    }
}
