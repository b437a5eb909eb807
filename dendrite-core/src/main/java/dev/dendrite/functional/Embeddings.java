package dev.dendrite.functional;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.ops.Indexing;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/** Embedding lookups, as in {@code torch.nn.functional.embedding} and {@code embedding_bag}. */
public final class Embeddings {
    private Embeddings() {}

    /** How {@link #embeddingBag} reduces each bag. */
    public enum BagMode { SUM, MEAN;
        public static BagMode of(String s) {
            return switch (s) {
                case "sum" -> SUM;
                case "mean" -> MEAN;
                default -> throw new IllegalArgumentException("embeddingBag: mode must be 'sum' or 'mean', got '" + s + "'");
            };
        }
    }

    private static void checkIndices(String op, Tensor input, Tensor weight) {
        if (input.dtype() != Dtype.INT64 && input.dtype() != Dtype.INT32) {
            throw new IllegalArgumentException(op + ": indices must be int64 or int32, got " + input.dtype().torchName());
        }
        if (weight.dim() != 2) {
            throw new IllegalArgumentException(op + ": weight must be 2-D [num_embeddings, embedding_dim], got shape "
                    + Arrays.toString(weight.shape()));
        }
        int n = weight.size(0);
        long[] idx = input.toLongArray();
        for (long i : idx) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException(op + ": index " + i + " is out of range for " + n + " embeddings");
            }
        }
    }

    /** Normalizes a padding index (negative counts from the end); -1 in, none out is {@code null}. */
    private static Integer paddingIndex(String op, Integer paddingIdx, int n) {
        if (paddingIdx == null) return null;
        int p = paddingIdx < 0 ? paddingIdx + n : paddingIdx;
        if (p < 0 || p >= n) {
            throw new IllegalArgumentException(op + ": padding_idx " + paddingIdx + " must be within num_embeddings " + n);
        }
        return p;
    }

    /**
     * The rows of {@code weight} [num_embeddings, dim] picked by {@code input} (any shape); the
     * result has shape input.shape + [dim]. The gradient adds up the rows of duplicate indices;
     * rows looked up at {@code paddingIdx} (null for none) contribute no gradient.
     */
    public static Tensor embedding(Tensor input, Tensor weight, Integer paddingIdx) {
        checkIndices("embedding", input, weight);
        Integer pad = paddingIndex("embedding", paddingIdx, weight.size(0));
        Tensor flat = input.reshape(-1);
        int[] outShape = Arrays.copyOf(input.shape(), input.dim() + 1);
        outShape[input.dim()] = weight.size(1);
        Tensor rows = Indexing.indexSelect(weight.detach(), 0, flat);
        Tensor out = rows.reshape(outShape);
        if (Autograd.needsGrad(weight)) {
            int[] wShape = weight.shape();
            Autograd.record("embedding", out, weight, g -> {
                Tensor g2 = g.reshape(flat.numel(), wShape[1]);
                if (pad != null) g2 = g2.mul(flat.ne(pad).to(g2.dtype()).unsqueeze(1));
                return new Tensor[] {Indexing.indexAdd(Tensor.zeros(g.dtype(), wShape), 0, flat, g2)};
            });
        }
        return out;
    }

    public static Tensor embedding(Tensor input, Tensor weight) { return embedding(input, weight, null); }

    /**
     * Sums or averages bags of embeddings without materializing each bag. With a 1-D input, bag b
     * holds {@code input[offsets[b] .. offsets[b+1])} (the last bag runs to the end); with a 2-D
     * input [B, L] each row is a bag and offsets must be null. Entries equal to {@code paddingIdx}
     * are left out of the bag (and of the mean's count); an empty bag gives zeros. Returns [B, dim].
     */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, BagMode mode, Integer paddingIdx) {
        checkIndices("embeddingBag", input, weight);
        Integer pad = paddingIndex("embeddingBag", paddingIdx, weight.size(0));
        long[] bagOf;
        int bags;
        Tensor flat;
        if (input.dim() == 2) {
            if (offsets != null) {
                throw new IllegalArgumentException("embeddingBag: offsets must be null for a 2-D input " + Arrays.toString(input.shape())
                        + " (each row is a bag)");
            }
            bags = input.size(0);
            int len = input.size(1);
            flat = input.reshape(-1);
            bagOf = new long[flat.numel()];
            for (int i = 0; i < bagOf.length; i++) bagOf[i] = i / Math.max(1, len);
        } else if (input.dim() == 1) {
            if (offsets == null || offsets.dim() != 1) {
                throw new IllegalArgumentException("embeddingBag: a 1-D input needs 1-D offsets (the start of each bag)");
            }
            flat = input;
            long[] off = offsets.toLongArray();
            bags = off.length;
            int n = flat.numel();
            bagOf = new long[n];
            for (int b = 0; b < bags; b++) {
                long start = off[b], end = b + 1 < bags ? off[b + 1] : n;
                if (start < 0 || start > end || end > n || (b == 0 && start != 0)) {
                    throw new IllegalArgumentException("embeddingBag: offsets must start at 0 and be non-decreasing within the "
                            + n + " indices, got " + Arrays.toString(off));
                }
                for (long i = start; i < end; i++) bagOf[(int) i] = b;
            }
        } else {
            throw new IllegalArgumentException("embeddingBag: expected input of rank 1 (with offsets) or 2 [B, L], got shape "
                    + Arrays.toString(input.shape()));
        }
        Tensor rows = embedding(flat, weight, pad);
        Tensor keep = null;
        if (pad != null) {
            keep = flat.ne(pad).to(rows.dtype());
            rows = rows.mul(keep.unsqueeze(1));
        }
        Tensor bagIndex = Tensor.of(bagOf);
        Tensor out = Indexing.indexAdd(Tensor.zeros(rows.dtype(), bags, weight.size(1)), 0, bagIndex, rows);
        if (mode == BagMode.MEAN) {
            Tensor ones = keep != null ? keep : Tensor.ones(rows.dtype(), flat.numel());
            Tensor counts = Indexing.indexAdd(Tensor.zeros(rows.dtype(), bags), 0, bagIndex, ones).clampMin(1);
            out = out.div(counts.unsqueeze(1));
        }
        return out;
    }

    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, String mode) {
        return embeddingBag(input, weight, offsets, BagMode.of(mode), null);
    }
}
