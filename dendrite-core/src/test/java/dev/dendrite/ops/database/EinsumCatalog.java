package dev.dendrite.ops.database;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.dendrite.ops.database.Ref.sample;

/**
 * einsum. The reference evaluates the definition directly: it walks every assignment of values to
 * the letters of an explicit, letters-only form of the equation and adds the product of the
 * operands' elements into the output element (a dim of size 1 broadcasts). Equations with an
 * ellipsis or an implicit output are checked against the explicit form written out by hand.
 */
final class EinsumCatalog implements OpCatalog {

    @Override
    public List<OpCase> cases() {
        List<OpCase> cases = new ArrayList<>();
        add(cases, "ij,jk->ik", "ij,jk->ik", sample(41, 3, 4), sample(42, 4, 2));
        add(cases, "bij,bjk->bik", "bij,bjk->bik", sample(43, 2, 3, 4), sample(44, 2, 4, 2));
        add(cases, "ii->i", "ii->i", sample(45, 3, 3));
        add(cases, "ii", "ii->", sample(46, 3, 3));
        add(cases, "ij->ji", "ij->ji", sample(47, 2, 3));
        add(cases, "i,i->", "i,i->", sample(48, 4), sample(49, 4));
        add(cases, "i,j->ij", "i,j->ij", sample(50, 3), sample(51, 2));
        add(cases, "bhqd,bhkd->bhqk", "bhqd,bhkd->bhqk", sample(52, 2, 2, 3, 4), sample(53, 2, 2, 2, 4));
        add(cases, "...ij,...jk->...ik", "xyij,yjk->xyik", sample(54, 2, 1, 2, 3), sample(55, 4, 3, 2));
        add(cases, "ij,jk", "ij,jk->ik", sample(56, 2, 3), sample(57, 3, 2));
        add(cases, "ba", "ba->ab", sample(58, 3, 2));
        add(cases, "ij->j", "ij->j", sample(59, 3, 4));
        add(cases, "ij->", "ij->", sample(60, 3, 4));
        add(cases, "iij,jk->ik", "iij,jk->ik", sample(61, 2, 2, 3), sample(62, 3, 2));
        add(cases, "bii->bi", "bii->bi", sample(63, 2, 3, 3));
        add(cases, "ij,jk,kl->il", "ij,jk,kl->il", sample(64, 2, 3), sample(65, 3, 2), sample(66, 2, 4));
        add(cases, "ij,ij->ij", "ij,ij->ij", sample(67, 3, 1), sample(68, 3, 4));          // j broadcasts
        add(cases, "ij,jk->ik", "ij,jk->ik", sample(69, 2, 1), sample(70, 3, 2));          // contracted j broadcasts
        add(cases, "...ii->...i", "xii->xi", sample(71, 2, 3, 3));
        add(cases, "...i->i", "xyi->i", sample(72, 2, 3, 4));                              // ellipsis summed
        add(cases, "ij,ji->", "ij,ji->", sample(73, 3, 4), sample(74, 4, 3));
        add(cases, "ii,i->i", "ii,i->i", sample(75, 3, 3), sample(76, 3));
        add(cases, "i,jk->jik", "i,jk->jik", sample(77, 2), sample(78, 3, 2));
        add(cases, "bn,anm,bm->ba", "bn,anm,bm->ba", sample(79, 2, 3), sample(80, 2, 3, 4), sample(81, 2, 4));
        add(cases, "ijk->kji", "ijk->kji", sample(82, 2, 3, 4));
        add(cases, " i j , j -> i ", "ij,j->i", sample(83, 2, 3), sample(84, 3));          // spaces are ignored
        add(cases, "ij,jk->ik", "ij,jk->ik", sample(85, 3, 4).toFloat(), sample(86, 4, 2).toFloat());
        return cases;
    }

    /** A case for {@code equation} whose reference evaluates the letters-only {@code refEquation}. */
    private static void add(List<OpCase> cases, String equation, String refEquation, Tensor... inputs) {
        String shapes = String.join(" ", Arrays.stream(inputs)
                .map(t -> Arrays.toString(t.shape())).toList());
        cases.add(OpCase.of("einsum \"" + equation + "\" " + shapes + " " + inputs[0].dtype().torchName(),
                        in -> Tensor.einsum(equation, in))
                .inputs(inputs).expect(reference(refEquation, inputs))
                .tolerance(inputs[0].dtype() == Dtype.FLOAT32 ? 1e-5 : 1e-9).build());
    }

    /** The sum over all letter values of the product of the operands' elements, for an explicit letters-only equation. */
    static Tensor reference(String equation, Tensor... operands) {
        String[] sides = equation.split("->", -1);
        String[] terms = sides[0].split(",", -1);
        String out = sides[1];
        String letters = "";
        for (char c : (sides[0] + out).replace(",", "").toCharArray()) if (letters.indexOf(c) < 0) letters += c;
        int[] size = new int[letters.length()];
        double[][] data = new double[operands.length][];
        for (int i = 0; i < operands.length; i++) {
            data[i] = operands[i].toDoubleArray();
            for (int d = 0; d < terms[i].length(); d++) {
                int l = letters.indexOf(terms[i].charAt(d));
                size[l] = Math.max(size[l], operands[i].size(d));
            }
        }
        int[] outShape = new int[out.length()];
        for (int d = 0; d < out.length(); d++) outShape[d] = size[letters.indexOf(out.charAt(d))];
        int outNumel = 1;
        for (int s : outShape) outNumel *= s;
        double[] result = new double[outNumel];
        int total = 1;
        for (int s : size) total *= s;
        int[] value = new int[letters.length()];
        for (int flat = 0; flat < total; flat++) {
            int rem = flat;
            for (int l = letters.length() - 1; l >= 0; l--) {
                value[l] = rem % size[l];
                rem /= size[l];
            }
            double prod = 1;
            for (int i = 0; i < operands.length; i++) {
                int[] shape = operands[i].shape();
                int at = 0;
                for (int d = 0; d < shape.length; d++) {
                    int v = value[letters.indexOf(terms[i].charAt(d))];
                    at = at * shape[d] + (shape[d] == 1 ? 0 : v);
                }
                prod *= data[i][at];
            }
            int o = 0;
            for (int d = 0; d < out.length(); d++) o = o * outShape[d] + value[letters.indexOf(out.charAt(d))];
            result[o] += prod;
        }
        return Tensor.of(result, outShape).to(operands[0].dtype());
    }
}
