package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradCheck;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.*;

class JoinsTest {

    private static <T extends Throwable> void fails(Class<T> type, String message, Executable body) {
        T e = assertThrows(type, body);
        assertEquals(message, e.getMessage());
    }

    private static Tensor range(int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return Tensor.arange(0, n, 1, Dtype.FLOAT64).reshape(shape);
    }

    // ---------------------------------------------------------------- cat, stack

    @Test
    void catAndStack() {
        Tensor a = Tensor.of(1.0, 2.0), b = Tensor.of(3.0, 4.0);
        assertArrayEquals(new double[] {1, 2, 3, 4}, Tensor.cat(new Tensor[] {a, b}, 0).toDoubleArray());
        Tensor rows = Tensor.stack(new Tensor[] {a, b}, 0);
        assertArrayEquals(new int[] {2, 2}, rows.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4}, rows.toDoubleArray());
        Tensor cols = Tensor.stack(new Tensor[] {a, b}, -1);
        assertArrayEquals(new int[] {2, 2}, cols.shape());
        assertArrayEquals(new double[] {1, 3, 2, 4}, cols.toDoubleArray());
        Tensor scalars = Tensor.stack(new Tensor[] {Tensor.scalar(1), Tensor.scalar(2), Tensor.scalar(3)}, 0);
        assertArrayEquals(new int[] {3}, scalars.shape());
    }

    @Test
    void stackGradientAndErrors() {
        Tensor a = Tensor.of(1.0, 2.0).requiresGrad(), b = Tensor.of(3.0, 4.0).requiresGrad();
        Tensor.stack(new Tensor[] {a, b}, 1).mul(Tensor.from(new double[][] {{1, 2}, {3, 4}})).sum().backward();
        assertArrayEquals(new double[] {1, 3}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {2, 4}, b.grad().toDoubleArray());
        fails(IllegalArgumentException.class, "stack: expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1",
                () -> Tensor.stack(new Tensor[] {Tensor.zeros(2), Tensor.zeros(3)}, 0));
        fails(IllegalArgumentException.class, "stack: expects a non-empty list of tensors", () -> Tensor.stack(new Tensor[0], 0));
        fails(IndexOutOfBoundsException.class, "stack: dim 2 is out of range for a tensor of rank 2 (expected a value in [-2, 1])",
                () -> Tensor.stack(new Tensor[] {Tensor.zeros(2)}, 2));
    }

    // ---------------------------------------------------------------- split, chunk, unbind

    @Test
    void splitReturnsViews() {
        Tensor x = range(2, 5);
        Tensor[] parts = x.split(2, 1);
        assertEquals(3, parts.length);
        assertArrayEquals(new int[] {2, 2}, parts[0].shape());
        assertArrayEquals(new int[] {2, 1}, parts[2].shape());
        assertArrayEquals(new double[] {2, 3, 7, 8}, parts[1].toDoubleArray());
        assertSame(x.storage(), parts[1].storage(), "pieces are views");
        Tensor[] sized = x.split(new int[] {1, 0, 4}, -1);
        assertArrayEquals(new int[] {2, 0}, sized[1].shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 6, 7, 8, 9}, sized[2].toDoubleArray());
        fails(IllegalArgumentException.class, "split: split sizes [2, 2] add up to 4, not to 5, the size of dim 1",
                () -> x.split(new int[] {2, 2}, 1));
        fails(IllegalArgumentException.class, "split: splitSize must be positive, got 0 for dim 1 of size 5", () -> x.split(0, 1));
        fails(IllegalArgumentException.class, "split: expects a tensor with at least one dim, got a 0-dim tensor",
                () -> Tensor.scalar(1).split(1, 0));
    }

    @Test
    void splitGradientReachesEveryPiece() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0, 4.0, 5.0).requiresGrad();
        Tensor[] p = x.split(2, 0);
        p[0].mul(2.0).sum().add(p[2].mul(5.0).sum()).backward();
        assertArrayEquals(new double[] {2, 2, 0, 0, 5}, x.grad().toDoubleArray());
    }

    @Test
    void chunkFollowsTorch() {
        Tensor x = range(5);
        Tensor[] c = x.chunk(3, 0);
        assertEquals(3, c.length);
        assertArrayEquals(new double[] {4}, c[2].toDoubleArray());
        assertEquals(3, range(6).chunk(4, 0).length, "ceil(6/4) = 2 per piece gives 3 pieces");
        Tensor[] empty = Tensor.zeros(0, 2).chunk(3, 0);
        assertEquals(3, empty.length);
        assertArrayEquals(new int[] {0, 2}, empty[2].shape());
        fails(IllegalArgumentException.class, "chunk: chunks must be positive, got 0", () -> x.chunk(0, 0));
    }

    @Test
    void unbindSlices() {
        Tensor[] cols = range(2, 3).unbind(1);
        assertEquals(3, cols.length);
        assertArrayEquals(new double[] {1, 4}, cols[1].toDoubleArray());
        assertArrayEquals(new int[] {2}, cols[1].shape());
    }

    // ---------------------------------------------------------------- repeat, tile

    @Test
    void repeatTilesAndSumsItsGradient() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad();
        Tensor r = x.repeat(2, 2);
        assertArrayEquals(new int[] {2, 4}, r.shape());
        assertArrayEquals(new double[] {1, 2, 1, 2, 1, 2, 1, 2}, r.toDoubleArray());
        r.mul(range(2, 4)).sum().backward();
        assertArrayEquals(new double[] {0 + 2 + 4 + 6, 1 + 3 + 5 + 7}, x.grad().toDoubleArray());
        assertArrayEquals(new int[] {2, 0}, Tensor.zeros(1, 3).repeat(2, 0).shape());
        fails(IllegalArgumentException.class, "repeat: 1 repeats [2] are fewer than the 2 dims of the tensor [1, 3]",
                () -> Tensor.zeros(1, 3).repeat(2));
        fails(IllegalArgumentException.class, "repeat: repeats must be non-negative, got [-1]", () -> Tensor.zeros(1).repeat(-1));
    }

    @Test
    void repeatAlwaysCopies() {
        Tensor one = Tensor.of(5.0);
        Tensor r = one.repeat(3);
        assertArrayEquals(new double[] {5, 5, 5}, r.toDoubleArray());
        r.set(1, 0);
        assertEquals(5, one.get(0));
        Tensor same = one.repeat(1);
        same.set(2, 0);
        assertEquals(5, one.get(0));
    }

    @Test
    void tilePadsRepsWithOnes() {
        Tensor x = Tensor.from(new double[][] {{1, 2}, {3, 4}});
        assertArrayEquals(new double[] {1, 2, 1, 2, 3, 4, 3, 4}, x.tile(2).toDoubleArray());
        assertArrayEquals(new int[] {2, 2, 4}, x.tile(2, 1, 2).shape());
    }

    // ---------------------------------------------------------------- pad

    @Test
    void padConstant() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad();
        Tensor p = x.pad(new int[] {1, 2}, PadMode.CONSTANT, 9);
        assertArrayEquals(new double[] {9, 1, 2, 3, 9, 9}, p.toDoubleArray());
        p.mul(Tensor.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0)).sum().backward();
        assertArrayEquals(new double[] {2, 3, 4}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {2, 3, 0}, x.detach().pad(-1, 1).toDoubleArray(), "negative padding crops");
        Tensor img = range(2, 2).pad(1, 0, 0, 1);
        assertArrayEquals(new int[] {3, 3}, img.shape());
        assertArrayEquals(new double[] {0, 0, 1, 0, 2, 3, 0, 0, 0}, img.toDoubleArray());
        assertArrayEquals(new long[] {0, 7, 8}, Tensor.of(7L, 8L).pad(new int[] {1, 0}).toLongArray());
    }

    @Test
    void padReflectReplicateCircularAccumulateAtEdges() {
        // reflect (2, 1) of [a b c d]: [c b a b c d c]
        Tensor x = Tensor.of(1.0, 2.0, 3.0, 4.0).requiresGrad();
        Tensor r = x.pad(new int[] {2, 1}, PadMode.REFLECT);
        assertArrayEquals(new double[] {3, 2, 1, 2, 3, 4, 3}, r.toDoubleArray());
        r.sum().backward();
        assertArrayEquals(new double[] {1, 2, 3, 1}, x.grad().toDoubleArray());

        Tensor y = Tensor.of(1.0, 2.0, 3.0, 4.0).requiresGrad();
        Tensor rep = y.pad(new int[] {2, 1}, PadMode.REPLICATE);
        assertArrayEquals(new double[] {1, 1, 1, 2, 3, 4, 4}, rep.toDoubleArray());
        rep.sum().backward();
        assertArrayEquals(new double[] {3, 1, 1, 2}, y.grad().toDoubleArray());

        Tensor z = Tensor.of(1.0, 2.0, 3.0, 4.0).requiresGrad();
        Tensor circ = z.pad(new int[] {2, 1}, PadMode.CIRCULAR);
        assertArrayEquals(new double[] {3, 4, 1, 2, 3, 4, 1}, circ.toDoubleArray());
        circ.sum().backward();
        assertArrayEquals(new double[] {2, 1, 2, 2}, z.grad().toDoubleArray());

        // two dims: a 2x2 image reflected by 1 on every side
        Tensor img = Tensor.of(new double[] {1, 2, 3, 4}, 1, 2, 2);
        Tensor padded = img.pad(new int[] {1, 1, 1, 1}, PadMode.REFLECT);
        assertArrayEquals(new int[] {1, 4, 4}, padded.shape());
        assertArrayEquals(new double[] {4, 3, 4, 3, 2, 1, 2, 1, 4, 3, 4, 3, 2, 1, 2, 1}, padded.toDoubleArray());
    }

    @Test
    void padErrors() {
        Tensor x = Tensor.zeros(2, 3);
        fails(IllegalArgumentException.class, "pad: padding must come in (left, right) pairs, got 3 values [1, 1, 1]",
                () -> x.pad(1, 1, 1));
        fails(IllegalArgumentException.class, "pad: padding [1, 1, 1, 1, 1, 1] covers 3 dims but the input [2, 3] has only 2",
                () -> x.pad(1, 1, 1, 1, 1, 1));
        fails(IllegalArgumentException.class, "pad: REFLECT padding (3, 0) of dim 1 must be less than its size 3 (input [2, 3])",
                () -> x.pad(new int[] {3, 0}, PadMode.REFLECT));
        fails(IllegalArgumentException.class, "pad: CIRCULAR padding (0, 4) of dim 1 must not exceed its size 3 (input [2, 3])",
                () -> x.pad(new int[] {0, 4}, PadMode.CIRCULAR));
        fails(IllegalArgumentException.class,
                "pad: REPLICATE padding (1, 1) of dim 1 needs a non-empty dim, but got its size 0 (input [2, 0])",
                () -> Tensor.zeros(2, 0).pad(new int[] {1, 1}, PadMode.REPLICATE));
        fails(IllegalArgumentException.class, "pad: mode REFLECT takes no fill value (got 1.0); only CONSTANT does",
                () -> x.pad(new int[] {1, 1}, PadMode.REFLECT, 1));
        fails(IllegalArgumentException.class, "pad: negative padding (-1, 0) of dim 1 is only allowed in CONSTANT mode, not REPLICATE",
                () -> x.pad(new int[] {-1, 0}, PadMode.REPLICATE));
        fails(IllegalArgumentException.class, "pad: padding (-2, -2) of dim 1 crops more than its size 3 (input [2, 3])",
                () -> x.pad(-2, -2));
    }

    // ---------------------------------------------------------------- flip, roll

    @Test
    void flipCopiesAndIsItsOwnDerivative() {
        Tensor x = range(2, 3).requiresGrad();
        Tensor f = x.flip(1);
        assertArrayEquals(new double[] {2, 1, 0, 5, 4, 3}, f.toDoubleArray());
        assertTrue(f.isContiguous());
        assertNotSame(x.storage(), f.storage());
        assertArrayEquals(new double[] {5, 4, 3, 2, 1, 0}, x.detach().flip(0, -1).toDoubleArray());
        assertArrayEquals(new double[] {3, 4, 5, 0, 1, 2}, x.detach().flip(0).toDoubleArray());
        assertArrayEquals(new double[] {3, 0, 4, 1, 5, 2}, x.detach().t().flip(1).toDoubleArray(), "non-contiguous input");
        f.mul(range(2, 3)).sum().backward();
        assertArrayEquals(new double[] {2, 1, 0, 5, 4, 3}, x.grad().toDoubleArray());
        fails(IllegalArgumentException.class, "flip: dim 1 appears more than once in [1, -1]", () -> x.flip(1, -1));
    }

    @Test
    void rollRotatesAndRollsItsGradientBack() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0, 4.0, 5.0).requiresGrad();
        Tensor r = x.roll(2, 0);
        assertArrayEquals(new double[] {4, 5, 1, 2, 3}, r.toDoubleArray());
        assertArrayEquals(new double[] {2, 3, 4, 5, 1}, x.detach().roll(-1, 0).toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, x.detach().roll(10, 0).toDoubleArray());
        r.mul(Tensor.of(1.0, 2.0, 3.0, 4.0, 5.0)).sum().backward();
        assertArrayEquals(new double[] {3, 4, 5, 1, 2}, x.grad().toDoubleArray());
        Tensor m = range(2, 2);
        assertArrayEquals(new double[] {3, 0, 1, 2}, m.roll(new int[] {1}, new int[0]).toDoubleArray(), "flattened");
        assertArrayEquals(new double[] {3, 2, 1, 0}, m.roll(new int[] {1, 1}, new int[] {0, 1}).toDoubleArray());
        fails(IllegalArgumentException.class, "roll: shifts [1, 2] and dims [0] must have the same length",
                () -> m.roll(new int[] {1, 2}, new int[] {0}));
        fails(IllegalArgumentException.class, "roll: without dims, expects exactly one shift, got [1, 2]",
                () -> m.roll(new int[] {1, 2}, new int[0]));
    }

    // ---------------------------------------------------------------- double backward

    @Test
    void secondDerivativesFlowThroughJoiningOps() {
        Tensor x = Tensor.of(new double[] {0.3, -0.7, 1.1, 0.5, -1.3, 0.9}, 2, 3).requiresGrad();
        GradCheck.checkSecondOrder(in -> in[0].pad(new int[] {2, 1, 1, 1}, PadMode.REFLECT).pow(3.0).sum(), x);
        GradCheck.checkSecondOrder(in -> in[0].pad(new int[] {1, 2}, PadMode.CONSTANT, 0.5).sin().sum(), x);
        GradCheck.checkSecondOrder(in -> in[0].repeat(2, 2).pow(3.0).mul(range(4, 6)).sum(), x);
        GradCheck.checkSecondOrder(in -> in[0].flip(1).mul(in[0]).sum(), x);
        GradCheck.checkSecondOrder(in -> in[0].roll(new int[] {1, -1}, new int[] {0, 1}).mul(in[0]).sum(), x);
        GradCheck.checkSecondOrder(in -> Tensor.stack(new Tensor[] {in[0], in[0].square()}, 0).pow(3.0).sum(), x);
        GradCheck.checkSecondOrder(in -> {
            Tensor[] p = in[0].chunk(2, 1);
            return p[0].mul(p[1]).sum();
        }, x);
    }

    @Test
    void nothingIsRecordedUnderNoGrad() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad();
        try (var _ = Autograd.noGrad()) {
            assertFalse(x.flip(0).isRequiresGrad());
            assertFalse(x.roll(1, 0).isRequiresGrad());
            assertFalse(x.pad(1, 1).isRequiresGrad());
        }
        assertEquals("roll", x.roll(1, 0).gradFn().name());
        assertEquals("pad", x.pad(1, 1).gradFn().name());
    }
}
