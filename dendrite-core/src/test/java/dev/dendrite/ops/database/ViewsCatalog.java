package dev.dendrite.ops.database;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static dev.dendrite.ops.database.Ref.sample;

/**
 * Views and shape ops: view, reshape (view and copy paths), permute, transpose, t, mT, squeeze,
 * unsqueeze, expand, flatten, unflatten, narrow, select, slice, contiguous, clone. Each reference
 * reads the input at the index an output position comes from ({@link #gather}).
 */
final class ViewsCatalog implements OpCatalog {

    @Override
    public List<OpCase> cases() {
        List<OpCase> cases = new ArrayList<>();
        reshapes(cases);
        permutations(cases);
        squeezes(cases);
        expands(cases);
        slices(cases);
        copies(cases);
        return cases;
    }

    /** {@code out[idx] = x[source(idx)]} for every index of {@code outShape}. */
    static Tensor gather(Tensor x, int[] outShape, Function<int[], int[]> source) {
        double[] v = x.toDoubleArray();
        int[] in = x.shape();
        return RefLoops.build(outShape, x.dtype(), idx -> RefLoops.at(v, in, source.apply(idx)));
    }

    /** The same row-major values in a new shape. */
    static Tensor sameOrder(Tensor x, int... shape) { return Tensor.of(x.toDoubleArray(), shape).to(x.dtype()); }

    private static void add(List<OpCase> cases, String name, UnaryOperator<Tensor> op, Tensor x, Tensor expected) {
        cases.add(OpCase.of(name, in -> op.apply(in[0])).inputs(x).expect(expected).build());
    }

    private static void addNoGrad(List<OpCase> cases, String name, UnaryOperator<Tensor> op, Tensor x, Tensor expected) {
        cases.add(OpCase.of(name, in -> op.apply(in[0])).inputs(x).expect(expected).noGrad().build());
    }

    // ================================================================ view, reshape, flatten

