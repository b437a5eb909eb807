package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Shapes;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Joining, splitting and re-arranging tensors (PyTorch semantics): cat, stack, split, chunk,
 * unbind, repeat, tile, pad, flip and roll. Each derivative is built from differentiable ops
 * (narrow, cat, indexSelect, flip, roll), so double backward works.
 */
public final class Joins {
    private Joins() {}

    /** Concatenates along an existing dim; all other dims must match. */
    public static Tensor cat(Tensor[] tensors, int dim) {
        if (tensors.length == 0) throw new IllegalArgumentException("cat: expects a non-empty list of tensors");
        Tensor first = tensors[0];
        int d = Shapes.wrapDim("cat", dim, first.dim());
        int[] shape = first.shape();
        Dtype dt = first.dtype();
        int total = 0;
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t.dim() != first.dim()) {
                throw new IllegalArgumentException("cat: tensor " + i + " has shape " + Arrays.toString(t.shape())
                        + " but tensor 0 has " + Arrays.toString(shape) + " (ranks differ)");
            }
            for (int k = 0; k < shape.length; k++) {
                if (k != d && t.size(k) != shape[k]) {
                    throw new IllegalArgumentException("cat: sizes must match except in dim " + d + ", but tensor " + i
                            + " has shape " + Arrays.toString(t.shape()) + " and tensor 0 has " + Arrays.toString(shape));
                }
            }
            dt = Dtype.promote(dt, t.dtype());
            total += t.size(d);
        }
        shape[d] = total;
        Tensor out = Tensor.empty(dt, shape);
        int[] starts = new int[tensors.length];
        int[] lengths = new int[tensors.length];
        int at = 0;
        for (int i = 0; i < tensors.length; i++) {
            starts[i] = at;
            lengths[i] = tensors[i].size(d);
            out.detach().narrow(d, at, lengths[i]).copy_(tensors[i].detach());
            at += lengths[i];
        }
        if (Autograd.needsGrad(tensors)) {
            Tensor[] inputs = tensors.clone();
            Autograd.record("cat", out, inputs, g -> {
                Tensor[] grads = new Tensor[inputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    if (inputs[i].isRequiresGrad()) grads[i] = g.narrow(d, starts[i], lengths[i]).to(inputs[i].dtype());
                }
                return grads;
            });
        }
        return out;
    }

    // ================================================================ stack

    /** Joins equally shaped tensors along a new dim {@code dim} (which may be the new last one). */
    public static Tensor stack(Tensor[] tensors, int dim) {
        if (tensors.length == 0) throw new IllegalArgumentException("stack: expects a non-empty list of tensors");
        int[] shape = tensors[0].shape();
        for (int i = 1; i < tensors.length; i++) {
            if (!Arrays.equals(tensors[i].shape(), shape)) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got "
                        + Arrays.toString(shape) + " at entry 0 and " + Arrays.toString(tensors[i].shape()) + " at entry " + i);
            }
        }
        int d = Shapes.wrapDim("stack", dim, shape.length + 1);
        Tensor[] parts = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) parts[i] = tensors[i].unsqueeze(d);
        return cat(parts, d);
    }

    // ================================================================ split, chunk, unbind

    private static int splitDim(String op, Tensor x, int dim) {
        if (x.dim() == 0) throw new IllegalArgumentException(op + ": expects a tensor with at least one dim, got a 0-dim tensor");
        return Shapes.wrapDim(op, dim, x.dim());
    }

    /** Views of consecutive pieces of {@code splitSize} along dim (the last one may be shorter). */
    public static Tensor[] split(Tensor x, int splitSize, int dim) {
        int d = splitDim("split", x, dim);
        int size = x.size(d);
        if (splitSize < 0 || (splitSize == 0 && size != 0)) {
            throw new IllegalArgumentException("split: splitSize must be positive, got " + splitSize + " for dim " + d
                    + " of size " + size);
        }
        int n = size == 0 ? 1 : (size + splitSize - 1) / splitSize;
        Tensor[] out = new Tensor[n];
        for (int i = 0; i < n; i++) {
            int start = i * splitSize;
            out[i] = x.narrow(d, start, Math.min(splitSize, size - start));
        }
        return out;
    }

    /** Views of consecutive pieces with the given sizes along dim; the sizes must add up to the dim's size. */
    public static Tensor[] split(Tensor x, int[] sizes, int dim) {
        int d = splitDim("split", x, dim);
        long total = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split: split sizes must be non-negative, got " + Arrays.toString(sizes));
            total += s;
        }
        if (total != x.size(d)) {
            throw new IllegalArgumentException("split: split sizes " + Arrays.toString(sizes) + " add up to " + total
                    + ", not to " + x.size(d) + ", the size of dim " + d);
        }
        Tensor[] out = new Tensor[sizes.length];
        for (int i = 0, at = 0; i < sizes.length; at += sizes[i], i++) out[i] = x.narrow(d, at, sizes[i]);
        return out;
    }

    /**
     * Splits into at most {@code chunks} views of size {@code ceil(size / chunks)} along dim, as
     * torch.chunk (so fewer pieces may come back; an empty dim gives {@code chunks} empty pieces).
     */
    public static Tensor[] chunk(Tensor x, int chunks, int dim) {
        int d = splitDim("chunk", x, dim);
        if (chunks <= 0) throw new IllegalArgumentException("chunk: chunks must be positive, got " + chunks);
        int size = x.size(d);
        if (size == 0) return split(x, new int[chunks], d);
        return split(x, (size + chunks - 1) / chunks, d);
    }

    /** The slices along dim, each without that dim. */
    public static Tensor[] unbind(Tensor x, int dim) {
        int d = splitDim("unbind", x, dim);
        Tensor[] out = new Tensor[x.size(d)];
        for (int i = 0; i < out.length; i++) out[i] = x.select(d, i);
        return out;
    }

    // ================================================================ repeat, tile

    /**
     * Tiles the tensor {@code repeats[i]} times along each dim, as torch's Tensor.repeat: repeats
     * has at least as many entries as the tensor has dims (extra ones add leading dims). Always a
     * copy; the gradient sums over the repeats.
     */
    public static Tensor repeat(Tensor x, int... repeats) {
        if (repeats.length < x.dim()) {
            throw new IllegalArgumentException("repeat: " + repeats.length + " repeats " + Arrays.toString(repeats)
                    + " are fewer than the " + x.dim() + " dims of the tensor " + Arrays.toString(x.shape()));
        }
        for (int r : repeats) {
            if (r < 0) throw new IllegalArgumentException("repeat: repeats must be non-negative, got " + Arrays.toString(repeats));
        }
        int n = repeats.length, lead = n - x.dim();
        int[] shape = x.shape();
        int[] interleaved = new int[2 * n], expanded = new int[2 * n], outShape = new int[n];
        for (int i = 0; i < n; i++) {
            int s = i < lead ? 1 : shape[i - lead];
            interleaved[2 * i] = 1;
            interleaved[2 * i + 1] = s;
            expanded[2 * i] = repeats[i];
            expanded[2 * i + 1] = s;
            outShape[i] = repeats[i] * s;
        }
        Shapes.check("repeat", outShape);
        Tensor out = x.reshape(interleaved).expand(expanded).reshape(outShape);
        return out.storage() == x.storage() ? Views.clone(out) : out;
    }

    /** As torch.tile: like repeat, but fewer reps than dims are padded with leading 1s. */
    public static Tensor tile(Tensor x, int... reps) {
        if (reps.length >= x.dim()) return repeat(x, reps);
        int[] full = new int[x.dim()];
        Arrays.fill(full, 1);
        System.arraycopy(reps, 0, full, x.dim() - reps.length, reps.length);
        return repeat(x, full);
    }

    // ================================================================ pad

    /**
     * Pads the last {@code pad.length / 2} dims, as torch.nn.functional.pad: {@code pad} lists
     * (left, right) pairs starting from the last dim. CONSTANT fills with {@code value} and crops
     * where padding is negative; REFLECT, REPLICATE and CIRCULAR take the border from the input
     * (their gradient adds up at source positions that feed several outputs) and take no value.
     */
    public static Tensor pad(Tensor x, int[] pad, PadMode mode, double value) {
        if (pad.length % 2 != 0) {
            throw new IllegalArgumentException("pad: padding must come in (left, right) pairs, got " + pad.length
                    + " values " + Arrays.toString(pad));
        }
        if (pad.length / 2 > x.dim()) {
            throw new IllegalArgumentException("pad: padding " + Arrays.toString(pad) + " covers " + pad.length / 2
                    + " dims but the input " + Arrays.toString(x.shape()) + " has only " + x.dim());
        }
        if (mode != PadMode.CONSTANT && value != 0) {
            throw new IllegalArgumentException("pad: mode " + mode + " takes no fill value (got " + value
                    + "); only CONSTANT does");
        }
        return mode == PadMode.CONSTANT ? padConstant(x, pad, value) : padFromInput(x, pad, mode);
    }

    private static Tensor padConstant(Tensor x, int[] pad, double value) {
        int rank = x.dim();
        int[] left = new int[rank];
        Tensor src = x;
        int[] outShape = x.shape();
        for (int j = 0; j < pad.length / 2; j++) {
            int d = rank - 1 - j, l = pad[2 * j], r = pad[2 * j + 1], size = x.size(d);
            int cropL = Math.max(0, -l), cropR = Math.max(0, -r);
            if ((long) size + l + r < 0 || cropL + cropR > size) {
                throw new IllegalArgumentException("pad: padding (" + l + ", " + r + ") of dim " + d + " crops more than its size "
                        + size + " (input " + Arrays.toString(x.shape()) + ")");
            }
            if (cropL > 0 || cropR > 0) src = src.narrow(d, cropL, size - cropL - cropR);
            left[d] = Math.max(0, l);
            outShape[d] = size + l + r;
        }
        Shapes.check("pad", outShape);
        int[] inner = src.shape();
        UnaryOperator<Tensor> region = t -> {
            Tensor v = t;
            for (int d = 0; d < rank; d++) if (v.size(d) != inner[d]) v = v.narrow(d, left[d], inner[d]);
            return v;
        };
        Tensor out = Tensor.full(value, x.dtype(), outShape);
        region.apply(out).copy_(src.detach());
        if (Autograd.needsGrad(src)) Autograd.record("pad", out, src, g -> new Tensor[] {region.apply(g)});
        return out;
    }

    private static Tensor padFromInput(Tensor x, int[] pad, PadMode mode) {
        int rank = x.dim();
        Tensor out = x;
        for (int j = 0; j < pad.length / 2; j++) {
            int d = rank - 1 - j, l = pad[2 * j], r = pad[2 * j + 1], size = x.size(d);
            if (l < 0 || r < 0) {
                throw new IllegalArgumentException("pad: negative padding (" + l + ", " + r + ") of dim " + d
                        + " is only allowed in CONSTANT mode, not " + mode);
            }
            if (l == 0 && r == 0) continue;
            boolean ok = switch (mode) {
                case REFLECT -> l < size && r < size;
                case REPLICATE -> size > 0;
                default -> l <= size && r <= size;
            };
            if (!ok) {
                String rule = switch (mode) {
                    case REFLECT -> "must be less than";
                    case REPLICATE -> "needs a non-empty dim, but got";
                    default -> "must not exceed";
                };
                throw new IllegalArgumentException("pad: " + mode + " padding (" + l + ", " + r + ") of dim " + d + " " + rule
                        + " its size " + size + " (input " + Arrays.toString(x.shape()) + ")");
            }
            long[] source = new long[size + l + r];
            for (int i = 0; i < source.length; i++) {
                int p = i - l;
                source[i] = switch (mode) {
                    case REFLECT -> p < 0 ? -p : p >= size ? 2L * (size - 1) - p : p;
                    case REPLICATE -> Math.max(0, Math.min(size - 1, p));
                    default -> Math.floorMod(p, size);
                };
            }
            out = Indexing.indexSelect(out, d, Tensor.of(source));
        }
        return out == x ? Views.clone(x) : out;
    }

    // ================================================================ flip, roll

    /** Reverses the order of elements along the given dims (a copy); flip is its own derivative. */
    public static Tensor flip(Tensor x, int... dims) {
        int rank = x.dim();
        boolean[] flipped = new boolean[Math.max(rank, 1)];
        for (int dim : dims) {
            int d = Shapes.wrapDim("flip", dim, rank);
            if (flipped[d]) throw new IllegalArgumentException("flip: dim " + d + " appears more than once in " + Arrays.toString(dims));
            flipped[d] = true;
        }
        int[] shape = x.shape(), strides = x.strides();
        int offset = x.storageOffset();
        if (x.numel() > 0) {
            for (int d = 0; d < rank; d++) {
                if (flipped[d]) {
                    offset += (shape[d] - 1) * strides[d];
                    strides[d] = -strides[d];
                }
            }
        }
        // a transient view with negative strides; only the copy leaves this method
        Tensor out = Tensor.wrap(x.storage(), shape, strides, offset).contiguousCopy();
        if (Autograd.needsGrad(x)) {
            int[] ds = dims.clone();
            Autograd.record("flip", out, x, g -> new Tensor[] {flip(g, ds)});
        }
        return out;
    }

    /**
     * Rotates elements along dims: element i of dim d moves to {@code (i + shift) mod size}, as
     * torch.roll. With no dims the tensor is rolled as if flattened (one shift). The derivative rolls
     * back by the negated shifts.
     */
    public static Tensor roll(Tensor x, int[] shifts, int[] dims) {
        if (dims.length == 0) {
            if (shifts.length != 1) {
                throw new IllegalArgumentException("roll: without dims, expects exactly one shift, got " + Arrays.toString(shifts));
            }
            return roll(x.reshape(-1), shifts, new int[] {0}).reshape(x.shape());
        }
        if (shifts.length != dims.length) {
            throw new IllegalArgumentException("roll: shifts " + Arrays.toString(shifts) + " and dims " + Arrays.toString(dims)
                    + " must have the same length");
        }
        int[] ds = new int[dims.length];
        for (int i = 0; i < dims.length; i++) ds[i] = Shapes.wrapDim("roll", dims[i], x.dim());
        Tensor cur = x.detach();
        for (int i = 0; i < ds.length; i++) {
            int size = cur.size(ds[i]);
            if (size == 0) continue;
            int s = Math.floorMod(shifts[i], size);
            if (s == 0) continue;
            cur = cat(new Tensor[] {cur.narrow(ds[i], size - s, s), cur.narrow(ds[i], 0, size - s)}, ds[i]);
        }
        Tensor out = cur.storage() == x.storage() ? cur.contiguousCopy() : cur;
        if (Autograd.needsGrad(x)) {
            int[] back = new int[shifts.length];
            for (int i = 0; i < back.length; i++) back[i] = -shifts[i];
            Autograd.record("roll", out, x, g -> new Tensor[] {roll(g, back, ds)});
        }
        return out;
    }
}
