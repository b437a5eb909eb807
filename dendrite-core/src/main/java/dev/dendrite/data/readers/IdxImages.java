package dev.dendrite.data.readers;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Image classification sets stored as a pair of IDX files, as MNIST and Fashion-MNIST are: an
 * images file of ubyte [N, H, W] (or [N, C, H, W]) and a labels file of ubyte [N].
 */
public final class IdxImages {
    private IdxImages() {}

    /**
     * Loads {@code images} and {@code labels} from {@code dir} (downloading them if absent and
     * possible). Errors name the file: wrong element type or rank, or a count mismatch.
     */
    public static ImageSet load(String setName, Path dir, RemoteFile images, RemoteFile labels) {
        Path imgPath = images.require(setName, dir);
        Path lblPath = labels.require(setName, dir);
        Idx.Array img = Idx.read(imgPath);
        Idx.Array lbl = Idx.read(lblPath);
        if (img.type() != Idx.Type.UBYTE || (img.dims().length != 3 && img.dims().length != 4)) {
            throw new IllegalArgumentException(setName + ": " + imgPath + " should hold ubyte images [N, H, W] or [N, C, H, W], got "
                    + img.type() + " " + Arrays.toString(img.dims()));
        }
        if (lbl.dims().length != 1 || lbl.type() == Idx.Type.FLOAT || lbl.type() == Idx.Type.DOUBLE) {
            throw new IllegalArgumentException(setName + ": " + lblPath + " should hold integer labels [N], got "
                    + lbl.type() + " " + Arrays.toString(lbl.dims()));
        }
        int n = img.dims()[0];
        if (lbl.dims()[0] != n) {
            throw new IllegalArgumentException(setName + ": " + imgPath + " has " + n + " images but " + lblPath + " has "
                    + lbl.dims()[0] + " labels");
        }
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = (long) lbl.getDouble(i);
        int[] d = img.dims();
        int c = d.length == 4 ? d[1] : 1, h = d[d.length - 2], w = d[d.length - 1];
        return new ImageSet(img.data(), y, c, h, w, false, null);
    }
}
