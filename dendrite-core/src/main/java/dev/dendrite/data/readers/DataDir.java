package dev.dendrite.data.readers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the readers look for data sets. {@link #resolve(Path)} picks, in order: the directory
 * passed in; the {@code DENDRITE_DATA} environment variable; {@code ../shared/data} beside the
 * checkout (found by walking up from the working directory to the folder holding
 * {@code dendrite-core}); and finally the cache {@code ~/.cache/dendrite/datasets}.
 * Each data set lives in a subfolder named after it ({@code mnist}, {@code fashion-mnist},
 * {@code cifar-10-batches-bin}, ...), which is also where a download is written.
 */
public final class DataDir {
    public static final String ENV = "DENDRITE_DATA";

    private DataDir() {}

    /**
     * The data root: {@code dir} when not null, else {@code DENDRITE_DATA}, else the shared folder,
     * else the cache. (A reader given null looks for its own set in the shared folder and falls back
     * to the cache when the set is not there.)
     */
    public static Path resolve(Path dir) {
        if (dir != null) return dir;
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return Path.of(env);
        Path shared = sharedData();
        if (shared != null) return shared;
        return cache();
    }

    /** {@code ~/.cache/dendrite/datasets}: the default download cache. */
    public static Path cache() {
        return Path.of(System.getProperty("user.home"), ".cache", "dendrite", "datasets");
    }

    /**
     * {@code <repo root>/../shared/data} when it exists, where the repo root is the nearest
     * ancestor of the working directory that contains {@code dendrite-core}; null otherwise.
     */
    public static Path sharedData() {
        Path p = Path.of("").toAbsolutePath();
        for (; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("dendrite-core"))) {
                Path parent = p.getParent();
                if (parent == null) return null;
                Path shared = parent.resolve("shared").resolve("data");
                return Files.isDirectory(shared) ? shared : null;
            }
        }
        return null;
    }

    /**
     * The root holding data set {@code name} (a subfolder, or a folder whose own files include
     * {@code marker}): {@code dir} or {@code DENDRITE_DATA} when given (the set goes there even if
     * absent, so a download lands where the user asked); otherwise the shared folder if the set is
     * there, else the cache, where a download goes (the shared folder is read-only).
     */
    static Path rootFor(Path dir, String name, String marker) {
        if (dir != null) return dir;
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return Path.of(env);
        Path shared = sharedData();
        if (shared != null && (Files.isDirectory(shared.resolve(name)) || (marker != null && Files.exists(shared.resolve(marker))))) return shared;
        return cache();
    }

    /**
     * The folder of one data set: {@code root/name} if it exists, else {@code root} itself when
     * {@code marker} (a file the set must have) is directly in it, else {@code root/name} (where a
     * download will go).
     */
    static Path datasetDir(Path root, String name, String marker) {
        Path sub = root.resolve(name);
        if (Files.isDirectory(sub)) return sub;
        if (marker != null && Files.exists(root.resolve(marker))) return root;
        return sub;
    }
}
