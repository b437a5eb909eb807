package dev.dendrite.kernels.blas;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Extraction of bundled native libraries: complete, reused, repaired, and never half-written. */
class NativeBlasLoaderTest {
    private static final String DIR = "org/example/native/";
    private static final List<String> FILES = List.of("libmain.so.0", "libhelper.so.1");

    @TempDir Path temp;
    private URLClassLoader loader;

    @BeforeEach
    void createResources() throws IOException {
        Path root = temp.resolve("classpath");
        Files.createDirectories(root.resolve(DIR));
        Files.writeString(root.resolve(DIR + "libmain.so.0"), "main library bytes");
        Files.writeString(root.resolve(DIR + "libhelper.so.1"), "helper");
        loader = new URLClassLoader(new URL[]{root.toUri().toURL()}, null);
    }

    @Test
    void extractsEveryFileIntoOneDirectory() throws IOException {
        Path dir = NativeLibraryLoader.extract(loader, DIR, FILES, "bundle-1", List.of(temp.resolve("cache")));
        assertEquals(temp.resolve("cache").resolve("bundle-1"), dir);
        assertEquals("main library bytes", Files.readString(dir.resolve("libmain.so.0")));
        assertEquals("helper", Files.readString(dir.resolve("libhelper.so.1")));
        try (Stream<Path> left = Files.list(temp.resolve("cache"))) {
            assertEquals(List.of(dir), left.toList(), "no staging directory may be left behind");
        }
    }

    @Test
    void reusesACompleteExtraction() throws IOException {
        Path dir = NativeLibraryLoader.extract(loader, DIR, FILES, "bundle-1", List.of(temp.resolve("cache")));
        Files.writeString(dir.resolve("libhelper.so.1"), "HELPER"); // same size: taken as the same file
        NativeLibraryLoader.extract(loader, DIR, FILES, "bundle-1", List.of(temp.resolve("cache")));
        assertEquals("HELPER", Files.readString(dir.resolve("libhelper.so.1")));
    }

    @Test
    void replacesATruncatedOrMissingFile() throws IOException {
        Path dir = NativeLibraryLoader.extract(loader, DIR, FILES, "bundle-1", List.of(temp.resolve("cache")));
        Files.writeString(dir.resolve("libmain.so.0"), "main");
        Files.delete(dir.resolve("libhelper.so.1"));
        NativeLibraryLoader.extract(loader, DIR, FILES, "bundle-1", List.of(temp.resolve("cache")));
        assertEquals("main library bytes", Files.readString(dir.resolve("libmain.so.0")));
        assertEquals("helper", Files.readString(dir.resolve("libhelper.so.1")));
    }

    @Test
    void fallsBackWhenTheCacheIsNotWritable() throws IOException {
        Path blocked = temp.resolve("blocked");
        Files.writeString(blocked, "a file where a directory should be");
        Path dir = NativeLibraryLoader.extract(loader, DIR, FILES, "bundle-1",
                List.of(blocked.resolve("cache"), temp.resolve("fallback")));
        assertEquals(temp.resolve("fallback").resolve("bundle-1"), dir);
    }

    @Test
    void namesAMissingResource() {
        var e = assertThrows(IOException.class, () ->
                NativeLibraryLoader.extract(loader, DIR, List.of("libmain.so.0", "libabsent.so"), "bundle-2",
                        List.of(temp.resolve("cache"))));
        assertTrue(e.getMessage().contains(DIR + "libabsent.so"), e.getMessage());
    }
}
