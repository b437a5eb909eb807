package dev.dendrite.ops.database;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static dev.dendrite.ops.database.Ref.sample;

/**
 * Unary and binary elementwise math, comparisons and logical ops, casts, and their integer and bool
 * forms. Every unary op runs twice: on float64 [3, 4] samples with gradcheck, and forward-only on
 * float32 [5, 37] samples (long enough rows for the vectorized kernels and their tails).
 */
final class ElementwiseCatalog implements OpCatalog {

    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    @Override
    public List<OpCase> cases() {
        List<OpCase> cases = new ArrayList<>();
        basics(cases);
        unaryOps(cases);
        specialValues(cases);
        binaryOps(cases);
        comparisons(cases);
        integersAndBools(cases);
        casts(cases);
        large(cases);
        return cases;
    }

    private static void basics(List<OpCase> cases) {
        Tensor a = sample(1, 3, 4), b = sample(2, 3, 4), row = sample(3, 4), col = sample(4, 3, 1);
        cases.add(OpCase.of("add", in -> in[0].add(in[1])).inputs(a, b).expect(Ref.zip(a, b, Double::sum)).build());
        cases.add(OpCase.of("add broadcast row", in -> in[0].add(in[1])).inputs(a, row).expect(Ref.zip(a, row, Double::sum)).build());
        cases.add(OpCase.of("sub broadcast col x row", in -> in[0].sub(in[1])).inputs(col, row)
                .expect(Ref.zip(col, row, (x, y) -> x - y)).build());
        cases.add(OpCase.of("mul", in -> in[0].mul(in[1])).inputs(a, col).expect(Ref.zip(a, col, (x, y) -> x * y)).build());
        cases.add(OpCase.of("div", in -> in[0].div(in[1])).inputs(a, sample(5, 0.5, 2, Dtype.FLOAT64, 3, 4))
                .expect(Ref.zip(a, sample(5, 0.5, 2, Dtype.FLOAT64, 3, 4), (x, y) -> x / y)).build());
        Tensor pos = sample(6, 0.2, 3, Dtype.FLOAT64, 2, 3);
        cases.add(OpCase.of("exp", in -> in[0].exp()).inputs(a).expect(Ref.map(a, Math::exp)).build());
        cases.add(OpCase.of("log", in -> in[0].log()).inputs(pos).expect(Ref.map(pos, Math::log)).build());
        cases.add(OpCase.of("tanh", in -> in[0].tanh()).inputs(a).expect(Ref.map(a, Math::tanh)).build());
        cases.add(OpCase.of("lt (bool result)", in -> in[0].lt(in[1])).inputs(a, row)
                .expect(Ref.zip(a, row, (x, y) -> x < y ? 1 : 0, Dtype.BOOL)).noGrad().build());
    }

    // ================================================================ unary

    private static void unary(List<OpCase> cases, String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref,
                              double lo, double hi, long seed) {
        Tensor x64 = sample(seed, lo, hi, Dtype.FLOAT64, 3, 4);
        cases.add(OpCase.of(name, in -> op.apply(in[0])).inputs(x64).expect(Ref.map(x64, ref)).build());
        Tensor x32 = sample(seed + 1000, lo, hi, Dtype.FLOAT32, 5, 37);
        cases.add(OpCase.of(name + " f32", in -> op.apply(in[0])).inputs(x32).expect(Ref.map(x32, ref)).noGrad().build());
    }

