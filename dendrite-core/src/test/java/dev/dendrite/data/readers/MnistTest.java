package dev.dendrite.data.readers;

import dev.dendrite.data.Example;
import dev.dendrite.storage.Dtype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** MNIST from ../shared/data (or DENDRITE_DATA); skipped when the files are absent. */
class MnistTest {
    @TempDir Path tmp;

    static Path sharedRoot() {
        String env = System.getenv(DataDir.ENV);
        Path root = env != null && !env.isBlank() ? Path.of(env) : DataDir.sharedData();
        assumeTrue(root != null && Files.exists(root.resolve("mnist").resolve(Mnist.TRAIN_IMAGES)), "MNIST not available");
        return root;
    }

    @Test
    void trainSplitMatchesTheOfficialFile() throws Exception {
        ImageSet train = Mnist.train(sharedRoot());
        assertEquals(60000, train.size());
        long[] first = new long[10];
        for (int i = 0; i < 10; i++) first[i] = train.label(i);
        assertArrayEquals(new long[]{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, first);
        int[] perClass = new int[10];
        for (int i = 0; i < train.size(); i++) perClass[(int) train.label(i)]++;
        assertArrayEquals(new int[]{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, perClass);

        Example e = train.get(0);
        assertArrayEquals(new int[]{1, 28, 28}, e.input().shape());
        assertEquals(Dtype.FLOAT32, e.input().dtype());
        assertEquals(Dtype.INT64, e.target().dtype());
        assertEquals(5, e.target().itemLong());
        float min = 1, max = 0;
        for (float v : e.input().toFloatArray()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0, min);
        assertEquals(1, max); // the first digit has saturated strokes

        // the uncompressed file (header + every decoded raw pixel) has the published MD5
        MessageDigest md = MessageDigest.getInstance("MD5");
        md.update(ByteBuffer.allocate(16).putInt(0x803).putInt(60000).putInt(28).putInt(28).array());
        ImageSet raw = train.raw(true);
        byte[] buf = new byte[784];
        for (int i = 0; i < raw.size(); i++) {
            int[] px = raw.get(i).input().toIntArray();
            for (int k = 0; k < 784; k++) buf[k] = (byte) px[k];
            md.update(buf);
        }
        assertEquals("6bbc9ace898e44ae57da46a324031adb", HexFormat.of().formatHex(md.digest()));
    }

    @Test
    void testSplitAndWholeSplitTensors() {
        ImageSet test = Mnist.test(sharedRoot());
        assertEquals(10000, test.size());
        assertArrayEquals(new long[]{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, java.util.Arrays.copyOf(test.labels().toLongArray(), 10));
        var images = test.images();
        assertArrayEquals(new int[]{10000, 1, 28, 28}, images.shape());
        assertEquals(test.get(9999).input().get(0, 14, 14), images.get(9999, 0, 14, 14));
        double mean = images.mean().item();
        assertEquals(0.1325, mean, 0.001); // MNIST's well-known test-set pixel mean
    }

    @Test
    void fashionMnistLabelsAreBalanced() {
        String env = System.getenv(DataDir.ENV);
        Path root = env != null && !env.isBlank() ? Path.of(env) : DataDir.sharedData();
        assumeTrue(root != null && Files.exists(root.resolve("fashion-mnist").resolve(Mnist.TRAIN_LABELS)), "Fashion-MNIST labels not available");
        Idx.Array labels = Idx.read(root.resolve("fashion-mnist").resolve(Mnist.TRAIN_LABELS));
        assertArrayEquals(new int[]{60000}, labels.dims());
        int[] perClass = new int[10];
        for (int i = 0; i < 60000; i++) perClass[(int) labels.getDouble(i)]++;
        for (int c : perClass) assertEquals(6000, c);
        assertEquals(9, labels.getDouble(0)); // an ankle boot
    }

    @Test
    void fashionMnistReadsFilesInTheOfficialFormat() throws IOException {
        Path d = tmp.resolve("fashion-mnist");
        byte[] px = TestFiles.bytes(4 * 28 * 28, 3);
        TestFiles.write(d.resolve(Mnist.TEST_IMAGES), TestFiles.gzip(TestFiles.idx(0x08, new int[]{4, 28, 28}, px)));
        TestFiles.write(d.resolve(Mnist.TEST_LABELS), TestFiles.gzip(TestFiles.idx(0x08, new int[]{4}, new byte[]{9, 0, 3, 7})));
        ImageSet s = FashionMnist.load(tmp, false, List.of());
        assertEquals(4, s.size());
        assertEquals(3, s.label(2));
        assertEquals((px[784 + 28 * 5 + 6] & 0xFF) / 255.0, s.get(1).input().get(0, 5, 6), 1e-7);
        assertEquals("Bag", FashionMnist.CLASSES.get(8));
        // the labels-only folder cannot give the training images, and says where they go
        var e = assertThrows(MissingDataException.class, () -> FashionMnist.load(tmp, true, List.of()));
        assertEquals("FashionMnist: train-images-idx3-ubyte.gz not found in " + d.toAbsolutePath()
                + "; download it yourself and place it there, or set DENDRITE_DATA", e.getMessage());
    }

    @Test
    void aFailedDownloadSaysWhereToPutTheFile() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connecting is refused at once
        }
        URI mirror = URI.create("http://127.0.0.1:" + port + "/mnist/");
        long t0 = System.nanoTime();
        var e = assertThrows(MissingDataException.class, () -> Mnist.load(tmp, true, List.of(mirror)));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "fails fast");
        String m = e.getMessage();
        String prefix = "Mnist: train-images-idx3-ubyte.gz not found in " + tmp.resolve("mnist").toAbsolutePath()
                + " and the download from http://127.0.0.1:" + port + "/mnist/train-images-idx3-ubyte.gz failed (";
        assertTrue(m.startsWith(prefix), m);
        assertTrue(m.endsWith("); download it yourself and place it there, or set DENDRITE_DATA"), m);
        assertTrue(m.contains("ConnectException"), m);
        try (var files = Files.list(tmp.resolve("mnist"))) {
            assertEquals(0, files.count(), "no partial file is left behind");
        }
    }
}
