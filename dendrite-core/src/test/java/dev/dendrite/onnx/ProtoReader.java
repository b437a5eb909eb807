package dev.dendrite.onnx;

import java.nio.charset.StandardCharsets;

/**
 * A reader for the protocol-buffers wire format: a message is a sequence of fields, each a varint
 * key ({@code field << 3 | wireType}) followed by a varint (type 0), 8 bytes (type 1), a varint
 * length and that many bytes (type 2) or 4 bytes (type 5). Repeated scalars may be "packed" (one
 * length-delimited field holding the values back to back) or written one field per value.
 */
final class ProtoReader {
    static final int VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;
    private int field, wireType;

    ProtoReader(byte[] buf) { this(buf, 0, buf.length); }

    ProtoReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() {
        if (pos >= end) return false;
        long key = readVarint();
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (field == 0) throw new IllegalStateException("protobuf: field number 0 at byte " + pos);
        return true;
    }

    int field() { return field; }

    int wireType() { return wireType; }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) throw new IllegalStateException("protobuf: truncated varint");
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new IllegalStateException("protobuf: varint longer than 10 bytes");
    }

    int readFixed32() {
        need(4);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    long readFixed64() {
        long lo = readFixed32() & 0xffffffffL;
        long hi = readFixed32() & 0xffffffffL;
        return lo | hi << 32;
    }

    /** The bytes of a length-delimited field, as a sub-reader over the same buffer. */
    ProtoReader readMessage() {
        int len = readLength();
        ProtoReader sub = new ProtoReader(buf, pos, pos + len);
        pos += len;
        return sub;
    }

    byte[] readBytes() {
        int len = readLength();
        byte[] out = new byte[len];
        System.arraycopy(buf, pos, out, 0, len);
        pos += len;
        return out;
    }

    String readString() { return new String(readBytes(), StandardCharsets.UTF_8); }

    /** The current field's scalar value(s) as longs: one value, or all values of a packed run. */
    long[] readVarints() {
        if (wireType == VARINT) return new long[] {readVarint()};
        if (wireType != LENGTH_DELIMITED) throw new IllegalStateException("protobuf: field " + field + " is not a varint");
        ProtoReader packed = readMessage();
        long[] out = new long[8];
        int n = 0;
        while (packed.pos < packed.end) {
            if (n == out.length) out = java.util.Arrays.copyOf(out, n * 2);
            out[n++] = packed.readVarint();
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The current field's 32-bit value(s) (floats are read as raw bits). */
    int[] readFixed32s() {
        if (wireType == FIXED32) return new int[] {readFixed32()};
        if (wireType != LENGTH_DELIMITED) throw new IllegalStateException("protobuf: field " + field + " is not fixed32");
        int len = readLength();
        if (len % 4 != 0) throw new IllegalStateException("protobuf: packed fixed32 of " + len + " bytes");
        int[] out = new int[len / 4];
        for (int i = 0; i < out.length; i++) out[i] = readFixed32();
        return out;
    }

    long[] readFixed64s() {
        if (wireType == FIXED64) return new long[] {readFixed64()};
        if (wireType != LENGTH_DELIMITED) throw new IllegalStateException("protobuf: field " + field + " is not fixed64");
        int len = readLength();
        if (len % 8 != 0) throw new IllegalStateException("protobuf: packed fixed64 of " + len + " bytes");
        long[] out = new long[len / 8];
        for (int i = 0; i < out.length; i++) out[i] = readFixed64();
        return out;
    }

    /** Skips the current field's value, whatever its wire type. */
    void skip() {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> { need(8); pos += 8; }
            case LENGTH_DELIMITED -> {
                int len = readLength();   // read first: `pos += readLength()` would add to the old pos
                pos += len;
            }
            case FIXED32 -> { need(4); pos += 4; }
            default -> throw new IllegalStateException("protobuf: unsupported wire type " + wireType + " of field " + field);
        }
    }

    private int readLength() {
        long len = readVarint();
        if (len < 0 || len > end - pos) throw new IllegalStateException("protobuf: length " + len + " overruns the message");
        return (int) len;
    }

    private void need(int n) {
        if (end - pos < n) throw new IllegalStateException("protobuf: truncated message");
    }
}
