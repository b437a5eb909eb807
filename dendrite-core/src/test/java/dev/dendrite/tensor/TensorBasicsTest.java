package dev.dendrite.tensor;

import dev.dendrite.storage.Dtype;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creation, dtype promotion, 16-bit storage, conversion to Java values, printing and error messages. */
class TensorBasicsTest {

    private static void assertValues(double[] expected, Tensor t) {
        assertArrayEquals(expected, t.toDoubleArray(), 0, "values of " + t);
    }

    // ================================================================ creation

    @Nested
    class Creation {
        @Test
        void zerosOnesFull() {
            Tensor z = Tensor.zeros(2, 3);
            assertArrayEquals(new int[] {2, 3}, z.shape());
            assertEquals(Dtype.FLOAT32, z.dtype());
            assertValues(new double[6], z);
            Tensor o = Tensor.ones(Dtype.INT64, 4);
            assertEquals(Dtype.INT64, o.dtype());
            assertArrayEquals(new long[] {1, 1, 1, 1}, o.toLongArray());
            Tensor f = Tensor.full(-2.5, Dtype.FLOAT64, 2, 2);
            assertValues(new double[] {-2.5, -2.5, -2.5, -2.5}, f);
            Tensor b = Tensor.full(1, Dtype.BOOL, 3);
            assertArrayEquals(new boolean[] {true, true, true}, b.toBooleanArray());
            Tensor s = Tensor.scalar(4.5);
            assertEquals(0, s.dim());
            assertEquals(1, s.numel());
            assertEquals(4.5, s.item());
            assertEquals(0, Tensor.zeros(3, 0).numel());
        }