    private static void reshapes(List<OpCase> cases) {
        Tensor x = sample(201, 3, 4), y = sample(202, 2, 3, 4);
        add(cases, "view 3x4 -> 2x6", t -> t.view(2, 6), x, sameOrder(x, 2, 6));
        add(cases, "view -1", t -> t.view(-1), x, sameOrder(x, 12));
        add(cases, "view 4,-1,2", t -> t.view(4, -1, 2), y, sameOrder(y, 4, 3, 2));
        add(cases, "view adds unit dims", t -> t.view(1, 3, 1, 4), x, sameOrder(x, 1, 3, 1, 4));
        add(cases, "view 0-dim -> [1]", t -> t.view(1), Tensor.scalar(3.5, Dtype.FLOAT64), Tensor.of(new double[] {3.5}, 1));
        add(cases, "reshape 2x3x4 -> 6x4", t -> t.reshape(6, 4), y, sameOrder(y, 6, 4));
        add(cases, "reshape -1 first", t -> t.reshape(-1, 6), y, sameOrder(y, 4, 6));
        add(cases, "reshape to 0-dim", t -> t.reshape(), Tensor.of(new double[] {2.5}, 1, 1), Tensor.scalar(2.5, Dtype.FLOAT64));
        add(cases, "reshape same shape", t -> t.reshape(3, 4), x, x);
        // a transposed layout cannot be viewed flat: reshape copies
        add(cases, "reshape after transpose (copy path)", t -> t.t().reshape(-1), x,
                gather(x, new int[] {12}, idx -> new int[] {idx[0] % 3, idx[0] / 3}));
        add(cases, "reshape after permute (copy path) 3-D", t -> t.permute(2, 0, 1).reshape(4, 6), y,
                gather(y, new int[] {4, 6}, idx -> new int[] {idx[1] / 3, idx[1] % 3, idx[0]}));
        add(cases, "viewAs", t -> t.viewAs(Tensor.zeros(6, 2)), x, sameOrder(x, 6, 2));
        add(cases, "reshapeAs", t -> t.reshapeAs(Tensor.zeros(2, 2, 3)), x, sameOrder(x, 2, 2, 3));
        add(cases, "flatten all", Tensor::flatten, y, sameOrder(y, 24));
        add(cases, "flatten 1..2", t -> t.flatten(1, 2), y, sameOrder(y, 2, 12));
        add(cases, "flatten 0..1", t -> t.flatten(0, 1), y, sameOrder(y, 6, 4));
        add(cases, "flatten -2..-1 of 4-D", t -> t.flatten(-2, -1), sample(203, 2, 1, 3, 2), sameOrder(sample(203, 2, 1, 3, 2), 2, 1, 6));
        add(cases, "flatten 0-dim", Tensor::flatten, Tensor.scalar(-1.5, Dtype.FLOAT64), Tensor.of(new double[] {-1.5}, 1));
        add(cases, "flatten after transpose (copy path)", t -> t.transpose(0, 1).flatten(), y,
                gather(y, new int[] {24}, idx -> new int[] {(idx[0] / 4) % 2, idx[0] / 8, idx[0] % 4}));
        add(cases, "unflatten dim 1 into 2,2", t -> t.unflatten(1, 2, 2), x, sameOrder(x, 3, 2, 2));
        add(cases, "unflatten dim -1 with -1", t -> t.unflatten(-1, -1, 2), y, sameOrder(y, 2, 3, 2, 2));
        Tensor ints = Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3);
        addNoGrad(cases, "reshape int64", t -> t.reshape(3, 2), ints, Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 3, 2));
    }

    // ================================================================ permute, transpose, t, mT

    private static void permutations(List<OpCase> cases) {
        Tensor x = sample(211, 3, 4), y = sample(212, 2, 3, 4), z = sample(213, 2, 1, 3, 2);
        add(cases, "permute 2,0,1", t -> t.permute(2, 0, 1), y, gather(y, new int[] {4, 2, 3}, i -> new int[] {i[1], i[2], i[0]}));
        add(cases, "permute 1,2,0", t -> t.permute(1, 2, 0), y, gather(y, new int[] {3, 4, 2}, i -> new int[] {i[2], i[0], i[1]}));
        add(cases, "permute negative dims", t -> t.permute(-1, 0, -2), y, gather(y, new int[] {4, 2, 3}, i -> new int[] {i[1], i[2], i[0]}));
        add(cases, "permute 4-D 3,1,0,2", t -> t.permute(3, 1, 0, 2), z,
                gather(z, new int[] {2, 1, 2, 3}, i -> new int[] {i[2], i[1], i[3], i[0]}));
        add(cases, "transpose 0,2", t -> t.transpose(0, 2), y, gather(y, new int[] {4, 3, 2}, i -> new int[] {i[2], i[1], i[0]}));
        add(cases, "transpose -1,-2", t -> t.transpose(-1, -2), y, gather(y, new int[] {2, 4, 3}, i -> new int[] {i[0], i[2], i[1]}));
        add(cases, "transpose same dim", t -> t.transpose(1, 1), y, y);
        add(cases, "t 2-D", Tensor::t, x, gather(x, new int[] {4, 3}, i -> new int[] {i[1], i[0]}));
        add(cases, "t 1-D is identity", Tensor::t, sample(214, 5), sample(214, 5));
        add(cases, "mT 3-D", Tensor::mT, y, gather(y, new int[] {2, 4, 3}, i -> new int[] {i[0], i[2], i[1]}));
        add(cases, "mT 2-D", Tensor::mT, x, gather(x, new int[] {4, 3}, i -> new int[] {i[1], i[0]}));
        add(cases, "t then op sees strides", t -> t.t().mul(2.0), x, gather(Ref.map(x, v -> 2 * v), new int[] {4, 3}, i -> new int[] {i[1], i[0]}));
        Tensor b = Tensor.of(new boolean[] {true, false, false, true, true, false}).reshape(2, 3);
        addNoGrad(cases, "transpose bool", Tensor::t, b, gather(b, new int[] {3, 2}, i -> new int[] {i[1], i[0]}));
    }

    // ================================================================ squeeze, unsqueeze

    private static void squeezes(List<OpCase> cases) {
        Tensor x = sample(221, 1, 3, 1, 4), y = sample(222, 3, 4);
        add(cases, "squeeze all", Tensor::squeeze, x, sameOrder(x, 3, 4));
        add(cases, "squeeze dim 0", t -> t.squeeze(0), x, sameOrder(x, 3, 1, 4));
        add(cases, "squeeze dim -2", t -> t.squeeze(-2), x, sameOrder(x, 1, 3, 4));
        add(cases, "squeeze non-unit dim is a no-op", t -> t.squeeze(1), x, x);
        add(cases, "squeeze all-ones to 0-dim", Tensor::squeeze, Tensor.of(new double[] {4.25}, 1, 1, 1), Tensor.scalar(4.25, Dtype.FLOAT64));
        add(cases, "unsqueeze 0", t -> t.unsqueeze(0), y, sameOrder(y, 1, 3, 4));
        add(cases, "unsqueeze 1", t -> t.unsqueeze(1), y, sameOrder(y, 3, 1, 4));
        add(cases, "unsqueeze -1", t -> t.unsqueeze(-1), y, sameOrder(y, 3, 4, 1));
        add(cases, "unsqueeze 2 (end)", t -> t.unsqueeze(2), y, sameOrder(y, 3, 4, 1));
        add(cases, "unsqueeze 0-dim", t -> t.unsqueeze(0), Tensor.scalar(-2, Dtype.FLOAT64), Tensor.of(new double[] {-2}, 1));
        add(cases, "unsqueeze then expand", t -> t.unsqueeze(1).expand(3, 2, 4), y,
                gather(y, new int[] {3, 2, 4}, i -> new int[] {i[0], i[2]}));
    }

    // ================================================================ expand

    private static void expands(List<OpCase> cases) {
        Tensor col = sample(231, 3, 1), row = sample(232, 4);
        add(cases, "expand column", t -> t.expand(3, 4), col, gather(col, new int[] {3, 4}, i -> new int[] {i[0], 0}));
        add(cases, "expand new leading dims", t -> t.expand(2, 3, 4), row, gather(row, new int[] {2, 3, 4}, i -> new int[] {i[2]}));
        add(cases, "expand with -1", t -> t.expand(2, -1, 5), col, gather(col, new int[] {2, 3, 5}, i -> new int[] {i[1], 0}));
        add(cases, "expand 0-dim", t -> t.expand(2, 3), Tensor.scalar(0.5, Dtype.FLOAT64), Tensor.full(0.5, Dtype.FLOAT64, 2, 3));
        add(cases, "expandAs", t -> t.expandAs(Tensor.zeros(2, 3, 4)), row, gather(row, new int[] {2, 3, 4}, i -> new int[] {i[2]}));
        add(cases, "expand then sum", t -> t.expand(3, 4).sum(0), col, Tensor.full(java.util.Arrays.stream(col.toDoubleArray()).sum(), Dtype.FLOAT64, 4));
        add(cases, "expand then contiguous", t -> t.expand(3, 4).contiguous(), col, gather(col, new int[] {3, 4}, i -> new int[] {i[0], 0}));
        Tensor b = Tensor.of(new boolean[] {true, false});
        addNoGrad(cases, "expand bool", t -> t.expand(3, 2), b, gather(b, new int[] {3, 2}, i -> new int[] {i[1]}));
    }

    // ================================================================ narrow, select, slice

    private static void slices(List<OpCase> cases) {
        Tensor x = sample(241, 4, 5), y = sample(242, 2, 3, 6);
        add(cases, "narrow dim 1", t -> t.narrow(1, 1, 3), x, gather(x, new int[] {4, 3}, i -> new int[] {i[0], i[1] + 1}));
        add(cases, "narrow negative start", t -> t.narrow(0, -2, 2), x, gather(x, new int[] {2, 5}, i -> new int[] {i[0] + 2, i[1]}));
        add(cases, "narrow dim -1 of 3-D", t -> t.narrow(-1, 2, 4), y, gather(y, new int[] {2, 3, 4}, i -> new int[] {i[0], i[1], i[2] + 2}));
        add(cases, "select dim 1", t -> t.select(1, 2), x, gather(x, new int[] {4}, i -> new int[] {i[0], 2}));
        add(cases, "select negative index", t -> t.select(0, -1), x, gather(x, new int[] {5}, i -> new int[] {3, i[0]}));
        add(cases, "select middle dim of 3-D", t -> t.select(1, 0), y, gather(y, new int[] {2, 6}, i -> new int[] {i[0], 0, i[1]}));
        add(cases, "select 1-D to 0-dim", t -> t.select(0, 3), sample(243, 5), Tensor.scalar(sample(243, 5).toDoubleArray()[3], Dtype.FLOAT64));
        add(cases, "slice step 2", t -> t.slice(1, 0, 5, 2), x, gather(x, new int[] {4, 3}, i -> new int[] {i[0], 2 * i[1]}));
        add(cases, "slice step 3 from 1", t -> t.slice(-1, 1, 6, 3), y, gather(y, new int[] {2, 3, 2}, i -> new int[] {i[0], i[1], 1 + 3 * i[2]}));
        add(cases, "slice negative bounds", t -> t.slice(0, -3, -1), x, gather(x, new int[] {2, 5}, i -> new int[] {i[0] + 1, i[1]}));
        add(cases, "slice end past the size is clamped", t -> t.slice(1, 2, 100), x, gather(x, new int[] {4, 3}, i -> new int[] {i[0], i[1] + 2}));
        add(cases, "slice default step", t -> t.slice(1, 1, 4), x, gather(x, new int[] {4, 3}, i -> new int[] {i[0], i[1] + 1}));
        addNoGrad(cases, "slice empty", t -> t.slice(1, 3, 1), x, Tensor.zeros(Dtype.FLOAT64, 4, 0));
        add(cases, "slice of a slice", t -> t.slice(1, 0, 5, 2).slice(0, 1, 4, 2), x,
                gather(x, new int[] {2, 3}, i -> new int[] {1 + 2 * i[0], 2 * i[1]}));
        add(cases, "narrow then permute then reshape", t -> t.narrow(2, 1, 4).permute(2, 0, 1).reshape(4, 6), y,
                gather(y, new int[] {4, 6}, i -> new int[] {i[1] / 3, i[1] % 3, i[0] + 1}));
        Tensor ints = Tensor.of(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
        addNoGrad(cases, "slice int64 step 2", t -> t.slice(1, 1, 4, 2), ints, Tensor.of(new long[] {2, 4, 6, 8}, 2, 2));
    }

    // ================================================================ contiguous, clone

    private static void copies(List<OpCase> cases) {
        Tensor x = sample(251, 3, 4);
        add(cases, "contiguous of a transpose", t -> t.t().contiguous(), x, gather(x, new int[] {4, 3}, i -> new int[] {i[1], i[0]}));
        add(cases, "contiguous of contiguous", Tensor::contiguous, x, x);
        add(cases, "clone", Tensor::clone, x, x);
        add(cases, "clone of a slice", t -> t.slice(1, 1, 4, 2).clone(), x, gather(x, new int[] {3, 2}, i -> new int[] {i[0], 1 + 2 * i[1]}));
        Tensor h = Tensor.of(new float[] {1.5f, -2f, 0.25f, 8f, 3f, -0.5f}, 2, 3).to(Dtype.FLOAT16);
        addNoGrad(cases, "transpose contiguous float16", t -> t.t().contiguous(), h, gather(h, new int[] {3, 2}, i -> new int[] {i[1], i[0]}));
    }
}
