package dev.dendrite.ops.database;

import dev.dendrite.ops.Joins;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

import static dev.dendrite.ops.database.Ref.sample;

/**
 * cat along every dim of 1-D to 3-D inputs, with pieces of different lengths, an empty piece and
 * mixed dtypes. The reference picks, for each output position, the piece and the offset in it.
 */
final class CatCatalog implements OpCatalog {

    @Override
    public List<OpCase> cases() {
        List<OpCase> cases = new ArrayList<>();
        Tensor a = sample(401, 2, 3, 4), b = sample(402, 2, 1, 4), c = sample(403, 2, 2, 4);
        cat(cases, "cat 3 pieces dim 1", 1, a, b, c);
        cat(cases, "cat dim 0", 0, a, sample(404, 1, 3, 4));
        cat(cases, "cat dim -1", -1, a, sample(405, 2, 3, 2), sample(406, 2, 3, 1));
        cat(cases, "cat 1-D", 0, sample(407, 3), sample(408, 5));
        cat(cases, "cat one piece", 1, sample(409, 2, 3));
        cat(cases, "cat with an empty piece", 0, sample(410, 2, 3), Tensor.zeros(Dtype.FLOAT64, 0, 3), sample(411, 1, 3));
        Tensor i = Tensor.of(new long[] {1, 2, 3, 4}, 2, 2), f = Tensor.of(new float[] {0.5f, -1.5f}, 2, 1);
        cases.add(OpCase.of("cat int64 with float32 promotes to float32", in -> Joins.cat(new Tensor[] {in[0], in[1]}, 1))
                .inputs(i, f).expect(Tensor.of(new float[] {1, 2, 0.5f, 3, 4, -1.5f}, 2, 3)).noGrad().build());
        Tensor p = Tensor.of(new boolean[] {true, false}), q = Tensor.of(new boolean[] {false, false, true});
        cases.add(OpCase.of("cat bool", in -> Joins.cat(new Tensor[] {in[0], in[1]}, 0)).inputs(p, q)
                .expect(Tensor.of(new boolean[] {true, false, false, false, true})).noGrad().build());
        Tensor x = sample(412, 3, 4);
        cases.add(OpCase.of("cat a transposed view", in -> Joins.cat(new Tensor[] {in[0].t(), in[1]}, 0)).inputs(x, sample(413, 1, 3))
                .expect(concat(0, ViewsCatalog.gather(x, new int[] {4, 3}, ix -> new int[] {ix[1], ix[0]}), sample(413, 1, 3))).build());
        return cases;
    }

    private static void cat(List<OpCase> cases, String name, int dim, Tensor... pieces) {
        cases.add(OpCase.of(name, in -> Joins.cat(in, dim)).inputs(pieces).expect(concat(dim, pieces)).build());
    }

    /** Concatenation by index arithmetic: each output index finds its piece by walking the cumulative sizes. */
    static Tensor concat(int dim, Tensor... pieces) {
        int rank = pieces[0].dim();
        int d = RefLoops.wrap(dim, rank);
        int[] shape = pieces[0].shape();
        shape[d] = 0;
        for (Tensor t : pieces) shape[d] += t.size(d);
        double[][] values = new double[pieces.length][];
        for (int k = 0; k < pieces.length; k++) values[k] = pieces[k].toDoubleArray();
        return RefLoops.build(shape, pieces[0].dtype(), idx -> {
            int at = idx[d], k = 0;
            while (at >= pieces[k].size(d)) at -= pieces[k++].size(d);
            int[] local = idx.clone();
            local[d] = at;
            return RefLoops.at(values[k], pieces[k].shape(), local);
        });
    }
}
