package dev.dendrite.kernels.blas;

import dev.dendrite.kernels.Parallel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Cache-blocked GEMM in the layout of Goto and van de Geijn (the BLIS loop nest): op(B) is packed
 * into a panel of nc columns shared by all threads, op(A) into mc x kc blocks that stay in L2, and
 * a register tile (see {@link MicroKernels}) sweeps a kc x nr sliver of the B panel that stays in
 * L1. Packing also turns every transpose case into the same contiguous access, so the kernels
 * never see a stride. The tasks run on {@link Parallel}, one per block of rows of C (see
 * {@link Plan}), each packing its own A blocks. Float and double are the same code written twice
 * (Java generics do not reach primitive arrays).
 */
final class BlockedGemm {
    // Block sizes from the cache sizes of current x86 cores (L1d 32-48 KiB, L2 1-2 MiB): a kc x nr
    // sliver of B is 32 KiB with AVX-512 (16 KiB with AVX2) and stays in L1; an mc x kc block of A
    // is 120 KiB and stays in L2; the B panel is bounded by 16 MiB, a share of a typical L3.
    private static final int FLOAT_KC = 256, FLOAT_MC = 120, FLOAT_NC = 4096;
    private static final int DOUBLE_KC = 256, DOUBLE_MC = 60, DOUBLE_NC = 2048;
    /** Elements in a packed B panel (k x nc): 16 MiB, which bounds nc when k is large. */
    private static final int FLOAT_PANEL = 1 << 22, DOUBLE_PANEL = 1 << 21;
    /**
     * Below this many multiply-adds more threads do not pay for the hand-offs between them. On the
     * 2-core VM this was measured on, two threads tied with one at 512^3 and were 1.5x faster at
     * 1024^3; at 256^3 one thread was faster.
     */
    private static final long PARALLEL_MIN_WORK = 400L * 400 * 400;

    private BlockedGemm() {}

    static void sgemm(MicroKernels kernels, boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        int mr = kernels.floatRows(), nr = kernels.floatCols();
        Plan plan = Plan.of(m, n, k, mr, nr, FLOAT_KC, FLOAT_MC, FLOAT_NC, FLOAT_PANEL);
        float[] bPanel = Workspace.get().floatB(Math.multiplyExact(k, plan.nc()));
        for (int jc = 0; jc < n; jc += plan.nc()) {
            int nc = Math.min(plan.nc(), n - jc), column0 = jc;
            plan.forEach(ceilDiv(nc, nr), s -> packB(transB, b, bOff, ldb, k, column0, nc, nr, s, bPanel));
            plan.forEach(plan.tasks(), t -> {
                Workspace ws = Workspace.get();
                float[] aPanel = ws.floatA(plan.mc() * plan.kc()), tile = ws.floatTile(mr, nr);
                int ic = plan.rowStart(t), mc = Math.min(plan.mc(), m - ic);
                int jFrom = plan.colStart(t, nc), jTo = plan.colEnd(t, nc);
                int cBlock = cOff + ic * ldc + column0;
                if (beta != 0 && beta != 1) SmallGemm.scale(mc, jTo - jFrom, beta, c, cBlock + jFrom, ldc);
                for (int pc = 0; pc < k; pc += plan.kc()) {
                    int kc = Math.min(plan.kc(), k - pc);
                    // The kernels add to C; when beta == 0 the first slice of k clears C just ahead of
                    // them (in cache), which also drops any NaN that C held, as BLAS requires.
                    boolean overwrite = pc == 0 && beta == 0;
                    packA(transA, a, aOff, lda, alpha, ic, mc, pc, kc, mr, aPanel);
                    for (int jr = jFrom; jr < jTo; jr += nr) {
                        int cols = Math.min(nr, nc - jr), bi = jr * k + pc * nr;
                        for (int ir = 0; ir < mc; ir += mr) {
                            int rows = Math.min(mr, mc - ir), ci = cBlock + ir * ldc + jr;
                            if (rows == mr && cols == nr) {
                                if (overwrite) clear(c, ci, ldc, mr, nr);
                                kernels.sgemmTile(kc, aPanel, ir * kc, bPanel, bi, c, ci, ldc);
                            } else {
                                Arrays.fill(tile, 0f);
                                kernels.sgemmTile(kc, aPanel, ir * kc, bPanel, bi, tile, 0, nr);
                                mergeTile(tile, nr, rows, cols, c, ci, ldc, !overwrite);
                            }
                        }
                    }
                }
            });
        }
    }

