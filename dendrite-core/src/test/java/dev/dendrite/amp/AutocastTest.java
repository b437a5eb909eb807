package dev.dendrite.amp;

import dev.dendrite.functional.F;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AutocastTest {

    /** bfloat16 rounding written out independently: round to nearest even on the top 16 bits. */
    static float bf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int lsb = (bits >>> 16) & 1;
        return Float.intBitsToFloat((bits + 0x7FFF + lsb) & 0xFFFF0000);
    }

    static Tensor rounded(Tensor t) {
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) v[i] = bf16(v[i]);
        return Tensor.of(v, t.shape());
    }

    static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), Dtype.FLOAT32, shape); }

    @Test
    void matmulInputsAreRoundedToBfloat16InsideTheScopeOnly() {
        Tensor a = randn(1, 5, 7).requiresGrad(), b = randn(2, 7, 3).requiresGrad();
        Tensor plain = a.matmul(b);
        Tensor expected = rounded(a).matmul(rounded(b));
        Tensor out;
        try (var ac = Autocast.enable(Dtype.BFLOAT16)) {
            assertTrue(Autocast.isEnabled());
            out = a.matmul(b);
        }
        assertFalse(Autocast.isEnabled());
        assertEquals(Dtype.FLOAT32, out.dtype());
        assertArrayEquals(expected.toFloatArray(), out.toFloatArray());
        assertFalse(java.util.Arrays.equals(plain.toFloatArray(), out.toFloatArray()), "rounding must change the product");
        assertArrayEquals(plain.toFloatArray(), a.matmul(b).toFloatArray(), "no rounding after the scope");

        // master weights stay float32 and receive float32 gradients (passed through the bf16 cast)
        out.sum().backward();
        assertEquals(Dtype.FLOAT32, a.dtype());
        assertEquals(Dtype.FLOAT32, a.grad().dtype());
        float[] rb = rounded(b).toFloatArray();
        float[] ga = a.grad().toFloatArray();
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 7; k++) {
                float s = rb[k * 3] + rb[k * 3 + 1] + rb[k * 3 + 2];
                assertEquals(bf16(s), ga[i * 7 + k], "grad a[" + i + "," + k + "]");
            }
        }
    }

    @Test
    void linearBmmAndConvAreRoundedToo() {
        Tensor x = randn(3, 4, 6), w = randn(4, 5, 6), bias = randn(5, 5);
        Tensor lin;
        try (var ac = Autocast.enable(Dtype.BFLOAT16)) { lin = F.linear(x, w, bias); }
        assertArrayEquals(F.linear(rounded(x), rounded(w), bias).toFloatArray(), lin.toFloatArray());

        Tensor p = randn(6, 2, 3, 4), q = randn(7, 2, 4, 5), bm;
        try (var ac = Autocast.enable(Dtype.BFLOAT16)) { bm = p.bmm(q); }
        assertArrayEquals(rounded(p).bmm(rounded(q)).toFloatArray(), bm.toFloatArray());

        Tensor img = randn(8, 1, 2, 5, 5), k = randn(9, 3, 2, 3, 3), conv;
        try (var ac = Autocast.enable(Dtype.BFLOAT16)) { conv = F.conv2d(img, k, null); }
        assertArrayEquals(F.conv2d(rounded(img), rounded(k), null).toFloatArray(), conv.toFloatArray());
    }

    @Test
    void float64IsLeftAloneAndScopesNest() {
        Tensor a = Tensor.randn(new Generator(10), Dtype.FLOAT64, 3, 3);
        try (var ac = Autocast.enable(Dtype.BFLOAT16)) {
            assertSame(a, Autocast.input(a));
            try (var off = Autocast.disable()) {
                assertFalse(Autocast.isEnabled());
            }
            assertEquals(Dtype.BFLOAT16, Autocast.dtype());
            try (var f16 = Autocast.enable(Dtype.FLOAT16)) {
                assertEquals(Dtype.FLOAT16, Autocast.dtype());
            }
            assertEquals(Dtype.BFLOAT16, Autocast.dtype());
        }
        assertNull(Autocast.dtype());
        var e = assertThrows(IllegalArgumentException.class, () -> Autocast.enable(Dtype.FLOAT32));
        assertEquals("Autocast: dtype must be bfloat16 or float16, got float32", e.getMessage());
    }
}
