package dev.dendrite.nn;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.functional.Embeddings;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, initialized N(0, 1)
 * as torch.nn.Embedding. The row at {@code paddingIdx} (if any) is zeroed at construction and gets
 * no gradient, so it stays fixed in training.
 */
public class Embedding extends Module {
    public final int numEmbeddings, embeddingDim;
    public final Integer paddingIdx;
    private final Tensor weight;

    public Embedding(int numEmbeddings, int embeddingDim) { this(numEmbeddings, embeddingDim, null); }

    /** {@code paddingIdx} may be negative (counted from the end) or null for none. */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        this(Tensor.randn(Generator.global(), dev.dendrite.storage.Dtype.FLOAT32, checked(numEmbeddings, embeddingDim),
                embeddingDim), paddingIdx, true);
    }

    private static int checked(int numEmbeddings, int embeddingDim) {
        if (numEmbeddings < 1 || embeddingDim < 1) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be positive, got "
                    + numEmbeddings + " and " + embeddingDim);
        }
        return numEmbeddings;
    }

    private Embedding(Tensor weight, Integer paddingIdx, boolean zeroPaddingRow) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("Embedding: weight must be 2-D [num_embeddings, embedding_dim], got shape "
                    + java.util.Arrays.toString(weight.shape()));
        }
        this.numEmbeddings = weight.size(0);
        this.embeddingDim = weight.size(1);
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: padding_idx " + paddingIdx + " must be within num_embeddings "
                    + numEmbeddings);
        }
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        this.weight = registerParameter("weight", weight);
        if (zeroPaddingRow && this.paddingIdx != null) {
            try (var s = Autograd.noGrad()) {
                weight.select(0, this.paddingIdx).zero_();
            }
        }
    }

    /**
     * An embedding holding (a copy of) {@code embeddings} [num, dim], frozen unless {@code freeze}
     * is false, as torch.nn.Embedding.from_pretrained (the padding row is kept as given).
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Integer paddingIdx) {
        Embedding e = new Embedding(embeddings.detach().clone(), paddingIdx, false);
        e.weight.requiresGrad(!freeze);
        return e;
    }

    public static Embedding fromPretrained(Tensor embeddings) { return fromPretrained(embeddings, true, null); }

    public Tensor weight() { return weight; }

    @Override
    public Tensor forward(Tensor input) { return Embeddings.embedding(input, weight, paddingIdx); }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "");
    }
}
