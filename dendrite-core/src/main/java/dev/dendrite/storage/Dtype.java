package dev.dendrite.storage;

/**
 * Element types. Half-precision types ({@link #BFLOAT16}, {@link #FLOAT16}) are storage formats:
 * they are held as raw 16-bit patterns and converted to {@link #FLOAT32} for compute.
 */
public enum Dtype {
    FLOAT32("float32", 4, true),
    FLOAT64("float64", 8, true),
    INT32("int32", 4, false),
    INT64("int64", 8, false),
    BOOL("bool", 1, false),
    BFLOAT16("bfloat16", 2, true),
    FLOAT16("float16", 2, true);

    private final String torchName;
    private final int byteSize;
    private final boolean floating;

    Dtype(String torchName, int byteSize, boolean floating) {
        this.torchName = torchName;
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** The name PyTorch prints for this dtype, for example {@code float32}. */
    public String torchName() { return torchName; }

    public int byteSize() { return byteSize; }

    public boolean isFloatingPoint() { return floating; }

    /** True for the 16-bit types that exist only as storage and compute in float32. */
    public boolean isHalf() { return this == BFLOAT16 || this == FLOAT16; }

    public boolean isIntegral() { return this == INT32 || this == INT64; }

    /** The dtype that kernels compute in for values stored as this dtype. */
    public Dtype computeType() { return isHalf() ? FLOAT32 : this; }

    /** The dtype of {@code a op b} under PyTorch's promotion rules for tensors of equal rank. */
    public static Dtype promote(Dtype a, Dtype b) {
        if (a == b) return a;
        if (a.floating || b.floating) {
            if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
            if (!a.floating) return b;
            if (!b.floating) return a;
            return FLOAT32; // bf16 with f16 (or with f32) promotes to float32
        }
        if (a == INT64 || b == INT64) return INT64;
        if (a == INT32 || b == INT32) return INT32;
        return BOOL;
    }
}