        @Test
        void arangeIntegers() {
            Tensor a = Tensor.arange(5);
            assertEquals(Dtype.INT64, a.dtype());
            assertArrayEquals(new long[] {0, 1, 2, 3, 4}, a.toLongArray());
            assertArrayEquals(new long[] {2, 5, 8}, Tensor.arange(2, 10, 3).toLongArray());
            assertArrayEquals(new long[] {5, 3, 1}, Tensor.arange(5, 0, -2).toLongArray());
            assertArrayEquals(new long[] {-1, 0, 1}, Tensor.arange(-1, 2, 1).toLongArray());
            assertEquals(0, Tensor.arange(3, 3, 1).numel());
            assertEquals(0, Tensor.arange(5, 0, 1).numel());
            assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 5, 0));
        }

        @Test
        void arangeFloats() {
            Tensor a = Tensor.arange(0.0, 1.0, 0.25);
            assertEquals(Dtype.FLOAT32, a.dtype());
            assertValues(new double[] {0, 0.25, 0.5, 0.75}, a);
            // ceil((1 - 0) / 0.3) = 4 values
            assertArrayEquals(new float[] {0f, 0.3f, 0.6f, 0.9f}, Tensor.arange(0.0, 1.0, 0.3).toFloatArray(), 1e-7f);
            Tensor down = Tensor.arange(1.0, -1.0, -0.5, Dtype.FLOAT64);
            assertValues(new double[] {1, 0.5, 0, -0.5}, down);
        }

        @Test
        void linspace() {
            Tensor l = Tensor.linspace(0, 1, 5);
            assertValues(new double[] {0, 0.25, 0.5, 0.75, 1}, l);
            Tensor odd = Tensor.linspace(-1, 2, 4, Dtype.FLOAT64);
            assertValues(new double[] {-1, 0, 1, 2}, odd);
            // the last value is exactly `end` even when the step does not divide evenly
            Tensor third = Tensor.linspace(0, 1, 4, Dtype.FLOAT64);
            assertEquals(1.0, third.get(3));
            assertEquals(1.0 / 3, third.get(1), 1e-15);
            assertValues(new double[] {-1}, Tensor.linspace(-1, 1, 1));   // a single step is start, as in torch
            assertEquals(0, Tensor.linspace(0, 1, 0).numel());
        }

        @Test
        void eye() {
            assertValues(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Tensor.eye(3));
            Tensor rect = Tensor.eye(2, 3, Dtype.INT64);
            assertEquals(Dtype.INT64, rect.dtype());
            assertArrayEquals(new long[] {1, 0, 0, 0, 1, 0}, rect.toLongArray());
            assertArrayEquals(new long[] {1, 0, 0, 1, 0, 0}, Tensor.eye(3, 2, Dtype.INT64).toLongArray());
        }

        @Test
        void fromNestedArrays() {
            Tensor f = Tensor.from(new float[][] {{1, 2, 3}, {4, 5, 6}});
            assertEquals(Dtype.FLOAT32, f.dtype());
            assertArrayEquals(new int[] {2, 3}, f.shape());
            assertValues(new double[] {1, 2, 3, 4, 5, 6}, f);
            Tensor i = Tensor.from(new int[][][] {{{1}, {2}}, {{3}, {4}}});
            assertEquals(Dtype.INT32, i.dtype());
            assertArrayEquals(new int[] {2, 2, 1}, i.shape());
            assertEquals(Dtype.INT64, Tensor.from(new long[] {7}).dtype());
            assertEquals(Dtype.FLOAT64, Tensor.from(new double[][] {{1}}).dtype());
            Tensor b = Tensor.from(new boolean[] {true, false});
            assertEquals(Dtype.BOOL, b.dtype());
            IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.from(new float[][] {{1, 2}, {3}}));
            assertTrue(ragged.getMessage().contains("ragged"), ragged.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Tensor.from(new String[] {"a"}));
            assertThrows(IllegalArgumentException.class, () -> Tensor.from(3.0));
        }

        @Test
        void likeFunctions() {
            Tensor src = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor z = Tensor.zerosLike(src);
            assertEquals(Dtype.FLOAT64, z.dtype());
            assertArrayEquals(new int[] {2, 3}, z.shape());
            assertValues(new double[6], z);
            assertValues(new double[] {1, 1, 1, 1, 1, 1}, Tensor.onesLike(src));
            assertValues(new double[] {-3, -3, -3, -3, -3, -3}, Tensor.fullLike(src, -3));
            assertArrayEquals(new int[] {2, 3}, Tensor.emptyLike(src).shape());
            Tensor ints = Tensor.of(new long[] {1, 2}, 2);
            assertEquals(Dtype.INT64, Tensor.onesLike(ints).dtype());
            Tensor r = Tensor.randLike(src);
            assertEquals(Dtype.FLOAT64, r.dtype());
            assertArrayEquals(new int[] {2, 3}, r.shape());
            for (double v : r.toDoubleArray()) assertTrue(v >= 0 && v < 1, "rand value " + v);
            Tensor n = Tensor.randnLike(src.to(Dtype.FLOAT32));
            assertEquals(Dtype.FLOAT32, n.dtype());
            assertArrayEquals(new int[] {2, 3}, n.shape());
            assertThrows(IllegalArgumentException.class, () -> Tensor.randLike(ints), "rand needs a floating dtype");
        }
    }

    // ================================================================ random numbers

    @Nested
    class Random {
        private static final int N = 40_000;

        private static double mean(double[] v) {
            double s = 0;
            for (double x : v) s += x;
            return s / v.length;
        }

        private static double variance(double[] v) {
            double m = mean(v), s = 0;
            for (double x : v) s += (x - m) * (x - m);
            return s / (v.length - 1);
        }

        @Test
        void randIsUniformOnUnitInterval() {
            double[] v = Tensor.rand(new Generator(1), Dtype.FLOAT64, N).toDoubleArray();
            for (double x : v) assertTrue(x >= 0 && x < 1, "rand value " + x);
            assertEquals(0.5, mean(v), 0.01);
            assertEquals(1.0 / 12, variance(v), 0.003);
            int below = 0;
            for (double x : v) if (x < 0.25) below++;
            assertEquals(0.25, below / (double) N, 0.01);
        }

        @Test
        void randnIsStandardNormal() {
            double[] v = Tensor.randn(new Generator(2), Dtype.FLOAT32, 200, 200).toDoubleArray();
            assertEquals(0, mean(v), 0.02);
            assertEquals(1, Math.sqrt(variance(v)), 0.02);
            int within = 0;
            for (double x : v) if (Math.abs(x) < 1) within++;
            assertEquals(0.6827, within / (double) v.length, 0.01);
        }

        @Test
        void normalHasRequestedMoments() {
            double[] v = Tensor.normal(3, 0.5, new Generator(3), Dtype.FLOAT64, N).toDoubleArray();
            assertEquals(3, mean(v), 0.01);
            assertEquals(0.5, Math.sqrt(variance(v)), 0.01);
            assertThrows(IllegalArgumentException.class, () -> Tensor.normal(0, -1, new Generator(3), Dtype.FLOAT32, 2));
        }

        @Test
        void randintCoversTheRangeUniformly() {
            long[] v = Tensor.randint(-3, 4, new Generator(4), N).toLongArray();
            int[] counts = new int[7];
            for (long x : v) {
                assertTrue(x >= -3 && x < 4, "randint value " + x);
                counts[(int) x + 3]++;
            }
            for (int c : counts) assertEquals(N / 7.0, c, N / 7.0 * 0.06, "counts " + Arrays.toString(counts));
            assertThrows(IllegalArgumentException.class, () -> Tensor.randint(2, 2, 3));
        }

        @Test
        void bernoulliMatchesItsProbability() {
            double[] v = Tensor.bernoulli(0.3, new Generator(5), Dtype.FLOAT32, N).toDoubleArray();
            for (double x : v) assertTrue(x == 0 || x == 1);
            assertEquals(0.3, mean(v), 0.01);
            Tensor probs = Tensor.of(new float[] {0, 1, 0.5f}, 3).expand(N / 4, 3).contiguous();
            double[] draws = probs.bernoulli(new Generator(6)).toDoubleArray();
            double ones = 0;
            for (int i = 0; i < draws.length; i++) {
                if (i % 3 == 0) assertEquals(0, draws[i]);
                if (i % 3 == 1) assertEquals(1, draws[i]);
                if (i % 3 == 2) ones += draws[i];
            }
            assertEquals(0.5, ones / (N / 4.0), 0.02);
            assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1.5f}).bernoulli(new Generator(1)));
        }

        @Test
        void randpermIsAPermutation() {
            long[] p = Tensor.randperm(50, new Generator(7)).toLongArray();
            long[] sorted = p.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
            assertFalse(Arrays.equals(p, sorted), "a shuffle of 50 elements should not be the identity");
        }

        @Test
        void seedsReproduce() {
            assertArrayEquals(Tensor.randn(new Generator(11), Dtype.FLOAT32, 100).toFloatArray(),
                    Tensor.randn(new Generator(11), Dtype.FLOAT32, 100).toFloatArray());
            assertArrayEquals(Tensor.randint(0, 1000, new Generator(12), 50).toLongArray(),
                    Tensor.randint(0, 1000, new Generator(12), 50).toLongArray());
            assertFalse(Arrays.equals(Tensor.rand(new Generator(13), Dtype.FLOAT32, 20).toFloatArray(),
                    Tensor.rand(new Generator(14), Dtype.FLOAT32, 20).toFloatArray()));
            Generator.seed(99);
            float[] first = Tensor.randn(30).toFloatArray();
            float[] next = Tensor.randn(30).toFloatArray();
            Generator.seed(99);
            assertArrayEquals(first, Tensor.randn(30).toFloatArray());
            assertArrayEquals(next, Tensor.randn(30).toFloatArray());
            assertFalse(Arrays.equals(first, next));
        }

        @Test
        void generatorStateContinuesTheStream() {
            Generator g = new Generator(21);
            Tensor.randn(g, Dtype.FLOAT64, 3);   // leaves a spare Gaussian behind
            long[] state = g.getState();
            double[] a = Tensor.randn(g, Dtype.FLOAT64, 7).toDoubleArray();
            Generator h = new Generator(0);
            h.setState(state);
            assertArrayEquals(a, Tensor.randn(h, Dtype.FLOAT64, 7).toDoubleArray());
        }
    }

    // ================================================================ dtype promotion

    @Nested
    class Promotion {
        @Test
        void integerTensorWithFloatScalarGivesFloat32() {
            Tensor i = Tensor.of(new long[] {1, 2, 3}, 3);
            Tensor r = i.mul(0.5);
            assertEquals(Dtype.FLOAT32, r.dtype());
            assertValues(new double[] {0.5, 1, 1.5}, r);
            assertEquals(Dtype.INT64, i.mul(2).dtype(), "a whole scalar keeps the integer dtype");
            assertEquals(Dtype.INT32, Tensor.of(new int[] {1, 2}).add(7).dtype());
        }

        @Test
        void int32WithInt64GivesInt64() {
            Tensor r = Tensor.of(new int[] {1, 2}).add(Tensor.of(new long[] {10, 20}));
            assertEquals(Dtype.INT64, r.dtype());
            assertArrayEquals(new long[] {11, 22}, r.toLongArray());
        }

        @Test
        void integerDivisionIsTrueDivision() {
            Tensor r = Tensor.of(new long[] {7, -7}).div(Tensor.of(new long[] {2, 2}));
            assertEquals(Dtype.FLOAT32, r.dtype());
            assertValues(new double[] {3.5, -3.5}, r);
            assertArrayEquals(new long[] {3, -4}, Tensor.of(new long[] {7, -7}).floorDivide(Tensor.of(new long[] {2, 2})).toLongArray());
        }

        @Test
        void boolPromotion() {
            Tensor b = Tensor.of(new boolean[] {true, false, true});
            assertEquals(Dtype.INT64, b.add(Tensor.of(new long[] {1, 1, 1})).dtype());
            assertEquals(Dtype.FLOAT32, b.mul(Tensor.of(new float[] {2, 2, 2})).dtype());
            assertEquals(Dtype.INT64, b.sum().dtype());
            assertEquals(2, b.sum().itemLong());
            Tensor or = b.add(Tensor.of(new boolean[] {true, true, false}));
            assertEquals(Dtype.BOOL, or.dtype());
            assertArrayEquals(new boolean[] {true, true, true}, or.toBooleanArray());
            assertThrows(IllegalArgumentException.class, () -> b.sub(b), "torch rejects bool - bool");
        }

        @Test
        void floatWidths() {
            Tensor f32 = Tensor.of(new float[] {1, 2}), f64 = Tensor.of(new double[] {1, 2});
            assertEquals(Dtype.FLOAT64, f32.add(f64).dtype());
            assertEquals(Dtype.FLOAT32, f32.add(Tensor.scalar(1, Dtype.FLOAT64)).dtype(), "a 0-dim operand does not widen");
            assertEquals(Dtype.FLOAT64, Tensor.of(new long[] {1, 2}).add(Tensor.scalar(0.5, Dtype.FLOAT64)).dtype(),
                    "a 0-dim operand of a higher category keeps its own float type");
            Tensor bf = f32.to(Dtype.BFLOAT16), h = f32.to(Dtype.FLOAT16);
            assertEquals(Dtype.FLOAT32, bf.add(h).dtype());
            assertEquals(Dtype.BFLOAT16, bf.add(bf).dtype());
            assertEquals(Dtype.FLOAT16, h.mul(3.0).dtype());
            assertEquals(Dtype.FLOAT32, f32.pow(Tensor.of(new long[] {2, 3})).dtype());
        }
    }

    // ================================================================ 16-bit storage

    @Nested
    class HalfStorage {
        @Test
        void representableValuesRoundTrip() {
            float[] exact = {1.5f, -0.0078125f, 256f, 3.140625f, 0f, -2f};
            assertArrayEquals(exact, Tensor.of(exact).to(Dtype.BFLOAT16).to(Dtype.FLOAT32).toFloatArray());
            float[] halfExact = {0.5f, -1024f, 6.1035156e-05f, 65504f, 0.099975586f};
            assertArrayEquals(halfExact, Tensor.of(halfExact).to(Dtype.FLOAT16).to(Dtype.FLOAT32).toFloatArray());
        }

        @Test
        void conversionRoundsToNearest() {
            assertEquals(0.333984375, Tensor.full(1.0 / 3, Dtype.BFLOAT16, 1).item());
            assertEquals(0.333251953125, Tensor.full(1.0 / 3, Dtype.FLOAT16, 1).item());
            assertEquals(Double.POSITIVE_INFINITY, Tensor.of(new float[] {1e5f}).to(Dtype.FLOAT16).item());
            assertTrue(Double.isNaN(Tensor.of(new float[] {Float.NaN}).to(Dtype.BFLOAT16).item()));
        }

        @Test
        void opsComputeInFloat32() {
            // 1000 x bf16(0.01): a bfloat16 accumulator would stall near 4; a float32 one reaches ~10.01
            Tensor many = Tensor.full(0.01, Dtype.BFLOAT16, 1000);
            Tensor s = many.sum();
            assertEquals(Dtype.BFLOAT16, s.dtype());
            assertEquals(10.0, s.item(), 0.0625);
            assertEquals(Dtype.BFLOAT16, many.mean().dtype());
            assertEquals(0.01, many.mean().item(), 1e-4);
            Tensor h = Tensor.of(new float[] {2048, 1}).to(Dtype.FLOAT16);
            // 2048 + 1 is 2049 in float32 and rounds (to even) to 2048 in float16
            assertEquals(2048, h.sum().item());
            Tensor e = Tensor.of(new float[] {0.5f, -1f}).to(Dtype.BFLOAT16).exp();
            assertEquals(Dtype.BFLOAT16, e.dtype());
            assertEquals(Math.exp(0.5), e.get(0), Math.exp(0.5) / 128);
            assertEquals(Math.exp(-1), e.get(1), Math.exp(-1) / 128);
        }

        @Test
        void printsAsFloat() {
            assertEquals("tensor([ 1.5000, -2.0000], shape=[2], dtype=bfloat16)",
                    Tensor.of(new float[] {1.5f, -2f}).to(Dtype.BFLOAT16).toString());
        }
    }

    // ================================================================ conversion to Java values

    @Nested
    class Conversion {
        @Test
        void itemAndItemLong() {
            assertEquals(2.5, Tensor.of(new double[] {2.5}, 1, 1).item());
            long big = (1L << 53) + 1;   // not exact as a double
            assertEquals(big, Tensor.of(new long[] {big}).itemLong());
            assertEquals(1, Tensor.scalar(1, Dtype.BOOL).item());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2, 3).item());
            assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        }

        @Test
        void toArraysFollowTheLogicalOrder() {
            Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).t();   // a non-contiguous view
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
            assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, t.toDoubleArray());
            assertArrayEquals(new long[] {1, 4, 2, 5, 3, 6}, t.toLongArray());
            assertArrayEquals(new int[] {-1, 2}, Tensor.of(new float[] {-1.7f, 2.9f}).toIntArray(), "truncates toward zero");
            assertArrayEquals(new boolean[] {true, false, true}, Tensor.of(new double[] {0.5, 0, -3}).toBooleanArray());
        }

        @Test
        void nestedArrays() {
            Object n = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).toNestedArray();
            float[][] f = assertInstanceOf(float[][].class, n);
            assertArrayEquals(new float[] {4, 5, 6}, f[1]);
            long[][][] l = assertInstanceOf(long[][][].class, Tensor.arange(8).reshape(2, 2, 2).toNestedArray());
            assertEquals(7, l[1][1][1]);
            assertArrayEquals(new int[] {3, 1}, assertInstanceOf(int[].class, Tensor.of(new int[] {3, 1}).toNestedArray()));
            assertEquals(2.5f, Tensor.scalar(2.5).toNestedArray());
            Object back = Tensor.from(f).toNestedArray();
            assertTrue(Arrays.deepEquals(f, (Object[]) back));
        }

        @Test
        void getAndSet() {
            Tensor t = Tensor.zeros(Dtype.FLOAT64, 2, 3);
            t.set(4.5, 1, -1);
            assertEquals(4.5, t.get(1, 2));
            assertEquals(4.5, t.get(-1, -1));
            Tensor view = t.t();
            view.set(-1, 0, 1);   // writes through the view
            assertEquals(-1, t.get(1, 0));
        }
    }

    // ================================================================ printing

    @Nested
    class Printing {
        @Test
        void smallFloatTensor() {
            assertEquals("tensor([[ 1.5000, -2.0000],\n        [ 0.2500,  3.0000]], shape=[2, 2])",
                    Tensor.of(new float[] {1.5f, -2f, 0.25f, 3f}, 2, 2).toString());
        }

        @Test
        void integerAndBoolTensors() {
            assertEquals("tensor([  1, -20, 300], shape=[3], dtype=int64)", Tensor.of(new long[] {1, -20, 300}).toString());
            assertEquals("tensor([ True, False], shape=[2], dtype=bool)", Tensor.of(new boolean[] {true, false}).toString());
        }

        @Test
        void zeroDimTensors() {
            assertEquals("tensor(3.5000, shape=[])", Tensor.scalar(3.5).toString());
            assertEquals("tensor(7, shape=[], dtype=int64)", Tensor.scalar(7, Dtype.INT64).toString());
        }

        @Test
        void scientificWhenMagnitudesDiffer() {
            assertEquals("tensor([1.0000e-05, 1.0000e+00, 1.0000e+03], shape=[3], dtype=float64)",
                    Tensor.of(new double[] {1e-5, 1, 1000}).toString());
        }

        @Test
        void specialValues() {
            assertEquals("tensor([   nan,    inf,   -inf, 1.0000], shape=[4])",
                    Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1}).toString());
        }

        @Test
        void gradientState() {
            Tensor leaf = Tensor.ones(2).requiresGrad();
            assertEquals("tensor([1.0000, 1.0000], shape=[2], requires_grad=True)", leaf.toString());
            assertTrue(leaf.mul(2).toString().endsWith(", grad_fn=<" + leaf.mul(2).gradFn() + ">)"));
        }

        @Test
        void largeTensorsAreElided() {
            String s = Tensor.arange(2000).toFloat().toString();
            assertTrue(s.startsWith("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00, ..., "), s);
            assertTrue(s.endsWith("1.9990e+03], shape=[2000])"), s);
            assertTrue(s.length() < 200, "an elided 2000-element tensor prints briefly, got " + s.length() + " chars");
            for (String line : s.split("\n")) assertFalse(line.endsWith(" "), "trailing blank in line '" + line + "'");

            String m = Tensor.arange(2000).reshape(40, 50).toString();
            assertTrue(m.contains("...,\n"), "rows are elided too: " + m);
            assertEquals(7, m.split("\n").length, "three first rows, an elision line and three last rows:\n" + m);
            assertTrue(m.contains("[1950, 1951, 1952, ..., 1997, 1998, 1999]]"), m);
            assertFalse(Tensor.arange(1000).toString().contains("..."), "1000 elements are printed in full");
        }
    }

    // ================================================================ error messages

    @Nested
    class Errors {
        private <T extends Throwable> String message(Class<T> type, Executable e) {
            return assertThrows(type, e).getMessage();
        }

        @Test
        void broadcastMismatchNamesOpAndShapes() {
            String m = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
            assertTrue(m.startsWith("add:"), m);
            assertTrue(m.contains("[2, 3]") && m.contains("[4]"), m);
            String w = message(IllegalArgumentException.class, () -> Tensor.where(Tensor.zeros(Dtype.BOOL, 3), Tensor.zeros(2), Tensor.zeros(3)));
            assertTrue(w.startsWith("where:") && w.contains("[3]") && w.contains("[2]"), w);
        }

        @Test
        void matmulMismatch() {
            assertEquals("matmul: shapes [64, 784] and [512, 10] cannot be multiplied (784 != 512)",
                    message(IllegalArgumentException.class, () -> Tensor.zeros(64, 784).matmul(Tensor.zeros(512, 10))));
            assertEquals("matmul: shapes [8, 3, 4] and [5, 2] cannot be multiplied (4 != 5)",
                    message(IllegalArgumentException.class, () -> Tensor.zeros(8, 3, 4).matmul(Tensor.zeros(5, 2))));
            assertEquals("matmul: shapes [3] and [4] cannot be multiplied (3 != 4)",
                    message(IllegalArgumentException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(4))));
            assertEquals("matmul: shapes [2, 3] and [4] cannot be multiplied (3 != 4)",
                    message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4))));
            String b = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)));
            assertTrue(b.startsWith("matmul:") && b.contains("[2]") && b.contains("[3]"), b);
            assertEquals("mm: shapes [2, 3] and [2, 3] cannot be multiplied (3 != 2)",
                    message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mm(Tensor.zeros(2, 3))));
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mm(Tensor.zeros(3))).startsWith("mm:"));
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(3))).startsWith("matmul:"));
        }

        @Test
        void requiresGradOnIntegers() {
            String m = message(IllegalArgumentException.class, () -> Tensor.arange(3).requiresGrad());
            assertEquals("requiresGrad: only floating-point tensors can require gradients, got int64", m);
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(Dtype.BOOL, 2).requiresGrad()).contains("bool"));
        }

        @Test
        void outOfRangeDims() {
            assertEquals("sum: dim 2 is out of range for a tensor of rank 2 (expected a value in [-2, 1])",
                    message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).sum(2)));
            assertTrue(message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).transpose(0, -3)).startsWith("transpose:"));
            assertTrue(message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).unsqueeze(3)).startsWith("unsqueeze:"));
            assertTrue(message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).argmax(5, false)).startsWith("argmax:"));
            assertTrue(message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).cumsum(-3)).startsWith("cumsum:"));
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0, 0)).contains("repeats"));
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0)).startsWith("permute:"));
        }

        @Test
        void outOfRangeIndices() {
            assertEquals("select: index 3 is out of bounds for dim 1 with size 3",
                    message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).select(1, 3)));
            assertEquals("get: index 2 is out of bounds for dim 0 with size 2",
                    message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).get(2, 0)));
            assertTrue(message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).select(0, -3)).startsWith("select:"));
            assertTrue(message(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).narrow(1, 2, 2)).startsWith("narrow:"));
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).get(0)).contains("expected 2 indices"));
        }

        @Test
        void shapeErrors() {
            String v = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).t().view(6));
            assertTrue(v.startsWith("view:") && v.contains("reshape"), v);
            String r = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, -1));
            assertEquals("reshape: shape [4, -1] is invalid for input [2, 3] of 6 elements", r);
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(-1, -1)).contains("only one dim"));
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(4, 3)).startsWith("expand:"));
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).t()).startsWith("t:"));
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.zeros(-1, 2)).contains("negative"));
        }

        @Test
        void dtypeErrors() {
            String m = message(IllegalArgumentException.class, () -> Tensor.arange(4).mean());
            assertTrue(m.startsWith("mean:") && m.contains("int64"), m);
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.where(Tensor.zeros(2), Tensor.zeros(2), Tensor.zeros(2)))
                    .contains("bool"));
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.rand(new Generator(1), Dtype.INT64, 2)).contains("int64"));
        }

        @Test
        void inPlaceResultMustFitTheDtype() {
            Tensor i = Tensor.of(new long[] {3, 4});
            String m = message(IllegalArgumentException.class, () -> i.mul_(0.5));
            assertTrue(m.startsWith("mul_:") && m.contains("int64"), m);
            assertTrue(message(IllegalArgumentException.class, () -> i.div_(Tensor.of(new long[] {2, 2}))).startsWith("div_:"));
            assertTrue(message(IllegalArgumentException.class, () -> i.add_(Tensor.of(new float[] {1, 1}))).startsWith("add_:"));
            assertTrue(message(IllegalArgumentException.class, () -> Tensor.of(new boolean[] {true}).add_(2)).startsWith("add_:"));
            assertArrayEquals(new long[] {3, 4}, i.toLongArray(), "a refused in-place op leaves the tensor unchanged");
            assertArrayEquals(new long[] {6, 8}, i.mul_(2).toLongArray());
            assertArrayEquals(new long[] {7, 9}, i.add_(Tensor.of(new int[] {1, 1})).toLongArray());
            Tensor f = Tensor.of(new float[] {1, 2});
            assertArrayEquals(new float[] {1.5f, 3f}, f.mul_(Tensor.of(new long[] {3, 3})).mul_(0.5).toFloatArray());
        }

        @Test
        void varianceNeedsFloats() {
            String m = message(IllegalArgumentException.class, () -> Tensor.arange(4).var(true));
            assertTrue(m.startsWith("var/std:") && m.contains("int64"), m);
        }

        @Test
        void argReductionsOfEmptyTensors() {
            Tensor e = Tensor.zeros(0, 3);
            Tensor r = e.argmax(1, false);
            assertArrayEquals(new int[] {0}, r.shape(), "reducing a non-empty dim of an empty tensor is an empty result");
            assertEquals(Dtype.INT64, r.dtype());
            assertTrue(message(IllegalArgumentException.class, () -> e.argmin(0, false)).contains("size 0"));
            assertTrue(message(IllegalArgumentException.class, e::argmax).contains("empty"));
        }

        @Test
        void inPlaceOnATensorThatRequiresGrad() {
            Tensor w = Tensor.ones(3).requiresGrad();
            String m = message(IllegalStateException.class, () -> w.add_(Tensor.ones(3)));
            assertTrue(m.startsWith("add_:"), m);
            assertNotEquals(-1, m.indexOf("noGrad"), m);
        }
    }
}
