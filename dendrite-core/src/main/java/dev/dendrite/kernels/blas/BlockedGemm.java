package dev.dendrite.kernels.blas;

import dev.dendrite.kernels.Parallel;

import java.util.Arrays;

/**
 * Cache-blocked GEMM in the layout of Goto and van de Geijn (the BLIS loop nest): op(B) is cut
 * into kc x nc panels packed to stay in the last-level cache, op(A) into mc x kc blocks packed to
 * stay in L2, and a register tile (see {@link MicroKernels}) sweeps a kc-long sliver of B that
 * stays in L1. Packing also turns every transpose case into the same contiguous access, so the
 * kernels never see a stride.
 *
 * <p>The work under one B panel is split into tasks of (row block, column range) run on
 * {@link Parallel}; column ranges appear only when there are too few row blocks to give every
 * thread one. Float and double are the same code written twice (Java generics do not reach
 * primitive arrays).
 */
final class BlockedGemm {
    // Block sizes, tuned on AVX-512 (Zen 5: 48 KiB L1d, 1 MiB L2 per core) and fine for AVX2 parts.
    private static final int FLOAT_KC = 256, FLOAT_MC = 120, FLOAT_NC = 4096;
    private static final int DOUBLE_KC = 256, DOUBLE_MC = 60, DOUBLE_NC = 2048;

    private BlockedGemm() {}

    static void sgemm(MicroKernels kernels, boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        int mr = kernels.floatRows(), nr = kernels.floatCols();
        Plan plan = Plan.of(m, n, k, mr, nr, FLOAT_KC, FLOAT_MC, FLOAT_NC);
        float[] bPanel = Workspace.get().floatB(plan.kc() * plan.nc());
        for (int jc = 0; jc < n; jc += plan.nc()) {
            int nc = Math.min(plan.nc(), n - jc);
            for (int pc = 0; pc < k; pc += plan.kc()) {
                int kc = Math.min(plan.kc(), k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, nr, bPanel);
                // The first slice of k overwrites C (beta == 0) or adds to beta * C; later slices add.
                boolean accumulate = pc > 0 || beta != 0, scaleFirst = pc == 0 && beta != 0 && beta != 1;
                int column0 = jc, k0 = pc; // effectively final copies for the task lambda
                Parallel.forRange(plan.tasks(), plan.taskCost(nc, kc), (from, to) -> {
                    Workspace ws = Workspace.get();
                    float[] aPanel = ws.floatA(plan.mc() * kc);
                    float[] tile = ws.floatTile(mr * nr);
                    int packedBlock = -1;
                    for (int t = from; t < to; t++) {
                        int block = t / plan.columnSplits(), ic = block * plan.mc(), mc = Math.min(plan.mc(), m - ic);
                        if (block != packedBlock) {
                            packA(transA, a, aOff, lda, alpha, ic, mc, k0, kc, mr, aPanel);
                            packedBlock = block;
                        }
                        int split = t % plan.columnSplits();
                        int jFrom = plan.splitStart(split, nc), jTo = plan.splitStart(split + 1, nc);
                        int cBlock = cOff + ic * ldc + column0;
                        if (scaleFirst) SmallGemm.scale(mc, jTo - jFrom, beta, c, cBlock + jFrom, ldc);
                        for (int jr = jFrom; jr < jTo; jr += nr) {
                            int cols = Math.min(nr, nc - jr);
                            for (int ir = 0; ir < mc; ir += mr) {
                                int rows = Math.min(mr, mc - ir), ci = cBlock + ir * ldc + jr;
                                if (rows == mr && cols == nr) {
                                    kernels.sgemmTile(kc, aPanel, ir * kc, bPanel, jr * kc, c, ci, ldc, accumulate);
                                } else {
                                    kernels.sgemmTile(kc, aPanel, ir * kc, bPanel, jr * kc, tile, 0, nr, false);
                                    mergeTile(tile, nr, rows, cols, c, ci, ldc, accumulate);
                                }
                            }
                        }
                    }
                });
            }
        }
    }

