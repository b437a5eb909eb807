package dev.dendrite.tensor;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.Node;
import dev.dendrite.kernels.BinaryOp;
import dev.dendrite.kernels.Kernels;
import dev.dendrite.kernels.Strided;
import dev.dendrite.kernels.UnaryOp;
import dev.dendrite.ops.Elementwise;
import dev.dendrite.ops.Indexing;
import dev.dendrite.ops.Joins;
import dev.dendrite.ops.PadMode;
import dev.dendrite.ops.Linalg;
import dev.dendrite.ops.Reductions;
import dev.dendrite.ops.Views;
import dev.dendrite.storage.Dtype;
import dev.dendrite.storage.Storage;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array with reverse-mode automatic differentiation.
 *
 * <p>A tensor is a view: a {@link Storage} plus shape, strides and an offset. Views (reshape,
 * permute, narrow, expand, ...) share storage with the tensor they come from. Math methods return
 * new tensors and, when an input requires grad and grad mode is on, record themselves in the
 * autograd graph; {@link #backward()} then fills the {@link #grad()} of the leaves. Methods whose
 * names end in an underscore ({@code add_}, {@code zero_}) work in place, as in PyTorch.
 *
 * <p>The op definitions (forward kernels beside their derivatives) live in {@code dev.dendrite.ops};
 * the methods here are the convenient face of them.
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final int numel;
    private final boolean contiguous;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private Object gradAccumulator;
    private boolean retainsGrad;

    private Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.numel = Shapes.numel(shape);
        this.contiguous = Shapes.isContiguous(shape, strides);
    }

    // ================================================================ low-level construction

    /**
     * A view of {@code storage} with the given layout. Low-level: ops use it to build results and
     * views; it checks that every element the view can address lies inside the storage.
     */
    public static Tensor wrap(Storage storage, int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("wrap: shape " + Arrays.toString(shape) + " and strides "
                    + Arrays.toString(strides) + " differ in rank");
        }
        long lo = offset, hi = offset;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new IllegalArgumentException("wrap: negative size in shape " + Arrays.toString(shape));
            if (shape[i] == 0) { lo = offset; hi = offset - 1; break; }
            long span = (long) (shape[i] - 1) * strides[i];
            if (span < 0) lo += span; else hi += span;
        }
        if (hi >= lo && (lo < 0 || hi >= storage.length())) {
            throw new IllegalArgumentException("wrap: a view with shape " + Arrays.toString(shape) + ", strides "
                    + Arrays.toString(strides) + " and offset " + offset + " reaches outside a storage of "
                    + storage.length() + " elements");
        }
        return new Tensor(storage, shape.clone(), strides.clone(), offset);
    }

    /** A contiguous tensor over the whole of {@code storage}. */
    public static Tensor wrap(Storage storage, int... shape) {
        Shapes.check("wrap", shape);
        if (Shapes.numel(shape) != storage.length()) {
            throw new IllegalArgumentException("wrap: shape " + Arrays.toString(shape) + " has " + Shapes.numel(shape)
                    + " elements but the storage has " + storage.length());
        }
        return new Tensor(storage, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** An uninitialized (zero-filled) contiguous tensor; internal results are made with this. */
    public static Tensor empty(Dtype dtype, int... shape) {
        Shapes.check("empty", shape);
        return new Tensor(Storage.allocate(dtype, Shapes.numel(shape)), shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** The kernels' view of this tensor. */
    public Strided strided() { return new Strided(storage, offset, strides); }

    // ================================================================ creation

    public static Tensor empty(int... shape) { return empty(Dtype.FLOAT32, shape); }
    public static Tensor zeros(int... shape) { return empty(Dtype.FLOAT32, shape); }
    public static Tensor zeros(Dtype dtype, int... shape) { return empty(dtype, shape); }
    public static Tensor ones(int... shape) { return full(1, Dtype.FLOAT32, shape); }
    public static Tensor ones(Dtype dtype, int... shape) { return full(1, dtype, shape); }
    public static Tensor full(double value, int... shape) { return full(value, Dtype.FLOAT32, shape); }

    public static Tensor full(double value, Dtype dtype, int... shape) {
        Tensor t = empty(dtype, shape);
        t.storage.fill(0, t.numel, value);
        return t;
    }

    /** A 0-dim tensor holding one value. */
    public static Tensor scalar(double value) { return full(value, Dtype.FLOAT32); }
    public static Tensor scalar(double value, Dtype dtype) { return full(value, dtype); }

    public static Tensor zerosLike(Tensor t) { return empty(t.dtype(), t.shape); }
    public static Tensor onesLike(Tensor t) { return full(1, t.dtype(), t.shape); }
    public static Tensor fullLike(Tensor t, double value) { return full(value, t.dtype(), t.shape); }
    public static Tensor emptyLike(Tensor t) { return empty(t.dtype(), t.shape); }
    public static Tensor randLike(Tensor t) { return rand(Generator.global(), t.dtype(), t.shape); }
    public static Tensor randnLike(Tensor t) { return randn(Generator.global(), t.dtype(), t.shape); }

    /** {@code [0, 1, ..., end-1]} as int64, like torch.arange(end). */
    public static Tensor arange(long end) { return arange(0, end, 1); }

    /** Integers from {@code start} (inclusive) to {@code end} (exclusive) by {@code step}, as int64. */
    public static Tensor arange(long start, long end, long step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        long n = Math.max(0, (end - start + step + (step > 0 ? -1 : 1)) / step);
        Tensor t = empty(Dtype.INT64, Math.toIntExact(n));
        long[] d = t.storage.longs();
        for (int i = 0; i < n; i++) d[i] = start + i * step;
        return t;
    }

    /** Floating-point arange: {@code ceil((end - start) / step)} values, as float32. */
    public static Tensor arange(double start, double end, double step) {
        return arange(start, end, step, Dtype.FLOAT32);
    }

    public static Tensor arange(double start, double end, double step, Dtype dtype) {
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        long n = (long) Math.ceil((end - start) / step);
        if (n < 0) throw new IllegalArgumentException("arange: the range [" + start + ", " + end
                + ") cannot be walked with step " + step);
        Tensor t = empty(dtype, Math.toIntExact(n));
        for (int i = 0; i < n; i++) t.storage.setDouble(i, start + i * step);
        return t;
    }

    /** {@code steps} evenly spaced values from start to end inclusive. */
    public static Tensor linspace(double start, double end, int steps) { return linspace(start, end, steps, Dtype.FLOAT32); }

    public static Tensor linspace(double start, double end, int steps, Dtype dtype) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be non-negative, got " + steps);
        Tensor t = empty(dtype, steps);
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        int half = steps / 2;
        if (steps == 1) half = 1;   // a single step is `start`, as in torch
        for (int i = 0; i < steps; i++) {
            // fill from both ends, as torch does, so that the last value is exactly `end`
            t.storage.setDouble(i, i < half ? start + step * i : end - step * (steps - 1 - i));
        }
        return t;
    }

    public static Tensor eye(int n) { return eye(n, n, Dtype.FLOAT32); }

    public static Tensor eye(int n, int m, Dtype dtype) {
        Tensor t = empty(dtype, n, m);
        for (int i = 0; i < Math.min(n, m); i++) t.storage.setDouble(i * m + i, 1);
        return t;
    }

    public static Tensor rand(int... shape) { return rand(Generator.global(), Dtype.FLOAT32, shape); }

    /** Uniform on [0, 1). */
    public static Tensor rand(Generator gen, Dtype dtype, int... shape) {
        requireFloating("rand", dtype);
        Tensor t = empty(dtype, shape);
        if (dtype == Dtype.FLOAT64) {
            gen.fillUniform(t.storage.doubles(), 0, t.numel);
        } else if (dtype == Dtype.FLOAT32) {
            // draw floats directly: a double in [0, 1) can round up to 1.0f when narrowed
            gen.fillUniform(t.storage.floats(), 0, t.numel, 24);
        } else {
            float[] v = new float[t.numel];
            gen.fillUniform(v, 0, v.length, dtype == Dtype.FLOAT16 ? 11 : 8);
            for (int i = 0; i < v.length; i++) t.storage.setDouble(i, v[i]);
        }
        return t;
    }

    public static Tensor randn(int... shape) { return randn(Generator.global(), Dtype.FLOAT32, shape); }

    /** Standard normal. */
    public static Tensor randn(Generator gen, Dtype dtype, int... shape) {
        return normal(0, 1, gen, dtype, shape);
    }

    public static Tensor normal(double mean, double std, int... shape) {
        return normal(mean, std, Generator.global(), Dtype.FLOAT32, shape);
    }

    public static Tensor normal(double mean, double std, Generator gen, Dtype dtype, int... shape) {
        requireFloating("normal", dtype);
        if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        Tensor t = empty(dtype, shape);
        switch (dtype) {
            case FLOAT64 -> gen.fillNormal(t.storage.doubles(), 0, t.numel, mean, std);
            case FLOAT32 -> gen.fillNormal(t.storage.floats(), 0, t.numel, mean, std);
            default -> {
                float[] v = new float[t.numel];
                gen.fillNormal(v, 0, v.length, mean, std);
                for (int i = 0; i < v.length; i++) t.storage.setDouble(i, v[i]);
            }
        }
        return t;
    }

    /** Uniform integers in [low, high), as int64. */
    public static Tensor randint(long low, long high, int... shape) {
        return randint(low, high, Generator.global(), shape);
    }

    public static Tensor randint(long low, long high, Generator gen, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: high (" + high + ") must be greater than low (" + low + ")");
        Tensor t = empty(Dtype.INT64, shape);
        long[] d = t.storage.longs();
        for (int i = 0; i < d.length; i++) d[i] = low + gen.nextLong(high - low);
        return t;
    }

    /** A random permutation of {@code 0..n-1} (Fisher-Yates), as int64. */
    public static Tensor randperm(int n, Generator gen) {
        Tensor t = arange(n);
        long[] d = t.storage.longs();
        for (int i = n - 1; i > 0; i--) {
            int j = (int) gen.nextLong(i + 1);
            long tmp = d[i];
            d[i] = d[j];
            d[j] = tmp;
        }
        return t;
    }

    /** Draws 1 with probability given by each element of this tensor, 0 otherwise. */
    public Tensor bernoulli() { return bernoulli(Generator.global()); }

    public Tensor bernoulli(Generator gen) {
        Tensor p = contiguous();
        Tensor out = emptyLike(p.dtype().isFloatingPoint() ? p : p.to(Dtype.FLOAT32));
        for (int i = 0; i < numel; i++) {
            double prob = p.storage.getDouble(p.offset + i);
            if (!(prob >= 0 && prob <= 1)) {
                throw new IllegalArgumentException("bernoulli: probabilities must lie in [0, 1], got " + prob);
            }
            out.storage.setDouble(i, gen.nextDouble() < prob ? 1 : 0);
        }
        return out;
    }

    /** A tensor of shape {@code shape} whose elements are 1 with probability {@code p}. */
    public static Tensor bernoulli(double p, Generator gen, Dtype dtype, int... shape) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: p must lie in [0, 1], got " + p);
        Tensor t = empty(dtype, shape);
        for (int i = 0; i < t.numel; i++) t.storage.setDouble(i, gen.nextDouble() < p ? 1 : 0);
        return t;
    }

    private static void requireFloating(String op, Dtype dtype) {
        if (!dtype.isFloatingPoint()) throw new IllegalArgumentException(op + ": needs a floating-point dtype, got " + dtype.torchName());
    }

    public static Tensor of(float... values) { return wrap(Storage.of(values.clone()), values.length); }
    public static Tensor of(double... values) { return wrap(Storage.of(values.clone()), values.length); }
    public static Tensor of(int... values) { return wrap(Storage.of(values.clone()), values.length); }
    public static Tensor of(long... values) { return wrap(Storage.of(values.clone()), values.length); }
    public static Tensor of(boolean... values) { return wrap(Storage.of(values.clone()), values.length); }

    /** A tensor with the given values laid out in row-major order in the given shape. */
    public static Tensor of(float[] values, int... shape) { return wrap(Storage.of(values.clone()), shape); }
    public static Tensor of(double[] values, int... shape) { return wrap(Storage.of(values.clone()), shape); }
    public static Tensor of(long[] values, int... shape) { return wrap(Storage.of(values.clone()), shape); }
    public static Tensor of(int[] values, int... shape) { return wrap(Storage.of(values.clone()), shape); }

    /**
     * From a (nested, rectangular) Java array of float, double, int, long or boolean, such as
     * {@code new float[][] {{1, 2}, {3, 4}}}; the dtype follows the element type.
     */
    public static Tensor from(Object nestedArray) { return NestedArrays.toTensor(nestedArray); }

    // ================================================================ layout

    /** The sizes of the dims (a copy). */
    public int[] shape() { return shape.clone(); }
    public int size(int dim) { return shape[Shapes.wrapDim("size", dim, shape.length)]; }
    public int[] strides() { return strides.clone(); }
    public int stride(int dim) { return strides[Shapes.wrapDim("stride", dim, shape.length)]; }
    public int storageOffset() { return offset; }
    public Storage storage() { return storage; }
    public int dim() { return shape.length; }
    public int numel() { return numel; }
    public Dtype dtype() { return storage.dtype(); }
    public boolean isContiguous() { return contiguous; }
    public boolean isFloatingPoint() { return storage.dtype().isFloatingPoint(); }

    // ================================================================ autograd

    /** Marks this leaf as needing gradients and returns it: {@code Tensor.randn(3).requiresGrad()}. */
    public Tensor requiresGrad() { return requiresGrad(true); }

    public Tensor requiresGrad(boolean flag) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: can only change the flag of leaf tensors; this tensor was made by '"
                    + gradFn.name() + "' (use detach() for a new leaf)");
        }
        if (flag && !dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("requiresGrad: only floating-point tensors can require gradients, got "
                    + dtype().torchName());
        }
        this.requiresGrad = flag;
        return this;
    }

    /** True when this tensor is a leaf that requires grad or the result of a recorded op. */
    public boolean isRequiresGrad() { return requiresGrad || gradFn != null; }

    public boolean isLeaf() { return gradFn == null; }

    /** The accumulated gradient of a leaf (or of a non-leaf after {@link #retainGrad()}), or null. */
    public Tensor grad() { return grad; }

    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Arrays.toString(g.shape)
                    + " does not match tensor shape " + Arrays.toString(shape));
        }
        this.grad = g;
    }

    /** Drops the accumulated gradient (sets it to null, as torch's zero_grad(set_to_none=True)). */
    public void zeroGrad() { this.grad = null; }

    /** The node that made this tensor, or null for a leaf. */
    public Node gradFn() { return gradFn; }

    /** Internal: called by {@link Autograd#record}. */
    public void attachGradFn(Node node) { this.gradFn = node; }

    /** Internal: the leaf's gradient accumulator node, kept so that hooks and edges stay stable. */
    public Object gradAccumulator() { return gradAccumulator; }

    public void setGradAccumulator(Object acc) { this.gradAccumulator = acc; }

    /** A tensor sharing this one's data but cut from the graph (a new leaf that does not require grad). */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset);
    }

    /** Keeps the gradient of this non-leaf tensor in {@link #grad()} after backward. */
    public Tensor retainGrad() {
        if (gradFn == null) return this;  // leaves keep their grad anyway
        if (!retainsGrad) {
            retainsGrad = true;
            Autograd.registerHook(this, g -> {
                Tensor d = Autograd.isGradEnabled() ? g : g.detach();
                this.grad = this.grad == null ? d.contiguousCopy() : this.grad.add(d);
                return null;
            });
        }
        return this;
    }

    /** Registers a hook called with the gradient arriving at this tensor; it may return a replacement (or null). */
    public Tensor registerHook(UnaryOperator<Tensor> hook) {
        Autograd.registerHook(this, hook);
        return this;
    }

    /** Backward from a one-element tensor. */
    public void backward() { Autograd.backward(this, null, false, false); }

    public void backward(Tensor gradient) { Autograd.backward(this, gradient, false, false); }

    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(this, gradient, retainGraph || createGraph, createGraph);
    }

    // ================================================================ conversion

    /** The value of a one-element tensor. */
    public double item() {
        if (numel != 1) {
            throw new IllegalStateException("item: only one-element tensors can be converted to a scalar, got shape "
                    + Arrays.toString(shape));
        }
        return storage.getDouble(offset);
    }

    /** The value of a one-element integer tensor, exactly. */
    public long itemLong() {
        if (numel != 1) {
            throw new IllegalStateException("itemLong: only one-element tensors can be converted to a scalar, got shape "
                    + Arrays.toString(shape));
        }
        return storage.getLong(offset);
    }

    /** Element at the given indices (one per dim; negative counts from the end), as a double. */
    public double get(int... index) { return storage.getDouble(flatIndex("get", index)); }

    /** Element at the given indices, as a long. */
    public long getLong(int... index) { return storage.getLong(flatIndex("getLong", index)); }

    /** Sets one element in place (no autograd). */
    public void set(double value, int... index) {
        checkInPlace("set");
        storage.setDouble(flatIndex("set", index), value);
    }

    private int flatIndex(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": expected " + shape.length + " indices for shape "
                    + Arrays.toString(shape) + ", got " + index.length);
        }
        int at = offset;
        for (int i = 0; i < index.length; i++) {
            int ix = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (ix < 0 || ix >= shape[i]) {
                throw new IndexOutOfBoundsException(op + ": index " + index[i] + " is out of bounds for dim " + i
                        + " with size " + shape[i]);
            }
            at += ix * strides[i];
        }
        return at;
    }

    public float[] toFloatArray() { return contiguousAs(Dtype.FLOAT32).storage.floats().clone(); }
    public double[] toDoubleArray() { return contiguousAs(Dtype.FLOAT64).storage.doubles().clone(); }
    public int[] toIntArray() { return contiguousAs(Dtype.INT32).storage.ints().clone(); }
    public long[] toLongArray() { return contiguousAs(Dtype.INT64).storage.longs().clone(); }
    public boolean[] toBooleanArray() { return contiguousAs(Dtype.BOOL).storage.bools().clone(); }

    /** As a nested Java array ({@code float[][]} for a 2-D float32 tensor, and so on). */
    public Object toNestedArray() { return NestedArrays.toNested(this); }

    private Tensor contiguousAs(Dtype dtype) {
        Tensor t = new Tensor(Storage.allocate(dtype, numel), shape, Shapes.contiguousStrides(shape), 0);
        Kernels.backend().copy(shape, strided(), t.strided());
        return t;
    }

    /** A copy converted to {@code dtype} (differentiable between floating types); this tensor itself if it already is. */
    public Tensor to(Dtype dtype) { return dtype == dtype() ? this : Elementwise.cast(this, dtype); }

    public Tensor toFloat() { return to(Dtype.FLOAT32); }
    public Tensor toDouble() { return to(Dtype.FLOAT64); }
    public Tensor toLong() { return to(Dtype.INT64); }

    /** A fresh contiguous copy that shares nothing with this tensor (differentiable, as torch.clone). */
    public Tensor clone() { return Views.clone(this); }

    /** A fresh contiguous copy of the data, outside the graph. */
    public Tensor contiguousCopy() {
        Tensor t = new Tensor(Storage.allocate(dtype(), numel), shape, Shapes.contiguousStrides(shape), 0);
        Kernels.backend().copy(shape, strided(), t.strided());
        return t;
    }

    // ================================================================ in place (outside autograd)

    private void checkInPlace(String op) {
        if (Autograd.isGradEnabled() && isRequiresGrad()) {
            throw new IllegalStateException(op + ": a tensor that requires grad (shape " + Arrays.toString(shape)
                    + ") cannot be modified in place while grad mode is on; use Autograd.noGrad() or an out-of-place op");
        }
    }

    /** {@code this += other} (broadcast to this tensor's shape). */
    public Tensor add_(Tensor other) { return applyInPlace("add_", BinaryOp.ADD, other); }
    public Tensor sub_(Tensor other) { return applyInPlace("sub_", BinaryOp.SUB, other); }
    public Tensor mul_(Tensor other) { return applyInPlace("mul_", BinaryOp.MUL, other); }
    public Tensor div_(Tensor other) { return applyInPlace("div_", BinaryOp.DIV, other); }
    public Tensor add_(double s) { return applyInPlace("add_", BinaryOp.ADD, scalarLike(s)); }
    public Tensor mul_(double s) { return applyInPlace("mul_", BinaryOp.MUL, scalarLike(s)); }

    /** {@code this += alpha * other}, the optimizer's workhorse. */
    public Tensor add_(Tensor other, double alpha) { return add_(alpha == 1 ? other : other.mul(alpha)); }

    private Tensor scalarLike(double s) { return Elementwise.scalarFor(this, s); }

    private Tensor applyInPlace(String op, BinaryOp bop, Tensor other) {
        checkInPlace(op);
        // as in torch, an in-place result must fit this dtype: 3L *= 0.5 is an error, not a silent 0 (or 1)
        int mine = dtype() == Dtype.BOOL ? 0 : dtype().isFloatingPoint() ? 2 : 1;
        int theirs = bop == BinaryOp.DIV || other.dtype().isFloatingPoint() ? 2 : other.dtype() == Dtype.BOOL ? 0 : 1;
        if (theirs > mine) {
            throw new IllegalArgumentException(op + ": the result type ("
                    + (theirs == 2 ? "floating point" : "integer") + ") cannot be stored in place in a " + dtype().torchName()
                    + " tensor; use the out-of-place op");
        }
        if (dtype().isHalf() || other.dtype() != dtype()) {
            return copy_(Elementwise.binary(bop, this.detach(), other.detach()));
        }
        int[] ostrides = Shapes.broadcastStrides(op, other.shape, other.strides, shape);
        Kernels.backend().binary(bop, shape, strided(), new Strided(other.storage, other.offset, ostrides), strided());
        return this;
    }

    /** Copies {@code src} (broadcast, converted) into this tensor. */
    public Tensor copy_(Tensor src) {
        checkInPlace("copy_");
        int[] sstrides = Shapes.broadcastStrides("copy_", src.shape, src.strides, shape);
        Kernels.backend().copy(shape, new Strided(src.storage, src.offset, sstrides), strided());
        return this;
    }

    public Tensor fill_(double value) {
        checkInPlace("fill_");
        Kernels.backend().fill(shape, strided(), value);
        return this;
    }

    public Tensor zero_() { return fill_(0); }

    /** Fills with uniform values on [low, high) from {@code gen} (used by initializers). */
    public Tensor uniform_(double low, double high, Generator gen) {
        checkInPlace("uniform_");
        return copy_(rand(gen, dtype().computeType(), shape).mul(high - low).add(low));
    }

    /** Fills with normal values from {@code gen} (used by initializers). */
    public Tensor normal_(double mean, double std, Generator gen) {
        checkInPlace("normal_");
        return copy_(normal(mean, std, gen, dtype().computeType(), shape));
    }

    // ================================================================ views and shape

    public Tensor view(int... shape) { return Views.view(this, shape); }
    public Tensor reshape(int... shape) { return Views.reshape(this, shape); }
    public Tensor viewAs(Tensor other) { return view(other.shape); }
    public Tensor reshapeAs(Tensor other) { return reshape(other.shape); }
    public Tensor permute(int... dims) { return Views.permute(this, dims); }
    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }
    /** Transpose of a tensor with at most 2 dims. */
    public Tensor t() { return Views.t(this); }
    /** Swaps the last two dims (torch's {@code .mT}). */
    public Tensor mT() { return transpose(-2, -1); }
    public Tensor squeeze() { return Views.squeeze(this); }
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
    public Tensor expand(int... shape) { return Views.expand(this, shape); }
    public Tensor expandAs(Tensor other) { return expand(other.shape); }
    public Tensor flatten() { return flatten(0, -1); }
    public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }
    public Tensor unflatten(int dim, int... sizes) { return Views.unflatten(this, dim, sizes); }
    /** Elements {@code start .. start+length-1} of {@code dim}, as a view. */
    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }
    /** The slice at {@code index} of {@code dim}, dropping that dim. */
    public Tensor select(int dim, int index) { return Views.select(this, dim, index); }
    /** Python's {@code x[..., start:end:step, ...]} along one dim (end exclusive; negatives count from the end). */
    public Tensor slice(int dim, int start, int end, int step) { return Views.slice(this, dim, start, end, step); }
    public Tensor slice(int dim, int start, int end) { return slice(dim, start, end, 1); }
    /** This tensor if already contiguous, else a contiguous copy. */
    public Tensor contiguous() { return contiguous ? this : Views.clone(this); }

    // ================================================================ elementwise math

    public Tensor add(Tensor o) { return Elementwise.add(this, o); }
    public Tensor add(double s) { return Elementwise.add(this, Elementwise.scalarFor(this, s)); }
    /** {@code this + alpha * o}. */
    public Tensor add(Tensor o, double alpha) { return alpha == 1 ? add(o) : add(o.mul(alpha)); }
    public Tensor sub(Tensor o) { return Elementwise.sub(this, o); }
    public Tensor sub(double s) { return Elementwise.sub(this, Elementwise.scalarFor(this, s)); }
    /** {@code s - this}. */
    public Tensor rsub(double s) { return Elementwise.sub(Elementwise.scalarFor(this, s), this); }
    public Tensor mul(Tensor o) { return Elementwise.mul(this, o); }
    public Tensor mul(double s) { return Elementwise.mul(this, Elementwise.scalarFor(this, s)); }
    public Tensor div(Tensor o) { return Elementwise.div(this, o); }
    public Tensor div(double s) { return Elementwise.div(this, Elementwise.scalarFor(this, s)); }
    /** {@code s / this}. */
    public Tensor rdiv(double s) { return Elementwise.div(Elementwise.scalarFor(this, s), this); }
    public Tensor pow(Tensor exponent) { return Elementwise.pow(this, exponent); }
    public Tensor pow(double exponent) { return Elementwise.powScalar(this, exponent); }
    public Tensor remainder(Tensor o) { return Elementwise.binary(BinaryOp.REMAINDER, this, o); }
    public Tensor remainder(double s) { return remainder(Elementwise.scalarFor(this, s)); }
    public Tensor fmod(Tensor o) { return Elementwise.binary(BinaryOp.FMOD, this, o); }
    public Tensor floorDivide(Tensor o) { return Elementwise.binary(BinaryOp.FLOOR_DIVIDE, this, o); }
    public Tensor atan2(Tensor o) { return Elementwise.binary(BinaryOp.ATAN2, this, o); }
    public Tensor maximum(Tensor o) { return Elementwise.binary(BinaryOp.MAX, this, o); }
    public Tensor minimum(Tensor o) { return Elementwise.binary(BinaryOp.MIN, this, o); }

    public Tensor neg() { return Elementwise.unary(UnaryOp.NEG, this); }
    public Tensor abs() { return Elementwise.unary(UnaryOp.ABS, this); }
    public Tensor exp() { return Elementwise.unary(UnaryOp.EXP, this); }
    public Tensor log() { return Elementwise.unary(UnaryOp.LOG, this); }
    public Tensor log1p() { return Elementwise.unary(UnaryOp.LOG1P, this); }
    public Tensor expm1() { return Elementwise.unary(UnaryOp.EXPM1, this); }
    public Tensor sqrt() { return Elementwise.unary(UnaryOp.SQRT, this); }
    public Tensor rsqrt() { return Elementwise.unary(UnaryOp.RSQRT, this); }
    public Tensor sin() { return Elementwise.unary(UnaryOp.SIN, this); }
    public Tensor cos() { return Elementwise.unary(UnaryOp.COS, this); }
    public Tensor tan() { return Elementwise.unary(UnaryOp.TAN, this); }
    public Tensor asin() { return Elementwise.unary(UnaryOp.ASIN, this); }
    public Tensor acos() { return Elementwise.unary(UnaryOp.ACOS, this); }
    public Tensor atan() { return Elementwise.unary(UnaryOp.ATAN, this); }
    public Tensor sinh() { return Elementwise.unary(UnaryOp.SINH, this); }
    public Tensor cosh() { return Elementwise.unary(UnaryOp.COSH, this); }
    public Tensor tanh() { return Elementwise.unary(UnaryOp.TANH, this); }
    public Tensor sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, this); }
    public Tensor erf() { return Elementwise.unary(UnaryOp.ERF, this); }
    public Tensor sign() { return Elementwise.unary(UnaryOp.SIGN, this); }
    public Tensor floor() { return Elementwise.unary(UnaryOp.FLOOR, this); }
    public Tensor ceil() { return Elementwise.unary(UnaryOp.CEIL, this); }
    public Tensor round() { return Elementwise.unary(UnaryOp.ROUND, this); }
    public Tensor trunc() { return Elementwise.unary(UnaryOp.TRUNC, this); }
    public Tensor reciprocal() { return Elementwise.unary(UnaryOp.RECIPROCAL, this); }
    public Tensor square() { return Elementwise.unary(UnaryOp.SQUARE, this); }
    public Tensor relu() { return Elementwise.unary(UnaryOp.RELU, this); }
    public Tensor clamp(double min, double max) { return Elementwise.clamp(this, min, max); }
    public Tensor clampMin(double min) { return Elementwise.clamp(this, min, Double.POSITIVE_INFINITY); }
    public Tensor clampMax(double max) { return Elementwise.clamp(this, Double.NEGATIVE_INFINITY, max); }

    public Tensor eq(Tensor o) { return Elementwise.compare(BinaryOp.EQ, this, o); }
    public Tensor ne(Tensor o) { return Elementwise.compare(BinaryOp.NE, this, o); }
    public Tensor lt(Tensor o) { return Elementwise.compare(BinaryOp.LT, this, o); }
    public Tensor le(Tensor o) { return Elementwise.compare(BinaryOp.LE, this, o); }
    public Tensor gt(Tensor o) { return Elementwise.compare(BinaryOp.GT, this, o); }
    public Tensor ge(Tensor o) { return Elementwise.compare(BinaryOp.GE, this, o); }
    public Tensor eq(double s) { return eq(Elementwise.scalarFor(this, s)); }
    public Tensor ne(double s) { return ne(Elementwise.scalarFor(this, s)); }
    public Tensor lt(double s) { return lt(Elementwise.scalarFor(this, s)); }
    public Tensor le(double s) { return le(Elementwise.scalarFor(this, s)); }
    public Tensor gt(double s) { return gt(Elementwise.scalarFor(this, s)); }
    public Tensor ge(double s) { return ge(Elementwise.scalarFor(this, s)); }
    public Tensor logicalAnd(Tensor o) { return Elementwise.compare(BinaryOp.AND, this, o); }
    public Tensor logicalOr(Tensor o) { return Elementwise.compare(BinaryOp.OR, this, o); }
    public Tensor logicalXor(Tensor o) { return Elementwise.compare(BinaryOp.XOR, this, o); }
    public Tensor logicalNot() { return Elementwise.compare(BinaryOp.EQ, this, Elementwise.scalarFor(this, 0)); }
    public Tensor isnan() { return Elementwise.isnan(this); }
    public Tensor isinf() { return Elementwise.isinf(this); }
    public Tensor isfinite() { return isnan().logicalOr(isinf()).logicalNot(); }

    /** {@code cond ? a : b} elementwise, broadcasting all three. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Elementwise.where(cond, a, b); }

    /** {@code this} where {@code cond} holds, else {@code other}. */
    public Tensor where(Tensor cond, Tensor other) { return Elementwise.where(cond, this, other); }

    // ================================================================ reductions

    public Tensor sum() { return Reductions.sum(this, null, false); }
    public Tensor sum(int dim) { return Reductions.sum(this, new int[] {dim}, false); }
    public Tensor sum(int[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim); }
    public Tensor sum(int dim, boolean keepdim) { return Reductions.sum(this, new int[] {dim}, keepdim); }
    public Tensor mean() { return Reductions.mean(this, null, false); }
    public Tensor mean(int dim) { return Reductions.mean(this, new int[] {dim}, false); }
    public Tensor mean(int dim, boolean keepdim) { return Reductions.mean(this, new int[] {dim}, keepdim); }
    public Tensor mean(int[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim); }
    /** Variance; {@code unbiased} divides by N-1 (Bessel's correction). */
    public Tensor var(boolean unbiased) { return Reductions.var(this, null, unbiased, false); }
    public Tensor var(int[] dims, boolean unbiased, boolean keepdim) { return Reductions.var(this, dims, unbiased, keepdim); }
    public Tensor var(int dim, boolean unbiased, boolean keepdim) { return var(new int[] {dim}, unbiased, keepdim); }
    public Tensor std(boolean unbiased) { return Reductions.std(this, null, unbiased, false); }
    public Tensor std(int[] dims, boolean unbiased, boolean keepdim) { return Reductions.std(this, dims, unbiased, keepdim); }
    public Tensor std(int dim, boolean unbiased, boolean keepdim) { return std(new int[] {dim}, unbiased, keepdim); }
    public Tensor prod() { return Reductions.prod(this, null, false); }
    public Tensor prod(int dim, boolean keepdim) { return Reductions.prod(this, new int[] {dim}, keepdim); }
    /** The largest element. */
    public Tensor max() { return Reductions.max(this); }
    public Tensor min() { return Reductions.min(this); }
    /** Largest values along {@code dim} and their indices. */
    public Reductions.ValuesIndices max(int dim, boolean keepdim) { return Reductions.max(this, dim, keepdim); }
    public Reductions.ValuesIndices min(int dim, boolean keepdim) { return Reductions.min(this, dim, keepdim); }
    /** Index of the largest element of the flattened tensor. */
    public Tensor argmax() { return Reductions.argmax(this, null, false); }
    public Tensor argmax(int dim, boolean keepdim) { return Reductions.argmax(this, dim, keepdim); }
    public Tensor argmin() { return Reductions.argmin(this, null, false); }
    public Tensor argmin(int dim, boolean keepdim) { return Reductions.argmin(this, dim, keepdim); }
    public Tensor logsumexp(int dim, boolean keepdim) { return Reductions.logsumexp(this, new int[] {dim}, keepdim); }
    public Tensor logsumexp(int[] dims, boolean keepdim) { return Reductions.logsumexp(this, dims, keepdim); }
    /** The p-norm of all elements; p is 1, 2 or {@code Double.POSITIVE_INFINITY} (or any p > 0). */
    public Tensor norm(double p) { return Reductions.norm(this, p, null, false); }
    public Tensor norm() { return norm(2); }
    public Tensor norm(double p, int[] dims, boolean keepdim) { return Reductions.norm(this, p, dims, keepdim); }
    public Tensor cumsum(int dim) { return Reductions.cumsum(this, dim); }
    public Tensor cumprod(int dim) { return Reductions.cumprod(this, dim); }
    public Tensor all() { return Reductions.all(this, null, false); }
    public Tensor all(int dim, boolean keepdim) { return Reductions.all(this, new int[] {dim}, keepdim); }
    public Tensor any() { return Reductions.any(this, null, false); }
    public Tensor any(int dim, boolean keepdim) { return Reductions.any(this, new int[] {dim}, keepdim); }

    // ================================================================ linear algebra

    public Tensor matmul(Tensor o) { return Linalg.matmul(this, o); }
    public Tensor mm(Tensor o) { return Linalg.mm(this, o); }
    public Tensor bmm(Tensor o) { return Linalg.bmm(this, o); }
    public Tensor mv(Tensor v) { return Linalg.mv(this, v); }
    public Tensor dot(Tensor o) { return Linalg.dot(this, o); }
    public Tensor outer(Tensor o) { return Linalg.outer(this, o); }

    // ================================================================ sorting and einsum

    /**
     * Sorts along {@code dim}, stably (equal elements keep their order); NaN sorts as the largest
     * value. Returns the sorted values (differentiable) and their int64 positions.
     */
    public Reductions.ValuesIndices sort(int dim, boolean descending) { return dev.dendrite.ops.Sorting.sort(this, dim, descending); }
    /** Ascending sort along the last dim. */
    public Reductions.ValuesIndices sort() { return sort(-1, false); }
    /** The int64 positions that sort this tensor along {@code dim} (stable). */
    public Tensor argsort(int dim, boolean descending) { return dev.dendrite.ops.Sorting.argsort(this, dim, descending); }
    public Tensor argsort() { return argsort(-1, false); }
    /** The {@code k} largest (or smallest) elements along {@code dim} and their int64 positions, largest first. */
    public Reductions.ValuesIndices topk(int k, int dim, boolean largest, boolean sorted) {
        return dev.dendrite.ops.Sorting.topk(this, k, dim, largest, sorted);
    }
    /** The {@code k} largest elements along the last dim. */
    public Reductions.ValuesIndices topk(int k) { return topk(k, -1, true, true); }
    /** The distinct elements of the flattened tensor, with inverse indices and counts when asked (else null). */
    public dev.dendrite.ops.Sorting.Unique unique(boolean sorted, boolean returnInverse, boolean returnCounts) {
        return dev.dendrite.ops.Sorting.unique(this, sorted, returnInverse, returnCounts);
    }
    /** The distinct elements of the flattened tensor, in ascending order. */
    public Tensor unique() { return unique(true, false, false).values(); }

    /** Einstein summation, as torch.einsum: {@code Tensor.einsum("bij,bjk->bik", a, b)}. */
    public static Tensor einsum(String equation, Tensor... operands) { return dev.dendrite.ops.Einsum.einsum(equation, operands); }

    // ================================================================ indexing and joining

    /** The slices along {@code dim} picked by the 1-D int64/int32 {@code index} (torch.index_select; no negative indices). */
    public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }
    /** This tensor plus {@code source}'s slices added at the positions along dim named by {@code index} (torch.index_add). */
    public Tensor indexAdd(int dim, Tensor index, Tensor source) { return Indexing.indexAdd(this, dim, index, source); }
    /** {@code out[i][j] = this[i][index[i][j]]} for dim 1, and likewise for other dims (torch.gather). */
    public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }
    /** A copy with {@code src}'s elements written at the positions along dim named by {@code index} (torch.scatter). */
    public Tensor scatter(int dim, Tensor index, Tensor src) { return Indexing.scatter(this, dim, index, src); }
    /** A copy with {@code value} written at the positions along dim named by {@code index}. */
    public Tensor scatter(int dim, Tensor index, double value) { return Indexing.scatter(this, dim, index, value); }
    /** A copy with {@code src} added at the positions along dim named by {@code index}; duplicates add up (torch.scatter_add). */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Indexing.scatterAdd(this, dim, index, src); }
    /** Advanced indexing on the leading dims, {@code x[i0, i1, ...]} with broadcast integer index tensors (negatives count from the end). */
    public Tensor index(Tensor... indices) { return Indexing.index(this, indices); }
    /** {@code value} where the bool {@code mask} holds, this tensor elsewhere (broadcasting both). */
    public Tensor maskedFill(Tensor mask, double value) { return Indexing.maskedFill(this, mask, value); }
    /** As {@link #maskedFill(Tensor, double)} with a 0-dim tensor value (differentiable in it). */
    public Tensor maskedFill(Tensor mask, Tensor value) { return Indexing.maskedFill(this, mask, value); }
    /** The elements where the bool {@code mask} holds, as a 1-D tensor. */
    public Tensor maskedSelect(Tensor mask) { return Indexing.maskedSelect(this, mask); }
    /** Values along {@code dim} at {@code indices}, broadcasting outside dim (torch.take_along_dim). */
    public Tensor takeAlongDim(Tensor indices, int dim) { return Indexing.takeAlongDim(this, indices, dim); }
    /** {@code flatten()[indices.flatten()]}. */
    public Tensor takeAlongDim(Tensor indices) { return Indexing.takeAlongDim(this, indices); }
    /** int64 one-hot encoding of shape {@code labels.shape + [numClasses]}; numClasses -1 infers it (F.one_hot). */
    public static Tensor oneHot(Tensor labels, int numClasses) { return Indexing.oneHot(labels, numClasses); }

    /** Concatenates along an existing dim; the other dims must match. */
    public static Tensor cat(Tensor[] tensors, int dim) { return Joins.cat(tensors, dim); }
    /** Joins equally shaped tensors along a new dim. */
    public static Tensor stack(Tensor[] tensors, int dim) { return Joins.stack(tensors, dim); }
    /** Views of pieces of {@code splitSize} along dim (the last may be shorter). */
    public Tensor[] split(int splitSize, int dim) { return Joins.split(this, splitSize, dim); }
    /** Views of pieces with the given sizes along dim (they must add up to the dim's size). */
    public Tensor[] split(int[] sizes, int dim) { return Joins.split(this, sizes, dim); }
    /** At most {@code chunks} views of equal size (the last may be smaller) along dim. */
    public Tensor[] chunk(int chunks, int dim) { return Joins.chunk(this, chunks, dim); }
    /** The slices along dim, each without that dim. */
    public Tensor[] unbind(int dim) { return Joins.unbind(this, dim); }
    /** Tiles {@code repeats[i]} times along each dim (extra repeats add leading dims); a copy. */
    public Tensor repeat(int... repeats) { return Joins.repeat(this, repeats); }
    /** As repeat, with fewer reps than dims padded by leading 1s (torch.tile). */
    public Tensor tile(int... reps) { return Joins.tile(this, reps); }
    /** Pads the last dims ({@code pad} = (left, right) pairs from the last dim on), as F.pad. */
    public Tensor pad(int[] pad, PadMode mode, double value) { return Joins.pad(this, pad, mode, value); }
    public Tensor pad(int[] pad, PadMode mode) { return Joins.pad(this, pad, mode, 0); }
    /** Zero padding (constant mode). */
    public Tensor pad(int... pad) { return Joins.pad(this, pad, PadMode.CONSTANT, 0); }
    /** Reverses the order of elements along the given dims (a copy). */
    public Tensor flip(int... dims) { return Joins.flip(this, dims); }
    /** Rotates elements along {@code dim} by {@code shift} positions (torch.roll). */
    public Tensor roll(int shift, int dim) { return Joins.roll(this, new int[] {shift}, new int[] {dim}); }
    /** Rolls along several dims; with no dims, rolls the flattened tensor by the single shift. */
    public Tensor roll(int[] shifts, int[] dims) { return Joins.roll(this, shifts, dims); }

    // ===== activations

    /** {@code exp(x) / sum(exp(x))} along {@code dim}, computed stably (see Activations.softmax). */
    public Tensor softmax(int dim) { return dev.dendrite.functional.Activations.softmax(this, dim); }
    /** {@code x - logsumexp(x)} along {@code dim}, computed stably. */
    public Tensor logSoftmax(int dim) { return dev.dendrite.functional.Activations.logSoftmax(this, dim); }

    // ================================================================ printing

    @Override
    public String toString() { return TensorFormatter.format(this); }
}