    private static void unaryOps(List<OpCase> cases) {
        unary(cases, "neg", Tensor::neg, x -> -x, -2, 2, 11);
        unary(cases, "abs", Tensor::abs, Math::abs, -2, 2, 12);
        unary(cases, "exp unary", Tensor::exp, Math::exp, -3, 3, 13);
        unary(cases, "log unary", Tensor::log, Math::log, 0.1, 5, 14);
        unary(cases, "log1p", Tensor::log1p, x -> Math.log(1 + x), -0.5, 2, 15);
        unary(cases, "expm1", Tensor::expm1, x -> Math.exp(x) - 1, -2, 2, 16);
        unary(cases, "sqrt", Tensor::sqrt, Math::sqrt, 0.1, 5, 17);
        unary(cases, "rsqrt", Tensor::rsqrt, x -> 1 / Math.sqrt(x), 0.1, 5, 18);
        unary(cases, "sin", Tensor::sin, Math::sin, -4, 4, 19);
        unary(cases, "cos", Tensor::cos, Math::cos, -4, 4, 20);
        unary(cases, "tan", Tensor::tan, x -> Math.sin(x) / Math.cos(x), -1.2, 1.2, 21);
        unary(cases, "asin", Tensor::asin, Math::asin, -0.9, 0.9, 22);
        unary(cases, "acos", Tensor::acos, Math::acos, -0.9, 0.9, 23);
        unary(cases, "atan", Tensor::atan, Math::atan, -4, 4, 24);
        unary(cases, "sinh", Tensor::sinh, x -> (Math.exp(x) - Math.exp(-x)) / 2, -2, 2, 25);
        unary(cases, "cosh", Tensor::cosh, x -> (Math.exp(x) + Math.exp(-x)) / 2, -2, 2, 26);
        unary(cases, "tanh unary", Tensor::tanh, x -> (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1), -3, 3, 27);
        unary(cases, "sigmoid", Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)), -6, 6, 28);
        unary(cases, "erf", Tensor::erf, ElementwiseCatalog::erfBySimpson, -3.5, 3.5, 29);
        unary(cases, "sign", Tensor::sign, Math::signum, -2, 2, 30);
        unary(cases, "floor", Tensor::floor, Math::floor, -3, 3, 31);
        unary(cases, "ceil", Tensor::ceil, Math::ceil, -3, 3, 32);
        unary(cases, "round", Tensor::round, ElementwiseCatalog::roundHalfEven, -3, 3, 33);
        unary(cases, "trunc", Tensor::trunc, x -> x < 0 ? -Math.floor(-x) : Math.floor(x), -3, 3, 34);
        unary(cases, "reciprocal", Tensor::reciprocal, x -> 1 / x, 0.3, 3, 35);
        unary(cases, "reciprocal negative", Tensor::reciprocal, x -> 1 / x, -3, -0.3, 36);
        unary(cases, "square", Tensor::square, x -> x * x, -2, 2, 37);
        unary(cases, "relu", Tensor::relu, x -> x > 0 ? x : 0, -2, 2, 38);
        unary(cases, "clamp", x -> x.clamp(-0.5, 0.7), x -> x < -0.5 ? -0.5 : x > 0.7 ? 0.7 : x, -2, 2, 39);
        unary(cases, "clampMin", x -> x.clampMin(0.1), x -> x < 0.1 ? 0.1 : x, -2, 2, 40);
        unary(cases, "clampMax", x -> x.clampMax(-0.2), x -> x > -0.2 ? -0.2 : x, -2, 2, 41);
        unary(cases, "clamp min above max gives max", x -> x.clamp(1, -1), x -> -1, -2, 2, 42);
        unary(cases, "pow scalar 3", x -> x.pow(3), x -> x * x * x, -2, 2, 43);
        unary(cases, "pow scalar 2", x -> x.pow(2), x -> x * x, -2, 2, 44);
        unary(cases, "pow scalar 1", x -> x.pow(1), x -> x, -2, 2, 45);
        unary(cases, "pow scalar 0.5", x -> x.pow(0.5), Math::sqrt, 0.1, 4, 46);
        unary(cases, "pow scalar -1.5", x -> x.pow(-1.5), x -> 1 / (x * Math.sqrt(x)), 0.2, 4, 47);
        unary(cases, "pow scalar 0", x -> x.pow(0), x -> 1, -2, 2, 48);
        unary(cases, "add scalar", x -> x.add(2.5), x -> x + 2.5, -2, 2, 49);
        unary(cases, "sub scalar", x -> x.sub(0.75), x -> x - 0.75, -2, 2, 50);
        unary(cases, "rsub scalar", x -> x.rsub(3), x -> 3 - x, -2, 2, 51);
        unary(cases, "mul scalar", x -> x.mul(-1.5), x -> -1.5 * x, -2, 2, 52);
        unary(cases, "div scalar", x -> x.div(4), x -> x / 4, -2, 2, 53);
        unary(cases, "rdiv scalar", x -> x.rdiv(2), x -> 2 / x, 0.3, 3, 54);
        unary(cases, "remainder scalar", x -> x.remainder(1.5), x -> x - Math.floor(x / 1.5) * 1.5, -4, 4, 55);
        unary(cases, "remainder negative scalar", x -> x.remainder(-1.5), x -> x - Math.floor(x / -1.5) * -1.5, -4, 4, 56);

        // round: halves go to the even neighbour, as torch.round
        Tensor halves = Tensor.of(new double[] {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 3.5000001}, 8);
        cases.add(OpCase.of("round halves to even", in -> in[0].round()).inputs(halves)
                .expect(Tensor.of(new double[] {0, 2, 2, -0.0, -2, -2, 0, 4}, 8)).noGrad().build());
        Tensor withZeros = Tensor.of(new double[] {-1.5, 0, 2, -0.0, 0.25, -3}, 2, 3);
        cases.add(OpCase.of("sign with zeros", in -> in[0].sign()).inputs(withZeros)
                .expect(Tensor.of(new double[] {-1, 0, 1, 0, 1, -1}, 2, 3)).noGrad().build());
    }

    /** erf by composite Simpson integration of 2/sqrt(pi) exp(-t^2) over [0, x] (accurate to ~1e-13 here). */
    static double erfBySimpson(double x) {
        int n = 4000;
        double h = x / n, s = 1 + Math.exp(-x * x);
        for (int i = 1; i < n; i++) {
            double t = i * h;
            s += (i % 2 == 1 ? 4 : 2) * Math.exp(-t * t);
        }
        return 2 / Math.sqrt(Math.PI) * s * h / 3;
    }

    static double roundHalfEven(double x) {
        double f = Math.floor(x), diff = x - f;
        if (diff > 0.5) return f + 1;
        if (diff < 0.5) return f;
        return (f % 2 == 0) ? f : f + 1;
    }

    /** NaN, infinities, signed zeros and extremes through the unary kernels, in both float widths. */
    private static void specialValues(List<OpCase> cases) {
        double[] pattern = {NAN, INF, -INF, 0.0, -0.0, 1e-30, 50, -50, 0.5, -0.5};
        double[] values = new double[pattern.length * 5];   // repeated, so that vector lanes see every value
        for (int i = 0; i < values.length; i++) values[i] = pattern[i % pattern.length];
        for (Dtype dt : List.of(Dtype.FLOAT32, Dtype.FLOAT64)) {
            Tensor x = Tensor.of(values, 5, pattern.length).to(dt);
            String w = dt == Dtype.FLOAT32 ? " f32" : " f64";
            special(cases, "relu special" + w, Tensor::relu, v -> Double.isNaN(v) ? v : v > 0 ? v : 0, x);
            special(cases, "abs special" + w, Tensor::abs, Math::abs, x);
            special(cases, "neg special" + w, Tensor::neg, v -> -v, x);
            special(cases, "exp special" + w, Tensor::exp, Math::exp, x);
            special(cases, "sigmoid special" + w, Tensor::sigmoid, v -> 1 / (1 + Math.exp(-v)), x);
            special(cases, "tanh special" + w, Tensor::tanh, Math::tanh, x);
            special(cases, "sign special" + w, Tensor::sign, Math::signum, x);
            special(cases, "erf special" + w, Tensor::erf,
                    v -> Double.isNaN(v) ? v : Math.abs(v) > 6 ? Math.signum(v) : erfBySimpson(v), x);
            special(cases, "floor special" + w, Tensor::floor, Math::floor, x);
            special(cases, "sqrt special" + w, Tensor::sqrt, Math::sqrt, x);
            special(cases, "log special" + w, Tensor::log, Math::log, x);
            special(cases, "square special" + w, Tensor::square, v -> v * v, x);
            special(cases, "clamp special" + w, v -> v.clamp(-1, 1), v -> Double.isNaN(v) ? v : Math.max(-1, Math.min(1, v)), x);
        }
    }

    private static void special(List<OpCase> cases, String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref, Tensor x) {
        cases.add(OpCase.of(name, in -> op.apply(in[0])).inputs(x).expect(Ref.map(x, ref)).noGrad().build());
    }

    // ================================================================ binary

    /** Values in [0.5, 2] with random signs: safe divisors. */
    private static Tensor awayFromZero(long seed, Dtype dt, int... shape) {
        return Ref.map(sample(seed, -1.5, 1.5, Dtype.FLOAT64, shape), v -> v >= 0 ? v + 0.5 : v - 0.5).to(dt);
    }

    private static void binary(List<OpCase> cases, String name, java.util.function.BinaryOperator<Tensor> op,
                               DoubleBinaryOperator ref, Tensor a, Tensor b) {
        cases.add(OpCase.of(name, in -> op.apply(in[0], in[1])).inputs(a, b).expect(Ref.zip(a, b, ref)).build());
    }

    private static void binaryOps(List<OpCase> cases) {
        Tensor a = sample(61, 3, 4), b = sample(62, 3, 4), row = sample(63, 4), col = sample(64, 3, 1);
        Tensor s0 = Tensor.scalar(0.75, Dtype.FLOAT64);
        Tensor den = awayFromZero(65, Dtype.FLOAT64, 3, 4), denRow = awayFromZero(66, Dtype.FLOAT64, 4);
        Tensor posBase = sample(67, 0.5, 2, Dtype.FLOAT64, 3, 4), exps = sample(68, -2, 2, Dtype.FLOAT64, 3, 4);

        binary(cases, "add 0-dim", Tensor::add, Double::sum, a, s0);
        binary(cases, "add 0-dim first", Tensor::add, Double::sum, s0, a);
        binary(cases, "add col x row", Tensor::add, Double::sum, col, row);
        cases.add(OpCase.of("add alpha", in -> in[0].add(in[1], -2.5)).inputs(a, row)
                .expect(Ref.zip(a, row, (x, y) -> x - 2.5 * y)).build());
        binary(cases, "sub", Tensor::sub, (x, y) -> x - y, a, b);
        binary(cases, "sub row", Tensor::sub, (x, y) -> x - y, row, a);
        binary(cases, "mul row", Tensor::mul, (x, y) -> x * y, a, row);
        binary(cases, "mul 0-dim", Tensor::mul, (x, y) -> x * y, s0, a);
        binary(cases, "div broadcast row", Tensor::div, (x, y) -> x / y, a, denRow);
        binary(cases, "div 0-dim numerator", Tensor::div, (x, y) -> x / y, s0, den);
        binary(cases, "pow", Tensor::pow, Math::pow, posBase, exps);
        binary(cases, "pow broadcast exponent row", Tensor::pow, Math::pow, posBase, sample(69, -1, 3, Dtype.FLOAT64, 4));
        binary(cases, "pow 0-dim base", Tensor::pow, Math::pow, Tensor.scalar(1.7, Dtype.FLOAT64), exps);
        binary(cases, "remainder", Tensor::remainder, (x, y) -> x - Math.floor(x / y) * y, sample(70, -4, 4, Dtype.FLOAT64, 3, 4), den);
        binary(cases, "fmod", Tensor::fmod, (x, y) -> {
            double q = x / y;
            return x - (q < 0 ? Math.ceil(q) : Math.floor(q)) * y;
        }, sample(71, -4, 4, Dtype.FLOAT64, 3, 4), den);
        binary(cases, "fmod broadcast", Tensor::fmod, (x, y) -> {
            double q = x / y;
            return x - (q < 0 ? Math.ceil(q) : Math.floor(q)) * y;
        }, sample(72, -4, 4, Dtype.FLOAT64, 3, 4), denRow);
        binary(cases, "floorDivide", Tensor::floorDivide, (x, y) -> Math.floor(x / y), sample(73, -4, 4, Dtype.FLOAT64, 3, 4), den);
        binary(cases, "atan2", Tensor::atan2, Math::atan2, a, den);
        binary(cases, "atan2 broadcast", Tensor::atan2, Math::atan2, col, row);
        binary(cases, "maximum", Tensor::maximum, Math::max, a, b);
        binary(cases, "minimum", Tensor::minimum, Math::min, a, b);
        binary(cases, "maximum broadcast", Tensor::maximum, Math::max, col, row);
        binary(cases, "minimum 0-dim", Tensor::minimum, Math::min, a, s0);
        // zero exponents: the derivative in the base is 0 even at a zero base (not 0 * inf)
        Tensor zeroBase = Tensor.of(new double[] {0, 0.5, 0, 1.5, 0, 2}, 2, 3), someZeroExps = Tensor.of(new double[] {0, 0, 1, 2, 2, 0.5}, 2, 3);
        cases.add(OpCase.of("pow zero base and zero exponent", in -> in[0].pow(in[1])).inputs(zeroBase, someZeroExps)
                .expect(Ref.zip(zeroBase, someZeroExps, Math::pow)).gradFor(true, false).build());
        cases.add(OpCase.of("pow scalar 0 at zero base", in -> in[0].pow(0)).inputs(zeroBase)
                .expect(Ref.map(zeroBase, v -> 1)).build());
        // ties split the gradient evenly, which is also the central finite difference at a tie
        Tensor tiesA = Tensor.of(new double[] {1, 2, 3, -1, 0.5, 2}, 2, 3), tiesB = Tensor.of(new double[] {1, 1, 4, -1, 0.25, 2}, 2, 3);
        binary(cases, "maximum ties", Tensor::maximum, Math::max, tiesA, tiesB);
        binary(cases, "minimum ties", Tensor::minimum, Math::min, tiesA, tiesB);

        // float32 operands long enough for the vector kernels, contiguous and broadcast
        Tensor a32 = sample(74, -2, 2, Dtype.FLOAT32, 5, 37), b32 = sample(75, -2, 2, Dtype.FLOAT32, 5, 37);
        Tensor row32 = sample(76, -2, 2, Dtype.FLOAT32, 37), col32 = sample(77, -2, 2, Dtype.FLOAT32, 5, 1);
        Tensor den32 = awayFromZero(78, Dtype.FLOAT32, 5, 37);
        binary32(cases, "add f32", Tensor::add, Double::sum, a32, b32);
        binary32(cases, "add f32 row", Tensor::add, Double::sum, a32, row32);
        binary32(cases, "sub f32 col", Tensor::sub, (x, y) -> x - y, col32, a32);
        binary32(cases, "mul f32 row first", Tensor::mul, (x, y) -> x * y, row32, a32);
        binary32(cases, "div f32", Tensor::div, (x, y) -> x / y, a32, den32);
        binary32(cases, "div f32 0-dim", Tensor::div, (x, y) -> x / y, a32, Tensor.scalar(3f));
        binary32(cases, "maximum f32", Tensor::maximum, Math::max, a32, b32);
        binary32(cases, "minimum f32 row", Tensor::minimum, Math::min, a32, row32);
        binary32(cases, "pow f32", Tensor::pow, Math::pow, Ref.map(a32, Math::abs), row32);
        binary32(cases, "remainder f32", Tensor::remainder, (x, y) -> x - Math.floor(x / y) * y, a32, den32);
        binary32(cases, "atan2 f32", Tensor::atan2, Math::atan2, a32, b32);

        // NaN propagates through maximum and minimum, as in torch
        double[] withNan = new double[40], other = new double[40];
        for (int i = 0; i < 40; i++) {
            withNan[i] = i % 7 == 3 ? NAN : i - 20;
            other[i] = i % 5 == 1 ? NAN : 20 - i;
        }
        for (Dtype dt : List.of(Dtype.FLOAT32, Dtype.FLOAT64)) {
            Tensor x = Tensor.of(withNan, 40).to(dt), y = Tensor.of(other, 40).to(dt);
            DoubleBinaryOperator max = (p, q) -> Double.isNaN(p) || Double.isNaN(q) ? NAN : Math.max(p, q);
            DoubleBinaryOperator min = (p, q) -> Double.isNaN(p) || Double.isNaN(q) ? NAN : Math.min(p, q);
            cases.add(OpCase.of("maximum NaN " + dt.torchName(), in -> in[0].maximum(in[1])).inputs(x, y)
                    .expect(Ref.zip(x, y, max, dt)).noGrad().build());
            cases.add(OpCase.of("minimum NaN " + dt.torchName(), in -> in[0].minimum(in[1])).inputs(x, y)
                    .expect(Ref.zip(x, y, min, dt)).noGrad().build());
        }
    }

    private static void binary32(List<OpCase> cases, String name, java.util.function.BinaryOperator<Tensor> op,
                                 DoubleBinaryOperator ref, Tensor a, Tensor b) {
        cases.add(OpCase.of(name, in -> op.apply(in[0], in[1])).inputs(a, b).expect(Ref.zip(a, b, ref, Dtype.FLOAT32))
                .noGrad().build());
    }

    // ================================================================ comparisons and logic

    private static void comparisons(List<OpCase> cases) {
        // small integers as floats, so that equal pairs occur
        Tensor a = Ref.map(sample(81, -2, 3, Dtype.FLOAT64, 3, 4), Math::floor);
        Tensor b = Ref.map(sample(82, -2, 3, Dtype.FLOAT64, 3, 4), Math::floor);
        Tensor row = Ref.map(sample(83, -2, 3, Dtype.FLOAT64, 4), Math::floor);
        compare(cases, "eq", Tensor::eq, (x, y) -> x == y, a, b);
        compare(cases, "ne", Tensor::ne, (x, y) -> x != y, a, b);
        compare(cases, "lt", Tensor::lt, (x, y) -> x < y, a, row);
        compare(cases, "le", Tensor::le, (x, y) -> x <= y, a, row);
        compare(cases, "gt", Tensor::gt, (x, y) -> x > y, row, a);
        compare(cases, "ge", Tensor::ge, (x, y) -> x >= y, a, b);
        Tensor a32 = a.to(Dtype.FLOAT32), b32 = b.to(Dtype.FLOAT32);
        compare(cases, "le f32", Tensor::le, (x, y) -> x <= y, a32, b32);
        compare(cases, "eq f32 vs f64 (promotes)", Tensor::eq, (x, y) -> x == y, a32, b);
        cases.add(OpCase.of("eq scalar", in -> in[0].eq(1)).inputs(a).expect(Ref.map(a, x -> x == 1 ? 1 : 0, Dtype.BOOL)).noGrad().build());
        cases.add(OpCase.of("ne scalar", in -> in[0].ne(0)).inputs(a).expect(Ref.map(a, x -> x != 0 ? 1 : 0, Dtype.BOOL)).noGrad().build());
        cases.add(OpCase.of("lt scalar", in -> in[0].lt(0.5)).inputs(a).expect(Ref.map(a, x -> x < 0.5 ? 1 : 0, Dtype.BOOL)).noGrad().build());
        cases.add(OpCase.of("le scalar", in -> in[0].le(-1)).inputs(a).expect(Ref.map(a, x -> x <= -1 ? 1 : 0, Dtype.BOOL)).noGrad().build());
        cases.add(OpCase.of("gt scalar", in -> in[0].gt(0)).inputs(a).expect(Ref.map(a, x -> x > 0 ? 1 : 0, Dtype.BOOL)).noGrad().build());
        cases.add(OpCase.of("ge scalar", in -> in[0].ge(1)).inputs(a).expect(Ref.map(a, x -> x >= 1 ? 1 : 0, Dtype.BOOL)).noGrad().build());
        Tensor i64 = a.to(Dtype.INT64);
        cases.add(OpCase.of("gt int64 vs float scalar", in -> in[0].gt(0.5)).inputs(i64)
                .expect(Ref.map(a, x -> x > 0.5 ? 1 : 0, Dtype.BOOL)).noGrad().build());
        compare(cases, "lt int64 vs f64", Tensor::lt, (x, y) -> x < y, i64, b);

        Tensor nans = Tensor.of(new double[] {NAN, 1, NAN, INF, -INF, 0}, 6), others = Tensor.of(new double[] {NAN, NAN, 1, INF, INF, -0.0}, 6);
        compare(cases, "eq NaN", Tensor::eq, (x, y) -> x == y, nans, others);
        compare(cases, "ne NaN", Tensor::ne, (x, y) -> x != y, nans, others);
        compare(cases, "lt NaN", Tensor::lt, (x, y) -> x < y, nans, others);
        compare(cases, "ge NaN", Tensor::ge, (x, y) -> x >= y, nans, others);

        Tensor p = Tensor.of(new boolean[] {true, true, false, false, true, false}).reshape(2, 3);
        Tensor q = Tensor.of(new boolean[] {true, false, true, false, false, false}).reshape(2, 3);
        Tensor qRow = Tensor.of(new boolean[] {true, false, true});
        compare(cases, "logicalAnd", Tensor::logicalAnd, (x, y) -> x != 0 && y != 0, p, q);
        compare(cases, "logicalOr", Tensor::logicalOr, (x, y) -> x != 0 || y != 0, p, q);
        compare(cases, "logicalXor", Tensor::logicalXor, (x, y) -> (x != 0) != (y != 0), p, q);
        compare(cases, "logicalAnd broadcast", Tensor::logicalAnd, (x, y) -> x != 0 && y != 0, p, qRow);
        compare(cases, "logicalOr floats (nonzero is true)", Tensor::logicalOr, (x, y) -> x != 0 || y != 0, a, b);
        compare(cases, "logicalXor int64 and bool", Tensor::logicalXor, (x, y) -> (x != 0) != (y != 0), i64.narrow(0, 0, 2).narrow(1, 0, 3), q);
        cases.add(OpCase.of("logicalNot bool", in -> in[0].logicalNot()).inputs(p)
                .expect(Ref.map(p, x -> x == 0 ? 1 : 0, Dtype.BOOL)).noGrad().build());
        cases.add(OpCase.of("logicalNot float", in -> in[0].logicalNot()).inputs(a)
                .expect(Ref.map(a, x -> x == 0 ? 1 : 0, Dtype.BOOL)).noGrad().build());

        double[] specials = {NAN, INF, -INF, 0, -1.5, 1e308, NAN, 3};
        for (Dtype dt : List.of(Dtype.FLOAT32, Dtype.FLOAT64, Dtype.BFLOAT16)) {
            Tensor s = Tensor.of(specials, 2, 4).to(dt);
            cases.add(OpCase.of("isnan " + dt.torchName(), in -> in[0].isnan()).inputs(s)
                    .expect(Ref.map(s, x -> Double.isNaN(x) ? 1 : 0, Dtype.BOOL)).noGrad().build());
            cases.add(OpCase.of("isinf " + dt.torchName(), in -> in[0].isinf()).inputs(s)
                    .expect(Ref.map(s, x -> Double.isInfinite(x) ? 1 : 0, Dtype.BOOL)).noGrad().build());
            cases.add(OpCase.of("isfinite " + dt.torchName(), in -> in[0].isfinite()).inputs(s)
                    .expect(Ref.map(s, x -> Double.isFinite(x) ? 1 : 0, Dtype.BOOL)).noGrad().build());
        }
        cases.add(OpCase.of("isnan int64", in -> in[0].isnan()).inputs(i64).expect(Ref.map(i64, x -> 0, Dtype.BOOL)).noGrad().build());
        cases.add(OpCase.of("isinf int64", in -> in[0].isinf()).inputs(i64).expect(Ref.map(i64, x -> 0, Dtype.BOOL)).noGrad().build());

        // where: condition, values and other all broadcast
        Tensor cond = Tensor.of(new boolean[] {true, false, true}).reshape(3, 1);
        Tensor x = sample(84, 3, 4), y = sample(85, 4);
        cases.add(OpCase.of("where broadcast", in -> Tensor.where(in[0], in[1], in[2])).inputs(cond, x, y)
                .expect(RefLoops.build(new int[] {3, 4}, Dtype.FLOAT64, idx -> cond.toBooleanArray()[idx[0]]
                        ? x.toDoubleArray()[idx[0] * 4 + idx[1]] : y.toDoubleArray()[idx[1]])).build());
        Tensor condFull = a.gt(0);
        cases.add(OpCase.of("where method with 0-dim other", in -> in[1].where(in[0], in[2])).inputs(condFull, x, Tensor.scalar(-7, Dtype.FLOAT64))
                .expect(RefLoops.build(new int[] {3, 4}, Dtype.FLOAT64, idx -> condFull.toBooleanArray()[idx[0] * 4 + idx[1]]
                        ? x.toDoubleArray()[idx[0] * 4 + idx[1]] : -7)).build());
        Tensor li = Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3), lj = Tensor.of(new long[] {-1, -2, -3}, 3);
        Tensor c23 = Tensor.of(new boolean[] {true, false, false, true, true, false}).reshape(2, 3);
        cases.add(OpCase.of("where int64", in -> Tensor.where(in[0], in[1], in[2])).inputs(c23, li, lj)
                .expect(Tensor.of(new long[] {1, -2, -3, 4, 5, -3}, 2, 3)).noGrad().build());
        cases.add(OpCase.of("where int64 and f32 promote", in -> Tensor.where(in[0], in[1], in[2])).inputs(c23, li, lj.to(Dtype.FLOAT32))
                .expect(Tensor.of(new float[] {1, -2, -3, 4, 5, -3}, 2, 3)).noGrad().build());
    }

    private interface DoublePredicate2 {
        boolean test(double x, double y);
    }

    private static void compare(List<OpCase> cases, String name, java.util.function.BinaryOperator<Tensor> op,
                                DoublePredicate2 ref, Tensor a, Tensor b) {
        cases.add(OpCase.of(name, in -> op.apply(in[0], in[1])).inputs(a, b)
                .expect(Ref.zip(a, b, (x, y) -> ref.test(x, y) ? 1 : 0, Dtype.BOOL)).noGrad().build());
    }

    // ================================================================ integer and bool dtypes

    private static void integersAndBools(List<OpCase> cases) {
        Tensor i = Tensor.of(new long[] {7, -7, 9, -9, 0, 12, 5, -3, 100, -1, 2, 8}, 3, 4);
        Tensor j = Tensor.of(new long[] {2, 2, -4, -4, 3, 5, -5, 3, 7, 3, -1, 8}, 3, 4);
        Tensor jRow = Tensor.of(new long[] {3, -2, 5, 4}, 4);
        Tensor i32 = i.to(Dtype.INT32), j32 = j.to(Dtype.INT32);
        intCase(cases, "add int64", Tensor::add, i, j, (x, y) -> x + y, Dtype.INT64);
        intCase(cases, "sub int64 broadcast", Tensor::sub, i, jRow, (x, y) -> x - y, Dtype.INT64);
        intCase(cases, "mul int64", Tensor::mul, i, j, (x, y) -> x * y, Dtype.INT64);
        intCase(cases, "add int32", Tensor::add, i32, j32, (x, y) -> x + y, Dtype.INT32);
        intCase(cases, "add int32 + int64 promotes to int64", Tensor::add, i32, jRow, (x, y) -> x + y, Dtype.INT64);
        intCase(cases, "div int64 promotes to float32", Tensor::div, i, j, (x, y) -> (float) x / (float) y, Dtype.FLOAT32);
        intCase(cases, "div int32 by scalar promotes to float32", (x, y) -> x.div(4), i32, Tensor.scalar(4, Dtype.INT64), (x, y) -> x / 4, Dtype.FLOAT32);
        intCase(cases, "remainder int64 (sign of divisor)", Tensor::remainder, i, j, (x, y) -> x - Math.floor(x / y) * y, Dtype.INT64);
        intCase(cases, "fmod int64 (sign of dividend)", Tensor::fmod, i, j, (x, y) -> (long) x % (long) y, Dtype.INT64);
        intCase(cases, "floorDivide int64", Tensor::floorDivide, i, j, (x, y) -> Math.floor(x / y), Dtype.INT64);
        intCase(cases, "remainder int32 scalar", (x, y) -> x.remainder(3), i32, Tensor.scalar(3, Dtype.INT64), (x, y) -> x - Math.floor(x / 3) * 3, Dtype.INT32);
        Tensor small = Tensor.of(new long[] {2, -3, 0, 1, 5, -1}, 2, 3), e = Tensor.of(new long[] {3, 3, 0, 7, 2, 5}, 2, 3);
        intCase(cases, "pow int64", Tensor::pow, small, e, Math::pow, Dtype.INT64);
        intCase(cases, "pow int64 scalar exponent", (x, y) -> x.pow(2), small, Tensor.scalar(2, Dtype.INT64), (x, y) -> x * x, Dtype.INT64);
        intCase(cases, "maximum int64", Tensor::maximum, i, j, Math::max, Dtype.INT64);
        intCase(cases, "minimum int32", Tensor::minimum, i32, j32, Math::min, Dtype.INT32);
        intCase(cases, "add int64 + float32 promotes to float32", (x, y) -> x.add(y.to(Dtype.FLOAT32)), i, j, Double::sum, Dtype.FLOAT32);
        intCase(cases, "mul int64 by float scalar gives float32", (x, y) -> x.mul(0.5), i, Tensor.scalar(0.5), (x, y) -> x * 0.5, Dtype.FLOAT32);
        intCase(cases, "mul int64 by whole scalar stays int64", (x, y) -> x.mul(3), i, Tensor.scalar(3, Dtype.INT64), (x, y) -> x * 3, Dtype.INT64);
        intCase(cases, "add int64 + 0-dim float64 gives float64", Tensor::add, i,
                Tensor.scalar(0.25, Dtype.FLOAT64), Double::sum, Dtype.FLOAT64);
        intCase(cases, "add float32 + 0-dim float64 stays float32", (x, y) -> x.to(Dtype.FLOAT32).add(y),
                i, Tensor.scalar(0.25, Dtype.FLOAT64), Double::sum, Dtype.FLOAT32);
        intCase(cases, "clamp int64", (x, y) -> x.clamp(-5, 6), i, Tensor.scalar(0, Dtype.INT64), (x, y) -> Math.max(-5, Math.min(6, x)), Dtype.INT64);

        unaryInt(cases, "neg int64", Tensor::neg, x -> -x, i, Dtype.INT64);
        unaryInt(cases, "abs int64", Tensor::abs, Math::abs, i, Dtype.INT64);
        unaryInt(cases, "sign int32", Tensor::sign, Math::signum, i32, Dtype.INT32);
        unaryInt(cases, "square int64", Tensor::square, x -> x * x, i, Dtype.INT64);
        unaryInt(cases, "relu int32", Tensor::relu, x -> Math.max(0, x), i32, Dtype.INT32);
        unaryInt(cases, "floor int64 stays int64", Tensor::floor, x -> x, i, Dtype.INT64);
        unaryInt(cases, "exp int64 computes in float32", Tensor::exp, Math::exp, small, Dtype.FLOAT32);
        unaryInt(cases, "sqrt int32 computes in float32", Tensor::sqrt, Math::sqrt, Tensor.of(new int[] {0, 1, 4, 9, 2, 30}, 2, 3), Dtype.FLOAT32);
        unaryInt(cases, "sigmoid bool computes in float32", Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)),
                Tensor.of(new boolean[] {true, false, true}), Dtype.FLOAT32);

        Tensor p = Tensor.of(new boolean[] {true, false, true, true, false, false}).reshape(2, 3);
        Tensor q = Tensor.of(new boolean[] {true, true, false, true, false, true}).reshape(2, 3);
        intCase(cases, "add bool + int64 promotes to int64", Tensor::add, p, small, Double::sum, Dtype.INT64);
        intCase(cases, "mul bool * float32 promotes to float32", (x, y) -> x.mul(y.to(Dtype.FLOAT32)), p, small, (x, y) -> x * y, Dtype.FLOAT32);
        intCase(cases, "add bool + bool stays bool (logical or)", Tensor::add, p, q, (x, y) -> x != 0 || y != 0 ? 1 : 0, Dtype.BOOL);
        intCase(cases, "mul bool * bool stays bool (logical and)", Tensor::mul, p, q, (x, y) -> x != 0 && y != 0 ? 1 : 0, Dtype.BOOL);
        intCase(cases, "bool + whole scalar gives int64", (x, y) -> x.add(2), p, Tensor.scalar(2, Dtype.INT64), (x, y) -> x + 2, Dtype.INT64);
    }

    /** An integer or bool case (forward only): {@code op(a, b)} against {@code ref} in {@code dtype}. */
    private static void intCase(List<OpCase> cases, String name, java.util.function.BinaryOperator<Tensor> op, Tensor a, Tensor b,
                                DoubleBinaryOperator ref, Dtype dtype) {
        cases.add(OpCase.of(name, in -> op.apply(in[0], in[1])).inputs(a, b).expect(Ref.zip(a, b, ref, dtype)).noGrad().build());
    }

    private static void unaryInt(List<OpCase> cases, String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref,
                                 Tensor x, Dtype dtype) {
        cases.add(OpCase.of(name, in -> op.apply(in[0])).inputs(x).expect(Ref.map(x, ref, dtype)).noGrad().build());
    }

    // ================================================================ large (split over the thread pool)

    /** Sizes above the parallel grain, so that the chunked paths of the kernels run (forward only). */
    private static void large(List<OpCase> cases) {
        Tensor a = sample(91, -2, 2, Dtype.FLOAT32, 70, 601), row = sample(92, -2, 2, Dtype.FLOAT32, 601);
        Tensor col = sample(93, -2, 2, Dtype.FLOAT32, 70, 1);
        binary32(cases, "add f32 large broadcast row", Tensor::add, Double::sum, a, row);
        binary32(cases, "mul f32 large broadcast col", Tensor::mul, (x, y) -> x * y, col, a);
        binary32(cases, "sub f32 large", Tensor::sub, (x, y) -> x - y, a, Ref.map(a, v -> v * 0.5));
        cases.add(OpCase.of("exp f32 large", in -> in[0].exp()).inputs(a).expect(Ref.map(a, Math::exp)).noGrad().build());
        cases.add(OpCase.of("tanh f32 large", in -> in[0].tanh()).inputs(a).expect(Ref.map(a, Math::tanh)).noGrad().build());
        cases.add(OpCase.of("relu f32 large transposed", in -> in[0].t().relu()).inputs(a)
                .expect(ViewsCatalog.gather(Ref.map(a, v -> v > 0 ? v : 0), new int[] {601, 70}, i -> new int[] {i[1], i[0]}))
                .noGrad().build());
        Tensor d = sample(94, -2, 2, Dtype.FLOAT64, 180, 190);
        cases.add(OpCase.of("sigmoid f64 large", in -> in[0].sigmoid()).inputs(d).expect(Ref.map(d, v -> 1 / (1 + Math.exp(-v))))
                .noGrad().build());
        cases.add(OpCase.of("gt f64 large", in -> in[0].gt(in[1])).inputs(d, Ref.map(d, v -> -v))
                .expect(Ref.map(d, v -> v > -v ? 1 : 0, Dtype.BOOL)).noGrad().build());
        Tensor li = Ref.map(d, v -> Math.floor(v * 100), Dtype.INT64);
        cases.add(OpCase.of("add int64 large", in -> in[0].add(in[1])).inputs(li, li)
                .expect(Ref.map(li, v -> 2 * v, Dtype.INT64)).noGrad().build());
    }

    // ================================================================ casts

    private static void casts(List<OpCase> cases) {
        Tensor f = Tensor.of(new double[] {-2.75, -1.5, -0.5, 0, 0.4, 1.99, 3, 1e10 / 3, -7.25, 1e-20, 123.456, -0.0}, 3, 4);
        cast(cases, "to float64 -> float32", f, Dtype.FLOAT32, x -> (float) x);
        cast(cases, "to float32 -> float64", f.to(Dtype.FLOAT32), Dtype.FLOAT64, x -> (float) x);
        cast(cases, "to float64 -> int64 truncates toward zero", f.narrow(1, 0, 3), Dtype.INT64, x -> (long) x);
        cast(cases, "to float32 -> int32 truncates toward zero", f.to(Dtype.FLOAT32).narrow(1, 0, 3), Dtype.INT32, x -> (int) x);
        cast(cases, "to float -> bool (nonzero)", f, Dtype.BOOL, x -> x != 0 ? 1 : 0);
        Tensor ints = Tensor.of(new long[] {-3, 0, 5, 1L << 40, 7, -1}, 2, 3);
        cast(cases, "to int64 -> float32", ints, Dtype.FLOAT32, x -> (float) x);
        cast(cases, "to int64 -> int32", Tensor.of(new long[] {-3, 0, 5, 123456, 7, -1}, 2, 3), Dtype.INT32, x -> x);
        cast(cases, "to int32 -> int64", Tensor.of(new int[] {-3, 0, 5, 123456, 7, -1}, 2, 3), Dtype.INT64, x -> x);
        cast(cases, "to int64 -> bool", ints, Dtype.BOOL, x -> x != 0 ? 1 : 0);
        Tensor bools = Tensor.of(new boolean[] {true, false, false, true, true, false}).reshape(2, 3);
        cast(cases, "to bool -> float32", bools, Dtype.FLOAT32, x -> x);
        cast(cases, "to bool -> int64", bools, Dtype.INT64, x -> x);

        // 16-bit storage: round to nearest, ties to even; the expected values are exactly representable
        Tensor toBf = Tensor.of(new float[] {1f, 1.00390625f, 1.01171875f, -2.5f, 3.14159f, 100.3f, 0f, -1f}, 2, 4);
        cases.add(OpCase.of("to float32 -> bfloat16 rounds to nearest even", in -> in[0].to(Dtype.BFLOAT16)).inputs(toBf)
                .expect(Tensor.of(new float[] {1f, 1f, 1.015625f, -2.5f, 3.140625f, 100.5f, 0f, -1f}, 2, 4).to(Dtype.BFLOAT16))
                .noGrad().build());
        Tensor toHalf = Tensor.of(new float[] {1f, 1.00048828125f, 1.00146484375f, 3.14159f, 70000f, -70000f, 1e-8f, 65504f}, 2, 4);
        cases.add(OpCase.of("to float32 -> float16 rounds to nearest even", in -> in[0].to(Dtype.FLOAT16)).inputs(toHalf)
                .expect(Tensor.of(new float[] {1f, 1f, 1.001953125f, 3.140625f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, 65504f}, 2, 4)
                        .to(Dtype.FLOAT16)).noGrad().build());
        Tensor bf = Tensor.of(new float[] {1.5f, -0.0078125f, 256f, 3.140625f}, 4).to(Dtype.BFLOAT16);
        cast(cases, "to bfloat16 -> float32 exact", bf, Dtype.FLOAT32, x -> x);
        cast(cases, "to bfloat16 -> float16", bf, Dtype.FLOAT16, x -> x);
        cast(cases, "to float16 -> float64 exact", Tensor.of(new float[] {0.1f, -3f, 6.1035156e-05f, 1000f}, 4).to(Dtype.FLOAT16),
                Dtype.FLOAT64, x -> x);

        // 16-bit operands compute in float32 and round the result back
        Tensor h1 = Tensor.of(new float[] {1.5f, 2.25f, -3f, 0.125f}, 4).to(Dtype.BFLOAT16);
        Tensor h2 = Tensor.of(new float[] {0.5f, 4f, 1.5f, -0.25f}, 4).to(Dtype.BFLOAT16);
        cases.add(OpCase.of("mul bfloat16 stays bfloat16", in -> in[0].mul(in[1])).inputs(h1, h2)
                .expect(Tensor.of(new float[] {0.75f, 9f, -4.5f, -0.03125f}, 4).to(Dtype.BFLOAT16)).noGrad().build());
        cases.add(OpCase.of("add bfloat16 + float32 promotes to float32", in -> in[0].add(in[1])).inputs(h1, h2.to(Dtype.FLOAT32))
                .expect(Tensor.of(new float[] {2f, 6.25f, -1.5f, -0.125f}, 4)).noGrad().build());
        cases.add(OpCase.of("exp float16 stays float16", in -> in[0].exp()).inputs(h1.to(Dtype.FLOAT16))
                .expect(Ref.map(h1.to(Dtype.FLOAT32), Math::exp, Dtype.FLOAT16)).tolerance(1e-3).noGrad().build());
    }

    private static void cast(List<OpCase> cases, String name, Tensor x, Dtype to, DoubleUnaryOperator ref) {
        cases.add(OpCase.of(name, in -> in[0].to(to)).inputs(x).expect(Ref.map(x, ref, to)).noGrad().build());
    }
}
