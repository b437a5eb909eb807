package dev.dendrite.tensor;

import dev.dendrite.storage.Dtype;

import java.util.Arrays;

/**
 * Prints tensors the way PyTorch does: nested brackets, one number format per tensor, and
 * tensors over a thousand elements summarized with "..." between the first and last three
 * entries of each dim. The shape and dtype follow the values.
 */
final class TensorFormatter {
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;

    private TensorFormatter() {}

    static String format(Tensor t) {
        Tensor data = t.dtype().isHalf() ? t.detach().to(Dtype.FLOAT32) : t;
        boolean summarize = t.numel() > THRESHOLD;
        NumberStyle style = NumberStyle.choose(data, summarize);
        StringBuilder sb = new StringBuilder("tensor(");
        String indent = " ".repeat(7);
        if (t.dim() == 0) {
            sb.append(style.format(data.item()));
        } else {
            appendDim(sb, data, new int[t.dim()], 0, style, summarize, indent);
        }
        sb.append(", shape=").append(Arrays.toString(t.shape()));
        if (t.dtype() != Dtype.FLOAT32) sb.append(", dtype=").append(t.dtype().torchName());
        if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn()).append('>');
        else if (t.isRequiresGrad()) sb.append(", requires_grad=True");
        return sb.append(')').toString();
    }

    private static void appendDim(StringBuilder sb, Tensor t, int[] index, int dim, NumberStyle style,
                                  boolean summarize, String indent) {
        int size = t.size(dim);
        sb.append('[');
        boolean last = dim == t.dim() - 1;
        int lineStart = sb.length();
        for (int i = 0; i < size; i++) {
            if (summarize && size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append(last ? "..., " : "...,\n" + indent + " ".repeat(dim + 1));
                i = size - EDGE_ITEMS;
            }
            index[dim] = i;
            if (last) {
                String s = style.format(t.get(index));
                if (sb.length() - lineStart + s.length() > LINE_WIDTH - indent.length() && i > 0) {
                    if (sb.charAt(sb.length() - 1) == ' ') sb.setLength(sb.length() - 1);   // no trailing blank
                    sb.append('\n').append(indent).append(" ".repeat(dim + 1));
                    lineStart = sb.length();
                }
                sb.append(s);
                if (i < size - 1) sb.append(", ");
            } else {
                appendDim(sb, t, index, dim + 1, style, summarize, indent);
                if (i < size - 1) {
                    sb.append(',').append("\n".repeat(t.dim() - dim - 1)).append(indent).append(" ".repeat(dim + 1));
                }
            }
        }
        sb.append(']');
    }

    /** How the numbers of one tensor are written: integers, fixed 4 decimals, or scientific. */
    private record NumberStyle(Dtype dtype, boolean scientific, int width) {
        static NumberStyle choose(Tensor t, boolean summarize) {
            if (!t.dtype().isFloatingPoint()) {
                int width = 1;
                for (double v : sample(t, summarize)) width = Math.max(width, formatInt(t.dtype(), v).length());
                return new NumberStyle(t.dtype(), false, width);
            }
            double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
            for (double v : sample(t, summarize)) {
                if (!Double.isFinite(v)) continue;
                double a = Math.abs(v);
                maxAbs = Math.max(maxAbs, a);
                if (a > 0) minAbs = Math.min(minAbs, a);
            }
            boolean sci = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs != Double.POSITIVE_INFINITY) || maxAbs / minAbs > 1000;
            NumberStyle probe = new NumberStyle(t.dtype(), sci, 0);
            int width = 1;
            for (double v : sample(t, summarize)) width = Math.max(width, probe.raw(v).length());
            return new NumberStyle(t.dtype(), sci, width);
        }

        /** The values the format is chosen from: those printed, so a summarized tensor is not read whole. */
        private static double[] sample(Tensor t, boolean summarize) {
            Tensor s = t.detach();
            if (summarize) {
                for (int d = 0; d < s.dim(); d++) {
                    int n = s.size(d);
                    if (n > 2 * EDGE_ITEMS) {
                        s = Tensor.cat(new Tensor[] {s.narrow(d, 0, EDGE_ITEMS), s.narrow(d, n - EDGE_ITEMS, EDGE_ITEMS)}, d);
                    }
                }
            }
            return s.toDoubleArray();
        }

        private static String formatInt(Dtype dtype, double v) {
            if (dtype == Dtype.BOOL) return v != 0 ? "True" : "False";
            return Long.toString((long) v);
        }

        String raw(double v) {
            if (!dtype.isFloatingPoint()) return formatInt(dtype, v);
            if (Double.isNaN(v)) return "nan";
            if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
            return scientific ? String.format("%.4e", v) : String.format("%.4f", v);
        }

        String format(double v) {
            String s = raw(v);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
