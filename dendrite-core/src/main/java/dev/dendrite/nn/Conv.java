package dev.dendrite.nn;

import dev.dendrite.functional.Padding;

/**
 * The optional arguments of the convolution layers, built fluently:
 * {@code new Conv2d(3, 64, 3, Conv.padding(1).stride(2).bias(false))}. Defaults are PyTorch's:
 * stride 1, padding 0, dilation 1, groups 1, bias on, padding mode zeros, output padding 0.
 * A single value stands for every spatial dim.
 */
public final class Conv {
    private Conv() {}

    /** An immutable set of options; each method returns a changed copy. */
    public record Options(int[] stride, Padding padding, int[] dilation, int groups, boolean bias, PaddingMode paddingMode,
                          int[] outputPadding) {
        public Options stride(int... s) { return new Options(s.clone(), padding, dilation, groups, bias, paddingMode, outputPadding); }
        public Options padding(int... p) { return padding(Padding.of(p)); }
        public Options padding(Padding p) { return new Options(stride, p, dilation, groups, bias, paddingMode, outputPadding); }
        /** PyTorch's string form, "same" or "valid". */
        public Options padding(String p) { return padding(Padding.of(p)); }
        public Options dilation(int... d) { return new Options(stride, padding, d.clone(), groups, bias, paddingMode, outputPadding); }
        public Options groups(int g) { return new Options(stride, padding, dilation, g, bias, paddingMode, outputPadding); }
        public Options bias(boolean b) { return new Options(stride, padding, dilation, groups, b, paddingMode, outputPadding); }
        public Options paddingMode(PaddingMode m) { return new Options(stride, padding, dilation, groups, bias, m, outputPadding); }
        /** Transposed convolutions only: extra size added to one side of the output. */
        public Options outputPadding(int... o) { return new Options(stride, padding, dilation, groups, bias, paddingMode, o.clone()); }
    }

    public static Options defaults() {
        return new Options(new int[] {1}, Padding.of(0), new int[] {1}, 1, true, PaddingMode.ZEROS, new int[] {0});
    }

    public static Options stride(int... s) { return defaults().stride(s); }
    public static Options padding(int... p) { return defaults().padding(p); }
    public static Options padding(Padding p) { return defaults().padding(p); }
    public static Options padding(String p) { return defaults().padding(p); }
    public static Options dilation(int... d) { return defaults().dilation(d); }
    public static Options groups(int g) { return defaults().groups(g); }
    public static Options bias(boolean b) { return defaults().bias(b); }
    public static Options paddingMode(PaddingMode m) { return defaults().paddingMode(m); }
    public static Options outputPadding(int... o) { return defaults().outputPadding(o); }
}
