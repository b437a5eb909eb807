package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Examples stored as rows of two tensors, as torch.utils.data.TensorDataset: example {@code i} is
 * {@code (input[i], target[i])}, views into the two tensors (no copy). Both must have the same
 * first dimension.
 *
 * @param input  [N, ...] inputs
 * @param target [N, ...] targets (e.g. int64 [N] class indices)
 */
public record TensorDataset(Tensor input, Tensor target) implements Dataset<Example> {

    public TensorDataset {
        if (input == null || target == null) throw new IllegalArgumentException("TensorDataset: input and target must not be null");
        if (input.dim() == 0 || target.dim() == 0) {
            throw new IllegalArgumentException("TensorDataset: tensors need a leading example dim, got shapes "
                    + Arrays.toString(input.shape()) + " and " + Arrays.toString(target.shape()));
        }
        if (input.size(0) != target.size(0)) {
            throw new IllegalArgumentException("TensorDataset: size mismatch between tensors: input " + Arrays.toString(input.shape())
                    + " has " + input.size(0) + " examples, target " + Arrays.toString(target.shape()) + " has " + target.size(0));
        }
    }

    @Override
    public int size() { return input.size(0); }

    @Override
    public Example get(int index) {
        Datasets.checkIndex("TensorDataset", index, size());
        return new Example(input.select(0, index), target.select(0, index));
    }
}