    /**
     * Packs alpha * op(A)[ic:ic+mc, pc:pc+kc] into slivers of mr rows, each stored column by
     * column (mr values per column), rows past mc zero-filled so edge tiles can run the full kernel.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, float alpha, int ic, int mc,
                              int pc, int kc, int mr, float[] panel) {
        if (transA) { // column p of op(A) is row pc+p of A: read each row once, across all slivers
            for (int p = 0; p < kc; p++) {
                int src = aOff + (pc + p) * lda + ic;
                for (int ir = 0; ir < mc; ir += mr) {
                    int rows = Math.min(mr, mc - ir), dst = ir * kc + p * mr;
                    for (int r = 0; r < rows; r++) panel[dst + r] = alpha * a[src + ir + r];
                    if (rows < mr) Arrays.fill(panel, dst + rows, dst + mr, 0f);
                }
            }
            return;
        }
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir), base = ir * kc;
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

    /**
     * Packs sliver s of op(B)[0:k, jc:jc+nc]: nr columns stored row by row (nr values per row, all
     * k rows, so sliver s starts at s * nr * k), columns past nc zero-filled.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int k, int jc, int nc, int nr,
                              int s, float[] panel) {
        int jr = s * nr, cols = Math.min(nr, nc - jr), base = jr * k;
        if (!transB) { // row p of op(B) is row p of B: contiguous runs of columns
            for (int p = 0; p < k; p++) {
                int dst = base + p * nr, src = bOff + p * ldb + jc + jr;
                for (int j = 0; j < cols; j++) panel[dst + j] = b[src + j];
                if (cols < nr) Arrays.fill(panel, dst + cols, dst + nr, 0f);
            }
        } else {
            for (int j = 0; j < nr; j++) {
                if (j < cols) {
                    int src = bOff + (jc + jr + j) * ldb;
                    for (int p = 0; p < k; p++) panel[base + p * nr + j] = b[src + p];
                } else {
                    for (int p = 0; p < k; p++) panel[base + p * nr + j] = 0f;
                }
            }
        }
    }

    private static void clear(float[] c, int ci, int ldc, int rows, int cols) {
        for (int r = 0; r < rows; r++) Arrays.fill(c, ci + r * ldc, ci + r * ldc + cols, 0f);
    }

    /** Adds (or copies) the valid corner of an edge tile into C. */
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
        Plan plan = Plan.of(m, n, k, mr, nr, DOUBLE_KC, DOUBLE_MC, DOUBLE_NC, DOUBLE_PANEL);
        double[] bPanel = Workspace.get().doubleB(Math.multiplyExact(k, plan.nc()));
        for (int jc = 0; jc < n; jc += plan.nc()) {
            int nc = Math.min(plan.nc(), n - jc), column0 = jc;
            plan.forEach(ceilDiv(nc, nr), s -> packB(transB, b, bOff, ldb, k, column0, nc, nr, s, bPanel));
            plan.forEach(plan.tasks(), t -> {
                Workspace ws = Workspace.get();
                double[] aPanel = ws.doubleA(plan.mc() * plan.kc()), tile = ws.doubleTile(mr, nr);
                int ic = plan.rowStart(t), mc = Math.min(plan.mc(), m - ic);
                int jFrom = plan.colStart(t, nc), jTo = plan.colEnd(t, nc);
                int cBlock = cOff + ic * ldc + column0;
                if (beta != 0 && beta != 1) SmallGemm.scale(mc, jTo - jFrom, beta, c, cBlock + jFrom, ldc);
                for (int pc = 0; pc < k; pc += plan.kc()) {
                    int kc = Math.min(plan.kc(), k - pc);
                    // The kernels add to C; when beta == 0 the first slice of k clears C just ahead of
                    // them (in cache), which also drops any NaN that C held, as BLAS requires.
                    boolean overwrite = pc == 0 && beta == 0;
                    packA(transA, a, aOff, lda, alpha, ic, mc, pc, kc, mr, aPanel);
                    for (int jr = jFrom; jr < jTo; jr += nr) {
                        int cols = Math.min(nr, nc - jr), bi = jr * k + pc * nr;
                        for (int ir = 0; ir < mc; ir += mr) {
                            int rows = Math.min(mr, mc - ir), ci = cBlock + ir * ldc + jr;
                            if (rows == mr && cols == nr) {
                                if (overwrite) clear(c, ci, ldc, mr, nr);
                                kernels.dgemmTile(kc, aPanel, ir * kc, bPanel, bi, c, ci, ldc);
                            } else {
                                Arrays.fill(tile, 0.0);
                                kernels.dgemmTile(kc, aPanel, ir * kc, bPanel, bi, tile, 0, nr);
                                mergeTile(tile, nr, rows, cols, c, ci, ldc, !overwrite);
                            }
                        }
                    }
                }
            });
        }
    }

    /**
     * Packs alpha * op(A)[ic:ic+mc, pc:pc+kc] into slivers of mr rows, each stored column by
     * column (mr values per column), rows past mc zero-filled so edge tiles can run the full kernel.
     */
    private static void packA(boolean transA, double[] a, int aOff, int lda, double alpha, int ic, int mc,
                              int pc, int kc, int mr, double[] panel) {
        if (transA) { // column p of op(A) is row pc+p of A: read each row once, across all slivers
            for (int p = 0; p < kc; p++) {
                int src = aOff + (pc + p) * lda + ic;
                for (int ir = 0; ir < mc; ir += mr) {
                    int rows = Math.min(mr, mc - ir), dst = ir * kc + p * mr;
                    for (int r = 0; r < rows; r++) panel[dst + r] = alpha * a[src + ir + r];
                    if (rows < mr) Arrays.fill(panel, dst + rows, dst + mr, 0.0);
                }
            }
            return;
        }
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir), base = ir * kc;
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

    /**
     * Packs sliver s of op(B)[0:k, jc:jc+nc]: nr columns stored row by row (nr values per row, all
     * k rows, so sliver s starts at s * nr * k), columns past nc zero-filled.
     */
    private static void packB(boolean transB, double[] b, int bOff, int ldb, int k, int jc, int nc, int nr,
                              int s, double[] panel) {
        int jr = s * nr, cols = Math.min(nr, nc - jr), base = jr * k;
        if (!transB) { // row p of op(B) is row p of B: contiguous runs of columns
            for (int p = 0; p < k; p++) {
                int dst = base + p * nr, src = bOff + p * ldb + jc + jr;
                for (int j = 0; j < cols; j++) panel[dst + j] = b[src + j];
                if (cols < nr) Arrays.fill(panel, dst + cols, dst + nr, 0.0);
            }
        } else {
            for (int j = 0; j < nr; j++) {
                if (j < cols) {
                    int src = bOff + (jc + jr + j) * ldb;
                    for (int p = 0; p < k; p++) panel[base + p * nr + j] = b[src + p];
                } else {
                    for (int p = 0; p < k; p++) panel[base + p * nr + j] = 0.0;
                }
            }
        }
    }

    private static void clear(double[] c, int ci, int ldc, int rows, int cols) {
        for (int r = 0; r < rows; r++) Arrays.fill(c, ci + r * ldc, ci + r * ldc + cols, 0.0);
    }

    /** Adds (or copies) the valid corner of an edge tile into C. */
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

    /**
     * Block sizes for one product, and its division into tasks: one per block of mc rows of C,
     * times a few column ranges when there are too few row blocks to keep every thread busy.
     * Tasks outnumber threads so that the pool balances them when a core is slowed (by other
     * work, or by a neighbour on a shared host).
     */
    private record Plan(int kc, int mc, int nc, int nr, int rowBlocks, int columnSplits, boolean parallel) {
        static Plan of(int m, int n, int k, int mr, int nr, int kcMax, int mcMax, int ncMax, int panelMax) {
            int threads = Parallel.threads();
            boolean parallel = threads > 1 && (long) m * n * k >= PARALLEL_MIN_WORK;
            int kc = Math.min(kcMax, k);
            // The B panel spans all of k (packed once, shared by all tasks), so it bounds nc.
            int nc = Math.min(roundUp(n, nr), Math.max(nr, Math.min(ncMax, panelMax / k) / nr * nr));
            int mc = Math.min(mcMax, roundUp(m, mr));
            int rowBlocks = ceilDiv(m, mc);
            int wanted = parallel ? 2 * threads : 1;
            int splits = rowBlocks >= wanted ? 1 : Math.min(ceilDiv(wanted, rowBlocks), ceilDiv(nc, nr));
            return new Plan(kc, mc, nc, nr, rowBlocks, splits, parallel);
        }

        int tasks() { return rowBlocks * columnSplits; }

        /**
         * Runs tasks 0 .. count-1, in parallel when the product is worth it. Each thread of the
         * loop claims the next task from a shared counter until none are left: one parallel loop
         * per call, and a thread slowed by other work simply claims fewer tasks.
         */
        void forEach(int count, IntConsumer task) {
            int workers = parallel ? Math.min(Parallel.threads(), count) : 1;
            AtomicInteger next = new AtomicInteger();
            Parallel.forRange(workers, parallel ? Parallel.GRAIN : 1, (from, to) -> {
                for (int t; (t = next.getAndIncrement()) < count; ) task.accept(t);
            });
        }

        int rowStart(int task) { return task / columnSplits * mc; }

        /** The task's column range within the panel: [colStart, colEnd), aligned to nr. */
        int colStart(int task, int ncHere) { return columnBoundary(task % columnSplits, ncHere); }

        int colEnd(int task, int ncHere) { return columnBoundary(task % columnSplits + 1, ncHere); }

        private int columnBoundary(int split, int ncHere) {
            return Math.min(ncHere, split * ceilDiv(ncHere, nr) / columnSplits * nr);
        }
    }

    private static int ceilDiv(int x, int y) { return (x + y - 1) / y; }

    private static int roundUp(int x, int multiple) { return ceilDiv(x, multiple) * multiple; }
}
