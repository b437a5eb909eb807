package dev.dendrite.data.readers;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX file format of MNIST and its relatives: a 4-byte magic {@code 0x00 0x00 TYPE NDIMS},
 * then NDIMS big-endian int32 sizes, then the data, big-endian, in row-major order. TYPE is 0x08
 * unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64. Files may be
 * gzip-compressed; that is detected from the gzip magic bytes (1f 8b), not from the name.
 */
public final class Idx {
    private Idx() {}

    /** The element types an IDX file can hold, by their type code. */
    public enum Type {
        UBYTE(0x08, 1), BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

        public final int code;
        public final int bytes;

        Type(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static Type of(int code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }
    }

    /**
     * A decoded IDX array. {@code data} is the payload still in file byte order (big-endian), so a
     * 47 MB image file is held once; the accessors decode on demand.
     */
    public record Array(Path file, Type type, int[] dims, byte[] data) {
        public long count() {
            long n = 1;
            for (int d : dims) n *= d;
            return n;
        }

        /** Element {@code i} of the flattened array as a double. */
        public double getDouble(int i) {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
            return switch (type) {
                case UBYTE -> data[i] & 0xFF;
                case BYTE -> data[i];
                case SHORT -> b.getShort(2 * i);
                case INT -> b.getInt(4 * i);
                case FLOAT -> b.getFloat(4 * i);
                case DOUBLE -> b.getDouble(8 * i);
            };
        }

        /**
         * The whole array as a tensor of shape {@code dims}: integer types (ubyte, byte, short,
         * int) become int32 holding the exact values, float becomes float32, double float64.
         */
        public Tensor toTensor() {
            int n = Math.toIntExact(count());
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
            return switch (type) {
                case UBYTE, BYTE, SHORT, INT -> {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = switch (type) {
                            case UBYTE -> data[i] & 0xFF;
                            case BYTE -> data[i];
                            case SHORT -> b.getShort(2 * i);
                            default -> b.getInt(4 * i);
                        };
                    }
                    yield Tensor.of(v, dims);
                }
                case FLOAT -> {
                    float[] v = new float[n];
                    b.asFloatBuffer().get(v);
                    yield Tensor.of(v, dims);
                }
                case DOUBLE -> {
                    double[] v = new double[n];
                    b.asDoubleBuffer().get(v);
                    yield Tensor.of(v, dims);
                }
            };
        }

        public Dtype tensorDtype() {
            return switch (type) {
                case FLOAT -> Dtype.FLOAT32;
                case DOUBLE -> Dtype.FLOAT64;
                default -> Dtype.INT32;
            };
        }
    }

    /** Reads an IDX file, gzipped or not. Errors name the file and what was wrong with it. */
    public static Array read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            boolean gz = b0 == 0x1f && b1 == 0x8b;
            try (InputStream in = gz ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw) {
                return parse(file, in, gz);
            }
        } catch (EOFException | ZipException e) {
            throw new IllegalArgumentException("idx: " + file + " is truncated or corrupt (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("idx: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Array parse(Path file, InputStream in, boolean gz) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) throw new IllegalArgumentException("idx: " + file + " is truncated: " + head.length + " bytes, shorter than the 4-byte magic number");
        Type type = Type.of(head[2] & 0xFF);
        int ndims = head[3] & 0xFF;
        if (head[0] != 0 || head[1] != 0 || type == null || ndims == 0) {
            throw new IllegalArgumentException(String.format(
                    "idx: %s has a bad magic number 0x%02x%02x%02x%02x%s; expected 0x0000TTNN with type TT in {08,09,0B,0C,0D,0E} and NN >= 1 dims",
                    file, head[0], head[1], head[2], head[3], gz ? " (after gunzip)" : ""));
        }
        byte[] dimBytes = in.readNBytes(4 * ndims);
        if (dimBytes.length < 4 * ndims) {
            throw new IllegalArgumentException("idx: " + file + " is truncated in its header: " + ndims + " dims need " + 4 * ndims + " bytes, found " + dimBytes.length);
        }
        int[] dims = new int[ndims];
        ByteBuffer db = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
        long count = 1;
        for (int i = 0; i < ndims; i++) {
            dims[i] = db.getInt();
            if (dims[i] < 0) throw new IllegalArgumentException("idx: " + file + " has a negative dimension " + dims[i] + " in " + Arrays.toString(dims));
            count *= dims[i];
        }
        long bytes = count * type.bytes;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("idx: " + file + " declares " + bytes + " bytes of data (dims " + Arrays.toString(dims) + "), more than one Java array holds");
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw new IllegalArgumentException("idx: " + file + " is truncated: dims " + Arrays.toString(dims) + " of " + type
                    + " need " + bytes + " data bytes after the header, found " + data.length);
        }
        if (in.read() != -1) {
            throw new IllegalArgumentException("idx: " + file + " has trailing bytes after the " + bytes + " data bytes that dims " + Arrays.toString(dims) + " declare");
        }
        return new Array(file, type, dims, data);
    }
}
