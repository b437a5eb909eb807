package dev.dendrite.kernels.blas;

import dev.dendrite.kernels.Parallel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * OpenBLAS, called through the Foreign Function &amp; Memory API. The library comes from the
 * {@code org.bytedeco:openblas} jar of the running platform; it is extracted on first use (see
 * {@link NativeLibraryLoader}) and bound with critical downcalls, which hand the Java heap arrays
 * to the native code as they are: no copy, no off-heap staging.
 *
 * <p>Callers validate arguments first (as {@code dev.dendrite.kernels.Gemm} does): the native code
 * trusts every index it is given. When the library cannot be loaded, {@link #isAvailable()} is
 * false and {@link #unavailableReason()} says why.
 */
public final class NativeBlas {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    /** Per platform (bytedeco's classifier), the main library first, then what it links against. */
    private static final Map<String, List<String>> LIBRARIES = Map.of(
            "linux-x86_64", List.of("libopenblas.so.0", "libgfortran.so.5", "libquadmath.so.0", "libgcc_s.so.1"));

    private static final Binding BINDING = Binding.load();
    // Constant method handles (static finals) let the JIT inline the downcalls.
    private static final MethodHandle SGEMM = BINDING.sgemm;
    private static final MethodHandle DGEMM = BINDING.dgemm;

    private NativeBlas() {}

    public static boolean isAvailable() { return BINDING.failure == null; }

    /** Why the native library is not used, or null when it is. */
    public static String unavailableReason() { return BINDING.failure; }

    /** E.g. "OpenBLAS 0.3.30 (native, Haswell kernels, single-threaded calls, large products split over 2 threads)". */
    public static String description() {
        if (!isAvailable()) return "OpenBLAS unavailable: " + BINDING.failure;
        return BINDING.version + " (native, " + BINDING.core + " kernels, single-threaded calls, large products split over "
                + Parallel.threads() + " threads)";
    }

    /** cblas_sgemm in row-major order; arguments must already be valid. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        requireAvailable();
        try {
            SGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    slice(a, aOff), lda, slice(b, bOff), ldb, beta,
                    slice(c, cOff), ldc);
        } catch (Throwable t) {
            throw rethrow("cblas_sgemm", t);
        }
    }

    /** cblas_dgemm in row-major order; arguments must already be valid. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        requireAvailable();
        try {
            DGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    slice(a, aOff), lda, slice(b, bOff), ldb, beta,
                    slice(c, cOff), ldc);
        } catch (Throwable t) {
            throw rethrow("cblas_dgemm", t);
        }
    }

    /** The array from element {@code offset} on, as a heap segment (no copy). */
    private static MemorySegment slice(float[] array, int offset) {
        MemorySegment s = MemorySegment.ofArray(array);
        return offset == 0 ? s : s.asSlice((long) offset * Float.BYTES);
    }

    private static MemorySegment slice(double[] array, int offset) {
        MemorySegment s = MemorySegment.ofArray(array);
        return offset == 0 ? s : s.asSlice((long) offset * Double.BYTES);
    }

    private static void requireAvailable() {
        if (!isAvailable()) throw new IllegalStateException("native BLAS is not available: " + BINDING.failure);
    }

    private static RuntimeException rethrow(String function, Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(function + " failed", t);
    }

    /** The bound functions, or the reason there are none. */
    @SuppressWarnings("restricted") // loading and binding native code is this class's purpose
    private record Binding(MethodHandle sgemm, MethodHandle dgemm, String version, String core, String failure) {

        static Binding load() {
            String platform = platform();
            List<String> files = LIBRARIES.get(platform);
            if (files == null) return failed("no bundled OpenBLAS for platform " + platform);
            try {
                String resourceDir = "org/bytedeco/openblas/" + platform + "/";
                ClassLoader loader = NativeBlas.class.getClassLoader();
                String bundle = "openblas-" + artifactVersion(loader, resourceDir + files.getFirst()) + "-" + platform;
                Path dir = NativeLibraryLoader.extract(loader, resourceDir, files, bundle);
                return bind(SymbolLookup.libraryLookup(dir.resolve(files.getFirst()), Arena.global()));
            } catch (IOException | RuntimeException | LinkageError e) {
                return failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        private static Binding bind(SymbolLookup lib) {
            Linker linker = Linker.nativeLinker();
            // critical(true) lets the native code read and write the heap arrays in place, without
            // a thread-state transition. The price: the garbage collector may have to wait for a
            // running call (milliseconds for large products), which is far cheaper than copying
            // every operand off the heap and back.
            Linker.Option heap = Linker.Option.critical(true);
            MethodHandle sgemm = linker.downcallHandle(find(lib, "cblas_sgemm"), FunctionDescriptor.ofVoid(
                    JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT,
                    ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT), heap);
            MethodHandle dgemm = linker.downcallHandle(find(lib, "cblas_dgemm"), FunctionDescriptor.ofVoid(
                    JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE,
                    ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT), heap);
            MethodHandle setThreads = linker.downcallHandle(find(lib, "openblas_set_num_threads"),
                    FunctionDescriptor.ofVoid(JAVA_INT));
            MethodHandle config = linker.downcallHandle(find(lib, "openblas_get_config"), FunctionDescriptor.of(ADDRESS));
            MethodHandle corename = linker.downcallHandle(find(lib, "openblas_get_corename"), FunctionDescriptor.of(ADDRESS));

            // Every call runs on its calling thread: dev.dendrite.kernels.Gemm splits large products
            // over the Parallel pool itself, so OpenBLAS's own threads (which spin after each call,
            // taking cores from the pool) are never started.
            try {
                setThreads.invokeExact(1);
            } catch (Throwable t) {
                throw rethrow("openblas_set_num_threads", t);
            }
            String version = cString(config);
            String[] words = version.trim().split("\\s+");
            if (words.length >= 2) version = words[0] + " " + words[1]; // "OpenBLAS 0.3.30", without build flags
            return new Binding(sgemm, dgemm, version, cString(corename), null);
        }

        /** bytedeco's name for the running platform, e.g. linux-x86_64, macosx-arm64. */
        private static String platform() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            if (os.startsWith("linux")) os = "linux";
            else if (os.startsWith("mac") || os.startsWith("darwin")) os = "macosx";
            else if (os.startsWith("windows")) os = "windows";
            arch = switch (arch) {
                case "amd64", "x86_64", "x64" -> "x86_64";
                case "aarch64", "arm64" -> "arm64";
                default -> arch;
            };
            return os + "-" + arch;
        }

        /**
         * The version of the jar that carries {@code resource} (from its Maven pom.properties), so
         * that the cache directory changes when the dependency does; "unversioned" otherwise.
         */
        private static String artifactVersion(ClassLoader loader, String resource) {
            URL url = loader.getResource(resource);
            String s = url == null ? "" : url.toString();
            int bang = s.indexOf("!/");
            if (!s.startsWith("jar:") || bang < 0) return "unversioned";
            try {
                var connection = URI.create(s.substring(0, bang) + "!/META-INF/maven/org.bytedeco/openblas/pom.properties")
                        .toURL().openConnection();
                connection.setUseCaches(false); // close the jar afterwards instead of caching it open
                try (InputStream in = connection.getInputStream()) {
                    Properties p = new Properties();
                    p.load(in);
                    return p.getProperty("version", "unversioned").replaceAll("[^A-Za-z0-9._-]", "_");
                }
            } catch (IOException | IllegalArgumentException e) {
                return "unversioned";
            }
        }

        private static Binding failed(String why) {
            return new Binding(null, null, null, null, why);
        }

        private static MemorySegment find(SymbolLookup lib, String name) {
            return lib.find(name).orElseThrow(() -> new IllegalStateException("symbol " + name + " not found"));
        }

        private static String cString(MethodHandle function) {
            try {
                MemorySegment s = (MemorySegment) function.invokeExact();
                return s.equals(MemorySegment.NULL) ? "?" : s.reinterpret(4096).getString(0);
            } catch (Throwable t) {
                return "?";
            }
        }
    }
}
