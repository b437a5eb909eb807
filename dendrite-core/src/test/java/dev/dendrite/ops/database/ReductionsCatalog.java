package dev.dendrite.ops.database;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.dendrite.ops.database.Ref.sample;
import static dev.dendrite.ops.database.RefLoops.reduce;

/**
 * Reductions (sum, mean, var, std, prod, max, min, arg-max/min, logsumexp, norms, all, any) over
 * all dims, one dim and several dims, with and without keepdim, and the scans (cumsum, cumprod).
 * The references group the input's values with their own index arithmetic ({@link RefLoops}).
 */
final class ReductionsCatalog implements OpCatalog {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Override
    public List<OpCase> cases() {
        List<OpCase> cases = new ArrayList<>();
        sums(cases);
        statistics(cases);
        products(cases);
        extremes(cases);
        logsumexpAndNorms(cases);
        scans(cases);
        logical(cases);
        large(cases);
        return cases;
    }

    private static double sum(double[] g) {
        double s = 0;
        for (double v : g) s += v;
        return s;
    }

    private static double mean(double[] g) { return sum(g) / g.length; }

    private static double variance(double[] g, boolean unbiased) {
        double m = mean(g), s = 0;
        for (double v : g) s += (v - m) * (v - m);
        return s / (g.length - (unbiased ? 1 : 0));
    }

    private static double prod(double[] g) {
        double p = 1;
        for (double v : g) p *= v;
        return p;
    }

    private static double max(double[] g) {
        double m = g[0];
        for (double v : g) m = v > m ? v : m;
        return m;
    }

    private static double min(double[] g) {
        double m = g[0];
        for (double v : g) m = v < m ? v : m;
        return m;
    }

    private static double logsumexp(double[] g) {
        double m = max(g);
        if (m == Double.NEGATIVE_INFINITY) return m;
        double s = 0;
        for (double v : g) s += Math.exp(v - m);
        return m + Math.log(s);
    }

    private static double pnorm(double[] g, double p) {
        if (p == INF) {
            double m = 0;
            for (double v : g) m = Math.max(m, Math.abs(v));
            return m;
        }
        double s = 0;
        for (double v : g) s += Math.pow(Math.abs(v), p);
        return Math.pow(s, 1 / p);
    }

    private static void add(List<OpCase> cases, String name, UnaryOperator<Tensor> op, Tensor x, Tensor expected) {
        cases.add(OpCase.of(name, in -> op.apply(in[0])).inputs(x).expect(expected).build());
    }

    private static void addNoGrad(List<OpCase> cases, String name, UnaryOperator<Tensor> op, Tensor x, Tensor expected) {
        cases.add(OpCase.of(name, in -> op.apply(in[0])).inputs(x).expect(expected).noGrad().build());
    }

    // ================================================================ sum, mean