    /**
     * Packs alpha * op(A)[ic:ic+mc, pc:pc+kc] into slivers of mr rows, each stored column by
     * column (mr values per column), rows past mc zero-filled so edge tiles can run the full kernel.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, float alpha, int ic, int mc,
                              int pc, int kc, int mr, float[] panel) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir), base = ir * kc;
            if (transA) { // op(A) column p is row pc+p of A: contiguous runs of rows
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * mr, src = aOff + (pc + p) * lda + ic + ir;
                    for (int r = 0; r < rows; r++) panel[dst + r] = alpha * a[src + r];
                    if (rows < mr) Arrays.fill(panel, dst + rows, dst + mr, 0f);
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    if (r < rows) {
                        int src = aOff + (ic + ir + r) * lda + pc;
                        for (int p = 0; p < kc; p++) panel[base + p * mr + r] = alpha * a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) panel[base + p * mr + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] into slivers of nr columns, each stored row by row (nr
     * values per row), columns past nc zero-filled. Slivers are independent, so this runs in
     * parallel too.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              int nr, float[] panel) {
        int slivers = (nc + nr - 1) / nr;
        Parallel.forRange(slivers, (long) kc * nr, (from, to) -> {
            for (int s = from; s < to; s++) {
                int jr = s * nr, cols = Math.min(nr, nc - jr), base = jr * kc;
                if (!transB) { // op(B) row p is row pc+p of B: contiguous runs of columns
                    for (int p = 0; p < kc; p++) {
                        int dst = base + p * nr;
                        System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, panel, dst, cols);
                        if (cols < nr) Arrays.fill(panel, dst + cols, dst + nr, 0f);
                    }
                } else {
                    for (int j = 0; j < nr; j++) {
                        if (j < cols) {
                            int src = bOff + (jc + jr + j) * ldb + pc;
                            for (int p = 0; p < kc; p++) panel[base + p * nr + j] = b[src + p];
                        } else {
                            for (int p = 0; p < kc; p++) panel[base + p * nr + j] = 0f;
                        }
                    }
                }
            }
        });
    }

    /** Copies (or adds) the valid corner of an edge tile into C. */
    private static void mergeTile(float[] tile, int nr, int rows, int cols, float[] c, int ci, int ldc,
                                  boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int t = r * nr, x = ci + r * ldc;
            if (accumulate) {
                for (int j = 0; j < cols; j++) c[x + j] += tile[t + j];
            } else {
                System.arraycopy(tile, t, c, x, cols);
            }
        }
    }

    static void dgemm(MicroKernels kernels, boolean transA, boolean transB, int m, int n, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        int mr = kernels.doubleRows(), nr = kernels.doubleCols();
        Plan plan = Plan.of(m, n, k, mr, nr, DOUBLE_KC, DOUBLE_MC, DOUBLE_NC);
        double[] bPanel = Workspace.get().doubleB(plan.kc() * plan.nc());
        for (int jc = 0; jc < n; jc += plan.nc()) {
            int nc = Math.min(plan.nc(), n - jc);
            for (int pc = 0; pc < k; pc += plan.kc()) {
                int kc = Math.min(plan.kc(), k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, nr, bPanel);
                // The first slice of k overwrites C (beta == 0) or adds to beta * C; later slices add.
                boolean accumulate = pc > 0 || beta != 0, scaleFirst = pc == 0 && beta != 0 && beta != 1;
                int column0 = jc, k0 = pc; // effectively final copies for the task lambda
                Parallel.forRange(plan.tasks(), plan.taskCost(nc, kc), (from, to) -> {
                    Workspace ws = Workspace.get();
                    double[] aPanel = ws.doubleA(plan.mc() * kc);
                    double[] tile = ws.doubleTile(mr * nr);
                    int packedBlock = -1;
                    for (int t = from; t < to; t++) {
                        int block = t / plan.columnSplits(), ic = block * plan.mc(), mc = Math.min(plan.mc(), m - ic);
                        if (block != packedBlock) {
                            packA(transA, a, aOff, lda, alpha, ic, mc, k0, kc, mr, aPanel);
                            packedBlock = block;
                        }
                        int split = t % plan.columnSplits();
                        int jFrom = plan.splitStart(split, nc), jTo = plan.splitStart(split + 1, nc);
                        int cBlock = cOff + ic * ldc + column0;
                        if (scaleFirst) SmallGemm.scale(mc, jTo - jFrom, beta, c, cBlock + jFrom, ldc);
                        for (int jr = jFrom; jr < jTo; jr += nr) {
                            int cols = Math.min(nr, nc - jr);
                            for (int ir = 0; ir < mc; ir += mr) {
                                int rows = Math.min(mr, mc - ir), ci = cBlock + ir * ldc + jr;
                                if (rows == mr && cols == nr) {
                                    kernels.dgemmTile(kc, aPanel, ir * kc, bPanel, jr * kc, c, ci, ldc, accumulate);
                                } else {
                                    kernels.dgemmTile(kc, aPanel, ir * kc, bPanel, jr * kc, tile, 0, nr, false);
                                    mergeTile(tile, nr, rows, cols, c, ci, ldc, accumulate);
                                }
                            }
                        }
                    }
                });
            }
        }
    }

    /**
     * Packs alpha * op(A)[ic:ic+mc, pc:pc+kc] into slivers of mr rows, each stored column by
     * column (mr values per column), rows past mc zero-filled so edge tiles can run the full kernel.
     */
    private static void packA(boolean transA, double[] a, int aOff, int lda, double alpha, int ic, int mc,
                              int pc, int kc, int mr, double[] panel) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir), base = ir * kc;
            if (transA) { // op(A) column p is row pc+p of A: contiguous runs of rows
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * mr, src = aOff + (pc + p) * lda + ic + ir;
                    for (int r = 0; r < rows; r++) panel[dst + r] = alpha * a[src + r];
                    if (rows < mr) Arrays.fill(panel, dst + rows, dst + mr, 0.0);
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    if (r < rows) {
                        int src = aOff + (ic + ir + r) * lda + pc;
                        for (int p = 0; p < kc; p++) panel[base + p * mr + r] = alpha * a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) panel[base + p * mr + r] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] into slivers of nr columns, each stored row by row (nr
     * values per row), columns past nc zero-filled. Slivers are independent, so this runs in
     * parallel too.
     */
    private static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              int nr, double[] panel) {
        int slivers = (nc + nr - 1) / nr;
        Parallel.forRange(slivers, (long) kc * nr, (from, to) -> {
            for (int s = from; s < to; s++) {
                int jr = s * nr, cols = Math.min(nr, nc - jr), base = jr * kc;
                if (!transB) { // op(B) row p is row pc+p of B: contiguous runs of columns
                    for (int p = 0; p < kc; p++) {
                        int dst = base + p * nr;
                        System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, panel, dst, cols);
                        if (cols < nr) Arrays.fill(panel, dst + cols, dst + nr, 0.0);
                    }
                } else {
                    for (int j = 0; j < nr; j++) {
                        if (j < cols) {
                            int src = bOff + (jc + jr + j) * ldb + pc;
                            for (int p = 0; p < kc; p++) panel[base + p * nr + j] = b[src + p];
                        } else {
                            for (int p = 0; p < kc; p++) panel[base + p * nr + j] = 0.0;
                        }
                    }
                }
            }
        });
    }

    /** Copies (or adds) the valid corner of an edge tile into C. */
    private static void mergeTile(double[] tile, int nr, int rows, int cols, double[] c, int ci, int ldc,
                                  boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int t = r * nr, x = ci + r * ldc;
            if (accumulate) {
                for (int j = 0; j < cols; j++) c[x + j] += tile[t + j];
            } else {
                System.arraycopy(tile, t, c, x, cols);
            }
        }
    }

    /** Block sizes and the division of the work into parallel tasks for one product. */
    private record Plan(int kc, int mc, int nc, int nr, int rowBlocks, int columnSplits) {
        static Plan of(int m, int n, int k, int mr, int nr, int kcMax, int mcMax, int ncMax) {
            int threads = Parallel.threads();
            int kc = Math.min(kcMax, k);
            int nc = Math.min(roundUp(ncMax, nr), roundUp(n, nr));
            // Equal row blocks, as many as a multiple of the thread count, so no thread idles at the end.
            int blocks = ceilDiv(m, mcMax);
            if (threads > 1) blocks = roundUp(blocks, threads);
            int mc = roundUp(ceilDiv(m, blocks), mr);
            blocks = ceilDiv(m, mc);
            int splits = blocks >= threads ? 1 : Math.min(ceilDiv(threads, blocks), ceilDiv(nc, nr));
            return new Plan(kc, mc, nc, nr, blocks, splits);
        }

        int tasks() { return rowBlocks * columnSplits; }

        /** Multiply-adds per task, for Parallel's decision whether to split at all. */
        long taskCost(int ncHere, int kcHere) { return (long) mc * kcHere * ceilDiv(ncHere, columnSplits); }

        /** First column (a multiple of nr) of column range {@code split}; {@code ncHere} for split == columnSplits. */
        int splitStart(int split, int ncHere) {
            int slivers = ceilDiv(ncHere, nr);
            return Math.min(ncHere, (int) ((long) split * slivers / columnSplits) * nr);
        }
    }

    private static int ceilDiv(int x, int y) { return (x + y - 1) / y; }

    private static int roundUp(int x, int multiple) { return ceilDiv(x, multiple) * multiple; }
}
