package dev.dendrite.onnx;

import dev.dendrite.ops.Joins;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Shapes;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * ONNX conformance data as independent references: each single-operator node test from
 * {@code ../shared/onnx-backend-tests/node} whose semantics a Dendrite op implements is run on its
 * {@code test_data_set_0} inputs and compared with the stored output (values, shape and dtype).
 *
 * <p>The ONNX op is mapped to Dendrite calls by {@link #MAPPINGS}; attributes come from the node
 * in {@code model.onnx}, and axes, shapes and clip bounds from the extra inputs newer opsets use.
 * Tests whose semantics differ from PyTorch's (which Dendrite follows) are listed in
 * {@link #EXCLUDED} with the reason, and reported as skipped.
 */
class OnnxReferenceTest {

    /** Folder-name prefixes of the node tests considered; the node's op_type picks the mapping. */
    private static final List<String> PREFIXES = List.of(
            "test_add", "test_sub", "test_mul", "test_div", "test_pow", "test_neg", "test_abs", "test_exp",
            "test_log", "test_sqrt", "test_reciprocal", "test_sin", "test_cos", "test_tan", "test_asin", "test_acos",
            "test_atan", "test_sigmoid", "test_erf", "test_sign", "test_floor", "test_ceil", "test_round", "test_relu",
            "test_max_", "test_min_", "test_sum_", "test_mean_", "test_equal", "test_less", "test_greater", "test_and",
            "test_or", "test_xor", "test_not", "test_isnan", "test_isinf", "test_where", "test_clip", "test_mod",
            "test_matmul_", "test_reduce_", "test_argmax", "test_argmin", "test_cumsum", "test_transpose",
            "test_reshape", "test_squeeze", "test_unsqueeze", "test_flatten", "test_expand", "test_concat",
            "test_cast_", "test_softmax", "test_logsoftmax");

    /** Node tests left out, with the reason (Dendrite follows PyTorch where the two disagree). */
    static final Map<String, String> EXCLUDED = new HashMap<>();

    static {
        for (String op : List.of("argmax", "argmin")) {
            for (String v : List.of("default_axis_example", "default_axis_random", "keepdims_example", "keepdims_random",
                    "negative_axis_keepdims_example", "negative_axis_keepdims_random", "no_keepdims_example",
                    "no_keepdims_random")) {
                EXCLUDED.put("test_" + op + "_" + v + "_select_last_index",
                        "select_last_index=1: torch." + op + " (and Dendrite) return the first extreme index");
            }
        }
        EXCLUDED.put("test_div_int32_trunc", "ONNX divides integers with truncation; torch.div (and Dendrite) "
                + "true-divide integers into float32");
        EXCLUDED.put("test_pow_types_int32_float32", "ONNX keeps the base's int32 type; torch promotes int ** float to float32");
        EXCLUDED.put("test_pow_types_int64_float32", "ONNX keeps the base's int64 type; torch promotes int ** float to float32");
        EXCLUDED.put("test_cumsum_1d_exclusive", "exclusive=1: torch.cumsum has no exclusive scan");
        EXCLUDED.put("test_cumsum_1d_int32_exclusive", "exclusive=1: torch.cumsum has no exclusive scan");
        EXCLUDED.put("test_cumsum_1d_reverse", "reverse=1: torch.cumsum has no reverse scan");
        EXCLUDED.put("test_cumsum_1d_reverse_exclusive", "reverse/exclusive: torch.cumsum has neither");
        EXCLUDED.put("test_cumsum_2d_int32", "ONNX keeps int32; torch.cumsum (and Dendrite) accumulate integers in int64");
        EXCLUDED.put("test_reduce_max_empty_set", "ONNX returns -inf over an empty axis; torch.amax/max raise an error");
        EXCLUDED.put("test_reduce_min_empty_set", "ONNX returns +inf over an empty axis; torch.amin/min raise an error");
    }

    /** Maps one ONNX node (attributes) and its inputs (null for an omitted optional input) to a Dendrite result. */
    @FunctionalInterface
    interface Mapping {
        Tensor apply(Onnx.Node node, Tensor[] in);
    }

    static final Map<String, Mapping> MAPPINGS = new HashMap<>();

    private static void unary(String op, UnaryOperator<Tensor> f) { MAPPINGS.put(op, (n, in) -> f.apply(in[0])); }

    private static void binary(String op, BinaryOperator<Tensor> f) { MAPPINGS.put(op, (n, in) -> f.apply(in[0], in[1])); }

    private static void variadic(String op, BinaryOperator<Tensor> f) {
        MAPPINGS.put(op, (n, in) -> {
            Tensor acc = in[0];
            for (int i = 1; i < in.length; i++) acc = f.apply(acc, in[i]);
            return acc;
        });
    }

    static {
        unary("Neg", Tensor::neg);
        unary("Abs", Tensor::abs);
        unary("Exp", Tensor::exp);
        unary("Log", Tensor::log);
        unary("Sqrt", Tensor::sqrt);
        unary("Reciprocal", Tensor::reciprocal);
        unary("Sin", Tensor::sin);
        unary("Cos", Tensor::cos);
        unary("Tan", Tensor::tan);
        unary("Asin", Tensor::asin);
        unary("Acos", Tensor::acos);
        unary("Atan", Tensor::atan);
        unary("Sinh", Tensor::sinh);
        unary("Cosh", Tensor::cosh);
        unary("Tanh", Tensor::tanh);
        unary("Sigmoid", Tensor::sigmoid);
        unary("Erf", Tensor::erf);
        unary("Sign", Tensor::sign);
        unary("Floor", Tensor::floor);
        unary("Ceil", Tensor::ceil);
        unary("Round", Tensor::round);   // both round half to even
        unary("Relu", Tensor::relu);
        unary("Not", Tensor::logicalNot);
        unary("IsNaN", Tensor::isnan);
        binary("Add", Tensor::add);
        binary("Sub", Tensor::sub);
        binary("Mul", Tensor::mul);
        binary("Div", Tensor::div);
        binary("Pow", Tensor::pow);
        binary("Equal", Tensor::eq);
        binary("Less", Tensor::lt);
        binary("Greater", Tensor::gt);
        binary("LessOrEqual", Tensor::le);
        binary("GreaterOrEqual", Tensor::ge);
        binary("And", Tensor::logicalAnd);
        binary("Or", Tensor::logicalOr);
        binary("Xor", Tensor::logicalXor);
        binary("MatMul", Tensor::matmul);
        variadic("Max", Tensor::maximum);
        variadic("Min", Tensor::minimum);
        variadic("Sum", Tensor::add);
        MAPPINGS.put("Mean", (n, in) -> {
            Tensor acc = in[0];
            for (int i = 1; i < in.length; i++) acc = acc.add(in[i]);
            return acc.div(in.length);
        });
        MAPPINGS.put("IsInf", (n, in) -> {
            boolean neg = n.intAttr("detect_negative", 1) != 0, pos = n.intAttr("detect_positive", 1) != 0;
            Tensor inf = in[0].isinf();
            if (neg && pos) return inf;
            if (pos) return inf.logicalAnd(in[0].gt(0));
            if (neg) return inf.logicalAnd(in[0].lt(0));
            return Tensor.zeros(Dtype.BOOL, in[0].shape());
        });
        MAPPINGS.put("Where", (n, in) -> Tensor.where(in[0], in[1], in[2]));
        MAPPINGS.put("Clip", (n, in) -> in[0].clamp(
                in.length > 1 && in[1] != null ? in[1].item() : Double.NEGATIVE_INFINITY,
                in.length > 2 && in[2] != null ? in[2].item() : Double.POSITIVE_INFINITY));
        MAPPINGS.put("Mod", (n, in) -> n.intAttr("fmod", 0) == 1 ? in[0].fmod(in[1]) : in[0].remainder(in[1]));
        MAPPINGS.put("Cast", (n, in) -> {
            Dtype to = Onnx.dtypeOf((int) n.intAttr("to", -1));
            if (to == null) throw new IllegalStateException("Cast to ONNX type " + n.intAttr("to", -1));
            return in[0].to(to);
        });

        // ---------------------------------------------------------------- reductions
        MAPPINGS.put("ReduceSum", reduction((x, dims, keep) -> x.sum(dims, keep)));
        MAPPINGS.put("ReduceMean", reduction((x, dims, keep) -> x.mean(dims, keep)));
        MAPPINGS.put("ReduceProd", reduction((x, dims, keep) -> dims == null
                ? keepAll(x.prod(), x, keep) : oneDimAtATime(x, dims, keep, (t, d) -> t.prod(d, true))));
        MAPPINGS.put("ReduceMax", reduction((x, dims, keep) -> dims == null
                ? keepAll(x.max(), x, keep) : oneDimAtATime(x, dims, keep, (t, d) -> t.max(d, true).values())));
        MAPPINGS.put("ReduceMin", reduction((x, dims, keep) -> dims == null
                ? keepAll(x.min(), x, keep) : oneDimAtATime(x, dims, keep, (t, d) -> t.min(d, true).values())));
        MAPPINGS.put("ReduceLogSumExp", reduction((x, dims, keep) -> x.logsumexp(dims, keep)));
        MAPPINGS.put("ReduceL1", reduction((x, dims, keep) -> x.norm(1, dims, keep)));
        MAPPINGS.put("ReduceL2", reduction((x, dims, keep) -> x.norm(2, dims, keep)));
        MAPPINGS.put("ReduceSumSquare", reduction((x, dims, keep) -> x.square().sum(dims, keep)));
        MAPPINGS.put("ReduceLogSum", reduction((x, dims, keep) -> x.sum(dims, keep).log()));
        MAPPINGS.put("ArgMax", (n, in) -> {
            requireDefault(n, "select_last_index", 0);
            return in[0].argmax((int) n.intAttr("axis", 0), n.intAttr("keepdims", 1) == 1);
        });
        MAPPINGS.put("ArgMin", (n, in) -> {
            requireDefault(n, "select_last_index", 0);
            return in[0].argmin((int) n.intAttr("axis", 0), n.intAttr("keepdims", 1) == 1);
        });
        MAPPINGS.put("CumSum", (n, in) -> {
            requireDefault(n, "exclusive", 0);
            requireDefault(n, "reverse", 0);
            return in[0].cumsum((int) in[1].itemLong());
        });
        // softmax and log-softmax as compositions: shift by the max first (as torch's kernels do), so that
        // large inputs keep their float32 precision, then subtract the logsumexp of the shifted values
        MAPPINGS.put("LogSoftmax", (n, in) -> logSoftmax(in[0], (int) n.intAttr("axis", -1)));
        MAPPINGS.put("Softmax", (n, in) -> logSoftmax(in[0], (int) n.intAttr("axis", -1)).exp());

        // ---------------------------------------------------------------- shape ops
        MAPPINGS.put("Transpose", (n, in) -> {
            long[] perm = n.intsAttr("perm");
            int r = in[0].dim();
            int[] p = new int[r];
            for (int i = 0; i < r; i++) p[i] = perm == null ? r - 1 - i : (int) perm[i];
            return in[0].permute(p);
        });
        MAPPINGS.put("Reshape", (n, in) -> {
            long[] spec = in[1].toLongArray();
            boolean allowZero = n.intAttr("allowzero", 0) == 1;
            int[] shape = new int[spec.length];
            // ONNX's 0 copies the input's size at that position (unless allowzero); -1 is inferred as in torch
            for (int i = 0; i < spec.length; i++) shape[i] = spec[i] == 0 && !allowZero ? in[0].size(i) : (int) spec[i];
            return in[0].reshape(shape);
        });
        MAPPINGS.put("Squeeze", (n, in) -> {
            int[] axes = axes(n, in);
            if (axes == null) return in[0].squeeze();
            Tensor x = in[0];
            int[] sorted = wrapSorted(axes, x.dim());
            for (int i = sorted.length - 1; i >= 0; i--) x = x.squeeze(sorted[i]);
            return x;
        });
        MAPPINGS.put("Unsqueeze", (n, in) -> {
            int[] axes = axes(n, in);
            Tensor x = in[0];
            for (int a : wrapSorted(axes, x.dim() + axes.length)) x = x.unsqueeze(a);
            return x;
        });
        MAPPINGS.put("Flatten", (n, in) -> {
            Tensor x = in[0];
            int r = x.dim();
            int axis = (int) n.intAttr("axis", 1);
            if (axis < 0) axis += r;
            if (axis == 0) return x.flatten().unsqueeze(0);
            if (axis == r) return x.flatten().unsqueeze(1);
            return x.flatten(axis, -1).flatten(0, axis - 1);
        });
        MAPPINGS.put("Expand", (n, in) -> {
            // ONNX's Expand broadcasts both ways; torch.expand takes the broadcast shape
            long[] spec = in[1].toLongArray();
            int[] shape = new int[spec.length];
            for (int i = 0; i < spec.length; i++) shape[i] = (int) spec[i];
            return in[0].expand(Shapes.broadcast("expand", in[0].shape(), shape));
        });
        MAPPINGS.put("Concat", (n, in) -> Joins.cat(in, (int) n.intAttr("axis", 0)));
    }

    @FunctionalInterface
    interface Reduction {
        Tensor apply(Tensor x, int[] dimsOrNull, boolean keepdim);
    }

    /** A Reduce* op: axes from the second input (newer opsets) or the attribute; none means all. */
    private static Mapping reduction(Reduction r) {
        return (n, in) -> {
            int[] axes = axes(n, in);
            boolean keep = n.intAttr("keepdims", 1) == 1;
            if (axes == null || axes.length == 0) {
                if (n.intAttr("noop_with_empty_axes", 0) == 1) return in[0];
                return r.apply(in[0], null, keep);
            }
            return r.apply(in[0], axes, keep);
        };
    }

    private static Tensor logSoftmax(Tensor x, int axis) {
        Tensor shifted = x.sub(x.max(axis, true).values());
        return shifted.sub(shifted.logsumexp(axis, true));
    }

    private static int[] axes(Onnx.Node n, Tensor[] in) {
        if (in.length > 1 && in[1] != null) {
            return Arrays.stream(in[1].toLongArray()).mapToInt(Math::toIntExact).toArray();
        }
        long[] a = n.intsAttr("axes");
        return a == null ? null : Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
    }

    private static int[] wrapSorted(int[] axes, int rank) {
        int[] w = new int[axes.length];
        for (int i = 0; i < axes.length; i++) w[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
        Arrays.sort(w);
        return w;
    }

    /** The all-dims result of a reduction that has no multi-dim form, shaped for keepdims. */
    private static Tensor keepAll(Tensor scalar, Tensor x, boolean keep) {
        if (!keep) return scalar;
        int[] ones = new int[x.dim()];
        Arrays.fill(ones, 1);
        return scalar.reshape(ones);
    }

    /** Reduces several dims with a one-dim reduction (keepdim), then drops them unless keepdims. */
    private static Tensor oneDimAtATime(Tensor x, int[] axes, boolean keep, java.util.function.BiFunction<Tensor, Integer, Tensor> f) {
        int[] dims = wrapSorted(axes, x.dim());
        Tensor t = x;
        for (int d : dims) t = f.apply(t, d);
        if (!keep) for (int i = dims.length - 1; i >= 0; i--) t = t.squeeze(dims[i]);
        return t;
    }

    private static void requireDefault(Onnx.Node n, String attr, long value) {
        if (n.intAttr(attr, value) != value) {
            throw new IllegalStateException(n.opType() + ": attribute " + attr + "=" + n.intAttr(attr, value)
                    + " has no Dendrite equivalent (the test should be listed in EXCLUDED)");
        }
    }

    // ================================================================ discovery and comparison

    /** {@code <repo root>/../shared/onnx-backend-tests/node}, or null when no repo root is found. */
    static Path nodeTestDir() {
        Path root = OnnxData.rootOrNull();
        return root == null ? null : root.resolve("node");
    }

    static List<Path> candidateFolders(Path nodeDir) throws IOException {
        try (Stream<Path> s = Files.list(nodeDir)) {
            return s.filter(p -> {
                String name = p.getFileName().toString();
                return !name.contains("_expanded") && PREFIXES.stream().anyMatch(name::startsWith)
                        && Files.isRegularFile(p.resolve("test_data_set_0/output_0.pb"));
            }).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> onnxNodeTests() throws IOException {
        Path nodeDir = nodeTestDir();
        Assumptions.assumeTrue(nodeDir != null && Files.isDirectory(nodeDir),
                "ONNX backend test data not found at <repo>/../shared/onnx-backend-tests/node");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path folder : candidateFolders(nodeDir)) {
            String name = folder.getFileName().toString();
            Onnx.Model model = Onnx.readModel(folder.resolve("model.onnx"));
            if (model.nodes().size() != 1 || !MAPPINGS.containsKey(model.nodes().get(0).opType())) continue;
            tests.add(DynamicTest.dynamicTest(name, () -> run(folder, model.nodes().get(0))));
        }
        return tests.stream();
    }

    private static void run(Path folder, Onnx.Node node) {
        String name = folder.getFileName().toString();
        String reason = EXCLUDED.get(name);
        Assumptions.assumeTrue(reason == null, () -> name + " skipped: " + reason);
        Path data = folder.resolve("test_data_set_0");
        Tensor[] inputs = new Tensor[node.inputs().size()];
        int file = 0;
        for (int i = 0; i < inputs.length; i++) {
            if (node.inputs().get(i).isEmpty()) continue;   // an omitted optional input has no file
            inputs[i] = load(name, data.resolve("input_" + file++ + ".pb"));
        }
        Onnx.OnnxTensor expected = readTensorOrSkip(name, data.resolve("output_0.pb"));
        Tensor want = expected.tensor();
        Dtype wantType = Onnx.dtypeOf(expected.dataType());
        Assumptions.assumeTrue(wantType != null, () -> name + " skipped: output type "
                + Onnx.typeName(expected.dataType()) + " has no Dendrite dtype");
        Tensor got = MAPPINGS.get(node.opType()).apply(node, inputs);
        assertArrayEquals(want.shape(), got.shape(), name + ": shape");
        assertEquals(wantType, got.dtype(), name + ": dtype");
        compare(name, node.opType(), want, got);
    }

    private static Tensor load(String test, Path file) {
        Onnx.OnnxTensor t = readTensorOrSkip(test, file);
        Assumptions.assumeTrue(Onnx.dtypeOf(t.dataType()) != null, () -> test + " skipped: input type "
                + Onnx.typeName(t.dataType()) + " has no Dendrite dtype");
        return t.tensor();
    }

    private static Onnx.OnnxTensor readTensorOrSkip(String test, Path file) {
        try {
            return Onnx.readTensor(file);
        } catch (Onnx.UnsupportedTypeException e) {
            Assumptions.abort(test + " skipped: " + e.getMessage());
            throw e;
        }
    }

    /** Exact for integers, bools and casts; otherwise relative tolerance by the output's precision. */
    static void compare(String name, String opType, Tensor want, Tensor got) {
        double[] w = want.toDoubleArray(), g = got.toDoubleArray();
        double rtol, atol;
        switch (want.dtype()) {
            case FLOAT32 -> { rtol = 1e-5; atol = 1e-6; }
            case FLOAT64 -> { rtol = 1e-12; atol = 1e-14; }
            case FLOAT16, BFLOAT16 -> { rtol = 1e-3; atol = 1e-4; }
            default -> { rtol = 0; atol = 0; }
        }
        if (opType.equals("Cast")) { rtol = 0; atol = 0; }
        for (int i = 0; i < w.length; i++) {
            boolean ok = Double.isNaN(w[i]) ? Double.isNaN(g[i])
                    : w[i] == g[i] || Math.abs(g[i] - w[i]) <= atol + rtol * Math.abs(w[i]);
            if (!ok) fail(name + ": element " + i + " is " + g[i] + ", expected " + w[i]);
        }
    }
}