    private static void sums(List<OpCase> cases) {
        Tensor x = sample(101, 2, 3, 4), v = sample(102, 7);
        Dtype f64 = Dtype.FLOAT64;
        add(cases, "sum all", Tensor::sum, x, reduce(x, null, false, f64, ReductionsCatalog::sum));
        add(cases, "sum 1-D", Tensor::sum, v, reduce(v, null, false, f64, ReductionsCatalog::sum));
        add(cases, "sum dim 1", t -> t.sum(1), x, reduce(x, new int[] {1}, false, f64, ReductionsCatalog::sum));
        add(cases, "sum dim -1 keepdim", t -> t.sum(-1, true), x, reduce(x, new int[] {-1}, true, f64, ReductionsCatalog::sum));
        add(cases, "sum dims 0,2", t -> t.sum(new int[] {0, 2}, false), x, reduce(x, new int[] {0, 2}, false, f64, ReductionsCatalog::sum));
        add(cases, "sum dims 2,0 keepdim", t -> t.sum(new int[] {2, 0}, true), x, reduce(x, new int[] {0, 2}, true, f64, ReductionsCatalog::sum));
        add(cases, "sum dims 0,1 keepdim", t -> t.sum(new int[] {0, 1}, true), x, reduce(x, new int[] {0, 1}, true, f64, ReductionsCatalog::sum));
        add(cases, "sum 0-dim", Tensor::sum, Tensor.scalar(2.5, f64), Tensor.scalar(2.5, f64));
        // float32 sums long enough for the vectorized row kernels, over the inner and the outer dim
        Tensor big = sample(103, -1, 1, Dtype.FLOAT32, 7, 133);
        addNoGrad(cases, "sum f32 rows", t -> t.sum(1), big, reduce(big, new int[] {1}, false, Dtype.FLOAT32, ReductionsCatalog::sum));
        addNoGrad(cases, "sum f32 columns", t -> t.sum(0), big, reduce(big, new int[] {0}, false, Dtype.FLOAT32, ReductionsCatalog::sum));
        addNoGrad(cases, "sum f32 all", Tensor::sum, big, reduce(big, null, false, Dtype.FLOAT32, ReductionsCatalog::sum));
        Tensor bf = sample(104, -1, 1, Dtype.BFLOAT16, 3, 40);
        cases.add(OpCase.of("sum bfloat16 stays bfloat16", in -> in[0].sum(1)).inputs(bf)
                .expect(reduce(bf, new int[] {1}, false, Dtype.BFLOAT16, ReductionsCatalog::sum)).tolerance(1e-2).noGrad().build());

        Tensor ints = Tensor.of(new long[] {3, -1, 4, 1, -5, 9, 2, 6, -5, 3, 5, 8}, 3, 4);
        addNoGrad(cases, "sum int64", Tensor::sum, ints, Tensor.scalar(30, Dtype.INT64));
        addNoGrad(cases, "sum int64 dim 0", t -> t.sum(0), ints, Tensor.of(new long[] {-7, 11, 11, 15}, 4));
        addNoGrad(cases, "sum int32 widens to int64", t -> t.sum(1), ints.to(Dtype.INT32), Tensor.of(new long[] {7, 12, 11}, 3));
        Tensor bools = Tensor.of(new boolean[] {true, false, true, true, false, false, true, true, true, false, false, true}).reshape(3, 4);
        addNoGrad(cases, "sum bool gives int64", Tensor::sum, bools, Tensor.scalar(7, Dtype.INT64));
        addNoGrad(cases, "sum bool dim 1 keepdim", t -> t.sum(1, true), bools, Tensor.of(new long[] {3, 2, 2}, 3, 1));

        add(cases, "mean all", Tensor::mean, x, reduce(x, null, false, f64, ReductionsCatalog::mean));
        add(cases, "mean dim 0", t -> t.mean(0), x, reduce(x, new int[] {0}, false, f64, ReductionsCatalog::mean));
        add(cases, "mean dim -2 keepdim", t -> t.mean(-2, true), x, reduce(x, new int[] {-2}, true, f64, ReductionsCatalog::mean));
        add(cases, "mean dims 1,2", t -> t.mean(new int[] {1, 2}, false), x, reduce(x, new int[] {1, 2}, false, f64, ReductionsCatalog::mean));
        addNoGrad(cases, "mean f32 rows", t -> t.mean(1), big, reduce(big, new int[] {1}, false, Dtype.FLOAT32, ReductionsCatalog::mean));
    }

    // ================================================================ var, std

