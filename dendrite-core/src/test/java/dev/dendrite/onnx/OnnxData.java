package dev.dendrite.onnx;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Finds and loads ONNX conformance cases for tests in any package: {@code <repo root>/../shared/
 * onnx-backend-tests} (the repo root being the first ancestor holding {@code dendrite-core}).
 * Every lookup skips the calling test (JUnit assumption) when the data is absent.
 */
public final class OnnxData {
    private OnnxData() {}

    /** One test folder's first data set: inputs, the first output, and the model's initializers. */
    public record Case(List<Tensor> inputs, Tensor output, Onnx.Model model) {
        public Map<String, Tensor> initializers() { return model.initializers(); }
    }

    /** The data root, or null when no repo root is found above the working directory. */
    public static Path rootOrNull() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("dendrite-core"))) dir = dir.getParent();
        return dir == null ? null : dir.resolve("../shared/onnx-backend-tests").normalize();
    }

    public static Path root() {
        Path data = rootOrNull();
        Assumptions.assumeTrue(data != null && Files.isDirectory(data),
                "ONNX backend test data not found at <repo>/../shared/onnx-backend-tests");
        return data;
    }

    public static Path node(String name) { return root().resolve("node").resolve(name); }

    public static Path pytorchConverted(String name) { return root().resolve("pytorch-converted").resolve(name); }

    public static Tensor readTensor(Path file) { return Onnx.readTensor(file).tensor(); }

    public static Case load(Path dir) {
        Assumptions.assumeTrue(Files.isDirectory(dir), "missing ONNX test " + dir);
        Path data = dir.resolve("test_data_set_0");
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; Files.exists(data.resolve("input_" + i + ".pb")); i++) inputs.add(readTensor(data.resolve("input_" + i + ".pb")));
        return new Case(inputs, readTensor(data.resolve("output_0.pb")), Onnx.readModel(dir.resolve("model.onnx")));
    }

    /** A float attribute of the first node of {@code opType} in the folder's model. */
    public static double floatAttr(Path dir, String opType, String name, float fallback) {
        Onnx.Attribute a = Onnx.readModel(dir.resolve("model.onnx")).node(opType).attributes().get(name);
        return a == null ? fallback : a.f();
    }

    /** An integer attribute of the first node of {@code opType} in the folder's model. */
    public static long intAttr(Path dir, String opType, String name, long fallback) {
        return Onnx.readModel(dir.resolve("model.onnx")).node(opType).intAttr(name, fallback);
    }

    /** The input names of the first node of {@code opType}. */
    public static List<String> nodeInputs(Path dir, String opType) {
        return Onnx.readModel(dir.resolve("model.onnx")).node(opType).inputs();
    }

    /** Elementwise comparison with a relative tolerance (absolute below 1). */
    public static void assertClose(String name, Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), name + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * Math.max(1, Math.abs(e[i])), name + ": element " + i);
        }
    }
}
