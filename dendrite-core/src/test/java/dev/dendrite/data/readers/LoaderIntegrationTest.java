package dev.dendrite.data.readers;

import dev.dendrite.data.Batch;
import dev.dendrite.data.Collate;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.MapWithSeed;
import dev.dendrite.data.transforms.Compose;
import dev.dendrite.data.transforms.Mixup;
import dev.dendrite.data.transforms.RandomCrop;
import dev.dendrite.data.transforms.RandomHorizontalFlip;
import dev.dendrite.data.transforms.Transform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Readers and transforms through the DataLoader: random augmentation stays reproducible with workers. */
class LoaderIntegrationTest {
    @TempDir Path dir;

    List<float[]> run(ImageSet set, int workers) {
        Transform aug = new Compose(new RandomCrop(8, 2), new RandomHorizontalFlip());
        List<float[]> out = new ArrayList<>();
        try (DataLoader<Batch> loader = DataLoader.builder(new MapWithSeed<>(set, Transform.onInput(aug)), Collate.stack().andThen(new Mixup(1, 10)))
                .batchSize(4).shuffle(true).seed(7).numWorkers(workers).build()) {
            for (Batch b : loader) {
                assertArrayEquals(new int[]{b.size(), 1, 8, 8}, b.input().shape());
                assertArrayEquals(new int[]{b.size(), 10}, b.target().shape());
                out.add(b.input().toFloatArray());
                out.add(b.target().toFloatArray());
            }
        }
        return out;
    }

    @Test
    void augmentedMnistLikeBatchesAreTheSameWithAndWithoutWorkers() throws IOException {
        byte[] px = TestFiles.bytes(10 * 8 * 8, 9);
        TestFiles.write(dir.resolve("mnist").resolve(Mnist.TEST_IMAGES), TestFiles.idx(0x08, new int[]{10, 8, 8}, px));
        TestFiles.write(dir.resolve("mnist").resolve(Mnist.TEST_LABELS), TestFiles.idx(0x08, new int[]{10}, new byte[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        ImageSet set = Mnist.load(dir, false, List.of());
        List<float[]> a = run(set, 0), b = run(set, 2);
        assertEquals(6, a.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
        // ImageSet's own transform path matches the MapWithSeed path for the same generator
        Transform crop = new RandomCrop(8, 2);
        var viaSet = set.withTransform(crop).get(3, new dev.dendrite.tensor.Generator(5)).input().toFloatArray();
        var direct = crop.apply(set.get(3).input(), new dev.dendrite.tensor.Generator(5)).toFloatArray();
        assertArrayEquals(direct, viaSet);
    }
}
