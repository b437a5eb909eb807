package dev.dendrite.data.readers;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** CIFAR readers on small files written in the official binary layout. */
class CifarTest {
    @TempDir Path dir;

    /** Records of 1 label byte + 3072 pixel bytes; pixel k of record i is (i * 31 + k * 7 + seed) mod 256. */
    static byte[] cifar10Records(int[] labels, int seed) {
        byte[] b = new byte[labels.length * 3073];
        for (int i = 0; i < labels.length; i++) {
            b[i * 3073] = (byte) labels[i];
            for (int k = 0; k < 3072; k++) b[i * 3073 + 1 + k] = (byte) (i * 31 + k * 7 + seed);
        }
        return b;
    }

    @Test
    void cifar10ConcatenatesTheFiveTrainingBatches() throws IOException {
        Path d = dir.resolve("cifar-10-batches-bin");
        for (int f = 1; f <= 5; f++) TestFiles.write(d.resolve("data_batch_" + f + ".bin"), cifar10Records(new int[]{f, 9 - f}, f));
        TestFiles.write(d.resolve("test_batch.bin"), cifar10Records(new int[]{0, 1, 2}, 100));
        ImageSet train = Cifar.cifar10(dir, true, List.of());
        assertEquals(10, train.size());
        assertArrayEquals(new long[]{1, 8, 2, 7, 3, 6, 4, 5, 5, 4}, train.labels().toLongArray());
        Tensor img = train.get(3).input(); // batch 2, record 1
        assertArrayEquals(new int[]{3, 32, 32}, img.shape());
        // channel-major planes: green (c = 1), row 2, column 5 is pixel byte 1024 + 2 * 32 + 5
        int k = 1024 + 2 * 32 + 5;
        assertEquals(((31 + k * 7 + 2) & 0xFF) / 255.0, img.get(1, 2, 5), 1e-7);
        assertEquals((31 + k * 7 + 2) & 0xFF, train.raw(true).get(3).input().getLong(1, 2, 5));
        ImageSet test = Cifar.cifar10(dir, false, List.of());
        assertEquals(3, test.size());
        assertEquals(2, test.get(2).target().itemLong());
        // the folder itself may be given as the data dir
        assertEquals(3, Cifar.cifar10(d, false, List.of()).size());
    }

    @Test
    void cifar100HasCoarseAndFineLabels() throws IOException {
        byte[] b = new byte[2 * 3074];
        b[0] = 11; b[1] = 87; b[3074] = 19; b[3075] = 0;
        Arrays.fill(b, 2, 3074, (byte) 255);
        TestFiles.write(dir.resolve("cifar-100-binary/test.bin"), b);
        ImageSet fine = Cifar.cifar100(dir, false, false, List.of());
        ImageSet coarse = Cifar.cifar100(dir, false, true, List.of());
        assertArrayEquals(new long[]{87, 0}, fine.labels().toLongArray());
        assertArrayEquals(new long[]{11, 19}, coarse.labels().toLongArray());
        assertEquals(1.0, fine.get(0).input().get(2, 31, 31));
        assertEquals(0.0, fine.get(1).input().get(0, 0, 0));
    }

    @Test
    void malformedFilesAreNamedErrors() throws IOException {
        Path d = dir.resolve("cifar-10-batches-bin");
        Path f = TestFiles.write(d.resolve("test_batch.bin"), Arrays.copyOf(cifar10Records(new int[]{1, 2}, 0), 3073 + 100));
        var e = assertThrows(IllegalArgumentException.class, () -> Cifar.cifar10(dir, false, List.of()));
        assertEquals("Cifar10: " + f + " has 3173 bytes, not a positive multiple of the 3073-byte record (1 label byte + 3072 pixels); truncated or not a Cifar10 binary file?",
                e.getMessage());
        TestFiles.write(d.resolve("test_batch.bin"), cifar10Records(new int[]{12}, 0));
        e = assertThrows(IllegalArgumentException.class, () -> Cifar.cifar10(dir, false, List.of()));
        assertEquals("Cifar10: " + f + " record 0 has label 12, outside 0..9", e.getMessage());
        var m = assertThrows(MissingDataException.class, () -> Cifar.cifar10(dir, true, List.of()));
        assertEquals("Cifar10: data_batch_1.bin not found in " + d.toAbsolutePath() + "; download it yourself and place it there, or set DENDRITE_DATA",
                m.getMessage());
        Path empty = dir.resolve("empty");
        var n = assertThrows(MissingDataException.class, () -> Cifar.cifar100(empty, true, false, List.of()));
        assertEquals("Cifar100: cifar-100-binary/ not found in " + empty.toAbsolutePath() + ", and cifar-100-binary.tar.gz not found in "
                + empty.toAbsolutePath() + "; download it yourself and place it there, or set DENDRITE_DATA (unpacking it there gives cifar-100-binary/)",
                n.getMessage());
    }
}