    private static void statistics(List<OpCase> cases) {
        Tensor x = sample(111, 3, 5), y = sample(112, 2, 3, 4);
        Dtype f64 = Dtype.FLOAT64;
        add(cases, "var unbiased all", t -> t.var(true), x, reduce(x, null, false, f64, g -> variance(g, true)));
        add(cases, "var biased all", t -> t.var(false), x, reduce(x, null, false, f64, g -> variance(g, false)));
        add(cases, "var unbiased dim 1", t -> t.var(1, true, false), x, reduce(x, new int[] {1}, false, f64, g -> variance(g, true)));
        add(cases, "var biased dim 0 keepdim", t -> t.var(0, false, true), x, reduce(x, new int[] {0}, true, f64, g -> variance(g, false)));
        add(cases, "var unbiased dims 0,2", t -> t.var(new int[] {0, 2}, true, false), y,
                reduce(y, new int[] {0, 2}, false, f64, g -> variance(g, true)));
        add(cases, "std unbiased all", t -> t.std(true), x, reduce(x, null, false, f64, g -> Math.sqrt(variance(g, true))));
        add(cases, "std biased all", t -> t.std(false), x, reduce(x, null, false, f64, g -> Math.sqrt(variance(g, false))));
        add(cases, "std unbiased dim -1 keepdim", t -> t.std(-1, true, true), y,
                reduce(y, new int[] {-1}, true, f64, g -> Math.sqrt(variance(g, true))));
        add(cases, "std biased dims 1,2", t -> t.std(new int[] {1, 2}, false, false), y,
                reduce(y, new int[] {1, 2}, false, f64, g -> Math.sqrt(variance(g, false))));
        Tensor big = sample(113, -3, 3, Dtype.FLOAT32, 4, 50);
        addNoGrad(cases, "var f32 rows", t -> t.var(1, true, false), big,
                reduce(big, new int[] {1}, false, Dtype.FLOAT32, g -> variance(g, true)));
    }

    // ================================================================ prod

    private static void products(List<OpCase> cases) {
        Dtype f64 = Dtype.FLOAT64;
        Tensor x = sample(121, 0.5, 1.5, f64, 3, 4);
        Tensor oneZero = Tensor.of(new double[] {1.5, 0, -2, 0.5, 3, -1, 0.25, 2, -0.5, 1.25, 2, 0}, 3, 4);
        Tensor twoZeros = Tensor.of(new double[] {1.5, 0, -2, 0, 3, -1, 0.25, 2, -0.5, 1.25, 2, 4}, 3, 4);
        add(cases, "prod all", Tensor::prod, x, reduce(x, null, false, f64, ReductionsCatalog::prod));
        add(cases, "prod dim 1", t -> t.prod(1, false), x, reduce(x, new int[] {1}, false, f64, ReductionsCatalog::prod));
        add(cases, "prod dim 0 keepdim", t -> t.prod(0, true), x, reduce(x, new int[] {0}, true, f64, ReductionsCatalog::prod));
        add(cases, "prod dim 1 with a zero per row", t -> t.prod(1, false), oneZero,
                reduce(oneZero, new int[] {1}, false, f64, ReductionsCatalog::prod));
        add(cases, "prod dim 0 with zeros", t -> t.prod(0, false), oneZero,
                reduce(oneZero, new int[] {0}, false, f64, ReductionsCatalog::prod));
        add(cases, "prod all with one zero", Tensor::prod, Tensor.of(new double[] {1.5, -2, 0, 0.5, 3, -1}, 2, 3), Tensor.scalar(0, f64));
        add(cases, "prod dim 1 with two zeros in a row", t -> t.prod(1, false), twoZeros,
                reduce(twoZeros, new int[] {1}, false, f64, ReductionsCatalog::prod));
        addNoGrad(cases, "prod int64", t -> t.prod(0, false), Tensor.of(new long[] {2, -3, 4, 5, 1, -2}, 2, 3),
                Tensor.of(new long[] {10, -3, -8}, 3));
        addNoGrad(cases, "prod bool gives int64", Tensor::prod, Tensor.of(new boolean[] {true, true, false}), Tensor.scalar(0, Dtype.INT64));
        Tensor big = sample(122, 0.9, 1.1, Dtype.FLOAT32, 3, 70);
        addNoGrad(cases, "prod f32 rows", t -> t.prod(1, false), big,
                reduce(big, new int[] {1}, false, Dtype.FLOAT32, ReductionsCatalog::prod));
    }

    // ================================================================ max, min, argmax, argmin

