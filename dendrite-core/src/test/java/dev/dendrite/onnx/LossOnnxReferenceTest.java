package dev.dendrite.onnx;

import dev.dendrite.functional.Losses;
import dev.dendrite.functional.Reduction;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ONNX conformance tests of SoftmaxCrossEntropyLoss ({@code test_sce_*}) and
 * NegativeLogLikelihoodLoss ({@code test_nllloss_*}) run through {@link Losses#crossEntropy} and
 * {@link Losses#nllLoss}: the node's reduction and ignore_index attributes and its optional class
 * weights map one to one onto PyTorch's arguments (an absent ignore_index ignores nothing). The
 * second output of the sce tests, the log-probabilities, is checked against {@code x - logsumexp(x)}.
 * PyTorch's own PoissonNLLLoss module export ({@code pytorch-converted}) checks poissonNllLoss.
 */
class LossOnnxReferenceTest {

    @TestFactory
    Stream<DynamicTest> softmaxCrossEntropyAndNllLoss() throws IOException {
        Path nodeDir = OnnxReferenceTest.nodeTestDir();
        Assumptions.assumeTrue(nodeDir != null && Files.isDirectory(nodeDir), "ONNX backend test data not found");
        List<Path> folders;
        try (Stream<Path> s = Files.list(nodeDir)) {
            folders = s.filter(p -> {
                String n = p.getFileName().toString();
                return (n.startsWith("test_sce_") || n.startsWith("test_nllloss_")) && !n.contains("_expanded");
            }).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path folder : folders) tests.add(DynamicTest.dynamicTest(folder.getFileName().toString(), () -> run(folder)));
        assertTrue(tests.size() >= 50, "expected the 52 sce/nllloss node tests, found " + tests.size());
        return tests.stream();
    }

    private static void run(Path folder) {
        Onnx.Model model = Onnx.readModel(folder.resolve("model.onnx"));
        Onnx.Node node = model.nodes().get(0);
        Path data = folder.resolve("test_data_set_0");
        Tensor scores = Onnx.readTensor(data.resolve("input_0.pb")).tensor();
        Tensor labels = Onnx.readTensor(data.resolve("input_1.pb")).tensor();
        Tensor weights = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty()
                ? Onnx.readTensor(data.resolve("input_2.pb")).tensor() : null;
        Onnx.Attribute red = node.attributes().get("reduction");
        String reductionName = red == null ? "mean" : new String(red.s(), StandardCharsets.UTF_8);
        Reduction reduction = Reduction.valueOf(reductionName.toUpperCase());
        Onnx.Attribute ii = node.attributes().get("ignore_index");
        long ignoreIndex = ii == null ? Long.MIN_VALUE : ii.i();
        Tensor got = switch (node.opType()) {
            case "SoftmaxCrossEntropyLoss" -> Losses.crossEntropy(scores, labels, weights, ignoreIndex, reduction, 0);
            case "NegativeLogLikelihoodLoss" -> Losses.nllLoss(scores, labels, weights, ignoreIndex, reduction);
            default -> throw new AssertionError("unexpected op " + node.opType());
        };
        String name = folder.getFileName().toString();
        Tensor want = Onnx.readTensor(data.resolve("output_0.pb")).tensor();
        assertArrayEquals(want.shape(), got.shape(), name + ": shape");
        OnnxReferenceTest.compare(name, node.opType(), want, got);
        if (Files.isRegularFile(data.resolve("output_1.pb"))) {
            Tensor logProb = Onnx.readTensor(data.resolve("output_1.pb")).tensor();
            OnnxReferenceTest.compare(name + " log_prob", node.opType(), logProb, scores.sub(scores.logsumexp(1, true)));
        }
    }

    @Test
    void pytorchPoissonNllLossNoReduce() {
        Path nodeDir = OnnxReferenceTest.nodeTestDir();
        Assumptions.assumeTrue(nodeDir != null, "ONNX backend test data not found");
        Path folder = nodeDir.resolve("../pytorch-converted/test_PoissonNLLLLoss_no_reduce").normalize();
        Assumptions.assumeTrue(Files.isDirectory(folder), "pytorch-converted PoissonNLLLoss test not found");
        Onnx.Model model = Onnx.readModel(folder.resolve("model.onnx"));
        // the target is the graph's one Constant (log_input=True, full=False, reduction='none' in the export)
        Tensor target = model.nodes().stream().filter(n -> n.opType().equals("Constant")).findFirst()
                .orElseThrow().attributes().get("value").t().tensor();
        Tensor input = Onnx.readTensor(folder.resolve("test_data_set_0/input_0.pb")).tensor();
        Tensor want = Onnx.readTensor(folder.resolve("test_data_set_0/output_0.pb")).tensor();
        Tensor got = Losses.poissonNllLoss(input, target.to(input.dtype()), true, false, 1e-8, Reduction.NONE);
        assertArrayEquals(want.shape(), got.shape());
        OnnxReferenceTest.compare("test_PoissonNLLLLoss_no_reduce", "PoissonNLLLoss", want, got);
    }
}
