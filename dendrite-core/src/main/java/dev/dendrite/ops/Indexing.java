package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.Kernels;
import dev.dendrite.kernels.Strided;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Shapes;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Indexing with integer tensors and masks (PyTorch semantics), each forward beside its derivative:
 * {@code indexSelect}/{@code indexAdd}, {@code gather}/{@code scatterAdd}/{@code scatter},
 * advanced indexing on leading dims, masked fill and select, {@code takeAlongDim} and
 * {@code oneHot}. Index tensors are int64 or int32. As in torch, gather, scatter and index_select
 * reject negative indices while advanced indexing counts them from the end. Every derivative is
 * itself built from these differentiable ops, so double backward works.
 */
public final class Indexing {
    private Indexing() {}

    private static void checkIndexDtype(String op, String what, Tensor index) {
        if (!index.dtype().isIntegral()) {
            throw new IllegalArgumentException(op + ": " + what + " must be an int64 or int32 tensor, got "
                    + index.dtype().torchName());
        }
    }

    private static void checkMask(String op, Tensor mask) {
        if (mask.dtype() != Dtype.BOOL) {
            throw new IllegalArgumentException(op + ": mask must be a bool tensor, got " + mask.dtype().torchName());
        }
    }

    /** A 0-dim tensor as shape [1] (a view); others unchanged. */
    private static Tensor atLeast1d(Tensor t) {
        return t.dim() == 0 ? t.reshape(1) : t;
    }

    /** The kernels' view of a 1-D (or 0-D) index laid along {@code dim} of a rank-{@code rank} walk. */
    private static Strided alongDim(Tensor index, int rank, int dim) {
        int[] strides = new int[rank];
        strides[dim] = index.dim() == 0 ? 0 : index.stride(0);
        return new Strided(index.storage(), index.storageOffset(), strides);
    }

    private static String shape(Tensor t) { return Arrays.toString(t.shape()); }

    // ================================================================ index_select / index_add

