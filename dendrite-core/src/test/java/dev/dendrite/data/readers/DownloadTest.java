package dev.dendrite.data.readers;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Download, checksum, atomic rename and tar extraction against a local HTTP server. */
class DownloadTest {
    @TempDir Path dir;
    HttpServer server;
    final Map<String, byte[]> files = new HashMap<>();
    final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] body = files.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    static String hex(String algo, byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(b));
    }

    @Test
    void verifiedDownloadIsRenamedIntoPlace() throws Exception {
        byte[] data = TestFiles.bytes(200_000, 1);
        files.put("/a/data.bin", data);
        Path target = dir.resolve("sub").resolve("data.bin");
        Download.fetch(base("/a/data.bin"), target, Download.Checksum.sha256(hex("SHA-256", data)));
        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals(hex("MD5", data), Download.digest(target, "MD5"));
        try (var s = Files.list(target.getParent())) {
            assertEquals(List.of(target), s.toList(), "only the final file remains");
        }
    }

    @Test
    void corruptedDownloadIsRejectedAndLeavesNothing() throws Exception {
        byte[] good = TestFiles.bytes(5000, 2);
        byte[] bad = good.clone();
        bad[1234] ^= 1;
        files.put("/bad.bin", bad);
        Path target = dir.resolve("bad.bin");
        var e = assertThrows(Download.DownloadException.class,
                () -> Download.fetch(base("/bad.bin"), target, Download.Checksum.md5(hex("MD5", good))));
        assertEquals("MD5 checksum mismatch: expected " + hex("MD5", good) + ", got " + hex("MD5", bad), e.reason);
        assertFalse(Files.exists(target));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "the temporary file is removed");
        }
        var notFound = assertThrows(Download.DownloadException.class, () -> Download.fetch(base("/missing"), target, null));
        assertEquals("HTTP status 404", notFound.reason);
        assertTrue(notFound.getMessage().startsWith("download from " + base("/missing") + " failed (HTTP status 404)"));
    }

    @Test
    void mirrorsAreTriedInOrder() throws Exception {
        byte[] data = TestFiles.bytes(1000, 3);
        files.put("/second/f.gz", data);
        RemoteFile f = new RemoteFile("f.gz", List.of(), Download.Checksum.md5(hex("MD5", data)))
                .withMirrors(List.of(base("/first/"), base("/second/")));
        Path got = f.require("Test", dir);
        assertArrayEquals(data, Files.readAllBytes(got));
        int before = requests.get();
        assertEquals(got, f.require("Test", dir), "an existing file is not downloaded again");
        assertEquals(before, requests.get());

        RemoteFile missing = new RemoteFile("g.gz", List.of(), null).withMirrors(List.of(base("/first/")));
        var e = assertThrows(MissingDataException.class, () -> missing.require("Test", dir));
        assertEquals("Test: g.gz not found in " + dir.toAbsolutePath() + " and the download from " + base("/first/g.gz")
                + " failed (HTTP status 404); download it yourself and place it there, or set DENDRITE_DATA", e.getMessage());
    }

    @Test
    void tarExtractionHandlesDirectoriesLongNamesAndRefusesEscapes() throws Exception {
        String longName = "top/" + "x".repeat(120) + ".txt";
        byte[] tar = TestFiles.tar("top/", null, "top/a.txt", "hello".getBytes(), longName, TestFiles.bytes(700, 4),
                "top/empty.bin", new byte[0]);
        Path archive = TestFiles.write(dir.resolve("t.tar.gz"), TestFiles.gzip(tar));
        Path out = dir.resolve("out");
        List<Path> written = Tar.extract(archive, out);
        assertEquals(3, written.size());
        assertEquals("hello", Files.readString(out.resolve("top/a.txt")));
        assertArrayEquals(TestFiles.bytes(700, 4), Files.readAllBytes(out.resolve(longName)));
        assertEquals(0, Files.size(out.resolve("top/empty.bin")));
        // the same archive uncompressed
        Path plain = TestFiles.write(dir.resolve("t.tar"), tar);
        assertEquals(3, Tar.extract(plain, dir.resolve("out2")).size());

        Path evil = TestFiles.write(dir.resolve("evil.tar"), TestFiles.tar("../escape.txt", "x".getBytes()));
        var e = assertThrows(IOException.class, () -> Tar.extract(evil, dir.resolve("out3")));
        assertTrue(e.getMessage().contains("would be written outside"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("escape.txt")));

        byte[] corrupt = tar.clone();
        corrupt[0] ^= 1;
        Path bad = TestFiles.write(dir.resolve("corrupt.tar"), corrupt);
        var c = assertThrows(IOException.class, () -> Tar.extract(bad, dir.resolve("out4")));
        assertTrue(c.getMessage().contains("corrupt header"), c.getMessage());
    }

    @Test
    void cifarArchiveIsDownloadedVerifiedAndUnpacked() throws Exception {
        byte[] batch = CifarTest.cifar10Records(new int[]{3, 7}, 5);
        byte[] tgz = TestFiles.gzip(TestFiles.tar("cifar-10-batches-bin/", null,
                "cifar-10-batches-bin/test_batch.bin", batch,
                "cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes()));
        files.put("/kriz/cifar-10-binary.tar.gz", tgz);
        RemoteFile archive = new RemoteFile("cifar-10-binary.tar.gz", List.of(), Download.Checksum.md5(hex("MD5", tgz)))
                .withMirrors(List.of(base("/kriz/")));
        ImageSet test = Cifar.cifar10(dir, false, archive);
        assertEquals(2, test.size());
        assertEquals(7, test.label(1));
        assertTrue(Files.exists(dir.resolve("cifar-10-batches-bin/test_batch.bin")));

        // a corrupted archive is refused by its checksum, and the error says where the data goes
        byte[] corrupted = tgz.clone();
        corrupted[corrupted.length / 2] ^= 0x55;
        files.put("/kriz2/cifar-10-binary.tar.gz", corrupted);
        Path other = dir.resolve("other");
        RemoteFile bad = new RemoteFile("cifar-10-binary.tar.gz", List.of(), Download.Checksum.md5(hex("MD5", tgz)))
                .withMirrors(List.of(base("/kriz2/")));
        var e = assertThrows(MissingDataException.class, () -> Cifar.cifar10(other, false, bad));
        assertTrue(e.getMessage().startsWith("Cifar10: cifar-10-batches-bin/ not found in " + other.toAbsolutePath()), e.getMessage());
        assertTrue(e.getMessage().contains("MD5 checksum mismatch"), e.getMessage());
        assertFalse(Files.exists(other.resolve("cifar-10-binary.tar.gz")));
    }
}
