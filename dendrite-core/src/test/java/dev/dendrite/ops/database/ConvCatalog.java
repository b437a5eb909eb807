package dev.dendrite.ops.database;

import dev.dendrite.functional.Convolution;
import dev.dendrite.functional.Padding;
import dev.dendrite.functional.Pooling;
import dev.dendrite.nn.ConvReference;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

import static dev.dendrite.ops.database.Ref.sample;

/**
 * Convolution and pooling, against the direct-loop references of {@link ConvReference}; the
 * database also runs them on non-contiguous copies of the inputs and through gradcheck.
 */
final class ConvCatalog implements OpCatalog {

    @Override
    public List<OpCase> cases() {
        List<OpCase> cases = new ArrayList<>();
        // conv2d: stride (2, 1), padding (1, 0), dilation (1, 2), 2 groups, bias
        Tensor x = sample(801, 2, 4, 5, 6), w = sample(802, 4, 2, 2, 2), b = sample(803, 4);
        double[] y = ConvReference.conv(x.toDoubleArray(), 2, 4, new int[] {1, 5, 6}, w.toDoubleArray(), 4, new int[] {1, 2, 2},
                new int[] {1, 2, 1}, new int[] {0, 1, 0}, new int[] {1, 1, 2}, 2, new int[] {1, 3, 4});
        addBias(y, b.toDoubleArray(), 12);
        cases.add(OpCase.of("conv2d strided padded dilated grouped", in -> Convolution.conv2d(in[0], in[1], in[2], new int[] {2, 1},
                Padding.of(1, 0), new int[] {1, 2}, 2)).inputs(x, w, b).expect(Tensor.of(y, 2, 4, 3, 4)).tolerance(1e-12).build());
        // conv1d, 'same' with an even kernel (one more padding at the end)
        Tensor x1 = sample(804, 1, 2, 6), w1 = sample(805, 3, 2, 4);
        double[] padded = x1.pad(new int[] {1, 2}).toDoubleArray();
        double[] y1 = ConvReference.conv(padded, 1, 2, new int[] {1, 1, 9}, w1.toDoubleArray(), 3, new int[] {1, 1, 4},
                new int[] {1, 1, 1}, new int[] {0, 0, 0}, new int[] {1, 1, 1}, 1, new int[] {1, 1, 6});
        cases.add(OpCase.of("conv1d same even kernel", in -> Convolution.conv1d(in[0], in[1], null, new int[] {1}, Padding.SAME,
                new int[] {1}, 1)).inputs(x1, w1).expect(Tensor.of(y1, 1, 3, 6)).tolerance(1e-12).build());
        // conv3d
        Tensor x3 = sample(806, 1, 2, 3, 4, 3), w3 = sample(807, 2, 2, 2, 2, 2);
        double[] y3 = ConvReference.conv(x3.toDoubleArray(), 1, 2, new int[] {3, 4, 3}, w3.toDoubleArray(), 2, new int[] {2, 2, 2},
                new int[] {1, 2, 1}, new int[] {1, 0, 0}, new int[] {1, 1, 1}, 1, new int[] {4, 2, 2});
        cases.add(OpCase.of("conv3d", in -> Convolution.conv3d(in[0], in[1], null, new int[] {1, 2, 1}, Padding.of(1, 0, 0),
                new int[] {1}, 1)).inputs(x3, w3).expect(Tensor.of(y3, 1, 2, 4, 2, 2)).tolerance(1e-12).build());
        // conv_transpose2d: stride 2, padding 1, output_padding 1, 2 groups
        Tensor xt = sample(808, 1, 4, 2, 3), wt = sample(809, 4, 1, 3, 2), bt = sample(810, 2);
        double[] yt = ConvReference.convTranspose(xt.toDoubleArray(), 1, 4, new int[] {1, 2, 3}, wt.toDoubleArray(), 2,
                new int[] {1, 3, 2}, new int[] {1, 2, 2}, new int[] {0, 1, 1}, new int[] {1, 1, 1}, 2, new int[] {1, 4, 5});
        addBias(yt, bt.toDoubleArray(), 20);
        cases.add(OpCase.of("conv_transpose2d output_padding groups", in -> Convolution.convTranspose2d(in[0], in[1], in[2],
                new int[] {2}, new int[] {1}, new int[] {1}, 2, new int[] {1})).inputs(xt, wt, bt).expect(Tensor.of(yt, 1, 2, 4, 5))
                .tolerance(1e-12).build());
        // pooling
        Tensor xp = sample(811, 2, 2, 5, 6);
        int[] k = {3, 2}, s = {2, 2}, p = {1, 1}, d = {1, 2};
        double[] mp = ConvReference.maxPool(xp.toDoubleArray(), 4, 5, 6, k, s, p, d, true)[0];
        int oh = ConvReference.poolOutputSize(5, 3, 2, 1, 1, true), ow = ConvReference.poolOutputSize(6, 2, 2, 1, 2, true);
        cases.add(OpCase.of("max_pool2d padded dilated ceil_mode", in -> Pooling.maxPool2d(in[0], k, s, p, d, true)).inputs(xp)
                .expect(Tensor.of(mp, 2, 2, oh, ow)).tolerance(0).build());
        double[] ap = ConvReference.avgPool(xp.toDoubleArray(), 4, 5, 6, k, s, p, true, false);
        int aw = ConvReference.poolOutputSize(6, 2, 2, 1, 1, true);
        cases.add(OpCase.of("avg_pool2d ceil_mode without padding in the count", in -> Pooling.avgPool2d(in[0], k, s, p, true, false, 0))
                .inputs(xp).expect(Tensor.of(ap, 2, 2, oh, aw)).tolerance(1e-12).build());
        return cases;
    }

    private static void addBias(double[] y, double[] bias, int plane) {
        for (int i = 0; i < y.length; i++) y[i] += bias[(i / plane) % bias.length];
    }
}
