package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.Kernels;
import dev.dendrite.kernels.ReduceOp;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Shapes;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Reductions over all or some dims, with keepdim. The kernel-level ones (sum, prod, max, min,
 * arg-max/min, all, any) carry their own derivatives; mean, var, std, logsumexp and norm are
 * compositions whose derivatives follow from their parts.
 */
public final class Reductions {
    private Reductions() {}

    /** Values and their int64 indices, as returned by {@code max(dim)} and {@code min(dim)}. */
    public record ValuesIndices(Tensor values, Tensor indices) {}

    /** The sorted, de-duplicated, non-negative dims to reduce; null or empty means all of them. */
    static int[] normalizeDims(String op, int[] dims, int rank) {
        if (dims == null || dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int d : dims) {
            int w = Shapes.wrapDim(op, d, rank);
            if (seen[w]) throw new IllegalArgumentException(op + ": dim " + w + " appears more than once in " + Arrays.toString(dims));
            seen[w] = true;
        }
        int n = 0;
        int[] out = new int[dims.length];
        for (int i = 0; i < seen.length; i++) if (seen[i] && i < rank) out[n++] = i;
        return Arrays.copyOf(out, n);
    }

    static int[] reducedShape(int[] shape, int[] dims, boolean keepdim) {
        boolean[] r = new boolean[shape.length];
        for (int d : dims) r[d] = true;
        int[] out = new int[keepdim ? shape.length : shape.length - dims.length];
        for (int i = 0, k = 0; i < shape.length; i++) {
            if (!r[i]) out[k++] = shape[i];
            else if (keepdim) out[k++] = 1;
        }
        return out;
    }

    /**
     * Runs a kernel reduction. {@code dims} must be normalized. The input is arranged as
     * {@code [outer, r, inner]}: directly when it is contiguous and the reduced dims are adjacent,
     * otherwise by moving the reduced dims last and copying.
     */
    static Tensor reduceKernel(ReduceOp op, Tensor x, int[] dims, boolean keepdim, Dtype outDtype) {
        int[] shape = x.shape();
        int[] outShape = reducedShape(shape, dims, keepdim);
        Tensor out = Tensor.empty(outDtype, outShape);
        boolean adjacent = dims.length == 0 || dims[dims.length - 1] - dims[0] == dims.length - 1;
        Tensor src = x;
        int outer = 1, r = 1, inner = 1;
        if (adjacent && x.isContiguous()) {
            for (int i = 0; i < shape.length; i++) {
                if (dims.length > 0 && i < dims[0]) outer *= shape[i];
                else if (dims.length > 0 && i <= dims[dims.length - 1]) r *= shape[i];
                else inner *= shape[i];
            }
            if (dims.length == 0) { outer = 1; inner = Shapes.numel(shape); }
        } else {
            int[] perm = new int[shape.length];
            boolean[] red = new boolean[shape.length];
            for (int d : dims) red[d] = true;
            int k = 0;
            for (int i = 0; i < shape.length; i++) if (!red[i]) { perm[k++] = i; outer *= shape[i]; }
            for (int d : dims) { perm[k++] = d; r *= shape[d]; }
            src = x.detach().permute(perm).contiguous();
        }
        Kernels.backend().reduce(op, src.storage(), src.storageOffset(), outer, r, inner, out.storage(), 0);
        return out;
    }

    /** Reshapes a reduced gradient to keepdim form and broadcasts it over the input's shape. */
    static Tensor expandBack(Tensor g, int[] inShape, int[] dims, boolean keepdim) {
        Tensor k = keepdim ? g : g.reshape(reducedShape(inShape, dims, true));
        return k.expand(inShape);
    }

    // ================================================================ sum, mean, prod

    public static Tensor sum(Tensor x, int[] dimsOrNull, boolean keepdim) {
        int[] dims = normalizeDims("sum", dimsOrNull, x.dim());
        Dtype dt = x.dtype();
        Dtype outType = dt.isFloatingPoint() ? dt : Dtype.INT64;   // integer sums widen, as in torch
        Tensor in = dt.isHalf() ? Elementwise.castData(x, Dtype.FLOAT32) : (dt == outType ? x : Elementwise.castData(x, outType));
        Tensor out = reduceKernel(ReduceOp.SUM, in, dims, keepdim, in.dtype());
        if (dt.isHalf()) out = Elementwise.castData(out, dt);
        if (Autograd.needsGrad(x)) {
            int[] inShape = x.shape();
            Autograd.record("sum", out, x, g -> new Tensor[] {expandBack(g, inShape, dims, keepdim)});
        }
        return out;
    }

