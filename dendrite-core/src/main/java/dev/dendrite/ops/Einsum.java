package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Einstein summation with PyTorch's semantics.
 *
 * <p>An equation names every dim of every operand with a letter ({@code a-z}, {@code A-Z});
 * {@code ...} stands for any number of leading, middle or trailing dims, which broadcast against
 * each other across operands (aligned on the right, as in NumPy). With {@code ->} the output is
 * given explicitly; without it, the output is the ellipsis dims followed by the letters that occur
 * exactly once, in alphabetical order (upper case first). Letters absent from the output are
 * summed over; so are ellipsis dims when an explicit output leaves out {@code ...}. A dim of size 1
 * broadcasts against the same letter's size in another operand.
 *
 * <p>The evaluation is built from differentiable ops, so it is differentiable (twice) as a whole:
 * a letter repeated within one operand takes a diagonal (a strided view, recorded with its own
 * derivative); letters that only one operand has and the output lacks are summed first; then the
 * operands are combined left to right, each pair by permuting and reshaping both into one batched
 * matrix product ({@link Linalg#bmm}) over [shared kept letters] x [letters of the left only] x
 * [contracted letters] x [letters of the right only]; a final permute puts the output in order.
 */
public final class Einsum {
    private Einsum() {}

    /** Label ids: 'A'..'Z' are 0..25, 'a'..'z' 26..51 (so id order is ASCII order); ellipsis dims follow. */
    private static final int LETTERS = 52;

    /** One operand during the evaluation: a tensor and the label of each of its dims. */
    private record Term(Tensor t, int[] labels) {}

    /** {@code torch.einsum(equation, operands...)}. */
    public static Tensor einsum(String equation, Tensor... operands) {
        if (equation == null) throw new IllegalArgumentException("einsum: the equation is null");
        if (operands == null || operands.length == 0) {
            throw new IllegalArgumentException("einsum: needs at least one operand for equation \"" + equation + "\"");
        }
        for (int i = 0; i < operands.length; i++) {
            if (operands[i] == null) throw new IllegalArgumentException("einsum: operand " + i + " is null");
        }
        Parsed p = parse(equation, operands);
        int n = operands.length;

        // how many operands carry each label (after diagonals, each operand has a label at most once)
        int[] users = new int[p.labelCount];
        Term[] terms = new Term[n];
        for (int i = 0; i < n; i++) {
            terms[i] = diagonals(operands[i], p.labels[i]);
            for (int l : terms[i].labels) users[l]++;
        }
        boolean[] inOutput = new boolean[p.labelCount];
        for (int l : p.output) inOutput[l] = true;

        // labels that only this operand has and the output lacks can be summed right away
        for (int i = 0; i < n; i++) {
            boolean[] drop = new boolean[p.labelCount];
            for (int l : terms[i].labels) drop[l] = users[l] == 1 && !inOutput[l];
            terms[i] = sumOut(terms[i], drop);
        }

        Term acc = terms[0];
        for (int i = 1; i < n; i++) {
            boolean[] keep = inOutput.clone();
            for (int j = i + 1; j < n; j++) for (int l : terms[j].labels) keep[l] = true;
            acc = contract(acc, terms[i], keep, p);
        }
        acc = sumOut(acc, notIn(acc.labels, inOutput, p.labelCount));

        int[] perm = new int[p.output.length];
        for (int k = 0; k < p.output.length; k++) perm[k] = indexOf(acc.labels, p.output[k]);
        return permuted(acc.t, perm);
    }

    // ================================================================ parsing

    /** Operands' labels per dim and the output's labels (sizes checked). */
    private record Parsed(int[][] labels, int[] output, int labelCount) {}

    private static char letterOf(int label) {
        return (char) (label < 26 ? 'A' + label : 'a' + label - 26);
    }

    private static int labelOf(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        return -1;
    }

    /** A term of the equation as written: letters as label ids, and -1 where the ellipsis stands. */
    private static int[] parseTerm(String eq, String term, int start, boolean output) {
        List<Integer> ids = new ArrayList<>();
        boolean ellipsis = false;
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '.') {
                if (!term.startsWith("...", i)) {
                    throw new IllegalArgumentException("einsum: found a '.' at position " + (start + i) + " of \"" + eq
                            + "\" that is not part of an ellipsis '...'");
                }
                if (ellipsis) {
                    throw new IllegalArgumentException("einsum: the " + (output ? "output" : "input") + " subscripts \""
                            + term + "\" of \"" + eq + "\" contain more than one ellipsis '...'");
                }
                ellipsis = true;
                ids.add(-1);
                i += 2;
                continue;
            }
            int id = labelOf(c);
            if (id < 0) {
                throw new IllegalArgumentException("einsum: invalid subscript '" + c + "' at position " + (start + i)
                        + " of \"" + eq + "\"; subscripts must be letters a-z or A-Z, or an ellipsis '...'");
            }
            ids.add(id);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Parsed parse(String equation, Tensor[] operands) {
        String eq = equation.replace(" ", "");
        int arrow = eq.indexOf("->");
        if (arrow >= 0 && eq.indexOf("->", arrow + 2) >= 0) {
            throw new IllegalArgumentException("einsum: the equation \"" + equation + "\" has more than one '->'");
        }
        String lhs = arrow >= 0 ? eq.substring(0, arrow) : eq;
        String[] inTerms = lhs.split(",", -1);
        if (inTerms.length != operands.length) {
            throw new IllegalArgumentException("einsum: the equation \"" + equation + "\" has subscripts for "
                    + inTerms.length + " operand" + (inTerms.length == 1 ? "" : "s") + " but " + operands.length
                    + " operand" + (operands.length == 1 ? " was" : "s were") + " given");
        }
        int[][] raw = new int[operands.length][];
        int[] ellDims = new int[operands.length];
        int maxEll = 0, pos = 0;
        for (int i = 0; i < operands.length; i++) {
            raw[i] = parseTerm(eq, inTerms[i], pos, false);
            pos += inTerms[i].length() + 1;
            boolean hasEll = indexOf(raw[i], -1) >= 0;
            int letters = raw[i].length - (hasEll ? 1 : 0);
            int rank = operands[i].dim();
            if (hasEll ? rank < letters : rank != letters) {
                throw new IllegalArgumentException("einsum: operand " + i + " has " + rank + " dim"
                        + (rank == 1 ? "" : "s") + " (shape " + Arrays.toString(operands[i].shape()) + ") but its subscripts \""
                        + inTerms[i] + "\" in \"" + equation + "\" name " + (hasEll ? "at most " : "") + letters);
            }
            ellDims[i] = hasEll ? rank - letters : 0;
            maxEll = Math.max(maxEll, ellDims[i]);
        }
        int labelCount = LETTERS + maxEll;
        // per operand dim, its label; ellipsis dims are aligned on the right
        int[][] labels = new int[operands.length][];
        int[] sizes = new int[labelCount];
        int[] sizeFrom = new int[labelCount];
        Arrays.fill(sizes, -1);
        int[] count = new int[labelCount];
        for (int i = 0; i < operands.length; i++) {
            int[] shape = operands[i].shape();
            labels[i] = new int[shape.length];
            int d = 0;
            for (int id : raw[i]) {
                if (id >= 0) {
                    labels[i][d++] = id;
                } else {
                    for (int e = 0; e < ellDims[i]; e++) labels[i][d++] = LETTERS + maxEll - ellDims[i] + e;
                }
            }
            int[] seenSize = new int[labelCount];
            Arrays.fill(seenSize, -1);
            for (int k = 0; k < shape.length; k++) {
                int l = labels[i][k];
                count[l]++;
                if (seenSize[l] >= 0 && seenSize[l] != shape[k]) {
                    throw new IllegalArgumentException("einsum: " + nameOf(l) + " is repeated in operand " + i
                            + " (shape " + Arrays.toString(shape) + ") but its sizes differ (" + seenSize[l] + " != "
                            + shape[k] + "); a repeated subscript takes a diagonal, which needs equal sizes");
                }
                seenSize[l] = shape[k];
                if (sizes[l] < 0 || (sizes[l] == 1 && shape[k] != 1)) {
                    sizes[l] = shape[k];
                    sizeFrom[l] = i;
                } else if (shape[k] != 1 && shape[k] != sizes[l]) {
                    throw new IllegalArgumentException("einsum: " + nameOf(l) + " has size " + sizes[l] + " in operand "
                            + sizeFrom[l] + " but size " + shape[k] + " in operand " + i + " (shapes "
                            + Arrays.toString(operands[sizeFrom[l]].shape()) + " and " + Arrays.toString(shape)
                            + "); sizes of the same subscript must match, or be 1 to broadcast");
                }
            }
        }
        int[] output;
        if (arrow >= 0) {
            String rhs = eq.substring(arrow + 2);
            int[] raws = parseTerm(eq, rhs, arrow + 2, true);
            List<Integer> out = new ArrayList<>();
            boolean[] seen = new boolean[labelCount];
            for (int id : raws) {
                if (id < 0) {
                    for (int e = 0; e < maxEll; e++) out.add(LETTERS + e);
                    continue;
                }
                if (seen[id]) {
                    throw new IllegalArgumentException("einsum: output subscript '" + letterOf(id)
                            + "' appears more than once in \"" + equation + "\"");
                }
                if (count[id] == 0) {
                    throw new IllegalArgumentException("einsum: output subscript '" + letterOf(id)
                            + "' does not appear in the input subscripts of \"" + equation + "\"");
                }
                seen[id] = true;
                out.add(id);
            }
            output = out.stream().mapToInt(Integer::intValue).toArray();
        } else {
            List<Integer> out = new ArrayList<>();
            for (int e = 0; e < maxEll; e++) out.add(LETTERS + e);
            for (int id = 0; id < LETTERS; id++) if (count[id] == 1) out.add(id);
            output = out.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Parsed(labels, output, labelCount);
    }

    private static String nameOf(int label) {
        return label < LETTERS ? "subscript '" + letterOf(label) + "'" : "dim " + (label - LETTERS) + " of the ellipsis '...'";
    }

    // ================================================================ evaluation steps

    /** Collapses repeated labels of one operand onto their diagonal (a strided view). */
    private static Term diagonals(Tensor t, int[] labels) {
        int[] groupOf = new int[labels.length];
        int[] unique = new int[labels.length];
        int u = 0;
        for (int k = 0; k < labels.length; k++) {
            int at = indexOf(Arrays.copyOf(unique, u), labels[k]);
            if (at < 0) {
                unique[u] = labels[k];
                at = u++;
            }
            groupOf[k] = at;
        }
        if (u == labels.length) return new Term(t, labels);
        return new Term(diagonal(t, groupOf, u), Arrays.copyOf(unique, u));
    }

    /**
     * The view of {@code t} in which every dim {@code k} becomes dim {@code groupOf[k]} of the result,
     * dims mapped to the same result dim walking together (a generalized diagonal: the result's
     * stride is the sum of theirs). Its derivative writes the gradient onto that diagonal of zeros.
     */
    static Tensor diagonal(Tensor t, int[] groupOf, int rank) {
        int[] shape = new int[rank], strides = new int[rank];
        int[] inShape = t.shape(), inStrides = t.strides();
        for (int k = 0; k < groupOf.length; k++) {
            shape[groupOf[k]] = inShape[k];
            strides[groupOf[k]] += inStrides[k];
        }
        Tensor out = Tensor.wrap(t.storage(), shape, strides, t.storageOffset());
        if (Autograd.needsGrad(t)) {
            Autograd.record("einsumDiagonal", out, t, g -> new Tensor[] {
                    Views.embed("einsumDiagonal", g, inShape, z -> diagonal(z, groupOf, rank))});
        }
        return out;
    }

    /** Sums the term over the labels flagged in {@code drop}. */
    private static Term sumOut(Term term, boolean[] drop) {
        int[] dims = new int[term.labels.length];
        int[] kept = new int[term.labels.length];
        int nd = 0, nk = 0;
        for (int k = 0; k < term.labels.length; k++) {
            if (drop[term.labels[k]]) dims[nd++] = k;
            else kept[nk++] = term.labels[k];
        }
        if (nd == 0) return term;
        return new Term(term.t.sum(Arrays.copyOf(dims, nd), false), Arrays.copyOf(kept, nk));
    }

    private static boolean[] notIn(int[] labels, boolean[] keep, int labelCount) {
        boolean[] drop = new boolean[labelCount];
        for (int l : labels) drop[l] = !keep[l];
        return drop;
    }

    /** Combines two terms into one whose labels are the kept labels of both. */
    private static Term contract(Term a, Term b, boolean[] keep, Parsed p) {
        boolean[] inA = new boolean[p.labelCount], inB = new boolean[p.labelCount];
        for (int l : a.labels) inA[l] = true;
        for (int l : b.labels) inB[l] = true;
        // a label that only one side has and that is not kept: sum it there
        boolean[] dropA = new boolean[p.labelCount], dropB = new boolean[p.labelCount];
        for (int l : a.labels) dropA[l] = !inB[l] && !keep[l];
        for (int l : b.labels) dropB[l] = !inA[l] && !keep[l];
        a = sumOut(a, dropA);
        b = sumOut(b, dropB);

        List<Integer> batch = new ArrayList<>(), left = new ArrayList<>(), summed = new ArrayList<>(), right = new ArrayList<>();
        for (int l : a.labels) {
            if (!inB[l]) left.add(l);
            else if (keep[l]) batch.add(l);
            else summed.add(l);
        }
        for (int l : b.labels) if (!inA[l]) right.add(l);

        // sizes of shared labels may differ only by broadcasting (one side is 1)
        Tensor ta = a.t, tb = b.t;
        for (int l : batch) {
            int sa = ta.size(indexOf(a.labels, l)), sb = tb.size(indexOf(b.labels, l));
            if (sa != sb) {
                if (sa == 1) ta = expandDim(ta, indexOf(a.labels, l), sb);
                else tb = expandDim(tb, indexOf(b.labels, l), sa);
            }
        }
        for (int l : summed) {
            int da = indexOf(a.labels, l), db = indexOf(b.labels, l);
            int sa = ta.size(da), sb = tb.size(db);
            if (sa != sb) {
                // sum_j a[1] * b[j] = a * sum_j b[j]: sum the larger side down to size 1
                if (sa == 1) tb = tb.sum(db, true);
                else ta = ta.sum(da, true);
            }
        }

        int[] permA = concat(positions(a.labels, batch), positions(a.labels, left), positions(a.labels, summed));
        int[] permB = concat(positions(b.labels, batch), positions(b.labels, summed), positions(b.labels, right));
        int bt = product(ta, positions(a.labels, batch)), m = product(ta, positions(a.labels, left));
        int kk = product(ta, positions(a.labels, summed)), nn = product(tb, positions(b.labels, right));
        Tensor ma = permuted(ta, permA).reshape(bt, m, kk);
        Tensor mb = permuted(tb, permB).reshape(bt, kk, nn);
        Tensor prod = Linalg.bmm(ma, mb);

        int[] outShape = concat(sizesAt(ta, positions(a.labels, batch)), sizesAt(ta, positions(a.labels, left)),
                sizesAt(tb, positions(b.labels, right)));
        int[] outLabels = concat(toArray(batch), toArray(left), toArray(right));
        return new Term(prod.reshape(outShape), outLabels);
    }

    private static Tensor expandDim(Tensor t, int dim, int size) {
        int[] shape = t.shape();
        shape[dim] = size;
        return t.expand(shape);
    }

    private static Tensor permuted(Tensor t, int[] perm) {
        return isIdentity(perm) ? t : t.permute(perm);
    }

    private static boolean isIdentity(int[] perm) {
        for (int i = 0; i < perm.length; i++) if (perm[i] != i) return false;
        return true;
    }

    private static int[] positions(int[] labels, List<Integer> which) {
        int[] out = new int[which.size()];
        for (int i = 0; i < out.length; i++) out[i] = indexOf(labels, which.get(i));
        return out;
    }

    private static int product(Tensor t, int[] dims) {
        int p = 1;
        for (int d : dims) p *= t.size(d);
        return p;
    }

    private static int[] sizesAt(Tensor t, int[] dims) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) out[i] = t.size(dims[i]);
        return out;
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) n += p.length;
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        return -1;
    }
}
