package dev.dendrite.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * A stream of examples rather than an indexed collection, as torch.utils.data.IterableDataset:
 * for data read sequentially (a large file, a generator of synthetic samples). A
 * {@link DataLoader} over it batches consecutive elements; shuffling and samplers do not apply.
 *
 * <p>With {@code numWorkers > 0} every worker calls {@link #iterator(WorkerInfo)} and must get only
 * the elements it owns (see {@link WorkerInfo}: batch-sized runs dealt round-robin). The default
 * implementation walks the full {@link #iterator()} and skips the others' elements, which is
 * correct for any stream; a source that can seek cheaply overrides it to skip without reading.
 * Random elements should draw from {@code worker.generator(position)} so they are the same
 * whichever worker produces them.
 *
 * @param <E> the element type
 */
public interface IterableDataset<E> {
    /** The whole stream, from the start; each call starts over. */
    Iterator<E> iterator();

    /** The part of the stream that {@code worker} produces. */
    default Iterator<E> iterator(WorkerInfo worker) {
        if (worker.numWorkers() == 1) return iterator();
        Iterator<E> all = iterator();
        return new Iterator<>() {
            private long position = 0;
            private E next;
            private boolean ready;

            @Override
            public boolean hasNext() {
                while (!ready && all.hasNext()) {
                    E e = all.next();
                    if (worker.owns(position++)) {
                        next = e;
                        ready = true;
                    }
                }
                return ready;
            }

            @Override
            public E next() {
                if (!hasNext()) throw new NoSuchElementException();
                ready = false;
                E e = next;
                next = null;
                return e;
            }
        };
    }

    /** The number of elements, when known; the loader's {@code size()} needs it. */
    default OptionalInt knownSize() { return OptionalInt.empty(); }

    /** A dataset over the stream that {@code source} starts afresh on each call. */
    static <E> IterableDataset<E> of(Supplier<? extends Iterator<E>> source) {
        return source::get;
    }

    /** A dataset over an {@link Iterable} of known size. */
    static <E> IterableDataset<E> of(Iterable<E> source, int size) {
        return new IterableDataset<>() {
            @Override public Iterator<E> iterator() { return source.iterator(); }
            @Override public OptionalInt knownSize() { return OptionalInt.of(size); }
        };
    }
}
