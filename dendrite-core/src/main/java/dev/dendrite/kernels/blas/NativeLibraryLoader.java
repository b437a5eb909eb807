package dev.dendrite.kernels.blas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Copies native libraries that travel inside a jar (as class-path resources) into a directory on
 * disk, so that the dynamic linker can open them.
 *
 * <p>All files of a bundle go into one directory because the main library finds its companions
 * through {@code RUNPATH $ORIGIN}. The directory lives in the user's cache
 * ({@code $XDG_CACHE_HOME} or {@code ~/.cache}, then {@code dendrite/native/<name>}) and is reused
 * by later runs when every file is there with the size the jar says; when the cache is not
 * writable, a per-user folder under {@code java.io.tmpdir} is used instead. Extraction goes to a
 * fresh temporary sibling that is renamed into place, so a concurrent or interrupted run never
 * leaves a half-written library where another process would load it.
 */
final class NativeLibraryLoader {
    private NativeLibraryLoader() {}

    /**
     * Extracts {@code files} (names relative to {@code resourceDir}, which ends in '/') into a
     * directory called {@code bundleName} and returns that directory.
     *
     * @throws IOException when a resource is missing or no candidate directory can be written
     */
    static Path extract(ClassLoader loader, String resourceDir, List<String> files, String bundleName)
            throws IOException {
        return extract(loader, resourceDir, files, bundleName, candidateBases());
    }

    /** As above, trying the given parent directories in order (the first that works wins). */
    static Path extract(ClassLoader loader, String resourceDir, List<String> files, String bundleName,
                        List<Path> bases) throws IOException {
        Map<String, URL> urls = new LinkedHashMap<>();
        for (String file : files) {
            URL url = loader.getResource(resourceDir + file);
            if (url == null) throw new IOException("resource " + resourceDir + file + " is not on the class path");
            urls.put(file, url);
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (var e : urls.entrySet()) sizes.put(e.getKey(), contentLength(e.getValue()));

        List<IOException> failures = new ArrayList<>();
        for (Path base : bases) {
            try {
                return extractInto(base.resolve(bundleName), urls, sizes);
            } catch (IOException | UncheckedIOException | SecurityException e) {
                failures.add(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
            }
        }
        if (failures.isEmpty()) throw new IOException("cannot extract " + bundleName + ": no directory to extract into");
        IOException error = new IOException("cannot extract " + bundleName + " into any of " + bases
                + ": " + failures.getFirst().getMessage());
        failures.forEach(error::addSuppressed);
        throw error;
    }

    private static List<Path> candidateBases() {
        List<Path> bases = new ArrayList<>();
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getProperty("user.home");
        if (xdg != null && !xdg.isBlank()) bases.add(Path.of(xdg, "dendrite", "native"));
        else if (home != null && !home.isBlank()) bases.add(Path.of(home, ".cache", "dendrite", "native"));
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        bases.add(Path.of(System.getProperty("java.io.tmpdir"), "dendrite-native-" + user));
        return bases;
    }

    private static Path extractInto(Path target, Map<String, URL> urls, Map<String, Long> sizes) throws IOException {
        if (isComplete(target, sizes)) return target;
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".part-");
        try {
            for (var e : urls.entrySet()) {
                try (InputStream in = e.getValue().openStream()) {
                    Files.copy(in, staging.resolve(e.getKey()));
                }
            }
            if (!isComplete(staging, sizes)) throw new IOException("extracted files in " + staging + " have unexpected sizes");
            publish(staging, target, sizes);
            return target;
        } finally {
            deleteRecursively(staging); // no-op once the rename succeeded
        }
    }

    /** Renames the staging directory to the target, replacing a stale (incomplete) target. */
    private static void publish(Path staging, Path target, Map<String, Long> sizes) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException firstFailure) { // the target exists: finished by another process, or stale
            if (isComplete(target, sizes)) return;
            deleteRecursively(target); // left over from an older or broken extraction
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (isComplete(target, sizes)) return; // another process replaced it at the same time
                e.addSuppressed(firstFailure);
                throw e;
            }
        }
    }

    private static boolean isComplete(Path dir, Map<String, Long> sizes) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        for (var e : sizes.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file)) return false;
            long actual = Files.size(file);
            long expected = e.getValue();
            if (expected >= 0 ? actual != expected : actual == 0) return false;
        }
        return true;
    }

    /** The size of a resource, or -1 when its container does not say. */
    private static long contentLength(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false); // do not keep the jar file open through the shared cache
        long length = connection.getContentLengthLong();
        connection.getInputStream().close();
        return length;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
