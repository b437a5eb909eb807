package dev.dendrite.data.readers;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST: 60,000 training and 10,000 test handwritten digits, 28x28 greyscale, labels 0-9. Reads
 * the four gzipped IDX files from {@code <data dir>/mnist} (or from the data dir itself), and
 * downloads missing ones from the mirrors torchvision uses, checking the published MD5s.
 * Images come as float32 [1, 28, 28] in [0, 1] ({@link ImageSet#raw(boolean)} for uint8 values
 * as int32), labels as int64.
 */
public final class Mnist {
    public static final String NAME = "mnist";
    public static final List<URI> MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("http://yann.lecun.com/exdb/mnist/"));

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz", TRAIN_LABELS = "train-labels-idx1-ubyte.gz",
            TEST_IMAGES = "t10k-images-idx3-ubyte.gz", TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private Mnist() {}

    public static ImageSet train(Path dataDir) { return load(dataDir, true, MIRRORS); }

    public static ImageSet test(Path dataDir) { return load(dataDir, false, MIRRORS); }

    /**
     * The split from {@code dataDir} (null: {@code DENDRITE_DATA}, else ../shared/data if it has
     * MNIST, else the cache {@code ~/.cache/dendrite/datasets}), downloading missing files from
     * {@code mirrors} (empty: never).
     */
    public static ImageSet load(Path dataDir, boolean train, List<URI> mirrors) {
        Path dir = DataDir.datasetDir(DataDir.rootFor(dataDir, NAME, TRAIN_LABELS), NAME, TRAIN_LABELS);
        return IdxImages.load("Mnist", dir, files(train)[0].withMirrors(mirrors), files(train)[1].withMirrors(mirrors));
    }

    /** The images and labels files of a split, with their MD5s. */
    public static RemoteFile[] files(boolean train) {
        return train
                ? new RemoteFile[]{file(TRAIN_IMAGES, "f68b3c2dcbeaaa9fbdd348bbdeb94873"), file(TRAIN_LABELS, "d53e105ee54ea40749a09fcbcd1e9432")}
                : new RemoteFile[]{file(TEST_IMAGES, "9fb629c4189551a2d022fa330f9573f3"), file(TEST_LABELS, "ec29112dd5afa0611ce80d1b7f02629c")};
    }

    private static RemoteFile file(String name, String md5) {
        return new RemoteFile(name, List.of(), Download.Checksum.md5(md5)).withMirrors(MIRRORS);
    }
}