    private static void extremes(List<OpCase> cases) {
        Dtype f64 = Dtype.FLOAT64;
        Tensor x = sample(131, 3, 4), y = sample(132, 2, 3, 4);
        add(cases, "max all", Tensor::max, x, reduce(x, null, false, f64, ReductionsCatalog::max));
        add(cases, "min all", Tensor::min, y, reduce(y, null, false, f64, ReductionsCatalog::min));
        add(cases, "max dim 1 values", t -> t.max(1, false).values(), x, reduce(x, new int[] {1}, false, f64, ReductionsCatalog::max));
        add(cases, "max dim 0 keepdim values", t -> t.max(0, true).values(), y, reduce(y, new int[] {0}, true, f64, ReductionsCatalog::max));
        add(cases, "min dim -1 values", t -> t.min(-1, false).values(), y, reduce(y, new int[] {-1}, false, f64, ReductionsCatalog::min));
        add(cases, "min dim 1 keepdim values", t -> t.min(1, true).values(), y, reduce(y, new int[] {1}, true, f64, ReductionsCatalog::min));
        addNoGrad(cases, "max dim 1 indices", t -> t.max(1, false).indices(), x,
                reduce(x, new int[] {1}, false, Dtype.INT64, g -> RefLoops.argExtreme(g, true)));
        addNoGrad(cases, "min dim 0 keepdim indices", t -> t.min(0, true).indices(), y,
                reduce(y, new int[] {0}, true, Dtype.INT64, g -> RefLoops.argExtreme(g, false)));
        addNoGrad(cases, "argmax all", Tensor::argmax, y, Tensor.scalar(RefLoops.argExtreme(y.toDoubleArray(), true), Dtype.INT64));
        addNoGrad(cases, "argmin all", Tensor::argmin, y, Tensor.scalar(RefLoops.argExtreme(y.toDoubleArray(), false), Dtype.INT64));
        addNoGrad(cases, "argmax dim 2", t -> t.argmax(2, false), y,
                reduce(y, new int[] {2}, false, Dtype.INT64, g -> RefLoops.argExtreme(g, true)));
        addNoGrad(cases, "argmin dim 1 keepdim", t -> t.argmin(1, true), y,
                reduce(y, new int[] {1}, true, Dtype.INT64, g -> RefLoops.argExtreme(g, false)));
        // ties: the first index wins, as in torch
        Tensor ties = Tensor.of(new double[] {1, 3, 3, 0, 2, 2, 2, 2, 5, 0, 5, 0}, 3, 4);
        addNoGrad(cases, "argmax ties take the first", t -> t.argmax(1, false), ties, Tensor.of(new long[] {1, 0, 0}, 3));
        addNoGrad(cases, "argmin ties take the first", t -> t.argmin(1, false), ties, Tensor.of(new long[] {3, 0, 1}, 3));
        addNoGrad(cases, "min dim ties index", t -> t.min(1, true).indices(), ties, Tensor.of(new long[] {3, 0, 1}, 3, 1));
        addNoGrad(cases, "max dim ties index", t -> t.max(1, false).indices(), ties, Tensor.of(new long[] {1, 0, 0}, 3));
        // (a shared maximum splits its gradient evenly, which finite differences cannot confirm: forward only)
        addNoGrad(cases, "max all with ties", Tensor::max, ties, Tensor.scalar(5, f64));
        // NaN is the extreme, as in torch
        Tensor nan = Tensor.of(new double[] {1, Double.NaN, 3, 4, -1, -2}, 2, 3);
        addNoGrad(cases, "max with NaN", t -> t.max(1, false).values(), nan, Tensor.of(new double[] {Double.NaN, 4}, 2));
        addNoGrad(cases, "argmax with NaN", t -> t.argmax(1, false), nan, Tensor.of(new long[] {1, 0}, 2));
        addNoGrad(cases, "max all with NaN", Tensor::max, nan, Tensor.scalar(Double.NaN, f64));

        Tensor ints = Tensor.of(new long[] {3, -1, 4, 1, -5, 9, 2, 6, -5, 3, 5, 8}, 3, 4);
        addNoGrad(cases, "max int64 all", Tensor::max, ints, Tensor.scalar(9, Dtype.INT64));
        addNoGrad(cases, "min int64 dim 1 values", t -> t.min(1, false).values(), ints, Tensor.of(new long[] {-1, -5, -5}, 3));
        addNoGrad(cases, "argmax int32 dim 0", t -> t.argmax(0, false), ints.to(Dtype.INT32), Tensor.of(new long[] {0, 1, 2, 2}, 4));
        Tensor bools = Tensor.of(new boolean[] {false, true, false, false, false, false}).reshape(2, 3);
        addNoGrad(cases, "max bool all", Tensor::max, bools, Tensor.scalar(1, Dtype.BOOL));
        addNoGrad(cases, "max bool dim 1 values", t -> t.max(1, false).values(), bools, Tensor.of(new boolean[] {true, false}));

        Tensor big = sample(133, -5, 5, Dtype.FLOAT32, 6, 71);
        addNoGrad(cases, "max f32 rows values", t -> t.max(1, false).values(), big,
                reduce(big, new int[] {1}, false, Dtype.FLOAT32, ReductionsCatalog::max));
        addNoGrad(cases, "min f32 all", Tensor::min, big, reduce(big, null, false, Dtype.FLOAT32, ReductionsCatalog::min));
        addNoGrad(cases, "argmax f32 columns", t -> t.argmax(0, false), big,
                reduce(big, new int[] {0}, false, Dtype.INT64, g -> RefLoops.argExtreme(g, true)));
    }

