package dev.dendrite.io;

import dev.dendrite.storage.Dtype;
import dev.dendrite.storage.Half;
import dev.dendrite.storage.Storage;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

public class SafeTensorsTest {
    @TempDir Path dir;

    // ================================================================ helpers

    /** Raw element bits, so NaN payloads and -0.0 are compared exactly. */
    public static long[] bits(Tensor t) {
        Tensor c = t.contiguousCopy();
        Storage s = c.storage();
        long[] out = new long[c.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (c.dtype()) {
                case FLOAT32 -> Float.floatToRawIntBits(s.floats()[i]);
                case FLOAT64 -> Double.doubleToRawLongBits(s.doubles()[i]);
                case INT32 -> s.ints()[i];
                case INT64 -> s.longs()[i];
                case BOOL -> s.bools()[i] ? 1 : 0;
                case BFLOAT16, FLOAT16 -> s.shorts()[i];
            };
        }
        return out;
    }

    static void assertSameTensor(Tensor expected, Tensor actual, String name) {
        assertEquals(expected.dtype(), actual.dtype(), name);
        assertArrayEquals(expected.shape(), actual.shape(), name);
        assertArrayEquals(bits(expected), bits(actual), name);
    }

    static Tensor half(Dtype dtype, float... values) {
        short[] b = new short[values.length];
        for (int i = 0; i < b.length; i++) b[i] = dtype == Dtype.BFLOAT16 ? Half.floatToBf16(values[i]) : Half.floatToF16(values[i]);
        return Tensor.wrap(Storage.ofHalf(dtype, b), values.length);
    }

