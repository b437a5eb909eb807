package dev.dendrite.kernels.blas;

/**
 * The B operand of a {@link StreamedGemm} product, produced on demand a sliver at a time instead of
 * read from a stored matrix. A convolution's unrolled input (im2col) is such a matrix: producing
 * each sliver straight from the image, just before the register tiles consume it from L1, saves
 * writing the whole unrolled matrix out and reading it back.
 */
@FunctionalInterface
public interface FloatPanelSource {
    /**
     * Writes B[p0 : p0 + kc, j0 : j0 + cols] (B is k x n) into {@code panel} from index 0, row by
     * row, {@code nr} values per row; the values of columns cols .. nr-1 of each row must be 0.
     */
    void pack(int p0, int kc, int j0, int cols, int nr, float[] panel);
}
