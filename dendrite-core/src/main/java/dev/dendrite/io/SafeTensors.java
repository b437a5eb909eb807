package dev.dendrite.io;

import dev.dendrite.storage.Dtype;
import dev.dendrite.storage.Storage;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length {@code N}, then
 * {@code N} bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}} (offsets into the data
 * that follows the header) plus an optional {@code "__metadata__"} object of strings, then the
 * tensors' raw little-endian bytes, contiguous and in order.
 *
 * <p>Reading validates the whole header before it allocates any tensor, so a bad file is refused
 * with one clear {@link SafeTensorsException} and never half-loaded: the header length is bounded
 * ({@link #MAX_HEADER_BYTES}) and must fit in the file, the JSON must be valid with no duplicate
 * keys, every dtype known, every shape consistent with its byte range, and the byte ranges must
 * tile the data section exactly (no gap, overlap, or byte past the end). Since the ranges must lie
 * inside the file, a hostile header cannot make the reader allocate more than the file's size.
 *
 * <p>Writing is atomic: the bytes go to a temporary file in the target's directory, are forced to
 * disk, and the temporary file is renamed over the target in one step. A failure at any point
 * leaves a previous file untouched and removes the temporary file.
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** The largest header accepted when reading (100 MiB): far above any real model's header. */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    /** Bulk data moves through a buffer of this size, so no tensor is ever copied whole. */
    private static final int CHUNK_BYTES = 1 << 20;

    private static final String METADATA_KEY = "__metadata__";

    /** Tensors in the order of the file's header, and the header's string metadata. */
    public record Loaded(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** One header entry: where a tensor's bytes lie, relative to the start of the data section. */
    public record TensorInfo(String name, Dtype dtype, int[] shape, long begin, long end) {
        public TensorInfo {
            shape = shape.clone();
        }

        @Override public int[] shape() { return shape.clone(); }

        public int numel() { return (int) ((end - begin) / dtype.byteSize()); }

        @Override public String toString() {
            return name + ": " + code(dtype) + " " + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
        }
    }

    /** A validated header: entries in header order, metadata, and the file offset where data starts. */
    public record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart, long dataLength) {}

    // ================================================================ dtype codes

    /** The safetensors dtype code of a Dendrite dtype ({@code F32}, {@code BF16}, ...). */
    public static String code(Dtype dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT32 -> "I32";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
            case BFLOAT16 -> "BF16";
            case FLOAT16 -> "F16";
        };
    }

    /** The Dendrite dtype for a safetensors code, or null when Dendrite has no such dtype. */
    static Dtype dtypeOf(String code) {
        return switch (code) {
            case "F32" -> Dtype.FLOAT32;
            case "F64" -> Dtype.FLOAT64;
            case "I32" -> Dtype.INT32;
            case "I64" -> Dtype.INT64;
            case "BOOL" -> Dtype.BOOL;
            case "BF16" -> Dtype.BFLOAT16;
            case "F16" -> Dtype.FLOAT16;
            default -> null;
        };
    }

    private static final String SUPPORTED = "F32, F64, I32, I64, BOOL, BF16, F16";

    // ================================================================ reading

    /** Reads every tensor and the metadata of {@code path}. */
    public static Loaded load(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            Header header = readHeader(path, ch);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (TensorInfo info : header.tensors().values()) {
                tensors.put(info.name(), readTensor(path, ch, buf, header.dataStart(), info));
            }
            return new Loaded(Collections.unmodifiableMap(tensors), header.metadata());
        } catch (NoSuchFileException e) {
            throw new SafeTensorsException(path, "no such file", e);
        } catch (IOException e) {
            throw new SafeTensorsException(path, "cannot read: " + e, e);
        }
    }

    /** Reads and validates only the header (cheap: the tensor data is not touched). */
    public static Header readHeader(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(path, ch);
        } catch (NoSuchFileException e) {
            throw new SafeTensorsException(path, "no such file", e);
        } catch (IOException e) {
            throw new SafeTensorsException(path, "cannot read: " + e, e);
        }
    }

    private static Header readHeader(Path path, FileChannel ch) throws IOException {
        long fileSize = ch.size();
        if (fileSize < 8) {
            throw new SafeTensorsException(path, "truncated: the file has " + fileSize
                    + " bytes, fewer than the 8-byte header length that starts every safetensors file");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(path, ch, lenBuf, 0);
        long n = lenBuf.getLong(0);
        // Unsigned: a negative long is a length of 2^63 or more, certainly too large.
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new SafeTensorsException(path, "header length " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes (not a safetensors file, or a hostile one)");
        }
        if (n > fileSize - 8) {
            throw new SafeTensorsException(path, "truncated: the header length is " + n + " bytes but only "
                    + (fileSize - 8) + " bytes follow it");
        }
        if (n < 2) throw new SafeTensorsException(path, "header length " + n + " is too small to hold a JSON object");
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(path, ch, hb, 8);
        hb.flip();
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(hb);
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsException(path, "the header is not valid UTF-8", e);
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new SafeTensorsException(path, "the header is not valid JSON: " + e.getMessage(), e);
        }
        return validate(path, root, fileSize - 8 - n, 8 + n);
    }

    private static Header validate(Path path, Object root, long dataLength, long dataStart) {
        if (!(root instanceof Map<?, ?> top)) {
            throw new SafeTensorsException(path, "the header must be a JSON object, got " + kind(root));
        }
        Map<String, String> metadata = Map.of();
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        for (var e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = metadata(path, e.getValue());
            } else {
                infos.put(name, tensorInfo(path, name, e.getValue(), dataLength));
            }
        }
        // The byte ranges, sorted, must tile [0, dataLength) exactly.
        List<TensorInfo> byOffset = new ArrayList<>(infos.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        TensorInfo previous = null;
        for (TensorInfo t : byOffset) {
            if (t.begin() < expected) {
                throw new SafeTensorsException(path, "tensors '" + previous.name() + "' " + range(previous)
                        + " and '" + t.name() + "' " + range(t) + " overlap");
            }
            if (t.begin() > expected) {
                throw new SafeTensorsException(path, "data bytes [" + expected + ", " + t.begin()
                        + ") belong to no tensor (the data_offsets must cover the data section without gaps; next is '"
                        + t.name() + "' " + range(t) + ")");
            }
            expected = t.end();
            previous = t;
        }
        if (expected != dataLength) {
            throw new SafeTensorsException(path, "the data section has " + dataLength + " bytes but the tensors cover only "
                    + expected + " (" + (dataLength - expected) + " trailing bytes belong to no tensor)");
        }
        return new Header(Collections.unmodifiableMap(infos), metadata, dataStart, dataLength);
    }

    private static String range(TensorInfo t) { return "[" + t.begin() + ", " + t.end() + "]"; }

    private static Map<String, String> metadata(Path path, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new SafeTensorsException(path, "\"__metadata__\" must be an object of strings, got " + kind(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SafeTensorsException(path, "\"__metadata__\" value for key '" + e.getKey()
                        + "' must be a string, got " + kind(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    private static TensorInfo tensorInfo(Path path, String name, Object value, long dataLength) {
        String where = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> m)) {
            throw new SafeTensorsException(path, where + ": expected an object with dtype, shape and data_offsets, got " + kind(value));
        }
        for (Object key : m.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new SafeTensorsException(path, where + ": unknown field \"" + key
                        + "\" (a tensor entry has exactly dtype, shape and data_offsets)");
            }
        }
        if (!(m.get("dtype") instanceof String code)) {
            throw new SafeTensorsException(path, where + ": \"dtype\" must be a string, got " + kind(m.get("dtype")));
        }
        Dtype dtype = dtypeOf(code);
        if (dtype == null) {
            throw new SafeTensorsException(path, where + ": unsupported dtype '" + code + "' (Dendrite reads " + SUPPORTED + ")");
        }
        if (!(m.get("shape") instanceof List<?> dims)) {
            throw new SafeTensorsException(path, where + ": \"shape\" must be an array of non-negative integers, got " + kind(m.get("shape")));
        }
        int[] shape = new int[dims.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            Object d = dims.get(i);
            if (!(d instanceof Long v) || v < 0) {
                throw new SafeTensorsException(path, where + ": \"shape\" must be an array of non-negative integers, got "
                        + Json.write(dims));
            }
            if (v > Integer.MAX_VALUE) {
                throw new SafeTensorsException(path, where + ": dimension " + v + " of shape " + Json.write(dims)
                        + " exceeds the largest size Dendrite supports (" + Integer.MAX_VALUE + ")");
            }
            shape[i] = (int) (long) v;
            // Saturates just above the limit so the product never overflows (and a later 0 still gives 0).
            numel = Math.min(numel * v, (long) Integer.MAX_VALUE + 1);
        }
        if (numel > Integer.MAX_VALUE) {
            throw new SafeTensorsException(path, where + ": shape " + Json.write(dims)
                    + " has more elements than Dendrite supports in one tensor (" + Integer.MAX_VALUE + ")");
        }
        if (!(m.get("data_offsets") instanceof List<?> offs) || offs.size() != 2
                || !(offs.get(0) instanceof Long begin) || !(offs.get(1) instanceof Long end)) {
            throw new SafeTensorsException(path, where + ": \"data_offsets\" must be an array of two integers [begin, end], got "
                    + (m.get("data_offsets") == null ? "nothing" : Json.write(m.get("data_offsets"))));
        }
        if (begin < 0 || end < begin) {
            throw new SafeTensorsException(path, where + ": data_offsets [" + begin + ", " + end
                    + "] are invalid (need 0 <= begin <= end)");
        }
        if (end > dataLength) {
            throw new SafeTensorsException(path, where + ": data_offsets [" + begin + ", " + end
                    + "] reach past the end of the data section (" + dataLength
                    + " bytes): the file is truncated or the offsets are wrong");
        }
        long expectedBytes = numel * dtype.byteSize();
        if (end - begin != expectedBytes) {
            throw new SafeTensorsException(path, where + ": shape " + Arrays.toString(shape) + " of " + code + " needs "
                    + expectedBytes + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static String kind(Object v) {
        if (v == null) return "nothing";
        if (v instanceof Map) return "an object";
        if (v instanceof List) return "an array";
        if (v instanceof String s) return "the string \"" + s + "\"";
        if (v == Json.NULL) return "null";
        return v.toString();
    }

    private static void readFully(Path path, FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new SafeTensorsException(path, "truncated: unexpected end of file at byte " + pos
                        + " (the file changed while it was read?)");
            }
            pos += r;
        }
    }

    private static Tensor readTensor(Path path, FileChannel ch, ByteBuffer buf, long dataStart, TensorInfo info) throws IOException {
        Dtype dtype = info.dtype();
        int numel = info.numel();
        int esize = dtype.byteSize();
        Storage storage = Storage.allocate(dtype, numel);
        Object array = storage.array();
        int perChunk = CHUNK_BYTES / esize;
        long filePos = dataStart + info.begin();
        for (int done = 0; done < numel; ) {
            int n = Math.min(perChunk, numel - done);
            buf.clear().limit(n * esize);
            readFully(path, ch, buf, filePos);
            buf.flip();
            switch (dtype) {
                case FLOAT32 -> buf.asFloatBuffer().get((float[]) array, done, n);
                case FLOAT64 -> buf.asDoubleBuffer().get((double[]) array, done, n);
                case INT32 -> buf.asIntBuffer().get((int[]) array, done, n);
                case INT64 -> buf.asLongBuffer().get((long[]) array, done, n);
                case BFLOAT16, FLOAT16 -> buf.asShortBuffer().get((short[]) array, done, n);
                case BOOL -> {
                    boolean[] b = (boolean[]) array;
                    for (int i = 0; i < n; i++) {
                        byte v = buf.get(i);
                        if (v != 0 && v != 1) {
                            throw new SafeTensorsException(path, "tensor '" + info.name() + "': element " + (done + i)
                                    + " of a BOOL tensor is the byte " + (v & 0xff) + " (a bool is 0 or 1)");
                        }
                        b[done + i] = v == 1;
                    }
                }
            }
            done += n;
            filePos += (long) n * esize;
        }
        return Tensor.wrap(storage, info.shape);
    }

    // ================================================================ writing

    /** Writes {@code tensors} (in map order) with no metadata. */
    public static void save(Path path, Map<String, Tensor> tensors) { save(path, tensors, Map.of()); }

    /**
     * Writes {@code tensors} in map order and {@code metadata} to {@code path}, atomically: on
     * success the file holds exactly these tensors; on failure a previous file is untouched.
     * Views are written contiguously; a tensor's gradient and graph are not saved.
     */
    public static void save(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) {
        save(path, tensors, metadata, null);
    }

    /** As {@link #save(Path, Map, Map)}; {@code afterTensor} (tests only) runs after each tensor is written. */
    static void save(Path path, Map<String, Tensor> tensors, Map<String, String> metadata, IntConsumer afterTensor) {
        // A snapshot, so the header and the data describe the same tensors even if the map changes.
        List<Map.Entry<String, Tensor>> entries = new ArrayList<>(tensors.size());
        for (var e : tensors.entrySet()) {
            if (e.getKey() == null) throw new SafeTensorsException(path, "a tensor name is null");
            if (e.getKey().equals(METADATA_KEY)) {
                throw new SafeTensorsException(path, "the tensor name \"" + METADATA_KEY + "\" is reserved for metadata");
            }
            if (e.getValue() == null) throw new SafeTensorsException(path, "tensor '" + e.getKey() + "' is null");
            entries.add(Map.entry(e.getKey(), e.getValue()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (var e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new SafeTensorsException(path, "metadata keys and values must not be null (key " + e.getKey() + ")");
            }
            meta.put(e.getKey(), e.getValue());
        }
        byte[] header;
        try {
            header = headerBytes(entries, meta);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(path, "cannot encode the header: " + e.getMessage(), e);
        }

        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            tmp = createTemporary(dir, target.getFileName().toString());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.putLong(0, header.length);
                buf.limit(8);
                writeFully(ch, buf);
                writeFully(ch, ByteBuffer.wrap(header));
                for (int i = 0; i < entries.size(); i++) {
                    writeTensor(ch, buf, entries.get(i).getValue());
                    if (afterTensor != null) afterTensor.accept(i);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new SafeTensorsException(path, "the file system cannot rename atomically, so the file was not replaced", e);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new SafeTensorsException(path, "cannot write: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The original failure is what matters; a stray temporary file is named after the target.
                }
            }
        }
    }

    /** The header JSON, padded with spaces so the data starts at a multiple of 8 bytes. */
    private static byte[] headerBytes(List<Map.Entry<String, Tensor>> entries, Map<String, String> metadata) {
        Map<String, Object> top = new LinkedHashMap<>();
        if (!metadata.isEmpty()) top.put(METADATA_KEY, metadata);
        long offset = 0;
        for (var e : entries) {
            Tensor t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().byteSize();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", code(t.dtype()));
            info.put("shape", t.shape());
            info.put("data_offsets", new long[] {offset, offset + bytes});
            if (top.put(e.getKey(), info) != null) throw new IllegalArgumentException("duplicate tensor name '" + e.getKey() + "'");
            offset += bytes;
        }
        StringBuilder sb = new StringBuilder();
        Json.write(sb, top);
        byte[] utf8 = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) & ~7;
        if (padded == utf8.length) return utf8;
        byte[] out = Arrays.copyOf(utf8, padded);
        Arrays.fill(out, utf8.length, padded, (byte) ' ');
        return out;
    }

    private static void writeTensor(FileChannel ch, ByteBuffer buf, Tensor t) throws IOException {
        Tensor c = t.isContiguous() ? t : t.contiguousCopy();
        Dtype dtype = c.dtype();
        Object array = c.storage().array();
        int esize = dtype.byteSize();
        int perChunk = CHUNK_BYTES / esize;
        int start = c.storageOffset(), numel = c.numel();
        for (int done = 0; done < numel; ) {
            int n = Math.min(perChunk, numel - done);
            int from = start + done;
            buf.clear();
            switch (dtype) {
                case FLOAT32 -> buf.asFloatBuffer().put((float[]) array, from, n);
                case FLOAT64 -> buf.asDoubleBuffer().put((double[]) array, from, n);
                case INT32 -> buf.asIntBuffer().put((int[]) array, from, n);
                case INT64 -> buf.asLongBuffer().put((long[]) array, from, n);
                case BFLOAT16, FLOAT16 -> buf.asShortBuffer().put((short[]) array, from, n);
                case BOOL -> {
                    boolean[] b = (boolean[]) array;
                    for (int i = 0; i < n; i++) buf.put(i, b[from + i] ? (byte) 1 : (byte) 0);
                }
            }
            buf.position(0).limit(n * esize);
            writeFully(ch, buf);
            done += n;
        }
    }

    /**
     * A new empty file beside the target. Not {@code Files.createTempFile}: that makes the file
     * owner-only, and the rename would give the checkpoint those permissions instead of the
     * usual ones (umask).
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }

    /** Makes the rename itself durable; file systems that cannot sync a directory are left as they are. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not supported everywhere (e.g. Windows); the data itself was already forced.
        }
    }
}