    /** A file made of an 8-byte length, the header text exactly as given, and the data bytes. */
    Path craft(String name, long headerLength, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(h).put(data);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    Path craft(String header, int dataBytes) throws IOException {
        return craft("crafted.safetensors", header.getBytes(StandardCharsets.UTF_8).length, header, new byte[dataBytes]);
    }

    void assertRefused(Path p, String fragment) {
        var e = assertThrows(SafeTensorsException.class, () -> SafeTensors.load(p));
        assertTrue(e.getMessage().startsWith("safetensors file " + p + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        assertEquals(p, e.path());
    }

    // ================================================================ format

    @Test
    void exactBytesOfASmallFile() throws IOException {
        Path p = dir.resolve("small.safetensors");
        SafeTensors.save(p, Map.of("a", Tensor.of(1f, -2f)));
        byte[] file = Files.readAllBytes(p);
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        int padded = (json.length() + 7) / 8 * 8;  // 56
        assertEquals(56, padded);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(padded, b.getLong(0));
        assertEquals(json + " ".repeat(padded - json.length()), new String(file, 8, padded, StandardCharsets.UTF_8));
        // 1.0f = 0x3F800000 and -2.0f = 0xC0000000, little-endian
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0}, Arrays.copyOfRange(file, 8 + padded, file.length));
    }

    @Test
    void roundTripsEveryDtypeWithSpecialValuesZeroDimAndEmptyTensors() throws IOException {
        Generator g = new Generator(7);
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("f32", Tensor.of(new float[] {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, 3.25f}, 2, 3));
        in.put("f32.randn", Tensor.randn(g, Dtype.FLOAT32, 3, 4, 5));
        in.put("f64", Tensor.of(new double[] {Math.PI, -0.0, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e308, Double.longBitsToDouble(0x7ff0000000000123L)}, 3, 2));
        in.put("i32", Tensor.of(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 2));
        in.put("i64", Tensor.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE, 1L << 40));
        in.put("bool", Tensor.of(true, false, false, true, true));
        in.put("bf16", half(Dtype.BFLOAT16, 1f, -2.5f, 3.0e38f, Float.NaN, 1e-30f));
        in.put("f16", half(Dtype.FLOAT16, 1f, -2.5f, 65504f, Float.NEGATIVE_INFINITY, 6e-8f));
        in.put("scalar.f64", Tensor.scalar(-7.5, Dtype.FLOAT64));
        in.put("scalar.i64", Tensor.scalar(42, Dtype.INT64));
        in.put("scalar.bool", Tensor.scalar(1, Dtype.BOOL));
        in.put("empty.f32", Tensor.zeros(0, 3));
        in.put("empty.i64", Tensor.zeros(Dtype.INT64, 2, 0));
        in.put("empty.bf16", Tensor.zeros(Dtype.BFLOAT16, 0));
        in.put("unicode \u00e9\u4e2d\"q\"", Tensor.of(5f));
        Map<String, String> meta = Map.of("format", "pt", "note", "line\nbreak \u00e9");

        Path p = dir.resolve("all.safetensors");
        SafeTensors.save(p, in, meta);
        var loaded = SafeTensors.load(p);
        assertEquals(List.copyOf(in.keySet()), List.copyOf(loaded.tensors().keySet()), "file order is map order");
        for (var e : in.entrySet()) assertSameTensor(e.getValue(), loaded.tensors().get(e.getKey()), e.getKey());
        assertEquals(meta, loaded.metadata());

        long headerLength = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "data starts on an 8-byte boundary");
        SafeTensors.Header h = SafeTensors.readHeader(p);
        assertEquals(8 + headerLength, h.dataStart());
        assertEquals(Files.size(p) - h.dataStart(), h.dataLength());
        assertEquals(4 * 60, h.tensors().get("f32.randn").end() - h.tensors().get("f32.randn").begin());
    }

    @Test
    void nonContiguousInputsAreWrittenContiguously() {
        Tensor base = Tensor.arange(0, 24, 1, Dtype.FLOAT64).reshape(2, 3, 4);
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("permuted", base.permute(2, 0, 1));
        in.put("stepped", base.slice(2, 1, 4, 2));
        in.put("expanded", Tensor.of(1, 2, 3).expand(4, 3));
        in.put("selected", base.select(1, 2));           // contiguous rows at a storage offset
        in.put("scalar.view", base.select(0, 1).select(0, 1).select(0, 3));
        in.put("bool.t", Tensor.of(true, false, true, true, false, false).reshape(2, 3).t());
        for (var e : List.of("permuted", "stepped", "expanded", "bool.t")) assertFalse(in.get(e).isContiguous(), e);
        Path p = dir.resolve("views.safetensors");
        SafeTensors.save(p, in);
        var out = SafeTensors.load(p).tensors();
        for (var e : in.entrySet()) {
            assertSameTensor(e.getValue().contiguousCopy(), out.get(e.getKey()), e.getKey());
            assertTrue(out.get(e.getKey()).isContiguous());
        }
        // An independent look at one: permute(2,0,1) of arange(24)[2,3,4] at [k,i,j] is 12i + 4j + k.
        Tensor perm = out.get("permuted");
        assertArrayEquals(new int[] {4, 2, 3}, perm.shape());
        assertEquals(12 * 1 + 4 * 2 + 3, perm.get(3, 1, 2));
        assertEquals(19.0, out.get("scalar.view").item());  // base[1, 1, 3] = 12 + 4 + 3
    }

    @Test
    void largeTensorsCrossChunkBoundaries() {
        // More than one 1 MiB transfer buffer per tensor, with sizes that do not divide it.
        Tensor big = Tensor.randn(new Generator(3), Dtype.FLOAT32, 300_001);
        Tensor bigD = Tensor.randn(new Generator(4), Dtype.FLOAT64, 3, 100_003);
        Tensor bools = Tensor.bernoulli(0.5, new Generator(5), Dtype.BOOL, 1_500_007);
        Path p = dir.resolve("big.safetensors");
        SafeTensors.save(p, Map.of("big", big, "bigD", bigD.t(), "bools", bools));
        var out = SafeTensors.load(p).tensors();
        assertSameTensor(big, out.get("big"), "big");
        assertSameTensor(bigD.t().contiguousCopy(), out.get("bigD"), "bigD");
        assertSameTensor(bools, out.get("bools"), "bools");
    }

    @Test
    void filesWrittenByOtherToolsWithPaddingAndArbitraryKeyOrderAreRead() throws IOException {
        // Header keys in an order unrelated to the data order, __metadata__ in the middle, padded.
        String header = "{\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[4,12]}, \"__metadata__\":{\"k\":\"v\"},"
                + " \"a\":{\"shape\":[1],\"dtype\":\"I32\",\"data_offsets\":[0,4]}}";
        byte[] data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(-5).putLong(1L << 33).array();
        String padded = header + "        ".substring(header.length() % 8);
        Path p = craft("other.safetensors", padded.length(), padded, data);
        var loaded = SafeTensors.load(p);
        assertEquals(List.of("b", "a"), List.copyOf(loaded.tensors().keySet()));
        assertEquals(1L << 33, loaded.tensors().get("b").itemLong());
        assertEquals(0, loaded.tensors().get("b").dim());
        assertEquals(-5, loaded.tensors().get("a").getLong(0));
        assertEquals(Map.of("k", "v"), loaded.metadata());
    }

    // ================================================================ refusing bad files

    @Test
    void refusesTruncatedOrOversizedHeaders() throws IOException {
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertRefused(tiny, "truncated: the file has 3 bytes, fewer than the 8-byte header length");
        assertRefused(craft("huge", 1L << 40, "{}", new byte[0]), "header length 1099511627776 exceeds the limit of 104857600 bytes");
        assertRefused(craft("unsigned", -1L, "{}", new byte[0]), "header length 18446744073709551615 exceeds the limit");
        assertRefused(craft("longer", 1000, "{\"a\":1}", new byte[0]), "truncated: the header length is 1000 bytes but only 7 bytes follow it");
        assertRefused(craft("short", 1, "{}", new byte[0]), "header length 1 is too small");
        var missing = assertThrows(SafeTensorsException.class, () -> SafeTensors.load(dir.resolve("absent.safetensors")));
        assertTrue(missing.getMessage().endsWith("absent.safetensors: no such file"), missing.getMessage());
    }

    @Test
    void refusesInvalidTextAndJson() throws IOException {
        Path badUtf8 = dir.resolve("utf8");
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(4).put(new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        Files.write(badUtf8, b.array());
        assertRefused(badUtf8, "the header is not valid UTF-8");
        assertRefused(craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},}", 4), "the header is not valid JSON: expected a string key");
        assertRefused(craft("[1, 2]", 0), "the header must be a JSON object, got an array");
        assertRefused(craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "duplicate key \"a\"");
        assertRefused(craft("{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 0), "nesting deeper than 64 levels");
        assertRefused(craft("{}  x", 0), "after the JSON value");
    }

    @Test
    void refusesBadEntries() throws IOException {
        assertRefused(craft("{\"w\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
                "tensor 'w': unsupported dtype 'Q7' (Dendrite reads F32, F64, I32, I64, BOOL, BF16, F16)");
        assertRefused(craft("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "unsupported dtype 'U8'");
        assertRefused(craft("{\"w\":{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "tensor 'w': \"dtype\" must be a string, got 7");
        assertRefused(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w': \"shape\" must be an array of non-negative integers, got [2,-1]");
        assertRefused(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4), "non-negative integers");
        assertRefused(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,4]}}", 4), "got the string \"2\"");
        assertRefused(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "\"data_offsets\" must be an array of two integers [begin, end], got nothing");
        assertRefused(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 4), "got [0,4,8]");
        assertRefused(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", 4),
                "tensor 'w': unknown field \"extra\"");
        assertRefused(craft("{\"w\":[1]}", 4), "tensor 'w': expected an object with dtype, shape and data_offsets, got an array");
        assertRefused(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,4]}}", 4),
                "shape [65536,65536] has more elements than Dendrite supports in one tensor");
        assertRefused(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[3000000000],\"data_offsets\":[0,4]}}", 4),
                "dimension 3000000000 of shape [3000000000] exceeds the largest size");
        assertRefused(craft("{\"__metadata__\":{\"epoch\":3}}", 0), "\"__metadata__\" value for key 'epoch' must be a string, got 3");
        assertRefused(craft("{\"__metadata__\":[\"a\"]}", 0), "\"__metadata__\" must be an object of strings, got an array");
    }

    @Test
    void refusesOffsetsThatDoNotTileTheData() throws IOException {
        assertRefused(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20),
                "tensor 'w': shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 20] span 20");
        assertRefused(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8),
                "tensor 'w': data_offsets [8, 4] are invalid (need 0 <= begin <= end)");
        assertRefused(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", 8), "are invalid");
        assertRefused(craft("{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 12),
                "tensor 'w': data_offsets [0, 16] reach past the end of the data section (12 bytes): the file is truncated");
        assertRefused(craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12),
                "tensors 'a' [0, 8] and 'b' [4, 12] overlap");
        assertRefused(craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12),
                "data bytes [4, 8) belong to no tensor");
        assertRefused(craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 7),
                "the data section has 7 bytes but the tensors cover only 4 (3 trailing bytes belong to no tensor)");
        assertRefused(craft("{\"a\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}}", 0),
                "reach past the end of the data section (0 bytes)");
    }

    @Test
    void refusesATruncatedFileWrittenByUs() throws IOException {
        Path p = dir.resolve("t.safetensors");
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", Tensor.ones(10));
        in.put("b", Tensor.ones(Dtype.FLOAT64, 5));
        SafeTensors.save(p, in);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length - 3));
        assertRefused(p, "tensor 'b': data_offsets [40, 80] reach past the end of the data section (77 bytes)");
    }

    @Test
    void refusesBoolBytesOtherThanZeroOrOne() throws IOException {
        String header = padTo8("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}}");
        Path p = craft("bools", header.length(), header, new byte[] {0, 1, 2});
        assertRefused(p, "tensor 'm': element 2 of a BOOL tensor is the byte 2 (a bool is 0 or 1)");
    }

    static String padTo8(String s) { return s + " ".repeat((8 - s.length() % 8) % 8); }

    // ================================================================ atomic writes

    /** The directory's entries other than {@code keep}: temporary files must not be left behind. */
    List<String> strays(Path d, String keep) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(x -> x.getFileName().toString()).filter(n -> !n.equals(keep)).sorted().toList();
        }
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldFileAndNoTemporary() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("run"));
        Path p = sub.resolve("model.safetensors");
        SafeTensors.save(p, Map.of("w", Tensor.ones(3)));
        byte[] before = Files.readAllBytes(p);

        Map<String, Tensor> next = new LinkedHashMap<>();
        next.put("w", Tensor.zeros(1000));
        next.put("v", Tensor.zeros(1000));
        var e = assertThrows(IllegalStateException.class, () -> SafeTensors.save(p, next, Map.of(), i -> {
            // Half the data is on disk in the temporary file when this fires.
            if (i == 0) throw new IllegalStateException("simulated failure while writing tensor 0");
        }));
        assertEquals("simulated failure while writing tensor 0", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of(), strays(sub, "model.safetensors"));

        // A header that cannot be encoded fails before any file is touched.
        assertThrows(SafeTensorsException.class, () -> SafeTensors.save(p, Map.of("__metadata__", Tensor.ones(1))));
        assertThrows(SafeTensorsException.class, () -> SafeTensors.save(p, Map.of("bad \uD800", Tensor.ones(1))));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of(), strays(sub, "model.safetensors"));

        // A successful write replaces the file as a whole.
        SafeTensors.save(p, next);
        assertEquals(List.of("w", "v"), List.copyOf(SafeTensors.load(p).tensors().keySet()));
        assertEquals(List.of(), strays(sub, "model.safetensors"));
    }

    @Test
    void aRenameThatFailsRemovesTheTemporary() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("d"));
        Path target = Files.createDirectory(sub.resolve("occupied"));
        Files.write(target.resolve("keep.txt"), new byte[] {42});
        var e = assertThrows(SafeTensorsException.class, () -> SafeTensors.save(target, Map.of("w", Tensor.ones(3))));
        assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
        assertEquals(List.of(), strays(sub, "occupied"));
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(target.resolve("keep.txt")));
    }

    @Test
    void aReadOnlyDirectoryLeavesTheOldFileIntact() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("ro"));
        Path p = sub.resolve("m.safetensors");
        SafeTensors.save(p, Map.of("w", Tensor.ones(3)));
        byte[] before = Files.readAllBytes(p);
        Files.setPosixFilePermissions(sub, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE));
        try {
            assumeTrue(!Files.isWritable(sub), "running as a user who can write anywhere (root)");
            var e = assertThrows(SafeTensorsException.class, () -> SafeTensors.save(p, Map.of("w", Tensor.zeros(3))));
            assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(p));
            assertEquals(List.of(), strays(sub, "m.safetensors"));
        } finally {
            Files.setPosixFilePermissions(sub, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void savedFilesGetTheUsualPermissionsNotOwnerOnlyTemporaryOnes() throws IOException {
        Path p = dir.resolve("perm.safetensors");
        SafeTensors.save(p, Map.of("w", Tensor.ones(1)));
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(p));
    }

    // ================================================================ a rough speed check (printed, not asserted)

    @Test
    void bulkDataMovesWithoutPerElementOverhead() {
        Tensor t = Tensor.randn(new Generator(1), Dtype.FLOAT32, 4_000_000);  // 16 MB
        Path p = dir.resolve("speed.safetensors");
        long t0 = System.nanoTime();
        SafeTensors.save(p, Map.of("t", t));
        long t1 = System.nanoTime();
        Tensor back = SafeTensors.load(p).tensors().get("t");
        long t2 = System.nanoTime();
        assertSameTensor(t, back, "t");
        System.out.printf("safetensors 16 MB: save %.1f ms, load %.1f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }
}
