package dev.dendrite.data;

import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Operations on datasets: random splits and mapping. */
public final class Datasets {
    private Datasets() {}

    static void checkIndex(String who, int index, int size) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(who + ": index " + index + " is out of range for a dataset of size " + size);
        }
    }

    /**
     * Splits {@code dataset} into non-overlapping random subsets of the given lengths, as
     * torch.utils.data.random_split: one permutation of all indices, {@code randperm(n, generator)},
     * cut into consecutive pieces. The same generator state gives the same split.
     */
    public static <E> List<Subset<E>> randomSplit(Dataset<E> dataset, int[] lengths, Generator generator) {
        long sum = 0;
        for (int len : lengths) {
            if (len < 0) throw new IllegalArgumentException("randomSplit: lengths must be non-negative, got " + Arrays.toString(lengths));
            sum += len;
        }
        if (sum != dataset.size()) {
            throw new IllegalArgumentException("randomSplit: sum of input lengths " + Arrays.toString(lengths) + " = " + sum
                    + " does not equal the length of the input dataset (" + dataset.size() + ")");
        }
        long[] perm = Tensor.randperm(dataset.size(), generator).toLongArray();
        List<Subset<E>> out = new ArrayList<>(lengths.length);
        int offset = 0;
        for (int len : lengths) {
            int[] idx = new int[len];
            for (int i = 0; i < len; i++) idx[i] = (int) perm[offset + i];
            offset += len;
            out.add(new Subset<>(dataset, idx));
        }
        return out;
    }

    /** {@link #randomSplit(Dataset, int[], Generator)} with the global generator. */
    public static <E> List<Subset<E>> randomSplit(Dataset<E> dataset, int[] lengths) {
        return randomSplit(dataset, lengths, Generator.global());
    }

    /**
     * Splits by fractions that sum to 1, as torch: each subset gets {@code floor(n * fraction)}
     * examples, and the remaining {@code n - sum} are handed out one at a time, round-robin from
     * the first subset.
     */
    public static <E> List<Subset<E>> randomSplit(Dataset<E> dataset, double[] fractions, Generator generator) {
        return randomSplit(dataset, lengthsFromFractions(fractions, dataset.size()), generator);
    }

    /** {@link #randomSplit(Dataset, double[], Generator)} with the global generator. */
    public static <E> List<Subset<E>> randomSplit(Dataset<E> dataset, double[] fractions) {
        return randomSplit(dataset, fractions, Generator.global());
    }

    /** The subset sizes torch's random_split gives for {@code fractions} of {@code n} examples. */
    public static int[] lengthsFromFractions(double[] fractions, int n) {
        if (fractions.length == 0) throw new IllegalArgumentException("randomSplit: fractions must not be empty");
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("randomSplit: fractions must each be in [0, 1], got " + Arrays.toString(fractions));
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("randomSplit: fractions must sum to 1, got " + Arrays.toString(fractions) + " (sum " + sum + ")");
        }
        int[] lengths = new int[fractions.length];
        int total = 0;
        for (int i = 0; i < fractions.length; i++) {
            lengths[i] = (int) Math.floor(n * fractions[i]);
            total += lengths[i];
        }
        for (int i = 0; i < n - total; i++) lengths[i % lengths.length]++;
        return lengths;
    }

    /**
     * A view of {@code dataset} with {@code fn} applied to every example on access. {@code fn}
     * itself is not random; a seeded {@code dataset} still gets its per-sample generator.
     */
    public static <A, B> SeededDataset<B> map(Dataset<A> dataset, Function<? super A, ? extends B> fn) {
        return new SeededDataset<>() {
            @Override public int size() { return dataset.size(); }
            @Override public B get(int index) { return fn.apply(dataset.get(index)); }
            @Override public B get(int index, Generator gen) { return fn.apply(SeededDataset.get(dataset, index, gen)); }
        };
    }

    /**
     * A view of {@code dataset} whose example inputs go through {@code transform} (targets
     * unchanged), drawing from the loader's per-sample generator. Image transforms fit as a method
     * reference: {@code Datasets.transformInputs(train, randomCrop::apply)}.
     */
    public static SeededDataset<Example> transformInputs(Dataset<Example> dataset, SeededFunction<Tensor, Tensor> transform) {
        return new MapWithSeed<>(dataset, (e, gen) -> new Example(transform.apply(e.input(), gen), e.target()));
    }

    /**
     * A view of {@code dataset} with a random per-sample function applied, drawing from the
     * loader's per-sample generator; see {@link MapWithSeed}.
     */
    public static <A, B> SeededDataset<B> mapWithSeed(Dataset<A> dataset, SeededFunction<? super A, ? extends B> fn) {
        return new MapWithSeed<>(dataset, fn);
    }
}
