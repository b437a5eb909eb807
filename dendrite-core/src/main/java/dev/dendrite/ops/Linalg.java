package dev.dendrite.ops;

import dev.dendrite.amp.Autocast;
import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.Gemm;
import dev.dendrite.kernels.Parallel;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Shapes;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Matrix products. Every product ends in {@link #mm} or {@link #bmm}, which hand strided operands
 * to GEMM without copying when they are row-major or transposed row-major.
 */
public final class Linalg {
    private Linalg() {}

    private static String shapes(Tensor a, Tensor b) {
        return Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape());
    }

    /** torch.matmul: 1-D and 2-D products, and batched products with broadcast batch dims. */
    public static Tensor matmul(Tensor a, Tensor b) {
        int da = a.dim(), db = b.dim();
        if (da == 0 || db == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dim, got shapes " + shapes(a, b));
        }
        // checked here for every rank, so that the message names matmul (not the mm/mv/dot it delegates to)
        int k = a.size(-1);
        int kb = db == 1 ? b.size(0) : b.size(-2);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: shapes " + shapes(a, b) + " cannot be multiplied (" + k + " != " + kb + ")");
        }
        if (da == 1 && db == 1) return dot(a, b);
        if (da == 2 && db == 2) return mm(a, b);
        if (da == 1 && db == 2) return mm(a.unsqueeze(0), b).squeeze(0);
        if (da == 2 && db == 1) return mv(a, b);
        if (db <= 2) {
            // [..., n, k] @ [k, m]: one big product over the folded batch (the Linear layer's case)
            Tensor b2 = db == 1 ? b.unsqueeze(1) : b;
            int[] lead = Arrays.copyOf(a.shape(), da - 1);
            Tensor out = mm(a.reshape(-1, k), b2);
            int[] outShape = Arrays.copyOf(lead, lead.length + (db == 1 ? 0 : 1));
            if (db == 2) outShape[lead.length] = b.size(1);
            return out.reshape(outShape);
        }
        Tensor a3 = da == 1 ? a.unsqueeze(0) : a;
        Tensor b3 = b;
        int[] batchA = Arrays.copyOf(a3.shape(), a3.dim() - 2), batchB = Arrays.copyOf(b3.shape(), b3.dim() - 2);
        int[] batch = Shapes.broadcast("matmul", batchA, batchB);
        int n = a3.size(-2), m = b3.size(-1);
        int[] fullA = concat(batch, n, k), fullB = concat(batch, k, m);
        int bsz = Shapes.numel(batch);
        Tensor out = bmm(a3.expand(fullA).reshape(bsz, n, k), b3.expand(fullB).reshape(bsz, k, m)).reshape(concat(batch, n, m));
        return da == 1 ? out.squeeze(-2) : out;
    }

    private static int[] concat(int[] batch, int x, int y) {
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = x;
        out[batch.length + 1] = y;
        return out;
    }

    /** [n, k] @ [k, m]. Inside an {@link Autocast} scope the operands are rounded first. */
    public static Tensor mm(Tensor a, Tensor b) { return mmImpl(Autocast.input(a), Autocast.input(b)); }

    private static Tensor mmImpl(Tensor a, Tensor b) {
        if (a.dim() != 2 || b.dim() != 2) {
            throw new IllegalArgumentException("mm: expects two 2-D tensors, got shapes " + shapes(a, b));
        }
        if (a.size(1) != b.size(0)) {
            throw new IllegalArgumentException("mm: shapes " + shapes(a, b) + " cannot be multiplied ("
                    + a.size(1) + " != " + b.size(0) + ")");
        }
        Dtype dt = Elementwise.resultType(a, b);
        Tensor out = product(a, b, dt, 1, a.size(0), a.size(1), b.size(1));
        if (Autograd.needsGrad(a, b) && dt.isFloatingPoint()) {
            Autograd.record("mm", out, new Tensor[] {a, b}, g -> new Tensor[] {
                    a.isRequiresGrad() ? mm(g, b.t()).to(a.dtype()) : null,
                    b.isRequiresGrad() ? mm(a.t(), g).to(b.dtype()) : null});
        }
        return out;
    }

    /** [B, n, k] @ [B, k, m]. Inside an {@link Autocast} scope the operands are rounded first. */
    public static Tensor bmm(Tensor a, Tensor b) { return bmmImpl(Autocast.input(a), Autocast.input(b)); }

    private static Tensor bmmImpl(Tensor a, Tensor b) {
        if (a.dim() != 3 || b.dim() != 3) {
            throw new IllegalArgumentException("bmm: expects two 3-D tensors, got shapes " + shapes(a, b));
        }
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("bmm: batch sizes differ in shapes " + shapes(a, b));
        }
        if (a.size(2) != b.size(1)) {
            throw new IllegalArgumentException("bmm: shapes " + shapes(a, b) + " cannot be multiplied ("
                    + a.size(2) + " != " + b.size(1) + ")");
        }
        Dtype dt = Elementwise.resultType(a, b);
        Tensor out = product(a, b, dt, a.size(0), a.size(1), a.size(2), b.size(2));
        if (Autograd.needsGrad(a, b) && dt.isFloatingPoint()) {
            Autograd.record("bmm", out, new Tensor[] {a, b}, g -> new Tensor[] {
                    a.isRequiresGrad() ? bmm(g, b.transpose(1, 2)).to(a.dtype()) : null,
                    b.isRequiresGrad() ? bmm(a.transpose(1, 2), g).to(b.dtype()) : null});
        }
        return out;
    }

    /** [n, k] @ [k]. */
    public static Tensor mv(Tensor a, Tensor v) {
        if (a.dim() != 2 || v.dim() != 1) {
            throw new IllegalArgumentException("mv: expects a 2-D matrix and a 1-D vector, got shapes " + shapes(a, v));
        }
        if (a.size(1) != v.size(0)) {
            throw new IllegalArgumentException("mv: shapes " + shapes(a, v) + " cannot be multiplied ("
                    + a.size(1) + " != " + v.size(0) + ")");
        }
        return mm(a, v.unsqueeze(1)).squeeze(1);
    }

    public static Tensor dot(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("dot: expects two 1-D tensors, got shapes " + shapes(a, b));
        }
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("dot: vectors have different lengths " + a.size(0) + " and " + b.size(0));
        }
        return mm(a.unsqueeze(0), b.unsqueeze(1)).reshape();
    }

    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: expects two 1-D tensors, got shapes " + shapes(a, b));
        }
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }

    // ================================================================ the GEMM call

    /** How one operand is handed to GEMM: array layout plus a transpose flag. */
    private record Operand(Tensor data, boolean trans, int ld, int batchStride) {
        /** For a [batch, rows, cols] (or [rows, cols]) tensor of the compute dtype. */
        static Operand of(Tensor t, Dtype compute) {
            Tensor c = t.dtype() == compute ? t : Elementwise.castData(t, compute);
            int nd = c.dim();
            int rows = c.size(nd - 2), cols = c.size(nd - 1);
            int rs = c.stride(nd - 2), cs = c.stride(nd - 1);
            int bs = nd == 3 ? c.stride(0) : 0;
            if (nd == 3 && c.size(0) == 1) bs = 0;
            if ((cs == 1 || cols == 1) && rs >= Math.max(1, cols)) return new Operand(c, false, rs, bs);
            if ((rs == 1 || rows == 1) && cs >= Math.max(1, rows)) return new Operand(c, true, cs, bs);
            Tensor copy = c.contiguousCopy();
            return new Operand(copy, false, Math.max(1, cols), nd == 3 ? rows * cols : 0);
        }
    }

    private static Tensor product(Tensor a, Tensor b, Dtype dt, int batch, int n, int k, int m) {
        Dtype compute = dt.isFloatingPoint() ? dt.computeType() : Dtype.FLOAT64;
        Operand oa = Operand.of(a, compute), ob = Operand.of(b, compute);
        Tensor out = Tensor.empty(compute, batch == 1 && a.dim() == 2 ? new int[] {n, m} : new int[] {batch, n, m});
        int aBase = oa.data.storageOffset(), bBase = ob.data.storageOffset();
        Parallel.RangeBody body = (from, to) -> {
            for (int i = from; i < to; i++) {
                int ao = aBase + i * oa.batchStride, bo = bBase + i * ob.batchStride, co = i * n * m;
                if (compute == Dtype.FLOAT32) {
                    Gemm.sgemm(oa.trans, ob.trans, n, m, k, 1f, oa.data.storage().floats(), ao, oa.ld,
                            ob.data.storage().floats(), bo, ob.ld, 0f, out.storage().floats(), co, m);
                } else {
                    Gemm.dgemm(oa.trans, ob.trans, n, m, k, 1.0, oa.data.storage().doubles(), ao, oa.ld,
                            ob.data.storage().doubles(), bo, ob.ld, 0.0, out.storage().doubles(), co, m);
                }
            }
        };
        // many small products: spread the batch over the pool; few large ones: let GEMM go parallel inside
        long work = (long) n * m * k;
        if (batch > 1 && work < 64L * 64 * 64) Parallel.forRange(batch, work, body);
        else body.run(0, batch);
        return compute == dt ? out : Elementwise.castData(out, dt);
    }
}
