package dev.dendrite.ops;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EinsumTest {
    /** [[1, 2, 3], [4, 5, 6]] */
    private static final Tensor A = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    /** [[1, 0], [2, 1], [0, 3]] */
    private static final Tensor B = Tensor.of(new double[] {1, 0, 2, 1, 0, 3}, 3, 2);
    /** [[1, 2, 3], [4, 5, 6], [7, 8, 9]] */
    private static final Tensor SQ = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3);

    private static void assertTensor(int[] shape, double[] values, Tensor t) {
        assertArrayEquals(shape, t.shape(), () -> "shape " + Arrays.toString(t.shape()));
        assertArrayEquals(values, t.toDoubleArray(), 1e-12, () -> "values " + Arrays.toString(t.toDoubleArray()));
    }

    @Test
    void matrixProductExplicitAndImplicit() {
        // [[1*1 + 2*2, 2*1 + 3*3], [4 + 10, 5 + 18]]
        assertTensor(new int[] {2, 2}, new double[] {5, 11, 14, 23}, Tensor.einsum("ij,jk->ik", A, B));
        assertTensor(new int[] {2, 2}, new double[] {5, 11, 14, 23}, Tensor.einsum("ij,jk", A, B));
        // the explicit output may order the letters freely: (AB)^T
        assertTensor(new int[] {2, 2}, new double[] {5, 14, 11, 23}, Tensor.einsum("ij,jk->ki", A, B));
    }

    @Test
    void diagonalTraceTransposeSums() {
        assertTensor(new int[] {3}, new double[] {1, 5, 9}, Tensor.einsum("ii->i", SQ));
        assertTensor(new int[] {}, new double[] {15}, Tensor.einsum("ii", SQ));
        assertTensor(new int[] {3, 2}, new double[] {1, 4, 2, 5, 3, 6}, Tensor.einsum("ij->ji", A));
        assertTensor(new int[] {3, 2}, new double[] {1, 4, 2, 5, 3, 6}, Tensor.einsum("ji", A));   // implicit: "ij"
        assertTensor(new int[] {2, 3}, A.toDoubleArray(), Tensor.einsum("ij", A));
        assertTensor(new int[] {3}, new double[] {5, 7, 9}, Tensor.einsum("ij->j", A));
        assertTensor(new int[] {}, new double[] {21}, Tensor.einsum("ij->", A));
    }

    @Test
    void diagonalIsAViewAndTransposeToo() {
        Tensor d = Tensor.einsum("ii->i", SQ);
        assertSame(SQ.storage(), d.storage());
        assertArrayEquals(new int[] {4}, d.strides());
        assertSame(A.storage(), Tensor.einsum("ij->ji", A).storage());
    }

    @Test
    void dotOuterAndBatched() {
        Tensor u = Tensor.of(1.0, 2, 3), v = Tensor.of(4.0, -1, 2);
        assertTensor(new int[] {}, new double[] {8}, Tensor.einsum("i,i->", u, v));
        assertTensor(new int[] {3, 2}, new double[] {4, -1, 8, -2, 12, -3},
                Tensor.einsum("i,j->ij", u, Tensor.of(4.0, -1)));
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        Tensor b = Tensor.of(new double[] {1, 0, 0, 1, 0, 1, 1, 0}, 2, 2, 2);   // identity, then swap
        assertTensor(new int[] {2, 2, 2}, new double[] {1, 2, 3, 4, 6, 5, 8, 7}, Tensor.einsum("bij,bjk->bik", a, b));
    }

    @Test
    void attentionScoresMatchMatmulWithTranspose() {
        Tensor q = Tensor.randn(2, 3, 4, 5).toDouble(), k = Tensor.randn(2, 3, 6, 5).toDouble();
        Tensor got = Tensor.einsum("bhqd,bhkd->bhqk", q, k);
        Tensor want = q.matmul(k.transpose(-2, -1));
        assertArrayEquals(new int[] {2, 3, 4, 6}, got.shape());
        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 1e-12);
    }

    @Test
    void ellipsisBroadcastsBatchDims() {
        Tensor a = Tensor.randn(2, 1, 3, 4).toDouble(), b = Tensor.randn(5, 4, 2).toDouble();
        Tensor got = Tensor.einsum("...ij,...jk->...ik", a, b);
        assertArrayEquals(new int[] {2, 5, 3, 2}, got.shape());
        assertArrayEquals(a.matmul(b).toDoubleArray(), got.toDoubleArray(), 1e-12);
        // implicit output: ellipsis dims first, then the letters seen once
        assertArrayEquals(new int[] {2, 5, 3, 2}, Tensor.einsum("...ij,...jk", a, b).shape());
        // explicit output without "..." sums the ellipsis dims
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertTensor(new int[] {2}, new double[] {9, 12}, Tensor.einsum("...i->i", x));
        assertTensor(new int[] {3}, new double[] {5, 7, 9}, Tensor.einsum("i...->...", A));
    }

    @Test
    void sizeOneDimsBroadcastAgainstTheSameLetter() {
        Tensor col = Tensor.of(new double[] {1, 2}, 2, 1), row = Tensor.of(new double[] {1, 10, 100, 2, 20, 200}, 2, 3);
        assertTensor(new int[] {2, 3}, new double[] {1, 10, 100, 4, 40, 400}, Tensor.einsum("ij,ij->ij", col, row));
        // a contracted letter of size 1 on one side: sum_j a[i,0] * b[j,k]
        assertTensor(new int[] {2, 3}, new double[] {3, 30, 300, 6, 60, 600},
                Tensor.einsum("ij,jk->ik", col, row));
    }

    @Test
    void repeatedLetterMixedWithContraction() {
        // x[i,i,j] for i in 0..1: [[1,2],[7,8]]; then times [[1],[1]] over j
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        assertTensor(new int[] {2, 1}, new double[] {3, 15}, Tensor.einsum("iij,jk->ik", x, Tensor.of(new double[] {1, 1}, 2, 1)));
        assertTensor(new int[] {3}, new double[] {1, 10, 27}, Tensor.einsum("ii,i->i", SQ, Tensor.of(1.0, 2, 3)));
        assertTensor(new int[] {}, new double[] {1 + 10 + 27}, Tensor.einsum("ii,i", SQ, Tensor.of(1.0, 2, 3)));
    }

    @Test
    void threeOperandsChainLeftToRight() {
        Tensor c = Tensor.of(new double[] {1, -1, 0, 2}, 2, 2);
        Tensor got = Tensor.einsum("ij,jk,kl->il", A, B, c);
        assertArrayEquals(A.matmul(B).matmul(c).toDoubleArray(), got.toDoubleArray(), 1e-12);
    }

    @Test
    void integerOperandsAndSpaces() {
        Tensor a = Tensor.of(new long[] {1, 2, 3, 4}, 2, 2);
        Tensor got = Tensor.einsum(" ij , jk -> ik ", a, a);
        assertEquals(Dtype.INT64, got.dtype());
        assertArrayEquals(new long[] {7, 10, 15, 22}, got.toLongArray());
    }

    @Test
    void scalarsAndEmptyDims() {
        Tensor two = Tensor.scalar(2, Dtype.FLOAT64), three = Tensor.scalar(3, Dtype.FLOAT64);
        assertTensor(new int[] {}, new double[] {6}, Tensor.einsum(",->", two, three));
        assertTensor(new int[] {3}, new double[] {2, 4, 6}, Tensor.einsum("i,->i", Tensor.of(1.0, 2, 3), two));
        // a contraction over an empty dim is a sum of nothing: zeros
        Tensor e = Tensor.einsum("ij,jk->ik", Tensor.zeros(Dtype.FLOAT64, 2, 0), Tensor.zeros(Dtype.FLOAT64, 0, 3));
        assertTensor(new int[] {2, 3}, new double[6], e);
        assertArrayEquals(new int[] {0, 3}, Tensor.einsum("ij,jk->ik", Tensor.zeros(0, 2), Tensor.zeros(2, 3)).shape());
    }

    @Test
    void gradcheckOfEveryKind() {
        Tensor sq = Tensor.randn(3, 3).toDouble().requiresGrad();
        Tensor m = Tensor.randn(3, 2).toDouble().requiresGrad();
        Tensor cube = Tensor.randn(3, 3, 2).toDouble().requiresGrad();
        GradCheck.check(in -> Tensor.einsum("ii->i", in[0]), sq);
        GradCheck.check(in -> Tensor.einsum("ii", in[0]), sq);
        GradCheck.check(in -> Tensor.einsum("iij,jk->ik", in[0], in[1]), cube, m.t().contiguousCopy().requiresGrad());
        GradCheck.check(in -> Tensor.einsum("ij,jk->ik", in[0], in[1]), sq, m);
        GradCheck.check(in -> Tensor.einsum("...ii->...i", in[0]), cube.permute(2, 0, 1).contiguousCopy().requiresGrad());
        // second order: the diagonal's derivative (an embed) and bmm's are themselves differentiable
        GradCheck.checkSecondOrder(in -> Tensor.einsum("ii,ij->ij", in[0], in[1]), sq, m);
        GradCheck.checkSecondOrder(in -> Tensor.einsum("ii->i", in[0]).square(), sq);
    }

    // ================================================================ errors

    private static String error(String equation, Tensor... operands) {
        return assertThrows(IllegalArgumentException.class, () -> Tensor.einsum(equation, operands)).getMessage();
    }

    @Test
    void wrongOperandCount() {
        assertEquals("einsum: the equation \"ij,jk->ik\" has subscripts for 2 operands but 3 operands were given",
                error("ij,jk->ik", A, B, B));
        assertEquals("einsum: the equation \"ij,jk->ik\" has subscripts for 2 operands but 1 operand was given",
                error("ij,jk->ik", A));
        assertEquals("einsum: needs at least one operand for equation \"i->i\"", error("i->i"));
    }

    @Test
    void malformedEquations() {
        assertEquals("einsum: invalid subscript '1' at position 1 of \"i1->i\"; subscripts must be letters a-z or A-Z, "
                + "or an ellipsis '...'", error("i1->i", Tensor.zeros(2, 2)));
        assertEquals("einsum: found a '.' at position 1 of \"i.j->ij\" that is not part of an ellipsis '...'",
                error("i.j->ij", Tensor.zeros(2, 2)));
        assertEquals("einsum: the input subscripts \"......\" of \"......->\" contain more than one ellipsis '...'",
                error("......->", Tensor.zeros(2, 2)));
        assertEquals("einsum: the equation \"i->i->i\" has more than one '->'", error("i->i->i", Tensor.zeros(2)));
        assertEquals("einsum: output subscript 'i' appears more than once in \"ij->ii\"", error("ij->ii", A));
        assertEquals("einsum: output subscript 'k' does not appear in the input subscripts of \"ij->k\"", error("ij->k", A));
        assertTrue(error("ij-ik", A).startsWith("einsum: invalid subscript '-' at position 2"));
    }

    @Test
    void rankAndSizeMismatches() {
        assertEquals("einsum: operand 0 has 2 dims (shape [2, 3]) but its subscripts \"ijk\" in \"ijk->i\" name 3",
                error("ijk->i", A));
        assertEquals("einsum: operand 0 has 2 dims (shape [2, 3]) but its subscripts \"...ijk\" in \"...ijk\" name at most 3",
                error("...ijk", A));
        assertEquals("einsum: subscript 'j' has size 3 in operand 0 but size 2 in operand 1 (shapes [2, 3] and [2, 3]); "
                + "sizes of the same subscript must match, or be 1 to broadcast", error("ij,jk->ik", A, A));
        assertEquals("einsum: subscript 'i' is repeated in operand 0 (shape [2, 3]) but its sizes differ (2 != 3); "
                + "a repeated subscript takes a diagonal, which needs equal sizes", error("ii->i", A));
        assertEquals("einsum: dim 0 of the ellipsis '...' has size 2 in operand 0 but size 3 in operand 1 (shapes [2, 3] "
                + "and [3, 2]); sizes of the same subscript must match, or be 1 to broadcast", error("...i,...i", A, B));
    }
}
