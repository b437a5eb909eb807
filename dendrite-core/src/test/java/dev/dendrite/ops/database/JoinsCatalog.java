package dev.dendrite.ops.database;

import dev.dendrite.ops.PadMode;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

import static dev.dendrite.ops.database.IndexingCatalog.offset;
import static dev.dendrite.ops.database.IndexingCatalog.tabulate;
import static dev.dendrite.ops.database.Ref.sample;

/**
 * Joining and re-arranging: cat, stack, split, chunk, unbind, repeat, tile, pad (all modes),
 * flip and roll. Ops that return several tensors are checked through one piece (or a
 * recombination of pieces), so that gradcheck sees every path.
 */
final class JoinsCatalog implements OpCatalog {

    @Override
    public List<OpCase> cases() {
        List<OpCase> cases = new ArrayList<>();
        Tensor a = sample(21, 2, 3), b = sample(22, 2, 2), c = sample(23, 2, 3);
        double[] av = a.toDoubleArray(), bv = b.toDoubleArray(), cv = c.toDoubleArray();

        cases.add(OpCase.of("cat dim 1", in -> Tensor.cat(new Tensor[] {in[0], in[1]}, 1))
                .inputs(a, b).expect(tabulate(new int[] {2, 5}, Dtype.FLOAT64,
                        p -> p[1] < 3 ? av[p[0] * 3 + p[1]] : bv[p[0] * 2 + p[1] - 3])).build());
        cases.add(OpCase.of("stack dim 1", in -> Tensor.stack(new Tensor[] {in[0], in[1]}, 1))
                .inputs(a, c).expect(tabulate(new int[] {2, 2, 3}, Dtype.FLOAT64,
                        p -> (p[1] == 0 ? av : cv)[p[0] * 3 + p[2]])).build());
        cases.add(OpCase.of("stack new last dim", in -> Tensor.stack(new Tensor[] {in[0], in[1], in[0]}, -1))
                .inputs(a, c).expect(tabulate(new int[] {2, 3, 3}, Dtype.FLOAT64,
                        p -> (p[2] == 1 ? cv : av)[p[0] * 3 + p[1]])).build());

        Tensor x = sample(24, 3, 5);
        double[] xv = x.toDoubleArray();
        // split(2) of a size-5 dim gives pieces [0:2], [2:4], [4:5]
        cases.add(OpCase.of("split by size, last piece shorter", in -> in[0].split(2, 1)[2])
                .inputs(x).expect(tabulate(new int[] {3, 1}, Dtype.FLOAT64, p -> xv[p[0] * 5 + 4])).build());
        cases.add(OpCase.of("split by sizes, pieces recombined", in -> {
                    Tensor[] p = in[0].split(new int[] {1, 3, 1}, 1);
                    return p[1].mul(p[0]).add(p[2]);
                }).inputs(x).expect(tabulate(new int[] {3, 3}, Dtype.FLOAT64,
                        p -> xv[p[0] * 5 + 1 + p[1]] * xv[p[0] * 5] + xv[p[0] * 5 + 4])).build());
        cases.add(OpCase.of("chunk 3 ways along dim 0", in -> {
                    Tensor[] p = in[0].chunk(3, 0);
                    return p[0].sub(p[2].mul(3.0));
                }).inputs(x).expect(tabulate(new int[] {1, 5}, Dtype.FLOAT64, p -> xv[p[1]] - 3 * xv[10 + p[1]])).build());
        cases.add(OpCase.of("unbind dim 1", in -> {
                    Tensor[] p = in[0].unbind(1);
                    return p[3].mul(p[1]);
                }).inputs(x).expect(tabulate(new int[] {3}, Dtype.FLOAT64, p -> xv[p[0] * 5 + 3] * xv[p[0] * 5 + 1])).build());

        cases.add(OpCase.of("repeat with a new leading dim", in -> in[0].repeat(2, 1, 3))
                .inputs(a).expect(tabulate(new int[] {2, 2, 9}, Dtype.FLOAT64, p -> av[p[1] * 3 + p[2] % 3])).build());
        Tensor v = sample(25, 3);
        double[] vv = v.toDoubleArray();
        cases.add(OpCase.of("tile pads reps", in -> in[0].tile(2))
                .inputs(a).expect(tabulate(new int[] {2, 6}, Dtype.FLOAT64, p -> av[p[0] * 3 + p[1] % 3])).build());
        cases.add(OpCase.of("tile with more reps than dims", in -> in[0].tile(2, 2))
                .inputs(v).expect(tabulate(new int[] {2, 6}, Dtype.FLOAT64, p -> vv[p[1] % 3])).build());

        // pad: the last dim gets (2, 1), dim 0 gets (1, 0) on a [3, 5] input -> [4, 8]
        int[] pad = {2, 1, 1, 0};
        cases.add(OpCase.of("pad constant", in -> in[0].pad(pad, PadMode.CONSTANT, 0.5))
                .inputs(x).expect(tabulate(new int[] {4, 8}, Dtype.FLOAT64, p -> {
                    int r = p[0] - 1, q = p[1] - 2;
                    return r < 0 || q < 0 || q >= 5 ? 0.5 : xv[r * 5 + q];
                })).build());
        cases.add(OpCase.of("pad constant with cropping", in -> in[0].pad(-1, 2, 0, -1))
                .inputs(x).expect(tabulate(new int[] {2, 6}, Dtype.FLOAT64, p -> {
                    int q = p[1] + 1;
                    return q >= 5 ? 0 : xv[p[0] * 5 + q];
                })).build());
        cases.add(OpCase.of("pad reflect", in -> in[0].pad(pad, PadMode.REFLECT))
                .inputs(x).expect(tabulate(new int[] {4, 8}, Dtype.FLOAT64, p -> {
                    int r = mirror(p[0] - 1, 3), q = mirror(p[1] - 2, 5);
                    return xv[r * 5 + q];
                })).build());
        cases.add(OpCase.of("pad replicate", in -> in[0].pad(new int[] {3, 2}, PadMode.REPLICATE))
                .inputs(x).expect(tabulate(new int[] {3, 10}, Dtype.FLOAT64,
                        p -> xv[p[0] * 5 + Math.max(0, Math.min(4, p[1] - 3))])).build());
        cases.add(OpCase.of("pad circular", in -> in[0].pad(pad, PadMode.CIRCULAR))
                .inputs(x).expect(tabulate(new int[] {4, 8}, Dtype.FLOAT64,
                        p -> xv[((p[0] - 1 + 3) % 3) * 5 + (p[1] - 2 + 5) % 5])).build());

        Tensor y = sample(26, 2, 3, 4);
        double[] yv = y.toDoubleArray();
        int[] ys = {2, 3, 4};
        cases.add(OpCase.of("flip dims 0 and 2", in -> in[0].flip(0, -1))
                .inputs(y).expect(tabulate(ys, Dtype.FLOAT64, p -> yv[offset(ys, 1 - p[0], p[1], 3 - p[2])])).build());
        cases.add(OpCase.of("roll two dims", in -> in[0].roll(new int[] {1, -5}, new int[] {1, 2}))
                .inputs(y).expect(tabulate(ys, Dtype.FLOAT64,
                        p -> yv[offset(ys, p[0], Math.floorMod(p[1] - 1, 3), Math.floorMod(p[2] + 5, 4))])).build());
        cases.add(OpCase.of("roll flattened", in -> in[0].roll(new int[] {7}, new int[0]))
                .inputs(y).expect(tabulate(ys, Dtype.FLOAT64,
                        p -> yv[Math.floorMod(offset(ys, p) - 7, 24)])).build());
        return cases;
    }

    /** Reflection of position p into [0, size) without repeating the edge. */
    private static int mirror(int p, int size) {
        if (p < 0) return -p;
        if (p >= size) return 2 * (size - 1) - p;
        return p;
    }
}
