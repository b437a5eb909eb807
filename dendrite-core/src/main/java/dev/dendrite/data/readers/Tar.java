package dev.dendrite.data.readers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A small reader of tar archives (POSIX ustar, plus GNU long names and pax path records), enough
 * to unpack the CIFAR archives: regular files and directories are written under a target folder;
 * links and devices are skipped. Entries whose path would leave the target folder are refused.
 */
public final class Tar {
    private static final int BLOCK = 512;

    private Tar() {}

    /** Extracts {@code archive} (gzipped when its first bytes are the gzip magic) into {@code dest}; returns the files written. */
    public static List<Path> extract(Path archive, Path dest) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            raw.mark(2);
            boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return extract(in, dest, archive.toString());
            }
        }
    }

    /** Extracts an uncompressed tar stream into {@code dest}; {@code what} names it in errors. */
    public static List<Path> extract(InputStream in, Path dest, String what) throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Path> written = new ArrayList<>();
        String longName = null;
        byte[] header = new byte[BLOCK];
        while (true) {
            int got = in.readNBytes(header, 0, BLOCK);
            if (got == 0) break; // some writers omit the two zero blocks at the end
            if (got < BLOCK) throw new IOException("tar: " + what + " is truncated inside an entry header");
            if (allZero(header)) break;
            checkChecksum(header, what);
            String name = longName != null ? longName : headerName(header);
            longName = null;
            long size = parseOctal(header, 124, 12, what);
            char type = (char) header[156];
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            switch (type) {
                case 'L', 'x' -> {
                    // GNU long name, or a pax extended header whose "path" record names the next entry
                    byte[] body = readFully(in, size, what);
                    skip(in, padded - size, what);
                    longName = type == 'L' ? cString(body, 0, body.length) : paxPath(body);
                }
                case '0', '\0', '5' -> {
                    Path out = root.resolve(name).normalize();
                    if (!out.startsWith(root)) throw new IOException("tar: " + what + " entry '" + name + "' would be written outside " + root);
                    if (type == '5' || name.endsWith("/")) {
                        Files.createDirectories(out);
                        skip(in, padded, what);
                    } else {
                        Files.createDirectories(out.getParent());
                        try (OutputStream os = Files.newOutputStream(out)) {
                            copy(in, os, size, what);
                        }
                        skip(in, padded - size, what);
                        written.add(out);
                    }
                }
                default -> skip(in, padded, what); // links, devices, global pax headers: not needed here
            }
        }
        return written;
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(byte[] body) {
        // records are "<len> key=value\n"
        String s = new String(body, StandardCharsets.UTF_8);
        int i = 0;
        while (i < s.length()) {
            int sp = s.indexOf(' ', i);
            if (sp < 0) break;
            int len = Integer.parseInt(s.substring(i, sp));
            String rec = s.substring(sp + 1, i + len - 1);
            if (rec.startsWith("path=")) return rec.substring(5);
            i += len;
        }
        return null;
    }

    private static void checkChecksum(byte[] h, String what) throws IOException {
        long stored = parseOctal(h, 148, 8, what);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
        if (sum != stored) throw new IOException("tar: " + what + " has a corrupt header (checksum " + stored + ", computed " + sum + ")");
    }

    private static long parseOctal(byte[] h, int off, int len, String what) throws IOException {
        long v = 0;
        int i = off, end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) i++;
        for (; i < end && h[i] >= '0' && h[i] <= '7'; i++) v = v * 8 + (h[i] - '0');
        for (; i < end; i++) {
            if (h[i] != ' ' && h[i] != 0) throw new IOException("tar: " + what + " has a bad octal number in a header");
        }
        return v;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static byte[] readFully(InputStream in, long n, String what) throws IOException {
        byte[] b = in.readNBytes(Math.toIntExact(n));
        if (b.length < n) throw new IOException("tar: " + what + " is truncated");
        return b;
    }

    private static void copy(InputStream in, OutputStream out, long n, String what) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) throw new IOException("tar: " + what + " is truncated inside a file's data");
            out.write(buf, 0, r);
            n -= r;
        }
    }

    private static void skip(InputStream in, long n, String what) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) throw new IOException("tar: " + what + " is truncated");
                s = 1;
            }
            n -= s;
        }
    }
}
