package dev.dendrite.kernels.blas;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register tiles on the Vector API: 6 rows by two vectors of columns (6 x 32 floats with AVX-512,
 * 6 x 16 with AVX2). Each step of k loads two vectors of B, broadcasts six values of A and issues
 * twelve fused multiply-adds into twelve accumulators, which with the loads stays within the 16
 * vector registers of AVX2 and leaves AVX-512 room to spare.
 *
 * <p>This is the only class that names jdk.incubator.vector types; {@link JavaGemm} loads it only
 * after checking that the module is in the boot layer.
 */
final class VectorMicroKernels implements MicroKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = FS.length(), DL = DS.length();
    private static final int MR = 6;

    private VectorMicroKernels() {}

    /**
     * The vector kernels, or null where vectors are too narrow to beat scalar code (the Vector
     * API then falls back to slow emulation).
     */
    static MicroKernels createIfUseful() {
        return FS.vectorBitSize() >= 128 && DS.length() >= 2 ? new VectorMicroKernels() : null;
    }

    @Override public String description() { return "Vector API, " + FS.vectorBitSize() + "-bit"; }

    @Override public int floatRows() { return MR; }

    @Override public int floatCols() { return 2 * FL; }

    @Override public int doubleRows() { return MR; }

    @Override public int doubleCols() { return 2 * DL; }

    @Override
    public void sgemmTile(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector z = FloatVector.zero(FS);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += MR, bi += 2 * FL) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bi);
            FloatVector b1 = FloatVector.fromArray(FS, b, bi + FL);
            FloatVector x = FloatVector.broadcast(FS, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(FS, a[ai + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(FS, a[ai + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(FS, a[ai + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(FS, a[ai + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(FS, a[ai + 5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        store(c, cOff, c00, c01);
        store(c, cOff + ldc, c10, c11);
        store(c, cOff + 2 * ldc, c20, c21);
        store(c, cOff + 3 * ldc, c30, c31);
        store(c, cOff + 4 * ldc, c40, c41);
        store(c, cOff + 5 * ldc, c50, c51);
    }

    @Override
    public void dgemmTile(int kc, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc) {
        DoubleVector z = DoubleVector.zero(DS);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        DoubleVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += MR, bi += 2 * DL) {
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, b, bi + DL);
            DoubleVector x = DoubleVector.broadcast(DS, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(DS, a[ai + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(DS, a[ai + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(DS, a[ai + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(DS, a[ai + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(DS, a[ai + 5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        store(c, cOff, c00, c01);
        store(c, cOff + ldc, c10, c11);
        store(c, cOff + 2 * ldc, c20, c21);
        store(c, cOff + 3 * ldc, c30, c31);
        store(c, cOff + 4 * ldc, c40, c41);
        store(c, cOff + 5 * ldc, c50, c51);
    }

    @Override
    public void sgemmTileInPlaceB(int kc, float[] a, int aOff, float[] b, int[] bRows, int rowFrom, int bBase,
                                  float[] c, int cOff, int ldc) {
        FloatVector z = FloatVector.zero(FS);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int p = 0, ai = aOff; p < kc; p++, ai += MR) {
            int bi = bBase + bRows[rowFrom + p];
            FloatVector b0 = FloatVector.fromArray(FS, b, bi);
            FloatVector b1 = FloatVector.fromArray(FS, b, bi + FL);
            FloatVector x = FloatVector.broadcast(FS, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(FS, a[ai + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(FS, a[ai + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(FS, a[ai + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(FS, a[ai + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(FS, a[ai + 5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        store(c, cOff, c00, c01);
        store(c, cOff + ldc, c10, c11);
        store(c, cOff + 2 * ldc, c20, c21);
        store(c, cOff + 3 * ldc, c30, c31);
        store(c, cOff + 4 * ldc, c40, c41);
        store(c, cOff + 5 * ldc, c50, c51);
    }

    @Override
    public void sgemmTileInPlaceA(int kc, float[] a, int[] aRows, int rowFrom, int aBase, float[] b, int bOff,
                                  float[] c, int cOff, int ldc) {
        int r0 = aBase + aRows[rowFrom], r1 = aBase + aRows[rowFrom + 1], r2 = aBase + aRows[rowFrom + 2];
        int r3 = aBase + aRows[rowFrom + 3], r4 = aBase + aRows[rowFrom + 4], r5 = aBase + aRows[rowFrom + 5];
        FloatVector z = FloatVector.zero(FS);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int p = 0, bi = bOff; p < kc; p++, bi += 2 * FL) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bi);
            FloatVector b1 = FloatVector.fromArray(FS, b, bi + FL);
            FloatVector x = FloatVector.broadcast(FS, a[r0 + p]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(FS, a[r1 + p]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(FS, a[r2 + p]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(FS, a[r3 + p]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(FS, a[r4 + p]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(FS, a[r5 + p]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        store(c, cOff, c00, c01);
        store(c, cOff + ldc, c10, c11);
        store(c, cOff + 2 * ldc, c20, c21);
        store(c, cOff + 3 * ldc, c30, c31);
        store(c, cOff + 4 * ldc, c40, c41);
        store(c, cOff + 5 * ldc, c50, c51);
    }

    @Override public int floatLanes() { return FL; }

    /** A 4 x 6 tile of lane-wise dot products: 24 accumulators, 4 + 6 loads per 24 multiply-adds. */
    @Override
    public void sdotTile(int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] acc, int accOff) {
        int a0 = aOff, a1 = aOff + lda, a2 = aOff + 2 * lda, a3 = aOff + 3 * lda;
        int b0 = bOff, b1 = bOff + ldb, b2 = bOff + 2 * ldb, b3 = bOff + 3 * ldb, b4 = bOff + 4 * ldb, b5 = bOff + 5 * ldb;
        FloatVector s00 = load(acc, accOff, 0), s01 = load(acc, accOff, 1), s02 = load(acc, accOff, 2);
        FloatVector s03 = load(acc, accOff, 3), s04 = load(acc, accOff, 4), s05 = load(acc, accOff, 5);
        FloatVector s10 = load(acc, accOff, 6), s11 = load(acc, accOff, 7), s12 = load(acc, accOff, 8);
        FloatVector s13 = load(acc, accOff, 9), s14 = load(acc, accOff, 10), s15 = load(acc, accOff, 11);
        FloatVector s20 = load(acc, accOff, 12), s21 = load(acc, accOff, 13), s22 = load(acc, accOff, 14);
        FloatVector s23 = load(acc, accOff, 15), s24 = load(acc, accOff, 16), s25 = load(acc, accOff, 17);
        FloatVector s30 = load(acc, accOff, 18), s31 = load(acc, accOff, 19), s32 = load(acc, accOff, 20);
        FloatVector s33 = load(acc, accOff, 21), s34 = load(acc, accOff, 22), s35 = load(acc, accOff, 23);
        for (int p = 0; p < k; p += FL) {
            FloatVector x0 = FloatVector.fromArray(FS, a, a0 + p), x1 = FloatVector.fromArray(FS, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(FS, a, a2 + p), x3 = FloatVector.fromArray(FS, a, a3 + p);
            FloatVector y = FloatVector.fromArray(FS, b, b0 + p);
            s00 = x0.fma(y, s00); s10 = x1.fma(y, s10); s20 = x2.fma(y, s20); s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(FS, b, b1 + p);
            s01 = x0.fma(y, s01); s11 = x1.fma(y, s11); s21 = x2.fma(y, s21); s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(FS, b, b2 + p);
            s02 = x0.fma(y, s02); s12 = x1.fma(y, s12); s22 = x2.fma(y, s22); s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(FS, b, b3 + p);
            s03 = x0.fma(y, s03); s13 = x1.fma(y, s13); s23 = x2.fma(y, s23); s33 = x3.fma(y, s33);
            y = FloatVector.fromArray(FS, b, b4 + p);
            s04 = x0.fma(y, s04); s14 = x1.fma(y, s14); s24 = x2.fma(y, s24); s34 = x3.fma(y, s34);
            y = FloatVector.fromArray(FS, b, b5 + p);
            s05 = x0.fma(y, s05); s15 = x1.fma(y, s15); s25 = x2.fma(y, s25); s35 = x3.fma(y, s35);
        }
        s00.intoArray(acc, accOff); s01.intoArray(acc, accOff + FL); s02.intoArray(acc, accOff + 2 * FL);
        s03.intoArray(acc, accOff + 3 * FL); s04.intoArray(acc, accOff + 4 * FL); s05.intoArray(acc, accOff + 5 * FL);
        s10.intoArray(acc, accOff + 6 * FL); s11.intoArray(acc, accOff + 7 * FL); s12.intoArray(acc, accOff + 8 * FL);
        s13.intoArray(acc, accOff + 9 * FL); s14.intoArray(acc, accOff + 10 * FL); s15.intoArray(acc, accOff + 11 * FL);
        s20.intoArray(acc, accOff + 12 * FL); s21.intoArray(acc, accOff + 13 * FL); s22.intoArray(acc, accOff + 14 * FL);
        s23.intoArray(acc, accOff + 15 * FL); s24.intoArray(acc, accOff + 16 * FL); s25.intoArray(acc, accOff + 17 * FL);
        s30.intoArray(acc, accOff + 18 * FL); s31.intoArray(acc, accOff + 19 * FL); s32.intoArray(acc, accOff + 20 * FL);
        s33.intoArray(acc, accOff + 21 * FL); s34.intoArray(acc, accOff + 22 * FL); s35.intoArray(acc, accOff + 23 * FL);
    }

    private static FloatVector load(float[] acc, int accOff, int index) {
        return FloatVector.fromArray(FS, acc, accOff + index * FL);
    }

    /** Adds one row of the tile to C. */
    private static void store(float[] c, int i, FloatVector v0, FloatVector v1) {
        v0.add(FloatVector.fromArray(FS, c, i)).intoArray(c, i);
        v1.add(FloatVector.fromArray(FS, c, i + FL)).intoArray(c, i + FL);
    }

    private static void store(double[] c, int i, DoubleVector v0, DoubleVector v1) {
        v0.add(DoubleVector.fromArray(DS, c, i)).intoArray(c, i);
        v1.add(DoubleVector.fromArray(DS, c, i + DL)).intoArray(c, i + DL);
    }
}
