package dev.dendrite.tensor;

/**
 * A seedable source of random numbers (SplitMix64). Its whole state is one {@code long}, so it
 * can be saved with a checkpoint and restored to continue the exact same stream. One seed gives
 * the same numbers on every machine and thread count: random tensors are filled sequentially.
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0x5DEECE66DL);

    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The generator used when none is passed. */
    public static Generator global() { return DEFAULT; }

    /** Seeds the global generator, like torch.manual_seed. */
    public static void seed(long seed) { DEFAULT.manualSeed(seed); }

    public synchronized Generator manualSeed(long seed) {
        this.state = seed;
        this.hasSpare = false;
        return this;
    }

    /** The full state, for checkpoints. */
    public synchronized long[] getState() {
        return new long[] {state, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
    }

    public synchronized void setState(long[] saved) {
        if (saved == null || saved.length != 3) throw new IllegalArgumentException("Generator.setState: expected 3 longs");
        state = saved[0];
        hasSpare = saved[1] != 0;
        spareGaussian = Double.longBitsToDouble(saved[2]);
    }

    public synchronized long nextLong() { return step(); }

    /** One SplitMix64 step; callers hold the lock. */
    private long step() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Fills {@code out[from, to)} with uniform values on [0, 1) of {@code bits} significant bits,
     * under one lock: the same numbers as that many {@link #nextUniform} calls, much faster.
     */
    public synchronized void fillUniform(float[] out, int from, int to, int bits) {
        double scale = Math.scalb(1.0, -bits);
        for (int i = from; i < to; i++) out[i] = (float) ((step() >>> (64 - bits)) * scale);
    }

    /** Fills {@code out[from, to)} with uniform doubles on [0, 1), as repeated {@link #nextDouble}. */
    public synchronized void fillUniform(double[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = (step() >>> 11) * 0x1.0p-53;
    }

    /** Fills {@code out[from, to)} with {@code mean + std * N(0, 1)}, as repeated {@link #nextGaussian}. */
    public synchronized void fillNormal(double[] out, int from, int to, double mean, double std) {
        for (int i = from; i < to; i++) out[i] = mean + std * gaussian();
    }

    /** Float version of {@link #fillNormal(double[], int, int, double, double)}. */
    public synchronized void fillNormal(float[] out, int from, int to, double mean, double std) {
        for (int i = from; i < to; i++) out[i] = (float) (mean + std * gaussian());
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits: every value is a float, so it never rounds up to 1. */
    public float nextFloat() {
        return nextUniform(24);
    }

    /**
     * Uniform in [0, 1) on a grid of {@code 2^bits} values, for a type with {@code bits} significant
     * bits (24 for float32, 11 for float16, 8 for bfloat16), so that no draw rounds up to 1.
     */
    public float nextUniform(int bits) {
        return (float) ((nextLong() >>> (64 - bits)) * Math.scalb(1.0, -bits));
    }

    /** Uniform integer in [0, bound). */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("Generator.nextLong: bound must be positive, got " + bound);
        long r = nextLong() >>> 1;
        long m = bound - 1;
        if ((bound & m) == 0) return r & m;
        // rejection keeps the distribution exactly uniform
        for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) { }
        return r;
    }

    /** Standard normal by the Box-Muller transform (pairs, the second kept for the next call). */
    public synchronized double nextGaussian() { return gaussian(); }

    /** Box-Muller with the spare kept; callers hold the lock. */
    private double gaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1;
        do {
            u1 = (step() >>> 11) * 0x1.0p-53;
        } while (u1 == 0);
        double u2 = (step() >>> 11) * 0x1.0p-53;
        double radius = Math.sqrt(-2 * Math.log(u1));
        spareGaussian = radius * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return radius * Math.cos(2 * Math.PI * u2);
    }
}
