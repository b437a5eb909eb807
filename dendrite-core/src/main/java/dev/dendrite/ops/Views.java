package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.tensor.Shapes;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Ops that re-describe a tensor's layout without copying (reshape copies only when the strides
 * cannot express the new shape), each with its derivative.
 */
public final class Views {
    private Views() {}

    private static Tensor viewOf(Tensor base, int[] shape, int[] strides, int offset) {
        return Tensor.wrap(base.storage(), shape, strides, offset);
    }

    /** Records a view whose gradient is the incoming gradient reshaped back to the input's shape. */
    private static Tensor recordReshapeLike(String name, Tensor out, Tensor in) {
        if (Autograd.needsGrad(in)) {
            int[] inShape = in.shape();
            Autograd.record(name, out, in, g -> new Tensor[] {g.reshape(inShape)});
        }
        return out;
    }

    // ================================================================ reshape family

    /** Resolves one -1 entry and checks the element count. */
    static int[] inferShape(String op, int[] requested, int numel, int[] from) {
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dim can be -1, got " + Arrays.toString(requested));
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + shape[i] + " in " + Arrays.toString(requested));
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(requested) + " is invalid for input "
                        + Arrays.toString(from) + " of " + numel + " elements");
            }
            shape[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(requested) + " is invalid for input "
                    + Arrays.toString(from) + " of " + numel + " elements");
        }
        return shape;
    }

    /**
     * Strides that let the existing layout be read as {@code newShape}, or null if no such strides
     * exist. Old dims are taken in chunks that are contiguous with each other; each chunk must map
     * onto whole new dims.
     */
    static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
        int[] newStrides = new int[newShape.length];
        if (Shapes.numel(oldShape) == 0 || oldShape.length == 0) return Shapes.contiguousStrides(newShape);
        int viewD = newShape.length - 1;
        long chunkBase = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = oldShape.length - 1; d >= 0; d--) {
            tensorNumel *= oldShape[d];
            if (d == 0 || (oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = oldStrides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    /** A view with a new shape; fails if the layout cannot be viewed that way (use reshape). */
    public static Tensor view(Tensor t, int... shape) {
        int[] target = inferShape("view", shape, t.numel(), t.shape());
        int[] strides = viewStrides(t.shape(), t.strides(), target);
        if (strides == null) {
            throw new IllegalArgumentException("view: shape " + Arrays.toString(target) + " is incompatible with the "
                    + "strides " + Arrays.toString(t.strides()) + " of input " + Arrays.toString(t.shape())
                    + " (at least one dim spans non-contiguous memory); use reshape() instead");
        }
        return recordReshapeLike("view", viewOf(t, target, strides, t.storageOffset()), t);
    }

    /** A view when the strides allow, otherwise a contiguous copy with the new shape. */
    public static Tensor reshape(Tensor t, int... shape) {
        int[] target = inferShape("reshape", shape, t.numel(), t.shape());
        if (Arrays.equals(target, t.shape())) return t;
        int[] strides = viewStrides(t.shape(), t.strides(), target);
        if (strides != null) return recordReshapeLike("reshape", viewOf(t, target, strides, t.storageOffset()), t);
        return view(clone(t), target);
    }

    public static Tensor flatten(Tensor t, int startDim, int endDim) {
        if (t.dim() == 0) return reshape(t, 1);
        int s = Shapes.wrapDim("flatten", startDim, t.dim()), e = Shapes.wrapDim("flatten", endDim, t.dim());
        if (s > e) throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim);
        int[] shape = t.shape();
        int[] out = new int[shape.length - (e - s)];
        int k = 0, merged = 1;
        for (int i = 0; i < shape.length; i++) {
            if (i < s || i > e) out[k++] = shape[i];
            else {
                merged *= shape[i];
                if (i == e) out[k++] = merged;
            }
        }
        return reshape(t, out);
    }

    public static Tensor unflatten(Tensor t, int dim, int... sizes) {
        int d = Shapes.wrapDim("unflatten", dim, t.dim());
        int[] shape = t.shape();
        int[] resolved = inferShape("unflatten", sizes, shape[d], new int[] {shape[d]});
        int[] out = new int[shape.length - 1 + resolved.length];
        System.arraycopy(shape, 0, out, 0, d);
        System.arraycopy(resolved, 0, out, d, resolved.length);
        System.arraycopy(shape, d + 1, out, d + resolved.length, shape.length - d - 1);
        return reshape(t, out);
    }

    public static Tensor squeeze(Tensor t) {
        int[] shape = t.shape(), strides = t.strides();
        int n = 0;
        for (int s : shape) if (s != 1) n++;
        if (n == shape.length) return t;
        int[] ns = new int[n], nst = new int[n];
        for (int i = 0, k = 0; i < shape.length; i++) {
            if (shape[i] != 1) {
                ns[k] = shape[i];
                nst[k++] = strides[i];
            }
        }
        return recordReshapeLike("squeeze", viewOf(t, ns, nst, t.storageOffset()), t);
    }

    public static Tensor squeeze(Tensor t, int dim) {
        if (t.dim() == 0) return t;
        int d = Shapes.wrapDim("squeeze", dim, t.dim());
        if (t.size(d) != 1) return t;
        return recordReshapeLike("squeeze", viewOf(t, remove(t.shape(), d), remove(t.strides(), d), t.storageOffset()), t);
    }

    public static Tensor unsqueeze(Tensor t, int dim) {
        int d = Shapes.wrapDim("unsqueeze", dim, t.dim() + 1);
        int[] shape = t.shape(), strides = t.strides();
        int stride = d < shape.length ? shape[d] * strides[d] : 1;
        return recordReshapeLike("unsqueeze", viewOf(t, insert(shape, d, 1), insert(strides, d, stride), t.storageOffset()), t);
    }

    private static int[] remove(int[] a, int i) {
        int[] out = new int[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    private static int[] insert(int[] a, int i, int v) {
        int[] out = new int[a.length + 1];
        System.arraycopy(a, 0, out, 0, i);
        out[i] = v;
        System.arraycopy(a, i, out, i + 1, a.length - i);
        return out;
    }

    // ================================================================ permutations

    public static Tensor permute(Tensor t, int... dims) {
        int n = t.dim();
        if (dims.length != n) {
            throw new IllegalArgumentException("permute: expected " + n + " dims for shape " + Arrays.toString(t.shape())
                    + ", got " + Arrays.toString(dims));
        }
        int[] shape = t.shape(), strides = t.strides();
        int[] ns = new int[n], nst = new int[n], inverse = new int[n];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int d = Shapes.wrapDim("permute", dims[i], n);
            if (seen[d]) throw new IllegalArgumentException("permute: dim " + d + " repeats in " + Arrays.toString(dims));
            seen[d] = true;
            ns[i] = shape[d];
            nst[i] = strides[d];
            inverse[d] = i;
        }
        Tensor out = viewOf(t, ns, nst, t.storageOffset());
        if (Autograd.needsGrad(t)) Autograd.record("permute", out, t, g -> new Tensor[] {g.permute(inverse)});
        return out;
    }

    public static Tensor transpose(Tensor t, int dim0, int dim1) {
        int n = t.dim();
        if (n == 0) return t;
        int a = Shapes.wrapDim("transpose", dim0, n), b = Shapes.wrapDim("transpose", dim1, n);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        perm[a] = b;
        perm[b] = a;
        return permute(t, perm);
    }

    public static Tensor t(Tensor t) {
        if (t.dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor with at most 2 dims, got shape " + Arrays.toString(t.shape())
                    + "; use transpose(dim0, dim1) or mT()");
        }
        return t.dim() < 2 ? t : transpose(t, 0, 1);
    }

    // ================================================================ expand

    public static Tensor expand(Tensor t, int... shape) {
        int[] in = t.shape();
        if (shape.length < in.length) {
            throw new IllegalArgumentException("expand: the target shape " + Arrays.toString(shape) + " has fewer dims than "
                    + Arrays.toString(in));
        }
        int[] target = shape.clone();
        int lead = shape.length - in.length;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (i < lead) throw new IllegalArgumentException("expand: -1 is not allowed for a new leading dim");
                target[i] = in[i - lead];
            }
        }
        int[] strides = Shapes.broadcastStrides("expand", in, t.strides(), target);
        if (Arrays.equals(target, in)) return t;
        Tensor out = viewOf(t, target, strides, t.storageOffset());
        if (Autograd.needsGrad(t)) Autograd.record("expand", out, t, g -> new Tensor[] {sumToShape(g, in)});
        return out;
    }

    /** Sums a broadcast gradient back down to {@code shape} (the derivative of broadcasting). */
    public static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        int[] dims = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) dims[n++] = i;
        }
        Tensor s = n == 0 ? g : g.sum(Arrays.copyOf(dims, n), true);
        return s.reshape(shape);
    }

    // ================================================================ slicing

    /**
     * The gradient of a view-slice: zeros of the input's shape with {@code g} written into the
     * region that {@code region} selects. Differentiable in {@code g}.
     */
    static Tensor embed(String name, Tensor g, int[] inputShape, UnaryOperator<Tensor> region) {
        Tensor z = Tensor.zeros(g.dtype(), inputShape);
        region.apply(z).copy_(g.detach());
        if (Autograd.needsGrad(g)) Autograd.record(name + "Backward", z, g, gg -> new Tensor[] {region.apply(gg)});
        return z;
    }

    public static Tensor narrow(Tensor t, int dim, int start, int length) {
        int d = Shapes.wrapDim("narrow", dim, t.dim());
        int size = t.size(d);
        int s = start < 0 ? start + size : start;
        if (s < 0 || length < 0 || s + length > size) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + length + " do not fit dim " + d
                    + " of size " + size);
        }
        int[] shape = t.shape();
        shape[d] = length;
        Tensor out = viewOf(t, shape, t.strides(), t.storageOffset() + s * t.stride(d));
        if (Autograd.needsGrad(t)) {
            int[] in = t.shape();
            Autograd.record("narrow", out, t, g -> new Tensor[] {embed("narrow", g, in, z -> z.narrow(d, s, length))});
        }
        return out;
    }

    public static Tensor select(Tensor t, int dim, int index) {
        int d = Shapes.wrapDim("select", dim, t.dim());
        int size = t.size(d);
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of bounds for dim " + d + " with size " + size);
        }
        Tensor out = viewOf(t, remove(t.shape(), d), remove(t.strides(), d), t.storageOffset() + i * t.stride(d));
        if (Autograd.needsGrad(t)) {
            int[] in = t.shape();
            Autograd.record("select", out, t, g -> new Tensor[] {embed("select", g, in, z -> z.select(d, i))});
        }
        return out;
    }

    /** Python slicing {@code start:end:step} on one dim; out-of-range bounds are clamped as in Python. */
    public static Tensor slice(Tensor t, int dim, int start, int end, int step) {
        int d = Shapes.wrapDim("slice", dim, t.dim());
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int size = t.size(d);
        int s = clampIndex(start, size), e = clampIndex(end, size);
        int length = e > s ? (e - s + step - 1) / step : 0;
        int[] shape = t.shape(), strides = t.strides();
        shape[d] = length;
        int offset = t.storageOffset() + (length > 0 ? s * strides[d] : 0);
        strides[d] *= step;
        Tensor out = viewOf(t, shape, strides, offset);
        if (Autograd.needsGrad(t)) {
            int[] in = t.shape();
            Autograd.record("slice", out, t, g -> new Tensor[] {embed("slice", g, in, z -> z.slice(d, s, e, step))});
        }
        return out;
    }

    private static int clampIndex(int i, int size) {
        if (i < 0) i += size;
        return Math.max(0, Math.min(size, i));
    }

    /** A contiguous copy that shares nothing; the gradient passes through unchanged. */
    public static Tensor clone(Tensor t) {
        Tensor out = t.contiguousCopy();
        if (Autograd.needsGrad(t)) Autograd.record("clone", out, t, g -> new Tensor[] {g});
        return out;
    }
}
