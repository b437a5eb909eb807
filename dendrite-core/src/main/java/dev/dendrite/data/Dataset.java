package dev.dendrite.data;

/**
 * A map-style data set: {@code size()} examples reachable by index, as torch.utils.data.Dataset.
 * Implementations must be safe to read from several threads at once (DataLoader workers do), and
 * {@code get} should be cheap to call in any order.
 *
 * @param <E> the example type, usually {@link Example}
 */
public interface Dataset<E> {
    int size();

    /** The example at {@code index} in {@code [0, size())}. */
    E get(int index);
}
