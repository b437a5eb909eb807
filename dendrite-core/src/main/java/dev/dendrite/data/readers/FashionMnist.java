package dev.dendrite.data.readers;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST: 60,000 training and 10,000 test 28x28 greyscale images of clothing in 10
 * classes ({@link #CLASSES}), in MNIST's IDX layout. Reads {@code <data dir>/fashion-mnist} (or
 * the data dir itself) and downloads missing files from the data set's own mirror, checking the
 * MD5s published in its README.
 */
public final class FashionMnist {
    public static final String NAME = "fashion-mnist";
    public static final List<URI> MIRRORS = List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"));
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    public static ImageSet train(Path dataDir) { return load(dataDir, true, MIRRORS); }

    public static ImageSet test(Path dataDir) { return load(dataDir, false, MIRRORS); }

    public static ImageSet load(Path dataDir, boolean train, List<URI> mirrors) {
        Path dir = DataDir.datasetDir(DataDir.rootFor(dataDir, NAME, Mnist.TRAIN_LABELS), NAME, Mnist.TRAIN_LABELS);
        RemoteFile[] f = files(train);
        return IdxImages.load("FashionMnist", dir, f[0].withMirrors(mirrors), f[1].withMirrors(mirrors));
    }

    public static RemoteFile[] files(boolean train) {
        return train
                ? new RemoteFile[]{file(Mnist.TRAIN_IMAGES, "8d4fb7e6c68d591d4c3dfef9ec88bf0d"), file(Mnist.TRAIN_LABELS, "25c81989df183df01b3e8a0aad5dffbe")}
                : new RemoteFile[]{file(Mnist.TEST_IMAGES, "bef4ecab320f06d8554ea6380940ec79"), file(Mnist.TEST_LABELS, "bb300cfdad3c16e7a12a480ee83cd310")};
    }

    private static RemoteFile file(String name, String md5) {
        return new RemoteFile(name, List.of(), Download.Checksum.md5(md5)).withMirrors(MIRRORS);
    }
}
