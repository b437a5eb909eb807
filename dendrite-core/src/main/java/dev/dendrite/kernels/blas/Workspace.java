package dev.dendrite.kernels.blas;

/**
 * Per-thread scratch arrays for packed panels and edge tiles, kept between calls so that a
 * training loop that multiplies matrices thousands of times does not allocate megabytes each
 * time. The A panel, the B panel and the tile are distinct arrays because a thread can hold all
 * three at once (the calling thread packs B, then may pack A itself when the work is not split).
 */
final class Workspace {
    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    private float[] floatA = new float[0], floatB = new float[0], floatTile = new float[0], floatSliver = new float[0];
    private double[] doubleA = new double[0], doubleB = new double[0], doubleTile = new double[0];

    private Workspace() {}

    static Workspace get() { return LOCAL.get(); }

    float[] floatA(int size) { return floatA.length >= size ? floatA : (floatA = new float[size]); }

    float[] floatB(int size) { return floatB.length >= size ? floatB : (floatB = new float[size]); }

    /** A B sliver of {@link StreamedGemm}, which can run inside a task that also holds the other arrays. */
    float[] floatSliver(int size) { return floatSliver.length >= size ? floatSliver : (floatSliver = new float[size]); }

    private int[] edgeRows = new int[0];

    /** Row starts for an edge tile of {@link StreamedGemm#multiplyInPlaceA}. */
    int[] edgeRows(int size) { return edgeRows.length >= size ? edgeRows : (edgeRows = new int[size]); }

    /** Exactly rows * cols long, so that clearing it clears no more than a tile. */
    float[] floatTile(int rows, int cols) {
        return floatTile.length == rows * cols ? floatTile : (floatTile = new float[rows * cols]);
    }

    double[] doubleA(int size) { return doubleA.length >= size ? doubleA : (doubleA = new double[size]); }

    double[] doubleB(int size) { return doubleB.length >= size ? doubleB : (doubleB = new double[size]); }

    double[] doubleTile(int rows, int cols) {
        return doubleTile.length == rows * cols ? doubleTile : (doubleTile = new double[rows * cols]);
    }
}
