package dev.dendrite.data.readers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writers of small files in the official formats, for the reader tests. */
final class TestFiles {
    private TestFiles() {}

    /** An IDX file: magic 0x0000TTNN, big-endian dims, then the payload bytes. */
    static byte[] idx(int typeCode, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        b.put(payload);
        return b.array();
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (OutputStream gz = new GZIPOutputStream(bos)) {
                gz.write(data);
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Path write(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, data);
    }

    /** A ustar tar of (name, content) pairs; content null makes a directory entry. Names over 100 chars use a GNU 'L' record. */
    static byte[] tar(Object... nameContent) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < nameContent.length; i += 2) {
            String name = (String) nameContent[i];
            byte[] content = (byte[]) nameContent[i + 1];
            if (name.getBytes(StandardCharsets.UTF_8).length > 100) {
                byte[] nb = (name + "\0").getBytes(StandardCharsets.UTF_8);
                out.write(header("././@LongLink", nb.length, 'L'));
                out.write(nb);
                out.write(new byte[(512 - nb.length % 512) % 512]);
                name = name.substring(0, 100);
            }
            int size = content == null ? 0 : content.length;
            out.write(header(name, size, content == null ? '5' : '0'));
            if (content != null) {
                out.write(content);
                out.write(new byte[(512 - size % 512) % 512]);
            }
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    private static byte[] header(String name, long size, char type) {
        byte[] h = new byte[512];
        byte[] nb = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(nb, 0, h, 0, Math.min(100, nb.length));
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        h[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xFF;
        octal(h, 148, 7, sum);
        return h;
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = String.format("%0" + (len - 1) + "o", v);
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
        h[off + len - 1] = 0;
    }

    /** Deterministic pseudo-random bytes. */
    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