    // ================================================================ logsumexp, norm

    private static void logsumexpAndNorms(List<OpCase> cases) {
        Dtype f64 = Dtype.FLOAT64;
        Tensor x = sample(141, -3, 3, f64, 3, 4), y = sample(142, -3, 3, f64, 2, 3, 4);
        add(cases, "logsumexp dim 1", t -> t.logsumexp(1, false), x, reduce(x, new int[] {1}, false, f64, ReductionsCatalog::logsumexp));
        add(cases, "logsumexp dim 0 keepdim", t -> t.logsumexp(0, true), x, reduce(x, new int[] {0}, true, f64, ReductionsCatalog::logsumexp));
        add(cases, "logsumexp dims 0,2", t -> t.logsumexp(new int[] {0, 2}, false), y,
                reduce(y, new int[] {0, 2}, false, f64, ReductionsCatalog::logsumexp));
        Tensor large = Tensor.of(new double[] {1000, 1001, 999, -1000, -1001, -999}, 2, 3);
        add(cases, "logsumexp large magnitudes", t -> t.logsumexp(1, false), large,
                reduce(large, new int[] {1}, false, f64, ReductionsCatalog::logsumexp));
        Tensor withInf = Tensor.of(new double[] {-INF, 0.5, -1, 2, -INF, -INF}, 2, 3);
        add(cases, "logsumexp with -inf entries", t -> t.logsumexp(1, false), withInf,
                reduce(withInf, new int[] {1}, false, f64, ReductionsCatalog::logsumexp));
        Tensor allInf = Tensor.of(new double[] {-INF, -INF, -INF, 1, 2, 3}, 2, 3);
        addNoGrad(cases, "logsumexp of an all -inf row is -inf", t -> t.logsumexp(1, false), allInf,
                Tensor.of(new double[] {-INF, logsumexp(new double[] {1, 2, 3})}, 2));
        Tensor big = sample(143, -10, 10, Dtype.FLOAT32, 5, 67);
        addNoGrad(cases, "logsumexp f32 rows", t -> t.logsumexp(1, false), big,
                reduce(big, new int[] {1}, false, Dtype.FLOAT32, ReductionsCatalog::logsumexp));

        for (double p : new double[] {1, 2, INF, 3, 0.5}) {
            String ps = p == INF ? "inf" : Double.toString(p);
            add(cases, "norm p=" + ps + " all", t -> t.norm(p), x, reduce(x, null, false, f64, g -> pnorm(g, p)));
            add(cases, "norm p=" + ps + " dim 1", t -> t.norm(p, new int[] {1}, false), x, reduce(x, new int[] {1}, false, f64, g -> pnorm(g, p)));
            if (p != INF) {
                add(cases, "norm p=" + ps + " dims 0,2 keepdim", t -> t.norm(p, new int[] {0, 2}, true), y,
                        reduce(y, new int[] {0, 2}, true, f64, g -> pnorm(g, p)));
            }
        }
        add(cases, "norm default (2)", Tensor::norm, y, reduce(y, null, false, f64, g -> pnorm(g, 2)));
        add(cases, "norm inf dim 0 keepdim", t -> t.norm(INF, new int[] {0}, true), x, reduce(x, new int[] {0}, true, f64, g -> pnorm(g, INF)));
        add(cases, "norm inf all keepdim", t -> t.norm(INF, null, true), y, reduce(y, null, true, f64, g -> pnorm(g, INF)));
        Tensor big2 = sample(144, -2, 2, Dtype.FLOAT32, 4, 90);
        addNoGrad(cases, "norm 2 f32 rows", t -> t.norm(2, new int[] {1}, false), big2,
                reduce(big2, new int[] {1}, false, Dtype.FLOAT32, g -> pnorm(g, 2)));
    }