    public static Tensor mean(Tensor x, int[] dimsOrNull, boolean keepdim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean: needs a floating-point input, got " + x.dtype().torchName()
                    + "; convert with to(Dtype.FLOAT32) first");
        }
        int[] dims = normalizeDims("mean", dimsOrNull, x.dim());
        long n = countOf(x.shape(), dims);
        return sum(x, dims, keepdim).div((double) n);
    }

    private static long countOf(int[] shape, int[] dims) {
        long n = 1;
        for (int d : dims) n *= shape[d];
        return n;
    }

    /** Variance with {@code unbiased} dividing by N-1 (the correction), as torch.var. */
    public static Tensor var(Tensor x, int[] dimsOrNull, boolean unbiased, boolean keepdim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("var/std: needs a floating-point input, got " + x.dtype().torchName()
                    + "; convert with to(Dtype.FLOAT32) first");
        }
        int[] dims = normalizeDims("var", dimsOrNull, x.dim());
        long n = countOf(x.shape(), dims);
        Tensor centered = x.sub(mean(x, dims, true));
        return sum(centered.square(), dims, keepdim).div(Math.max(0, n - (unbiased ? 1 : 0)));
    }

    public static Tensor std(Tensor x, int[] dimsOrNull, boolean unbiased, boolean keepdim) {
        return var(x, dimsOrNull, unbiased, keepdim).sqrt();
    }

    public static Tensor prod(Tensor x, int[] dimsOrNull, boolean keepdim) {
        int[] dims = normalizeDims("prod", dimsOrNull, x.dim());
        Dtype dt = x.dtype();
        Dtype outType = dt.isFloatingPoint() ? dt.computeType() : Dtype.INT64;
        Tensor in = dt == outType ? x : Elementwise.castData(x, outType);
        Tensor out = reduceKernel(ReduceOp.PROD, in, dims, keepdim, outType);
        if (dt.isHalf()) out = Elementwise.castData(out, dt);
        if (Autograd.needsGrad(x)) {
            int[] inShape = x.shape();
            Tensor result = out;
            Autograd.record("prod", out, x, g -> {
                Tensor gx = expandBack(g, inShape, dims, keepdim);
                Tensor px = expandBack(result, inShape, dims, keepdim);
                if (x.eq(0).any().item() == 0) return new Tensor[] {gx.mul(px).div(x)};
                // with zeros present, divide-out fails: take the product of the other elements directly
                return new Tensor[] {gx.mul(productOfOthers(x, dims))};
            });
        }
        return out;
    }

    /** For each element, the product of the other elements of its reduction group (exact with zeros). */
    private static Tensor productOfOthers(Tensor x, int[] dims) {
        int[] shape = x.shape();
        int[] perm = new int[shape.length];
        boolean[] red = new boolean[shape.length];
        for (int d : dims) red[d] = true;
        int k = 0, outer = 1, r = 1;
        for (int i = 0; i < shape.length; i++) if (!red[i]) { perm[k++] = i; outer *= shape[i]; }
        for (int d : dims) { perm[k++] = d; r *= shape[d]; }
        double[] v = x.detach().permute(perm).contiguous().toDoubleArray();
        double[] res = new double[v.length];
        for (int o = 0; o < outer; o++) {
            double left = 1;
            for (int i = 0; i < r; i++) { res[o * r + i] = left; left *= v[o * r + i]; }
            double right = 1;
            for (int i = r - 1; i >= 0; i--) { res[o * r + i] *= right; right *= v[o * r + i]; }
        }
        int[] permShape = new int[shape.length];
        int[] inverse = new int[shape.length];
        for (int i = 0; i < perm.length; i++) { permShape[i] = shape[perm[i]]; inverse[perm[i]] = i; }
        return Tensor.of(res, permShape).permute(inverse).to(x.dtype());
    }

    // ================================================================ max, min, arg

    /** The largest element; the gradient is shared evenly among elements equal to it. */
    public static Tensor max(Tensor x) { return extreme(x, true); }

    public static Tensor min(Tensor x) { return extreme(x, false); }

    private static Tensor extreme(Tensor x, boolean max) {
        String name = max ? "max" : "min";
        if (x.numel() == 0) throw new IllegalArgumentException(name + ": the input is empty; specify a dim or pass a non-empty tensor");
        int[] dims = normalizeDims(name, null, x.dim());
        Dtype dt = x.dtype();
        Tensor in = dt.isHalf() ? Elementwise.castData(x, Dtype.FLOAT32) : dt == Dtype.BOOL ? Elementwise.castData(x, Dtype.INT64) : x;
        Tensor out = reduceKernel(max ? ReduceOp.MAX : ReduceOp.MIN, in, dims, false, in.dtype());
        if (in.dtype() != dt) out = Elementwise.castData(out, dt);
        if (Autograd.needsGrad(x)) {
            Tensor result = out;
            Autograd.record(name, out, x, g -> {
                Tensor mask = x.eq(result).to(g.dtype());
                return new Tensor[] {mask.mul(g).div(mask.sum())};
            });
        }
        return out;
    }

    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) { return extremeAlong(x, dim, keepdim, true); }

    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) { return extremeAlong(x, dim, keepdim, false); }

    private static ValuesIndices extremeAlong(Tensor x, int dim, boolean keepdim, boolean max) {
        String name = max ? "max" : "min";
        int d = Shapes.wrapDim(name, dim, x.dim());
        if (x.dim() > 0 && x.size(d) == 0) throw new IllegalArgumentException(name + ": cannot reduce dim " + d + " of size 0");
        if (x.dim() == 0) return new ValuesIndices(Views.clone(x), Tensor.scalar(0, Dtype.INT64));
        Tensor indices = reduceKernel(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, x.detach(), new int[] {d}, true, Dtype.INT64);
        // gather carries the derivative: the gradient goes to the chosen position (scatter-add)
        Tensor values = Indexing.gather(x, d, indices);
        if (!keepdim) {
            indices = indices.squeeze(d);
            values = values.squeeze(d);
        }
        return new ValuesIndices(values, indices);
    }

    private static int[] moveLast(int rank, int dim) {
        int[] perm = new int[rank];
        for (int i = 0, k = 0; i < rank; i++) if (i != dim) perm[k++] = i;
        perm[rank - 1] = dim;
        return perm;
    }

    public static Tensor argmax(Tensor x, Integer dim, boolean keepdim) { return arg(x, dim, keepdim, true); }

    public static Tensor argmin(Tensor x, Integer dim, boolean keepdim) { return arg(x, dim, keepdim, false); }

    private static Tensor arg(Tensor x, Integer dim, boolean keepdim, boolean max) {
        ReduceOp op = max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN;
        String name = max ? "argmax" : "argmin";
        if (dim == null) {
            if (x.numel() == 0) throw new IllegalArgumentException(name + ": the input is empty");
            Tensor flat = x.detach().reshape(-1);
            return reduceKernel(op, flat, new int[] {0}, false, Dtype.INT64);
        }
        int d = Shapes.wrapDim(name, dim, x.dim());
        // only the reduced dim must be non-empty: [0, 3].argmax(1) is an empty result, as in torch
        if (x.dim() > 0 && x.size(d) == 0) throw new IllegalArgumentException(name + ": cannot reduce dim " + d + " of size 0");
        return reduceKernel(op, x.detach(), x.dim() == 0 ? new int[0] : new int[] {d}, keepdim, Dtype.INT64);
    }

    public static Tensor all(Tensor x, int[] dimsOrNull, boolean keepdim) {
        return reduceKernel(ReduceOp.ALL, x.detach(), normalizeDims("all", dimsOrNull, x.dim()), keepdim, Dtype.BOOL);
    }

    public static Tensor any(Tensor x, int[] dimsOrNull, boolean keepdim) {
        return reduceKernel(ReduceOp.ANY, x.detach(), normalizeDims("any", dimsOrNull, x.dim()), keepdim, Dtype.BOOL);
    }

    // ================================================================ compositions

    /** {@code log(sum(exp(x)))} computed stably by shifting by the (detached) maximum. */
    public static Tensor logsumexp(Tensor x, int[] dimsOrNull, boolean keepdim) {
        int[] dims = normalizeDims("logsumexp", dimsOrNull, x.dim());
        Tensor m = reduceKernel(ReduceOp.MAX, x.detach().to(x.dtype().computeType()), dims, true, x.dtype().computeType());
        // an all -inf (or +inf) group would give inf - inf; shift such groups by 0 instead
        m = Tensor.where(m.isinf(), Tensor.zerosLike(m), m);
        Tensor s = sum(x.sub(m).exp(), dims, true).log().add(m);
        return keepdim ? s : s.reshape(reducedShape(x.shape(), dims, false));
    }

    /** The p-norm over the given dims (all when null). */
    public static Tensor norm(Tensor x, double p, int[] dimsOrNull, boolean keepdim) {
        int[] dims = normalizeDims("norm", dimsOrNull, x.dim());
        if (p == 2) {
            Tensor out = sum(x.detach().square(), dims, keepdim).sqrt();
            if (Autograd.needsGrad(x)) {
                int[] inShape = x.shape();
                Autograd.record("norm", out, x, g -> {
                    // x / ||x||, with 0 where the norm is 0 (the subgradient PyTorch picks)
                    Tensor n = expandBack(out, inShape, dims, keepdim);
                    Tensor safe = Tensor.where(n.eq(0), Tensor.onesLike(n), n);
                    return new Tensor[] {expandBack(g, inShape, dims, keepdim).mul(x).div(safe)};
                });
            }
            return out;
        }
        if (p == 1) return sum(x.abs(), dims, keepdim);
        if (p == Double.POSITIVE_INFINITY) {
            Tensor a = x.abs();
            if (dims.length == x.dim()) {
                Tensor m = max(a);
                return keepdim ? m.reshape(reducedShape(x.shape(), dims, true)) : m;
            }
            if (dims.length == 1) return max(a, dims[0], keepdim).values();
            throw new IllegalArgumentException("norm: the inf-norm over several (but not all) dims is not supported; "
                    + "flatten those dims first");
        }
        if (!(p > 0)) throw new IllegalArgumentException("norm: p must be positive, got " + p);
        return sum(x.abs().pow(p), dims, keepdim).pow(1 / p);
    }

    // ================================================================ scans

    public static Tensor cumsum(Tensor x, int dim) { return scan(x, dim, true); }

    public static Tensor cumprod(Tensor x, int dim) { return scan(x, dim, false); }

    private static Tensor scan(Tensor x, int dim, boolean sum) {
        String name = sum ? "cumsum" : "cumprod";
        if (x.dim() == 0) return sum ? x.add(0.0) : x.mul(1.0);
        int d = Shapes.wrapDim(name, dim, x.dim());
        Dtype dt = x.dtype();
        Dtype outType = dt.isFloatingPoint() ? dt.computeType() : Dtype.INT64;
        Tensor in = (dt == outType ? x.detach() : Elementwise.castData(x, outType)).contiguous();
        int[] shape = in.shape();
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        Tensor out = Tensor.empty(outType, shape);
        Kernels.backend().scan(sum ? ReduceOp.SUM : ReduceOp.PROD, in.storage(), in.storageOffset(), outer, shape[d],
                inner, out.storage(), 0);
        if (dt.isHalf()) out = Elementwise.castData(out, dt);
        if (Autograd.needsGrad(x)) {
            Tensor result = out;
            Autograd.record(name, out, x, g -> {
                if (sum) return new Tensor[] {reverseCumsum(g, d)};
                if (x.eq(0).any().item() == 0) return new Tensor[] {reverseCumsum(g.mul(result), d).div(x)};
                return new Tensor[] {cumprodGradWithZeros(x, g, d)};
            });
        }
        return out;
    }

    /** {@code out[i] = sum_{j >= i} g[j]} along dim. */
    private static Tensor reverseCumsum(Tensor g, int dim) {
        return g.sum(dim, true).sub(g.cumsum(dim)).add(g);
    }

    /** d(cumprod)/dx_i = sum_{k >= i} g_k prod_{j <= k, j != i} x_j, evaluated directly (exact with zeros). */
    private static Tensor cumprodGradWithZeros(Tensor x, Tensor g, int dim) {
        int[] perm = moveLast(x.dim(), dim);
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inverse[perm[i]] = i;
        Tensor xp = x.detach().permute(perm).contiguous(), gp = g.detach().permute(perm).contiguous();
        double[] xv = xp.toDoubleArray(), gv = gp.toDoubleArray(), res = new double[xv.length];
        int r = x.size(dim), groups = xv.length / Math.max(r, 1);
        for (int o = 0; o < groups; o++) {
            int base = o * r;
            for (int i = 0; i < r; i++) {
                double before = 1;
                for (int j = 0; j < i; j++) before *= xv[base + j];
                double acc = 0, run = before;
                for (int k = i; k < r; k++) {
                    if (k > i) run *= xv[base + k];
                    acc += gv[base + k] * run;
                }
                res[base + i] = acc;
            }
        }
        return Tensor.of(res, xp.shape()).permute(inverse).to(x.dtype());
    }
}
