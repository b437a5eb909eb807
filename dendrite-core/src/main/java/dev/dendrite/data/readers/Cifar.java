package dev.dendrite.data.readers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 and CIFAR-100 in their binary distribution: 32x32 RGB images, stored per record as the
 * label byte(s) followed by 3072 pixel bytes (1024 red, 1024 green, 1024 blue, each row-major),
 * which is already the [3, 32, 32] layout.
 * <ul>
 * <li>CIFAR-10: {@code cifar-10-batches-bin/data_batch_1.bin .. data_batch_5.bin} (10,000
 * records each) and {@code test_batch.bin}; one label byte (0-9).
 * <li>CIFAR-100: {@code cifar-100-binary/train.bin} (50,000) and {@code test.bin} (10,000); a
 * coarse (0-19) then a fine (0-99) label byte.
 * </ul>
 * When the folder is missing the archive is downloaded into the data dir (MD5 checked) and
 * unpacked there.
 */
public final class Cifar {
    public static final List<URI> MIRRORS = List.of(URI.create("https://www.cs.toronto.edu/~kriz/"));
    public static final List<String> CIFAR10_CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    static final int PIXELS = 3 * 32 * 32;
    static final RemoteFile CIFAR10_ARCHIVE = new RemoteFile("cifar-10-binary.tar.gz", List.of(),
            Download.Checksum.md5("c32a1d4ab5d03f1284b67883e8d87530")).withMirrors(MIRRORS);
    static final RemoteFile CIFAR100_ARCHIVE = new RemoteFile("cifar-100-binary.tar.gz", List.of(),
            Download.Checksum.md5("03b5dce01913d631647c71ecec9e9cb8")).withMirrors(MIRRORS);

    private Cifar() {}

    public static ImageSet cifar10Train(Path dataDir) { return cifar10(dataDir, true, MIRRORS); }

    public static ImageSet cifar10Test(Path dataDir) { return cifar10(dataDir, false, MIRRORS); }

    /** CIFAR-10's training (50,000) or test (10,000) split; {@code mirrors} empty: never download. */
    public static ImageSet cifar10(Path dataDir, boolean train, List<URI> mirrors) {
        return cifar10(dataDir, train, CIFAR10_ARCHIVE.withMirrors(mirrors));
    }

    /** CIFAR-10 downloading {@code archive} (its URLs and checksum) when the folder is missing. */
    static ImageSet cifar10(Path dataDir, boolean train, RemoteFile archive) {
        Path dir = folder("Cifar10", DataDir.rootFor(dataDir, "cifar-10-batches-bin", "test_batch.bin"), "cifar-10-batches-bin", "test_batch.bin", archive);
        List<Path> files = new ArrayList<>();
        if (train) for (int i = 1; i <= 5; i++) files.add(dir.resolve("data_batch_" + i + ".bin"));
        else files.add(dir.resolve("test_batch.bin"));
        return read("Cifar10", files, 1, 0);
    }

    public static ImageSet cifar100Train(Path dataDir) { return cifar100(dataDir, true, false, MIRRORS); }

    public static ImageSet cifar100Test(Path dataDir) { return cifar100(dataDir, false, false, MIRRORS); }

    /** CIFAR-100 with its fine (100 classes) or, if {@code coarse}, its coarse (20 superclasses) labels. */
    public static ImageSet cifar100(Path dataDir, boolean train, boolean coarse, List<URI> mirrors) {
        return cifar100(dataDir, train, coarse, CIFAR100_ARCHIVE.withMirrors(mirrors));
    }

    static ImageSet cifar100(Path dataDir, boolean train, boolean coarse, RemoteFile archive) {
        Path dir = folder("Cifar100", DataDir.rootFor(dataDir, "cifar-100-binary", "test.bin"), "cifar-100-binary", "test.bin", archive);
        return read("Cifar100", List.of(dir.resolve(train ? "train.bin" : "test.bin")), 2, coarse ? 0 : 1);
    }

    /** The data set folder: {@code root/sub}, or {@code root} if it holds {@code marker}, else unpacked from the archive. */
    private static Path folder(String setName, Path root, String sub, String marker, RemoteFile archive) {
        if (Files.isDirectory(root.resolve(sub))) return root.resolve(sub);
        if (Files.exists(root.resolve(marker))) return root;
        Path tgz;
        try {
            tgz = archive.require(setName, root);
        } catch (MissingDataException e) {
            throw new MissingDataException(setName + ": " + sub + "/ not found in " + root.toAbsolutePath() + ", and "
                    + e.getMessage().substring(setName.length() + 2) + " (unpacking it there gives " + sub + "/)", e.getCause());
        }
        try {
            Tar.extract(tgz, root);
        } catch (IOException e) {
            throw new UncheckedIOException(setName + ": cannot unpack " + tgz + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(root.resolve(sub))) {
            throw new IllegalStateException(setName + ": unpacking " + tgz + " did not produce " + root.resolve(sub));
        }
        return root.resolve(sub);
    }

    /** Reads records of {@code labelBytes} label bytes + 3072 pixels, keeping label byte {@code labelIndex}. */
    static ImageSet read(String setName, List<Path> files, int labelBytes, int labelIndex) {
        int record = labelBytes + PIXELS;
        List<byte[]> contents = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            if (!Files.exists(f)) throw new MissingDataException(setName + ": " + f.getFileName() + " not found in " + f.toAbsolutePath().getParent()
                    + "; download it yourself and place it there, or set " + DataDir.ENV, null);
            byte[] b;
            try {
                b = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new UncheckedIOException(setName + ": cannot read " + f + ": " + e.getMessage(), e);
            }
            if (b.length == 0 || b.length % record != 0) {
                throw new IllegalArgumentException(setName + ": " + f + " has " + b.length + " bytes, not a positive multiple of the "
                        + record + "-byte record (" + labelBytes + " label byte" + (labelBytes > 1 ? "s" : "") + " + 3072 pixels); truncated or not a "
                        + setName + " binary file?");
            }
            contents.add(b);
            total += b.length / record;
        }
        int n = Math.toIntExact(total);
        byte[] pixels = new byte[Math.multiplyExact(n, PIXELS)];
        long[] labels = new long[n];
        int k = 0;
        for (int fi = 0; fi < contents.size(); fi++) {
            byte[] b = contents.get(fi);
            for (int off = 0; off < b.length; off += record, k++) {
                labels[k] = b[off + labelIndex] & 0xFF;
                int max = labelBytes == 1 ? 9 : labelIndex == 0 ? 19 : 99;
                if (labels[k] > max) {
                    throw new IllegalArgumentException(setName + ": " + files.get(fi) + " record " + (off / record) + " has label "
                            + labels[k] + ", outside 0.." + max);
                }
                System.arraycopy(b, off + labelBytes, pixels, k * PIXELS, PIXELS);
            }
        }
        return new ImageSet(pixels, labels, 3, 32, 32, false, null);
    }
}