    // ================================================================ cumsum, cumprod

    private static void scans(List<OpCase> cases) {
        Dtype f64 = Dtype.FLOAT64;
        Tensor x = sample(151, 3, 4), y = sample(152, 2, 3, 4), v = sample(153, 6);
        add(cases, "cumsum 1-D", t -> t.cumsum(0), v, RefLoops.scan(v, 0, true, f64));
        add(cases, "cumsum dim 1", t -> t.cumsum(1), x, RefLoops.scan(x, 1, true, f64));
        add(cases, "cumsum dim 0", t -> t.cumsum(0), y, RefLoops.scan(y, 0, true, f64));
        add(cases, "cumsum dim -2", t -> t.cumsum(-2), y, RefLoops.scan(y, -2, true, f64));
        add(cases, "cumprod dim 1", t -> t.cumprod(1), x, RefLoops.scan(x, 1, false, f64));
        add(cases, "cumprod dim 0", t -> t.cumprod(0), y, RefLoops.scan(y, 0, false, f64));
        Tensor zeros = Tensor.of(new double[] {1.5, 0, -2, 0.5, 3, -1, 0.25, 0, -0.5, 0, 2, 4}, 3, 4);
        add(cases, "cumprod dim 1 with zeros", t -> t.cumprod(1), zeros, RefLoops.scan(zeros, 1, false, f64));
        add(cases, "cumprod dim 0 with zeros", t -> t.cumprod(0), zeros, RefLoops.scan(zeros, 0, false, f64));
        add(cases, "cumsum 0-dim", t -> t.cumsum(0), Tensor.scalar(1.25, f64), Tensor.scalar(1.25, f64));
        Tensor ints = Tensor.of(new int[] {3, -1, 4, 1, -5, 9}, 2, 3);
        addNoGrad(cases, "cumsum int32 widens to int64", t -> t.cumsum(1), ints, Tensor.of(new long[] {3, 2, 6, 1, -4, 5}, 2, 3));
        addNoGrad(cases, "cumprod int64", t -> t.cumprod(0), ints.to(Dtype.INT64), Tensor.of(new long[] {3, -1, 4, 3, 5, 36}, 2, 3));
        addNoGrad(cases, "cumsum bool gives int64", t -> t.cumsum(0), Tensor.of(new boolean[] {true, false, true, true}),
                Tensor.of(new long[] {1, 1, 2, 3}, 4));
        Tensor big = sample(154, -1, 1, Dtype.FLOAT32, 3, 50);
        addNoGrad(cases, "cumsum f32 rows", t -> t.cumsum(1), big, RefLoops.scan(big, 1, true, Dtype.FLOAT32));
    }

    // ================================================================ large (split over the thread pool)

