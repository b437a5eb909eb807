package dev.dendrite.nn;

import dev.dendrite.functional.Embeddings;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * Sums or averages bags of embeddings (default mean) without materializing the per-index
 * embeddings of each bag as a separate tensor per bag, as torch.nn.EmbeddingBag. Input is either
 * 1-D indices with {@code offsets} marking each bag's start ({@link #call(Tensor, Tensor)}), or 2-D
 * [B, L] with one bag per row ({@link #call(Tensor)}). Weight is initialized N(0, 1).
 */
public class EmbeddingBag extends Module {
    public final int numEmbeddings, embeddingDim;
    public final Embeddings.BagMode mode;
    public final Integer paddingIdx;
    private final Tensor weight;

    public EmbeddingBag(int numEmbeddings, int embeddingDim) { this(numEmbeddings, embeddingDim, "mean", null); }

    public EmbeddingBag(int numEmbeddings, int embeddingDim, String mode) { this(numEmbeddings, embeddingDim, mode, null); }

    /** {@code mode} is "sum" or "mean"; entries equal to {@code paddingIdx} (null for none) are left out of their bag. */
    public EmbeddingBag(int numEmbeddings, int embeddingDim, String mode, Integer paddingIdx) {
        if (numEmbeddings < 1 || embeddingDim < 1) {
            throw new IllegalArgumentException("EmbeddingBag: num_embeddings and embedding_dim must be positive, got "
                    + numEmbeddings + " and " + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.mode = Embeddings.BagMode.of(mode);
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("EmbeddingBag: padding_idx " + paddingIdx + " must be within num_embeddings "
                    + numEmbeddings);
        }
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        Tensor w = Tensor.randn(Generator.global(), dev.dendrite.storage.Dtype.FLOAT32, numEmbeddings, embeddingDim);
        if (this.paddingIdx != null) w.select(0, this.paddingIdx).zero_();
        this.weight = registerParameter("weight", w);
    }

    public Tensor weight() { return weight; }

    /** 1-D indices, bag starts in {@code offsets}: returns [number of bags, embedding_dim]. */
    public Tensor call(Tensor input, Tensor offsets) {
        return Embeddings.embeddingBag(input, weight, offsets, mode, paddingIdx);
    }

    /** 2-D input [B, L]: one bag per row. */
    @Override
    public Tensor forward(Tensor input) { return Embeddings.embeddingBag(input, weight, null, mode, paddingIdx); }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + ", mode='" + mode.name().toLowerCase() + "'"
                + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "");
    }
}
