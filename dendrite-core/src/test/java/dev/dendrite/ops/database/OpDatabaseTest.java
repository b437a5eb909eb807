package dev.dendrite.ops.database;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The op database: every op, listed once in a catalog, checked against its independent reference
 * on contiguous and non-contiguous inputs, and by gradcheck in float64 where differentiable.
 */
class OpDatabaseTest {

    /** Every catalog of the database. A new family of ops adds its catalog here. */
    static final List<OpCatalog> CATALOGS = List.of(
            new ElementwiseCatalog(),
            new ReductionsCatalog(),
            new ViewsCatalog(),
            new LinalgCatalog(),
            new CatCatalog(),
            new IndexingCatalog(),
            new JoinsCatalog(),
            new SortingCatalog(),
            new EinsumCatalog(),
            new ConvCatalog()
    );

    static List<OpCase> allCases() {
        List<OpCase> all = new ArrayList<>();
        for (OpCatalog c : CATALOGS) all.addAll(c.cases());
        return all;
    }

    @TestFactory
    Stream<DynamicTest> forward() {
        return allCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> checkForward(c, c.inputs())));
    }

    @TestFactory
    Stream<DynamicTest> forwardNonContiguous() {
        return allCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Tensor[] strided = Arrays.stream(c.inputs()).map(OpDatabaseTest::nonContiguous).toArray(Tensor[]::new);
            checkForward(c, strided);
        }));
    }

    @TestFactory
    Stream<DynamicTest> gradcheck() {
        return allCases().stream().filter(OpCase::gradcheck)
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> runGradcheck(c, false)));
    }

    @TestFactory
    Stream<DynamicTest> gradcheckNonContiguous() {
        return allCases().stream().filter(OpCase::gradcheck)
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> runGradcheck(c, true)));
    }

    private static void checkForward(OpCase c, Tensor[] inputs) {
        Tensor out = c.op().apply(inputs);
        Tensor exp = c.expected();
        assertArrayEquals(exp.shape(), out.shape(), c.name() + ": shape");
        assertEquals(exp.dtype(), out.dtype(), c.name() + ": dtype");
        double[] got = out.toDoubleArray(), want = exp.toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            boolean ok = Double.isNaN(want[i]) ? Double.isNaN(got[i])
                    : want[i] == got[i] || Math.abs(got[i] - want[i]) <= c.tolerance() * Math.max(1, Math.abs(want[i]));
            if (!ok) fail(c.name() + ": element " + i + " is " + got[i] + ", expected " + want[i]);
        }
    }

    private static void runGradcheck(OpCase c, boolean strided) {
        Tensor[] in = new Tensor[c.inputs().length];
        for (int i = 0; i < in.length; i++) {
            Tensor x = c.inputs()[i];
            if (c.gradInputs()[i]) {
                Tensor d = x.to(Dtype.FLOAT64).contiguousCopy();
                in[i] = (strided ? nonContiguous(d) : d).requiresGrad();
            } else {
                in[i] = strided ? nonContiguous(x) : x;
            }
        }
        List<Tensor> diff = new ArrayList<>();
        for (int i = 0; i < in.length; i++) if (c.gradInputs()[i]) diff.add(in[i]);
        assertTrue(!diff.isEmpty(), c.name() + ": gradcheck needs at least one differentiable input");
        Tensor[] all = in;
        GradCheck.check(xs -> {
            Tensor[] args = all.clone();
            for (int i = 0, k = 0; i < args.length; i++) if (c.gradInputs()[i]) args[i] = xs[k++];
            return c.op().apply(args);
        }, diff.toArray(Tensor[]::new));
    }

    /**
     * The same values in a non-contiguous layout: the last dim of size > 1 is stored with step 2
     * (a step-2 slice of a tensor twice as wide there).
     */
    static Tensor nonContiguous(Tensor t) {
        int dim = -1;
        for (int d = t.dim() - 1; d >= 0 && dim < 0; d--) if (t.size(d) > 1) dim = d;
        if (dim < 0 || t.numel() == 0) return t;
        int[] wide = t.shape();
        wide[dim] *= 2;
        Tensor base = Tensor.zeros(t.dtype(), wide);
        Tensor view = base.slice(dim, 0, wide[dim], 2);
        view.copy_(t);
        if (view.isContiguous()) throw new AssertionError("expected a non-contiguous view");
        return view;
    }
}
