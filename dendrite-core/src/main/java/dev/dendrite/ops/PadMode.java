package dev.dendrite.ops;

/** How {@link Joins#pad} fills the border, as the {@code mode} of torch.nn.functional.pad. */
public enum PadMode {
    /** A fixed value (0 unless given); negative padding crops. */
    CONSTANT,
    /** The mirror image without repeating the edge: {@code [1, 2, 3]} padded by 2 on the left is {@code [3, 2, 1, 2, 3]}. */
    REFLECT,
    /** The edge value repeated: {@code [1, 2, 3]} padded by 2 on the left is {@code [1, 1, 1, 2, 3]}. */
    REPLICATE,
    /** Wrap-around: {@code [1, 2, 3]} padded by 2 on the left is {@code [2, 3, 1, 2, 3]}. */
    CIRCULAR
}