    private static void large(List<OpCase> cases) {
        Tensor x = sample(161, -1, 1, Dtype.FLOAT32, 300, 211), y = sample(162, -1, 1, Dtype.FLOAT32, 3, 257, 60);
        Dtype f32 = Dtype.FLOAT32;
        addNoGrad(cases, "sum f32 large rows", t -> t.sum(1), x, reduce(x, new int[] {1}, false, f32, ReductionsCatalog::sum));
        addNoGrad(cases, "sum f32 large columns", t -> t.sum(0), x, reduce(x, new int[] {0}, false, f32, ReductionsCatalog::sum));
        addNoGrad(cases, "sum f32 large middle dim", t -> t.sum(1), y, reduce(y, new int[] {1}, false, f32, ReductionsCatalog::sum));
        addNoGrad(cases, "max f32 large middle dim", t -> t.max(1, false).values(), y, reduce(y, new int[] {1}, false, f32, ReductionsCatalog::max));
        addNoGrad(cases, "argmin f32 large rows", t -> t.argmin(1, false), x,
                reduce(x, new int[] {1}, false, Dtype.INT64, g -> RefLoops.argExtreme(g, false)));
        addNoGrad(cases, "sum f32 large dims 0,2", t -> t.sum(new int[] {0, 2}, false), y,
                reduce(y, new int[] {0, 2}, false, f32, ReductionsCatalog::sum));
        addNoGrad(cases, "cumsum f32 large", t -> t.cumsum(1), x, RefLoops.scan(x, 1, true, f32));
        // a float32 sum over many rows must not drift (folding 300000 rows into one float32 row is ~0.3% off)
        Tensor tall = Tensor.full(0.1, 300_000, 2);
        addNoGrad(cases, "sum f32 over 300000 rows stays accurate", t -> t.sum(0), tall,
                reduce(tall, new int[] {0}, false, f32, ReductionsCatalog::sum));
        Tensor b = Ref.map(x, v -> v > 0.9 ? 1 : 0, Dtype.BOOL);
        addNoGrad(cases, "any large rows", t -> t.any(1, false), b, reduce(b, new int[] {1}, false, Dtype.BOOL,
                g -> java.util.Arrays.stream(g).anyMatch(v -> v != 0) ? 1 : 0));
    }

    // ================================================================ all, any

    private static void logical(List<OpCase> cases) {
        Tensor b = Tensor.of(new boolean[] {true, true, true, false, true, false, true, true, false, false, false, false}).reshape(3, 4);
        addNoGrad(cases, "all", Tensor::all, b, Tensor.scalar(0, Dtype.BOOL));
        addNoGrad(cases, "any", Tensor::any, b, Tensor.scalar(1, Dtype.BOOL));
        addNoGrad(cases, "all dim 1", t -> t.all(1, false), b, Tensor.of(new boolean[] {false, false, false}));
        addNoGrad(cases, "all dim 0 keepdim", t -> t.all(0, true), b, Tensor.of(new boolean[] {false, false, false, false}).reshape(1, 4));
        addNoGrad(cases, "any dim 1", t -> t.any(1, false), b, Tensor.of(new boolean[] {true, true, false}));
        addNoGrad(cases, "any dim 0 keepdim", t -> t.any(0, true), b, Tensor.of(new boolean[] {true, true, true, true}).reshape(1, 4));
        Tensor allTrue = Tensor.of(new boolean[] {true, true, true, true, true, true}).reshape(2, 3);
        addNoGrad(cases, "all of all-true", Tensor::all, allTrue, Tensor.scalar(1, Dtype.BOOL));
        Tensor f = Tensor.of(new double[] {1.5, 0, -2, 0.5, 3, -1}, 2, 3);
        addNoGrad(cases, "all float (nonzero is true)", t -> t.all(0, false), f, Tensor.of(new boolean[] {true, false, true}));
        addNoGrad(cases, "any int64", t -> t.any(1, false), Tensor.of(new long[] {0, 0, 0, 0, 7, 0}, 2, 3), Tensor.of(new boolean[] {false, true}));
    }
}
