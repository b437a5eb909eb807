package dev.dendrite.storage;

/** Conversions between float32 and the 16-bit storage formats, rounding to nearest even. */
public final class Half {
    private Half() {}

    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) return (short) ((bits >>> 16) | 0x40); // quiet NaN
        int roundingBias = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    public static float bf16ToFloat(short h) {
        return Float.intBitsToFloat((h & 0xffff) << 16);
    }

    public static short floatToF16(float f) {
        return Float.floatToFloat16(f);
    }

    public static float f16ToFloat(short h) {
        return Float.float16ToFloat(h);
    }
}
