package dev.dendrite.onnx;

import dev.dendrite.functional.Convolution;
import dev.dendrite.functional.Padding;
import dev.dendrite.functional.Pooling;
import dev.dendrite.functional.Resampling;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Convolution, pooling and resampling against the ONNX conformance data: the PyTorch modules
 * exported with their outputs computed by PyTorch ({@code pytorch-converted/}: weights are the
 * model's initializers) and the single-operator tests ({@code node/}). Attribute combinations
 * PyTorch has no equivalent for (asymmetric pooling pads, 'nearest' with ONNX's rounding modes,
 * cubic resizing, ...) are skipped with the reason.
 */
class ConvPoolOnnxTest {
    private static final List<String> CONVERTED = List.of("test_Conv", "test_MaxPool1d", "test_MaxPool2d", "test_AvgPool1d",
            "test_AvgPool2d", "test_PixelShuffle");
    private static final List<String> NODE = List.of("test_conv_", "test_convtranspose", "test_maxpool_", "test_averagepool_",
            "test_maxunpool", "test_globalaveragepool", "test_globalmaxpool", "test_resize_");

    @TestFactory
    Stream<DynamicTest> onnxConvPoolTests() throws IOException {
        Path nodeDir = OnnxReferenceTest.nodeTestDir();
        Assumptions.assumeTrue(nodeDir != null && Files.isDirectory(nodeDir),
                "ONNX backend test data not found at <repo>/../shared/onnx-backend-tests");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path folder : folders(nodeDir.resolveSibling("pytorch-converted"), CONVERTED)) {
            tests.add(DynamicTest.dynamicTest(folder.getFileName().toString(), () -> run(folder)));
        }
        for (Path folder : folders(nodeDir, NODE)) {
            tests.add(DynamicTest.dynamicTest(folder.getFileName().toString(), () -> run(folder)));
        }
        return tests.stream();
    }

    private static List<Path> folders(Path dir, List<String> prefixes) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return prefixes.stream().anyMatch(n::startsWith) && !n.contains("_expanded") && !n.contains("Conv3d")
                        && !n.contains("3d") && Files.isRegularFile(p.resolve("test_data_set_0/output_0.pb"));
            }).sorted().toList();
        }
    }

    /** The graph's nodes and every named value known before running it: initializers, then the data set's inputs. */
    private record Loaded(List<Onnx.Node> nodes, Map<String, Tensor> values, List<Tensor> outputs) {}

    private static Loaded load(Path folder) throws IOException {
        byte[] bytes = Files.readAllBytes(folder.resolve("model.onnx"));
        Onnx.Model model = Onnx.parseModel(new ProtoReader(bytes));
        Map<String, Tensor> values = new HashMap<>();
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            if (r.field() != 7) { r.skip(); continue; }
            ProtoReader g = r.readMessage();
            while (g.next()) {
                if (g.field() == 5) {
                    Onnx.OnnxTensor t = Onnx.parseTensor(g.readMessage());
                    values.put(t.name(), t.tensor());
                } else {
                    g.skip();
                }
            }
        }
        Path data = folder.resolve("test_data_set_0");
        int k = 0;
        for (String in : model.graphInputs()) {
            if (values.containsKey(in)) continue;   // older exports list initializers among the inputs
            values.put(in, Onnx.readTensor(data.resolve("input_" + k++ + ".pb")).tensor());
        }
        List<Tensor> outputs = new ArrayList<>();
        for (int i = 0; i < model.graphOutputs().size(); i++) {
            outputs.add(Onnx.readTensor(data.resolve("output_" + i + ".pb")).tensor());
        }
        return new Loaded(model.nodes(), values, outputs);
    }

    private static void run(Path folder) {
        String name = folder.getFileName().toString();
        Loaded m;
        try {
            m = load(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Onnx.UnsupportedTypeException e) {
            Assumptions.abort(name + " skipped: " + e.getMessage());
            return;
        }
        Tensor[] got;
        if (name.equals("test_PixelShuffle")) {
            // exported as Reshape / Transpose / Reshape; the factor follows from the shapes
            Tensor x = Onnx.readTensor(folder.resolve("test_data_set_0/input_0.pb")).tensor();
            int r = (int) Math.round(Math.sqrt((double) x.size(1) / m.outputs().get(0).size(1)));
            got = new Tensor[] {Resampling.pixelShuffle(x, r)};
        } else {
            List<String> wrappers = List.of("Constant", "Identity", "Unsqueeze", "Squeeze", "Reshape");
            List<Onnx.Node> ops = m.nodes().stream().filter(n -> !wrappers.contains(n.opType())).toList();
            Assumptions.assumeTrue(ops.size() == 1, () -> name + " skipped: more than one operator in the graph");
            Onnx.Node node = ops.get(0);
            Tensor[] in = new Tensor[node.inputs().size()];
            for (int i = 0; i < in.length; i++) in[i] = node.inputs().get(i).isEmpty() ? null : m.values().get(node.inputs().get(i));
            // PyTorch exports 1-D pooling as 2-D pooling between Unsqueeze and Squeeze: do the same to the graph input
            boolean wrapped = in[0] == null;
            long[] k = node.intsAttr("kernel_shape");
            int axis = k != null && k.length == 2 && k[1] == 1 && k[0] != 1 ? 3 : 2;   // the singleton dim of the kernel
            if (wrapped) in[0] = Onnx.readTensor(folder.resolve("test_data_set_0/input_0.pb")).tensor().unsqueeze(axis);
            got = apply(name, node, in);
            if (wrapped) got = new Tensor[] {got[0].squeeze(axis)};
        }
        for (int i = 0; i < got.length && i < m.outputs().size(); i++) {
            Tensor want = m.outputs().get(i), g = got[i];
            assertArrayEquals(want.shape(), g.shape(), name + ": output " + i + " shape");
            compare(name, want, g, ROUNDED.contains(name) ? 5e-5 : 1e-5);
        }
    }

    /** Tests whose expected values were written out rounded to 4 decimals. */
    private static final java.util.Set<String> ROUNDED = java.util.Set.of("test_averagepool_2d_ceil_last_window_starts_on_pad");

    private static void compare(String name, Tensor want, Tensor got, double atol) {
        double[] w = want.toDoubleArray(), g = got.toDoubleArray();
        boolean exact = !want.isFloatingPoint();
        for (int i = 0; i < w.length; i++) {
            double tol = exact ? 0 : atol + 1e-4 * Math.abs(w[i]);   // sums in a different order than the reference
            if (!(Math.abs(g[i] - w[i]) <= tol)) fail(name + ": element " + i + " is " + g[i] + ", expected " + w[i]);
        }
    }

    private static String str(Onnx.Node n, String attr, String fallback) {
        Onnx.Attribute a = n.attributes().get(attr);
        return a == null ? fallback : new String(a.s(), StandardCharsets.UTF_8);
    }

    private static int[] ints(Onnx.Node n, String attr, int count, int fallback) {
        long[] v = n.intsAttr(attr);
        int[] r = new int[count];
        for (int i = 0; i < count; i++) r[i] = v == null ? fallback : (int) v[i];
        return r;
    }

    private static Tensor[] apply(String name, Onnx.Node n, Tensor[] in) {
        Tensor x = in[0];
        int nd = x.dim() - 2;
        String autoPad = str(n, "auto_pad", "NOTSET");
        int[] pads = ints(n, "pads", 2 * nd, 0);
        int[] begin = Arrays.copyOfRange(pads, 0, nd), end = Arrays.copyOfRange(pads, nd, 2 * nd);
        int[] strides = ints(n, "strides", nd, 1), dil = ints(n, "dilations", nd, 1);
        int group = (int) n.intAttr("group", 1);
        switch (n.opType()) {
            case "Conv" -> {
                Tensor w = in[1], b = in.length > 2 ? in[2] : null;
                int[] k = Arrays.copyOfRange(w.shape(), 2, w.dim());
                if (autoPad.startsWith("SAME")) {
                    for (int i = 0; i < nd; i++) {
                        int outSize = (x.size(2 + i) + strides[i] - 1) / strides[i];
                        int total = Math.max(0, (outSize - 1) * strides[i] + dil[i] * (k[i] - 1) + 1 - x.size(2 + i));
                        begin[i] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                        end[i] = total - begin[i];
                    }
                } else if (autoPad.equals("VALID")) {
                    Arrays.fill(begin, 0);
                    Arrays.fill(end, 0);
                }
                int[] sym = new int[nd], extra = new int[2 * nd];
                for (int i = 0; i < nd; i++) {
                    sym[i] = Math.min(begin[i], end[i]);
                    extra[2 * (nd - 1 - i)] = begin[i] - sym[i];
                    extra[2 * (nd - 1 - i) + 1] = end[i] - sym[i];
                }
                Tensor xp = Arrays.stream(extra).anyMatch(v -> v != 0) ? x.pad(extra) : x;
                Tensor y = nd == 1 ? Convolution.conv1d(xp, w, b, strides, Padding.of(sym), dil, group)
                        : Convolution.conv2d(xp, w, b, strides, Padding.of(sym), dil, group);
                return new Tensor[] {y};
            }
            case "ConvTranspose" -> {
                Assumptions.assumeTrue(autoPad.equals("NOTSET") && n.intsAttr("output_shape") == null && Arrays.equals(begin, end),
                        () -> name + " skipped: output_shape, auto_pad and asymmetric pads have no conv_transpose equivalent");
                Tensor b = in.length > 2 ? in[2] : null;
                int[] outPad = ints(n, "output_padding", nd, 0);
                Tensor y = nd == 1 ? Convolution.convTranspose1d(x, in[1], b, strides, begin, outPad, group, dil)
                        : Convolution.convTranspose2d(x, in[1], b, strides, begin, outPad, group, dil);
                return new Tensor[] {y};
            }
            case "MaxPool", "AveragePool" -> {
                Assumptions.assumeTrue(autoPad.equals("NOTSET") || autoPad.equals("VALID"),
                        () -> name + " skipped: auto_pad " + autoPad + " pads asymmetrically");
                Assumptions.assumeTrue(Arrays.equals(begin, end), () -> name + " skipped: asymmetric pads");
                Assumptions.assumeTrue(x.isFloatingPoint(), () -> name + " skipped: integer input");
                Assumptions.assumeTrue(n.intAttr("storage_order", 0) == 0, () -> name + " skipped: column-major indices");
                int[] k = ints(n, "kernel_shape", nd, 1);
                for (int i = 0; i < nd; i++) {
                    int half = ((k[i] - 1) * dil[i] + 1) / 2, pad = begin[i];
                    Assumptions.assumeTrue(pad <= half, () -> name + " skipped: padding " + pad
                            + " exceeds half the kernel, which PyTorch's pooling refuses");
                }
                boolean ceil = n.intAttr("ceil_mode", 0) != 0;
                if (n.opType().equals("AveragePool")) {
                    Assumptions.assumeTrue(Arrays.stream(dil).allMatch(v -> v == 1), () -> name + " skipped: avg_pool has no dilation");
                    boolean include = n.intAttr("count_include_pad", 0) != 0;
                    Tensor y = nd == 1 ? Pooling.avgPool1d(x, k[0], strides[0], begin[0], ceil, include)
                            : Pooling.avgPool2d(x, k, strides, begin, ceil, include, 0);
                    return new Tensor[] {y};
                }
                Pooling.WithIndices r = nd == 1 ? Pooling.maxPool1dWithIndices(x, k[0], strides[0], begin[0], dil[0], ceil)
                        : Pooling.maxPool2dWithIndices(x, k, strides, begin, dil, ceil);
                return new Tensor[] {r.output(), planeToGlobal(r.indices(), x)};
            }
            case "MaxUnpool" -> {
                int[] k = ints(n, "kernel_shape", nd, 1);
                int[] outShape = in.length > 2 && in[2] != null ? Arrays.stream(in[2].toLongArray()).mapToInt(v -> (int) v).toArray() : null;
                Assumptions.assumeTrue(outShape == null, () -> name + " skipped: with output_shape ONNX reads the indices in the "
                        + "default-size grid, PyTorch in the output_size grid");
                int[] outHW = new int[nd];
                for (int i = 0; i < nd; i++) {
                    outHW[i] = outShape != null ? outShape[2 + i] : (x.size(2 + i) - 1) * strides[i] - begin[i] - end[i] + k[i];
                }
                Tensor idx = globalToPlane(in[1], x, outHW[0] * (nd == 2 ? outHW[1] : 1));
                return new Tensor[] {Pooling.maxUnpool2d(x, idx, k, strides, begin, outShape)};
            }
            case "GlobalAveragePool" -> { return new Tensor[] {Pooling.adaptiveAvgPool2d(x, 1)}; }
            case "GlobalMaxPool" -> { return new Tensor[] {Pooling.adaptiveMaxPool2d(x, 1)}; }
            case "Resize" -> { return new Tensor[] {resize(name, n, in)}; }
            default -> {
                Assumptions.abort(name + " skipped: op " + n.opType());
                return null;
            }
        }
    }

    /** Dendrite's indices count within each [H, W] plane; ONNX's count over the whole tensor. */
    private static Tensor planeToGlobal(Tensor idx, Tensor x) {
        int planes = x.size(0) * x.size(1), plane = x.numel() / planes;
        long[] v = idx.toLongArray();
        int per = v.length / planes;
        for (int i = 0; i < v.length; i++) v[i] += (long) (i / per) * plane;
        return Tensor.of(v, idx.shape());
    }

    private static Tensor globalToPlane(Tensor idx, Tensor x, int outPlane) {
        int planes = x.size(0) * x.size(1);
        long[] v = idx.toLongArray();
        int per = v.length / planes;
        for (int i = 0; i < v.length; i++) v[i] -= (long) (i / per) * outPlane;
        return Tensor.of(v, idx.shape());
    }

    private static Tensor resize(String name, Onnx.Node n, Tensor[] in) {
        String mode = str(n, "mode", "nearest"), coord = str(n, "coordinate_transformation_mode", "half_pixel");
        String nearest = str(n, "nearest_mode", "round_prefer_floor");
        Assumptions.assumeTrue(n.attributes().get("axes") == null && n.attributes().get("keep_aspect_ratio_policy") == null
                && n.intAttr("antialias", 0) == 0 && n.intAttr("exclude_outside", 0) == 0, () -> name + " skipped: axes/antialias/aspect policy");
        Resampling.Mode m;
        boolean align;
        if (mode.equals("linear") && (coord.equals("half_pixel") || coord.equals("align_corners"))) {
            align = coord.equals("align_corners");
            m = in[0].dim() == 3 ? Resampling.Mode.LINEAR : Resampling.Mode.BILINEAR;
        } else if (mode.equals("nearest") && coord.equals("asymmetric") && nearest.equals("floor")) {
            align = false;
            m = Resampling.Mode.NEAREST;
        } else {
            Assumptions.abort(name + " skipped: mode " + mode + " / " + coord + " / " + nearest + " is not a PyTorch interpolate mode");
            return null;
        }
        Tensor x = in[0];
        Tensor scales = in.length > 2 ? in[2] : null, sizes = in.length > 3 ? in[3] : null;
        int nd = x.dim() - 2;
        if (sizes != null && sizes.numel() > 0) {
            long[] s = sizes.toLongArray();
            int[] size = new int[nd];
            for (int i = 0; i < nd; i++) size[i] = (int) s[2 + i];
            return Resampling.interpolate(x, size, m, align);
        }
        double[] s = scales.toDoubleArray();
        Assumptions.assumeTrue(s[0] == 1 && s[1] == 1, () -> name + " skipped: scales the batch or channel dim");
        for (int i = 2; i < s.length; i++) {
            double scaled = x.size(i) * s[i];
            Assumptions.assumeTrue(!align || scaled == Math.floor(scaled), () -> name + " skipped: with align_corners ONNX divides by "
                    + "the unrounded scaled size, PyTorch by the output size");
        }
        return Resampling.interpolate(x, Arrays.copyOfRange(s, 2, s.length), m, align);
    }
}
