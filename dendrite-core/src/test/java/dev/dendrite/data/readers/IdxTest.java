package dev.dendrite.data.readers;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class IdxTest {
    @TempDir Path dir;

    @Test
    void readsEveryElementTypeGzippedOrNot() throws IOException {
        ByteBuffer s = ByteBuffer.allocate(6);
        s.putShort((short) -2).putShort((short) 300).putShort((short) 7);
        ByteBuffer i = ByteBuffer.allocate(8);
        i.putInt(-70000).putInt(123456789);
        ByteBuffer f = ByteBuffer.allocate(8);
        f.putFloat(1.5f).putFloat(-0.25f);
        ByteBuffer d = ByteBuffer.allocate(16);
        d.putDouble(Math.PI).putDouble(-1e300);
        Object[][] cases = {
                {0x08, new int[]{2, 2}, new byte[]{0, 1, (byte) 200, (byte) 255}, new double[]{0, 1, 200, 255}, Dtype.INT32},
                {0x09, new int[]{3}, new byte[]{-1, 127, -128}, new double[]{-1, 127, -128}, Dtype.INT32},
                {0x0B, new int[]{3}, s.array(), new double[]{-2, 300, 7}, Dtype.INT32},
                {0x0C, new int[]{1, 2}, i.array(), new double[]{-70000, 123456789}, Dtype.INT32},
                {0x0D, new int[]{2}, f.array(), new double[]{1.5, -0.25}, Dtype.FLOAT32},
                {0x0E, new int[]{2, 1}, d.array(), new double[]{Math.PI, -1e300}, Dtype.FLOAT64},
        };
        for (Object[] c : cases) {
            byte[] file = TestFiles.idx((int) c[0], (int[]) c[1], (byte[]) c[2]);
            for (boolean gz : new boolean[]{false, true}) {
                Path p = TestFiles.write(dir.resolve("t" + c[0] + gz + ".idx"), gz ? TestFiles.gzip(file) : file);
                Idx.Array a = Idx.read(p);
                assertArrayEquals((int[]) c[1], a.dims());
                Tensor t = a.toTensor();
                assertEquals(c[4], t.dtype());
                assertArrayEquals((int[]) c[1], t.shape());
                double[] expected = (double[]) c[3];
                assertArrayEquals(expected, t.toDoubleArray(), 0, "type " + c[0] + " gz " + gz);
                for (int k = 0; k < expected.length; k++) assertEquals(expected[k], a.getDouble(k));
            }
        }
    }

    @Test
    void badMagicTruncationAndTrailingBytesAreNamedErrors() throws IOException {
        Path bad = TestFiles.write(dir.resolve("bad.idx"), new byte[]{0, 0, 0x07, 1, 0, 0, 0, 1, 5});
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.read(bad));
        assertTrue(e.getMessage().startsWith("idx: " + bad + " has a bad magic number 0x00000701"), e.getMessage());

        byte[] good = TestFiles.idx(0x08, new int[]{2, 3}, new byte[6]);
        Path trunc = TestFiles.write(dir.resolve("trunc.idx"), Arrays.copyOf(good, good.length - 2));
        e = assertThrows(IllegalArgumentException.class, () -> Idx.read(trunc));
        assertEquals("idx: " + trunc + " is truncated: dims [2, 3] of UBYTE need 6 data bytes after the header, found 4", e.getMessage());

        byte[] gz = TestFiles.gzip(good);
        Path truncGz = TestFiles.write(dir.resolve("trunc.idx.gz"), Arrays.copyOf(gz, gz.length - 12));
        e = assertThrows(IllegalArgumentException.class, () -> Idx.read(truncGz));
        assertTrue(e.getMessage().startsWith("idx: " + truncGz + " is truncated"), e.getMessage());

        Path header = TestFiles.write(dir.resolve("header.idx"), new byte[]{0, 0, 8, 3, 0, 0, 0, 1});
        e = assertThrows(IllegalArgumentException.class, () -> Idx.read(header));
        assertEquals("idx: " + header + " is truncated in its header: 3 dims need 12 bytes, found 4", e.getMessage());

        byte[] extra = Arrays.copyOf(good, good.length + 1);
        Path trailing = TestFiles.write(dir.resolve("extra.idx"), extra);
        e = assertThrows(IllegalArgumentException.class, () -> Idx.read(trailing));
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
    }

    @Test
    void idxImageSetsCheckCountsAndShapes() throws IOException {
        Path d = dir.resolve("set");
        byte[] pixels = TestFiles.bytes(3 * 4 * 5, 1);
        TestFiles.write(d.resolve("img.gz"), TestFiles.gzip(TestFiles.idx(0x08, new int[]{3, 4, 5}, pixels)));
        TestFiles.write(d.resolve("lbl"), TestFiles.idx(0x08, new int[]{3}, new byte[]{2, 0, 9}));
        TestFiles.write(d.resolve("lbl2"), TestFiles.idx(0x08, new int[]{2}, new byte[]{2, 0}));
        RemoteFile img = new RemoteFile("img.gz", List.of(), null), lbl = new RemoteFile("lbl", List.of(), null);
        ImageSet set = IdxImages.load("Test", d, img, lbl);
        assertEquals(3, set.size());
        Tensor x = set.get(1).input();
        assertArrayEquals(new int[]{1, 4, 5}, x.shape());
        assertEquals((pixels[20 + 7] & 0xFF) / 255.0, x.get(0, 1, 2), 1e-7);
        assertEquals(2, set.get(0).target().itemLong());
        assertEquals(Dtype.INT64, set.get(0).target().dtype());
        Tensor raw = set.raw(true).get(2).input();
        assertEquals(Dtype.INT32, raw.dtype());
        assertEquals(pixels[40 + 19] & 0xFF, raw.getLong(0, 3, 4));
        assertArrayEquals(new long[]{2, 0, 9}, set.labels().toLongArray());

        var e = assertThrows(IllegalArgumentException.class, () -> IdxImages.load("Test", d, img, new RemoteFile("lbl2", List.of(), null)));
        assertEquals("Test: " + d.resolve("img.gz") + " has 3 images but " + d.resolve("lbl2") + " has 2 labels", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IdxImages.load("Test", d, lbl, lbl));
        assertTrue(e.getMessage().contains("should hold ubyte images [N, H, W] or [N, C, H, W], got UBYTE [3]"), e.getMessage());
    }
}
