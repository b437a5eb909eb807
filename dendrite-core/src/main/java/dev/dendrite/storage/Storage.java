package dev.dendrite.storage;

import java.util.Arrays;

/**
 * A flat, typed buffer shared by every view of a tensor. The backing array is a plain Java array
 * ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}, {@code boolean[]}, or
 * {@code short[]} for the 16-bit types) so that kernels read it directly and native code can reach
 * it without copying.
 */
public final class Storage {
    private final Dtype dtype;
    private final Object data;
    private final int length;

    private Storage(Dtype dtype, Object data, int length) {
        this.dtype = dtype;
        this.data = data;
        this.length = length;
    }

    public static Storage allocate(Dtype dtype, int length) {
        if (length < 0) throw new IllegalArgumentException("storage: negative length " + length);
        Object data = switch (dtype) {
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
            case INT32 -> new int[length];
            case INT64 -> new long[length];
            case BOOL -> new boolean[length];
            case BFLOAT16, FLOAT16 -> new short[length];
        };
        return new Storage(dtype, data, length);
    }

    public static Storage of(float[] data) { return new Storage(Dtype.FLOAT32, data, data.length); }
    public static Storage of(double[] data) { return new Storage(Dtype.FLOAT64, data, data.length); }
    public static Storage of(int[] data) { return new Storage(Dtype.INT32, data, data.length); }
    public static Storage of(long[] data) { return new Storage(Dtype.INT64, data, data.length); }
    public static Storage of(boolean[] data) { return new Storage(Dtype.BOOL, data, data.length); }

    /** Wraps raw 16-bit patterns as bfloat16 or float16 storage. */
    public static Storage ofHalf(Dtype dtype, short[] bits) {
        if (!dtype.isHalf()) throw new IllegalArgumentException("storage: " + dtype + " is not a 16-bit type");
        return new Storage(dtype, bits, bits.length);
    }

    public Dtype dtype() { return dtype; }
    public int length() { return length; }
    public Object array() { return data; }

    public float[] floats() { return (float[]) data; }
    public double[] doubles() { return (double[]) data; }
    public int[] ints() { return (int[]) data; }
    public long[] longs() { return (long[]) data; }
    public boolean[] bools() { return (boolean[]) data; }
    public short[] shorts() { return (short[]) data; }

    /** Reads element {@code i} as a double, whatever the dtype. */
    public double getDouble(int i) {
        return switch (dtype) {
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
            case BOOL -> ((boolean[]) data)[i] ? 1 : 0;
            case BFLOAT16 -> Half.bf16ToFloat(((short[]) data)[i]);
            case FLOAT16 -> Half.f16ToFloat(((short[]) data)[i]);
        };
    }

    /** Reads element {@code i} as a long; floating values are truncated toward zero. */
    public long getLong(int i) {
        return switch (dtype) {
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
            case BOOL -> ((boolean[]) data)[i] ? 1 : 0;
            default -> (long) getDouble(i);
        };
    }

    /** Writes element {@code i} from a double, converting to this storage's dtype. */
    public void setDouble(int i, double v) {
        switch (dtype) {
            case FLOAT32 -> ((float[]) data)[i] = (float) v;
            case FLOAT64 -> ((double[]) data)[i] = v;
            case INT32 -> ((int[]) data)[i] = (int) v;
            case INT64 -> ((long[]) data)[i] = (long) v;
            case BOOL -> ((boolean[]) data)[i] = v != 0;
            case BFLOAT16 -> ((short[]) data)[i] = Half.floatToBf16((float) v);
            case FLOAT16 -> ((short[]) data)[i] = Half.floatToF16((float) v);
        }
    }

    /** Writes element {@code i} from a long (exact for the integer dtypes). */
    public void setLong(int i, long v) {
        switch (dtype) {
            case INT32 -> ((int[]) data)[i] = (int) v;
            case INT64 -> ((long[]) data)[i] = v;
            case BOOL -> ((boolean[]) data)[i] = v != 0;
            default -> setDouble(i, v);
        }
    }

    /** Fills {@code [from, to)} with one value. */
    public void fill(int from, int to, double v) {
        switch (dtype) {
            case FLOAT32 -> Arrays.fill((float[]) data, from, to, (float) v);
            case FLOAT64 -> Arrays.fill((double[]) data, from, to, v);
            case INT32 -> Arrays.fill((int[]) data, from, to, (int) v);
            case INT64 -> Arrays.fill((long[]) data, from, to, (long) v);
            case BOOL -> Arrays.fill((boolean[]) data, from, to, v != 0);
            case BFLOAT16 -> Arrays.fill((short[]) data, from, to, Half.floatToBf16((float) v));
            case FLOAT16 -> Arrays.fill((short[]) data, from, to, Half.floatToF16((float) v));
        }
    }
}
