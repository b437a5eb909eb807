package dev.dendrite.kernels;

/**
 * Chooses the implementations behind the kernel interfaces once, at class initialization: the
 * Vector API array kernels when the {@code jdk.incubator.vector} module is in the boot layer (and
 * not disabled with {@code -Ddendrite.vector=false}), the scalar ones otherwise. The vector class
 * is loaded reflectively so that its absence never causes a linkage error.
 */
public final class Kernels {
    private Kernels() {}

    private static final ArrayKernels ARRAYS = selectArrayKernels();
    private static final dev.dendrite.kernels.cpu.CpuBackend BACKEND = new dev.dendrite.kernels.cpu.CpuBackend(ARRAYS);

    static {
        if (Boolean.getBoolean("dendrite.deterministic")) BACKEND.setDeterministic(true);
    }

    /**
     * Deterministic mode: bit-identical results from run to run for the same seed and thread count,
     * at some cost in speed (scalar instead of vectorized elementwise kernels). Also set by
     * {@code -Ddendrite.deterministic=true}.
     */
    public static void setDeterministic(boolean deterministic) { BACKEND.setDeterministic(deterministic); }

    public static boolean isDeterministic() { return BACKEND.isDeterministic(); }

    private static ArrayKernels selectArrayKernels() {
        boolean wanted = !"false".equalsIgnoreCase(System.getProperty("dendrite.vector", "true"));
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (wanted && present) {
            try {
                return (ArrayKernels) Class.forName("dev.dendrite.kernels.vector.VectorArrayKernels")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarArrayKernels();
            }
        }
        return new ScalarArrayKernels();
    }

    /** The fastest array kernels available (what the backend uses outside deterministic mode). */
    public static ArrayKernels arrays() { return ARRAYS; }

    /** The backend every tensor op runs on. */
    public static Backend backend() { return BACKEND; }
}