    /**
     * The slices of {@code x} along {@code dim} picked by the 1-D {@code index} (duplicates allowed),
     * as torch.index_select. The gradient adds up the incoming slices at their source positions.
     */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        checkIndexDtype("indexSelect", "index", index);
        if (index.dim() > 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-D (or 0-D), got shape " + shape(index));
        }
        if (x.dim() == 0) {
            if (index.numel() != 1) {
                throw new IllegalArgumentException("indexSelect: the index into a 0-dim tensor must hold exactly one value, got "
                        + index.numel());
            }
            Shapes.wrapDim("indexSelect", dim, 0);
            return indexSelect(x.reshape(1), 0, index.reshape(1)).reshape();
        }
        int d = Shapes.wrapDim("indexSelect", dim, x.dim());
        int[] outShape = x.shape();
        outShape[d] = index.numel();
        Tensor out = Tensor.empty(x.dtype(), outShape);
        Kernels.backend().gather("indexSelect", outShape, d, x.strided(), x.size(d), alongDim(index, outShape.length, d),
                out.strided());
        if (Autograd.needsGrad(x)) {
            int[] inShape = x.shape();
            Autograd.record("indexSelect", out, x, g -> new Tensor[] {indexAdd(Tensor.zeros(g.dtype(), inShape), d, index, g, true)});
        }
        return out;
    }

    /**
     * {@code self} with the slices of {@code source} added at the positions along {@code dim} that the
     * 1-D {@code index} names (duplicates add up), as torch.index_add. Differentiable in self and source.
     */
    public static Tensor indexAdd(Tensor self, int dim, Tensor index, Tensor source) {
        return indexAdd(self, dim, index, source, false);
    }

    /** {@code fresh}: self is a new tensor that nobody else holds, so the sum may be formed in it. */
    private static Tensor indexAdd(Tensor self, int dim, Tensor index, Tensor source, boolean fresh) {
        checkIndexDtype("indexAdd", "index", index);
        if (index.dim() > 1) {
            throw new IllegalArgumentException("indexAdd: index must be 1-D (or 0-D), got shape " + shape(index));
        }
        if (self.dim() == 0) {
            Shapes.wrapDim("indexAdd", dim, 0);
            return indexAdd(self.reshape(1), 0, index, atLeast1d(source), fresh).reshape();
        }
        int d = Shapes.wrapDim("indexAdd", dim, self.dim());
        int[] want = self.shape();
        want[d] = index.numel();
        if (source.dim() != self.dim() || !Arrays.equals(want, source.shape())) {
            throw new IllegalArgumentException("indexAdd: source shape " + shape(source) + " must match self shape "
                    + shape(self) + " except in dim " + d + ", where it must equal the index length " + index.numel()
                    + " (expected " + Arrays.toString(want) + ")");
        }
        checkSameDtype("indexAdd", "source", self, source);
        Tensor out = accumulate("indexAdd", self, d, source.detach(), alongDim(index, want.length, d), want, fresh);
        if (Autograd.needsGrad(self, source)) {
            Autograd.record("indexAdd", out, new Tensor[] {self, source}, g -> new Tensor[] {
                    self.isRequiresGrad() ? g : null,
                    source.isRequiresGrad() ? indexSelect(g, d, index) : null});
        }
        return out;
    }

    private static void checkSameDtype(String op, String what, Tensor self, Tensor src) {
        if (src.dtype() != self.dtype()) {
            throw new IllegalArgumentException(op + ": " + what + " has dtype " + src.dtype().torchName() + " but self has "
                    + self.dtype().torchName() + " (they must match)");
        }
    }

    /**
     * {@code self} plus {@code src} scatter-added over the positions of {@code walk}: in a copy, or in
     * self itself when it is {@code fresh} (new, contiguous and held by no one else). 16-bit floats
     * accumulate in float32.
     */
    private static Tensor accumulate(String op, Tensor self, int dim, Tensor src, Strided index, int[] walk, boolean fresh) {
        Dtype dt = self.dtype();
        if (dt == Dtype.BOOL) throw new IllegalArgumentException(op + ": bool tensors cannot be added; use a numeric dtype");
        Dtype compute = dt.computeType();
        Tensor out = dt != compute ? Elementwise.castData(self, compute) : fresh ? self.detach() : self.contiguousCopy();
        Tensor s = dt == compute ? src : Elementwise.castData(src, compute);
        Kernels.backend().scatter(op, walk, dim, s.strided(), index, out.strided(), self.size(dim), true);
        return dt == compute ? out : Elementwise.castData(out, dt);
    }

    // ================================================================ gather / scatter

    /**
     * {@code out[i][j][k] = x[i][index[i][j][k]][k]} for dim 1 (and likewise for other dims), as
     * torch.gather: index has x's rank and is no larger than x outside {@code dim}; the result has
     * index's shape. The gradient scatter-adds the incoming gradient back.
     */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        checkIndexDtype("gather", "index", index);
        Tensor xi = atLeast1d(x.detach()), ii = atLeast1d(index);
        int d = Shapes.wrapDim("gather", dim, xi.dim());
        if (ii.dim() != xi.dim()) {
            throw new IllegalArgumentException("gather: index has " + index.dim() + " dims but input has " + x.dim()
                    + " (they must match)");
        }
        for (int k = 0; k < xi.dim(); k++) {
            if (k != d && ii.size(k) > xi.size(k)) {
                throw new IllegalArgumentException("gather: index shape " + shape(index) + " exceeds input shape " + shape(x)
                        + " in dim " + k + " (only dim " + d + " may be larger)");
            }
        }
        Tensor out = Tensor.empty(x.dtype(), ii.shape());
        Kernels.backend().gather("gather", ii.shape(), d, xi.strided(), xi.size(d), ii.strided(), out.strided());
        if (index.dim() == 0) out = out.reshape();
        if (Autograd.needsGrad(x)) {
            int[] inShape = x.shape();
            Autograd.record("gather", out, x, g -> new Tensor[] {scatterAdd(Tensor.zeros(g.dtype(), inShape), d, index, g, true)});
        }
        return out;
    }

    private static void checkScatter(String op, Tensor self, int d, Tensor index, Tensor src) {
        if (index.dim() != self.dim()) {
            throw new IllegalArgumentException(op + ": index has " + index.dim() + " dims but self has " + self.dim()
                    + " (they must match)");
        }
        if (src != null && src.dim() != self.dim()) {
            throw new IllegalArgumentException(op + ": src has " + src.dim() + " dims but self has " + self.dim()
                    + " (they must match)");
        }
        for (int k = 0; k < self.dim(); k++) {
            if (src != null && index.size(k) > src.size(k)) {
                throw new IllegalArgumentException(op + ": index shape " + shape(index) + " exceeds src shape " + shape(src)
                        + " in dim " + k);
            }
            if (k != d && index.size(k) > self.size(k)) {
                throw new IllegalArgumentException(op + ": index shape " + shape(index) + " exceeds self shape " + shape(self)
                        + " in dim " + k + " (only dim " + d + " may be larger)");
            }
        }
        if (src != null) checkSameDtype(op, "src", self, src);
    }

    /** The gradient of a src that may be larger than index: gathered values in index's region, zeros elsewhere. */
    private static Tensor srcGradient(Tensor g, int d, Tensor index, int[] srcShape) {
        Tensor picked = gather(g, d, index);
        if (Arrays.equals(picked.shape(), srcShape)) return picked;
        int[] pad = new int[2 * srcShape.length];
        for (int k = 0; k < srcShape.length; k++) pad[2 * (srcShape.length - 1 - k) + 1] = srcShape[k] - picked.size(k);
        return Joins.pad(picked, pad, PadMode.CONSTANT, 0);
    }

    /**
     * {@code self} with {@code src} added at the positions that {@code index} names along dim
     * ({@code out[i][index[i][j]] += src[i][j]} for dim 1; duplicates add up), as torch.scatter_add.
     * Differentiable in self (identity) and src (gather).
     */
    public static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
        return scatterAdd(self, dim, index, src, false);
    }

    /** {@code fresh}: self is a new tensor that nobody else holds, so the sum may be formed in it. */
    private static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src, boolean fresh) {
        checkIndexDtype("scatterAdd", "index", index);
        Tensor si = atLeast1d(self.detach()), ii = atLeast1d(index), sr = atLeast1d(src.detach());
        int d = Shapes.wrapDim("scatterAdd", dim, si.dim());
        checkScatter("scatterAdd", si, d, ii, sr);
        Tensor out = accumulate("scatterAdd", si, d, sr, ii.strided(), ii.shape(), fresh);
        if (self.dim() == 0) out = out.reshape();
        if (Autograd.needsGrad(self, src)) {
            int[] srcShape = src.shape();
            Autograd.record("scatterAdd", out, new Tensor[] {self, src}, g -> new Tensor[] {
                    self.isRequiresGrad() ? g : null,
                    src.isRequiresGrad() ? srcGradient(g, d, index, srcShape) : null});
        }
        return out;
    }

    /**
     * {@code self} with the elements of {@code src} written at the positions that {@code index} names
     * along dim, as torch.scatter (with duplicate positions, which write wins is unspecified). The
     * gradient of self is zero at the written positions; src's is gathered from them.
     */
    public static Tensor scatter(Tensor self, int dim, Tensor index, Tensor src) {
        checkIndexDtype("scatter", "index", index);
        Tensor si = atLeast1d(self.detach()), ii = atLeast1d(index), sr = atLeast1d(src.detach());
        int d = Shapes.wrapDim("scatter", dim, si.dim());
        checkScatter("scatter", si, d, ii, sr);
        Tensor out = si.contiguousCopy();
        Kernels.backend().scatter("scatter", ii.shape(), d, sr.strided(), ii.strided(), out.strided(), si.size(d), false);
        if (self.dim() == 0) out = out.reshape();
        if (Autograd.needsGrad(self, src)) {
            int[] srcShape = src.shape();
            Autograd.record("scatter", out, new Tensor[] {self, src}, g -> new Tensor[] {
                    self.isRequiresGrad() ? scatter(g, d, index, 0) : null,
                    src.isRequiresGrad() ? srcGradient(g, d, index, srcShape) : null});
        }
        return out;
    }

    /** {@code self} with {@code value} written at the positions that {@code index} names along dim. */
    public static Tensor scatter(Tensor self, int dim, Tensor index, double value) {
        checkIndexDtype("scatter", "index", index);
        Tensor si = atLeast1d(self.detach()), ii = atLeast1d(index);
        int d = Shapes.wrapDim("scatter", dim, si.dim());
        checkScatter("scatter", si, d, ii, null);
        Tensor out = si.contiguousCopy();
        Tensor v = Tensor.scalar(value, self.dtype());
        Strided broadcast = new Strided(v.storage(), 0, new int[ii.dim()]);
        Kernels.backend().scatter("scatter", ii.shape(), d, broadcast, ii.strided(), out.strided(), si.size(d), false);
        if (self.dim() == 0) out = out.reshape();
        if (Autograd.needsGrad(self)) {
            Autograd.record("scatter", out, self, g -> new Tensor[] {scatter(g, d, index, 0)});
        }
        return out;
    }

    // ================================================================ advanced indexing

    /**
     * Advanced indexing on the leading dims, like {@code x[i0, i1]} in PyTorch: the integer index
     * tensors broadcast together to a shape B and the result has shape {@code B + x.shape[k:]} for
     * k index tensors. Negative indices count from the end.
     */
    public static Tensor index(Tensor x, Tensor... indices) {
        int k = indices.length;
        if (k == 0) throw new IllegalArgumentException("index: expects at least one index tensor");
        if (k > x.dim()) {
            throw new IndexOutOfBoundsException("index: too many indices (" + k + ") for a tensor of shape " + shape(x));
        }
        int[] b = indices[0].shape();
        for (int j = 0; j < k; j++) {
            Tensor idx = indices[j];
            if (idx.dtype() == Dtype.BOOL) {
                throw new IllegalArgumentException("index: index " + j + " is a bool tensor; use maskedSelect for boolean masks");
            }
            checkIndexDtype("index", "index " + j, idx);
            b = Shapes.broadcast("index", b, idx.shape());
        }
        int n = Shapes.numel(b);
        long[] linear = new long[n];
        int rows = 1;
        for (int j = 0; j < k; j++) {
            int size = x.size(j);
            long[] v = indices[j].expand(b).toLongArray();
            for (int p = 0; p < n; p++) {
                long i = v[p];
                if (i < -size || i >= size) {
                    throw new IndexOutOfBoundsException("index: index " + i + " is out of bounds for dim " + j + " with size " + size);
                }
                linear[p] = linear[p] * size + (i < 0 ? i + size : i);
            }
            rows *= size;
        }
        int[] xs = x.shape();
        int[] flat = new int[xs.length - k + 1];
        flat[0] = rows;
        System.arraycopy(xs, k, flat, 1, xs.length - k);
        int[] outShape = new int[b.length + xs.length - k];
        System.arraycopy(b, 0, outShape, 0, b.length);
        System.arraycopy(xs, k, outShape, b.length, xs.length - k);
        return indexSelect(x.reshape(flat), 0, Tensor.of(linear)).reshape(outShape);
    }

    // ================================================================ masks

    /** {@code value} where {@code mask} is true, {@code x} elsewhere (mask and x broadcast together). */
    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        checkMask("maskedFill", mask);
        return Tensor.where(mask, Tensor.scalar(value, x.dtype()), x);
    }

    /** As {@link #maskedFill(Tensor, Tensor, double)} with a 0-dim tensor value (differentiable in both). */
    public static Tensor maskedFill(Tensor x, Tensor mask, Tensor value) {
        checkMask("maskedFill", mask);
        if (value.dim() != 0) {
            throw new IllegalArgumentException("maskedFill: value must be a 0-dim tensor, got shape " + shape(value));
        }
        return Tensor.where(mask, value.to(x.dtype()), x);
    }

    /** The elements of {@code x} where {@code mask} is true, as a 1-D tensor (mask and x broadcast together). */
    public static Tensor maskedSelect(Tensor x, Tensor mask) {
        checkMask("maskedSelect", mask);
        int[] shape = Shapes.broadcast("maskedSelect", x.shape(), mask.shape());
        boolean[] m = mask.expand(shape).toBooleanArray();
        int count = 0;
        for (boolean b : m) if (b) count++;
        long[] positions = new long[count];
        for (int i = 0, k = 0; i < m.length; i++) if (m[i]) positions[k++] = i;
        return indexSelect(x.expand(shape).reshape(-1), 0, Tensor.of(positions));
    }

    // ================================================================ take_along_dim, one_hot

    /**
     * Picks values along {@code dim} at {@code indices}, as torch.take_along_dim: input and indices
     * have the same rank and broadcast together outside {@code dim}.
     */
    public static Tensor takeAlongDim(Tensor x, Tensor indices, int dim) {
        checkIndexDtype("takeAlongDim", "indices", indices);
        if (x.dim() != indices.dim()) {
            throw new IllegalArgumentException("takeAlongDim: input has " + x.dim() + " dims but indices has "
                    + indices.dim() + " (they must match)");
        }
        int d = Shapes.wrapDim("takeAlongDim", dim, x.dim());
        int[] xs = x.shape(), is = indices.shape();
        for (int k = 0; k < xs.length; k++) {
            if (k == d) continue;
            if (xs[k] != is[k] && xs[k] != 1 && is[k] != 1) {
                throw new IllegalArgumentException("takeAlongDim: input shape " + Arrays.toString(xs) + " and indices shape "
                        + Arrays.toString(is) + " cannot be broadcast in dim " + k + " (" + xs[k] + " vs " + is[k] + ")");
            }
            int s = xs[k] == 1 ? is[k] : xs[k];
            xs[k] = s;
            is[k] = s;
        }
        return gather(x.expand(xs), d, indices.expand(is));
    }

    /** takeAlongDim over the flattened input: {@code x.flatten()[indices.flatten()]}. */
    public static Tensor takeAlongDim(Tensor x, Tensor indices) {
        checkIndexDtype("takeAlongDim", "indices", indices);
        return gather(x.reshape(-1), 0, indices.reshape(-1));
    }

    /**
     * One-hot encoding as torch.nn.functional.one_hot: int64 of shape {@code labels.shape + [numClasses]}
     * with a 1 at each label. {@code numClasses} -1 infers it as the largest label plus one.
     */
    public static Tensor oneHot(Tensor labels, int numClasses) {
        checkIndexDtype("oneHot", "labels", labels);
        long[] v = labels.toLongArray();
        int classes = numClasses;
        if (numClasses == -1) {
            if (v.length == 0) {
                throw new IllegalArgumentException("oneHot: cannot infer the number of classes from an empty tensor; pass numClasses");
            }
            long max = Long.MIN_VALUE;
            for (long x : v) max = Math.max(max, x);
            if (max < 0 || max >= Integer.MAX_VALUE) {
                throw new IndexOutOfBoundsException("oneHot: class value " + max + " cannot define the number of classes");
            }
            classes = (int) max + 1;
        } else if (numClasses < 0) {
            throw new IllegalArgumentException("oneHot: numClasses must be non-negative or -1 (infer), got " + numClasses);
        }
        int[] shape = Arrays.copyOf(labels.shape(), labels.dim() + 1);
        shape[labels.dim()] = classes;
        Tensor out = Tensor.zeros(Dtype.INT64, shape);
        long[] o = out.storage().longs();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] >= classes) {
                throw new IndexOutOfBoundsException("oneHot: class value " + v[i] + " is out of range for numClasses " + classes
                        + " (expected 0.." + (classes - 1) + ")");
            }
            o[i * classes + (int) v[i]] = 1;
        }
        return out;
    }
}
