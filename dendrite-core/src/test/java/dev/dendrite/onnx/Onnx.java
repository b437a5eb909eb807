package dev.dendrite.onnx;

import dev.dendrite.storage.Dtype;
import dev.dendrite.storage.Storage;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of the ONNX protobuf schema (onnx.proto) that the conformance tests need: TensorProto
 * into a Dendrite tensor, and a ModelProto's graph as a list of nodes with their attributes.
 */
public final class Onnx {
    private Onnx() {}

    // TensorProto.DataType
    static final int FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, STRING = 8, BOOL = 9,
            FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13, BFLOAT16 = 16;

    /** Thrown for tensors of element types Dendrite has no dtype for. */
    public static final class UnsupportedTypeException extends RuntimeException {
        UnsupportedTypeException(String message) { super(message); }
    }

    /** A decoded TensorProto: its name, ONNX element type and the values as a Dendrite tensor. */
    public record OnnxTensor(String name, int dataType, Tensor tensor) {}

    /** One AttributeProto (only the fields the node tests use). */
    public record Attribute(String name, int type, float f, long i, byte[] s, OnnxTensor t, float[] floats, long[] ints) {}

    /** One NodeProto; an empty input name marks an omitted optional input. */
    public record Node(String opType, List<String> inputs, List<String> outputs, Map<String, Attribute> attributes) {
        public long intAttr(String name, long fallback) {
            Attribute a = attributes.get(name);
            return a == null ? fallback : a.i();
        }

        public long[] intsAttr(String name) {
            Attribute a = attributes.get(name);
            return a == null ? null : a.ints();
        }
    }

    /** A ModelProto reduced to its graph's nodes, inputs, outputs, initializers and the default-domain opset version. */
    public record Model(List<Node> nodes, List<String> graphInputs, List<String> graphOutputs, Map<String, Tensor> initializers,
                        long opset) {
        /** The first node of {@code opType}, or an error naming the op. */
        public Node node(String opType) {
            return nodes.stream().filter(n -> n.opType().equals(opType)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + opType + " node in the model"));
        }
    }

    /** The ONNX dtype name, for messages. */
    static String typeName(int dataType) {
        return switch (dataType) {
            case FLOAT -> "FLOAT";
            case UINT8 -> "UINT8";
            case INT8 -> "INT8";
            case UINT16 -> "UINT16";
            case INT16 -> "INT16";
            case INT32 -> "INT32";
            case INT64 -> "INT64";
            case STRING -> "STRING";
            case BOOL -> "BOOL";
            case FLOAT16 -> "FLOAT16";
            case DOUBLE -> "DOUBLE";
            case UINT32 -> "UINT32";
            case UINT64 -> "UINT64";
            case BFLOAT16 -> "BFLOAT16";
            default -> "type " + dataType;
        };
    }

    /** The Dendrite dtype that holds an ONNX element type exactly, or null when there is none. */
    static Dtype dtypeOf(int dataType) {
        return switch (dataType) {
            case FLOAT -> Dtype.FLOAT32;
            case DOUBLE -> Dtype.FLOAT64;
            case INT32 -> Dtype.INT32;
            case INT64 -> Dtype.INT64;
            case BOOL -> Dtype.BOOL;
            case FLOAT16 -> Dtype.FLOAT16;
            case BFLOAT16 -> Dtype.BFLOAT16;
            default -> null;
        };
    }

    public static OnnxTensor readTensor(Path file) {
        try {
            return parseTensor(new ProtoReader(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Model readModel(Path file) {
        try {
            return parseModel(new ProtoReader(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ================================================================ TensorProto

    static OnnxTensor parseTensor(ProtoReader r) {
        long[] dims = new long[0];
        int dataType = 0;
        String name = "";
        byte[] raw = null;
        IntList floatBits = new IntList(), int32s = new IntList();
        LongList int64s = new LongList(), doubleBits = new LongList(), uint64s = new LongList();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> dims = concat(dims, r.readVarints());
                case 2 -> dataType = (int) r.readVarint();
                case 4 -> floatBits.addAll(r.readFixed32s());
                case 5 -> int32s.addAll(r.readVarints());
                case 7 -> int64s.addAll(r.readVarints());
                case 8 -> name = r.readString();
                case 9 -> raw = r.readBytes();
                case 10 -> doubleBits.addAll(r.readFixed64s());
                case 11 -> uint64s.addAll(r.readVarints());
                case 14 -> throw new UnsupportedTypeException("tensor " + name + ": external data is not supported");
                default -> r.skip();
            }
        }
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) shape[i] = Math.toIntExact(dims[i]);
        int n = 1;
        for (int s : shape) n *= s;
        Tensor t = switch (dataType) {
            case FLOAT -> {
                float[] v = new float[n];
                if (raw != null) le(raw, n, 4).asFloatBuffer().get(v);
                else for (int i = 0; i < n; i++) v[i] = Float.intBitsToFloat(floatBits.get(i));
                yield Tensor.of(v, shape);
            }
            case DOUBLE -> {
                double[] v = new double[n];
                if (raw != null) le(raw, n, 8).asDoubleBuffer().get(v);
                else for (int i = 0; i < n; i++) v[i] = Double.longBitsToDouble(doubleBits.get(i));
                yield Tensor.of(v, shape);
            }
            case INT64 -> {
                long[] v = new long[n];
                if (raw != null) le(raw, n, 8).asLongBuffer().get(v);
                else for (int i = 0; i < n; i++) v[i] = int64s.get(i);
                yield Tensor.of(v, shape);
            }
            case INT32, INT16, INT8, UINT16, UINT8 -> {
                // the narrow integer types are widened to int32 (the values are exact)
                int[] v = new int[n];
                if (raw != null) {
                    ByteBuffer b = le(raw, n, switch (dataType) { case INT32 -> 4; case INT16, UINT16 -> 2; default -> 1; });
                    for (int i = 0; i < n; i++) {
                        v[i] = switch (dataType) {
                            case INT32 -> b.getInt();
                            case INT16 -> b.getShort();
                            case UINT16 -> b.getShort() & 0xffff;
                            case INT8 -> b.get();
                            default -> b.get() & 0xff;
                        };
                    }
                } else {
                    for (int i = 0; i < n; i++) v[i] = int32s.get(i);
                }
                yield Tensor.of(v, shape);
            }
            case UINT32 -> {
                long[] v = new long[n];
                if (raw != null) {
                    ByteBuffer b = le(raw, n, 4);
                    for (int i = 0; i < n; i++) v[i] = b.getInt() & 0xffffffffL;
                } else {
                    for (int i = 0; i < n; i++) v[i] = uint64s.get(i);
                }
                yield Tensor.of(v, shape);
            }
            case BOOL -> {
                boolean[] v = new boolean[n];
                if (raw != null) {
                    le(raw, n, 1);
                    for (int i = 0; i < n; i++) v[i] = raw[i] != 0;
                } else {
                    for (int i = 0; i < n; i++) v[i] = int32s.get(i) != 0;
                }
                yield Tensor.wrap(Storage.of(v), shape);
            }
            case FLOAT16, BFLOAT16 -> {
                // raw little-endian 16-bit patterns, or the patterns widened into int32_data
                short[] v = new short[n];
                if (raw != null) le(raw, n, 2).asShortBuffer().get(v);
                else for (int i = 0; i < n; i++) v[i] = (short) int32s.get(i);
                yield Tensor.wrap(Storage.ofHalf(dataType == FLOAT16 ? Dtype.FLOAT16 : Dtype.BFLOAT16, v), shape);
            }
            default -> throw new UnsupportedTypeException("tensor '" + name + "' has element type " + typeName(dataType)
                    + ", which Dendrite has no dtype for");
        };
        return new OnnxTensor(name, dataType, t);
    }

    private static ByteBuffer le(byte[] raw, int n, int width) {
        if (raw.length != (long) n * width) {
            throw new IllegalStateException("TensorProto: raw_data holds " + raw.length + " bytes, expected " + n + " x " + width);
        }
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ================================================================ ModelProto

    static Model parseModel(ProtoReader r) {
        List<Node> nodes = new ArrayList<>();
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        long opset = -1;
        while (r.next()) {
            switch (r.field()) {
                case 7 -> parseGraph(r.readMessage(), nodes, inputs, outputs, initializers);
                case 8 -> {
                    // OperatorSetIdProto: domain = 1, version = 2; the default domain is "" (or "ai.onnx")
                    ProtoReader o = r.readMessage();
                    String domain = "";
                    long version = -1;
                    while (o.next()) {
                        if (o.field() == 1) domain = o.readString();
                        else if (o.field() == 2) version = o.readVarint();
                        else o.skip();
                    }
                    if (domain.isEmpty() || domain.equals("ai.onnx")) opset = version;
                }
                default -> r.skip();
            }
        }
        return new Model(nodes, inputs, outputs, initializers, opset);
    }

    private static void parseGraph(ProtoReader r, List<Node> nodes, List<String> inputs, List<String> outputs,
                                   Map<String, Tensor> initializers) {
        while (r.next()) {
            switch (r.field()) {
                case 1 -> nodes.add(parseNode(r.readMessage()));
                case 5 -> {
                    OnnxTensor t = parseTensor(r.readMessage());
                    initializers.put(t.name(), t.tensor());
                }
                case 11 -> inputs.add(valueInfoName(r.readMessage()));
                case 12 -> outputs.add(valueInfoName(r.readMessage()));
                default -> r.skip();
            }
        }
    }

    private static String valueInfoName(ProtoReader r) {
        String name = "";
        while (r.next()) {
            if (r.field() == 1) name = r.readString();
            else r.skip();
        }
        return name;
    }

    private static Node parseNode(ProtoReader r) {
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        String opType = "";
        while (r.next()) {
            switch (r.field()) {
                case 1 -> in.add(r.readString());
                case 2 -> out.add(r.readString());
                case 4 -> opType = r.readString();
                case 5 -> {
                    Attribute a = parseAttribute(r.readMessage());
                    attrs.put(a.name(), a);
                }
                default -> r.skip();
            }
        }
        return new Node(opType, in, out, attrs);
    }

    private static Attribute parseAttribute(ProtoReader r) {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        byte[] s = new byte[0];
        OnnxTensor t = null;
        IntList floats = new IntList();
        LongList ints = new LongList();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.readString();
                case 2 -> f = Float.intBitsToFloat(r.readFixed32());
                case 3 -> i = r.readVarint();
                case 4 -> s = r.readBytes();
                case 5 -> t = parseTensor(r.readMessage());
                case 7 -> floats.addAll(r.readFixed32s());
                case 8 -> ints.addAll(r.readVarints());
                case 20 -> type = (int) r.readVarint();
                default -> r.skip();
            }
        }
        float[] fs = new float[floats.size];
        for (int k = 0; k < fs.length; k++) fs[k] = Float.intBitsToFloat(floats.get(k));
        return new Attribute(name, type, f, i, s, t, fs, ints.toArray());
    }

    // ================================================================ growable primitive lists

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static final class IntList {
        int[] data = new int[16];
        int size;

        void addAll(int[] v) {
            ensure(v.length);
            System.arraycopy(v, 0, data, size, v.length);
            size += v.length;
        }

        void addAll(long[] v) {
            ensure(v.length);
            for (long x : v) data[size++] = (int) x;
        }

        int get(int i) {
            if (i >= size) throw new IllegalStateException("TensorProto: fewer values than its dims call for");
            return data[i];
        }

        private void ensure(int extra) {
            if (size + extra > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, size + extra));
        }
    }

    private static final class LongList {
        long[] data = new long[16];
        int size;

        void addAll(long[] v) {
            if (size + v.length > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, size + v.length));
            System.arraycopy(v, 0, data, size, v.length);
            size += v.length;
        }

        long get(int i) {
            if (i >= size) throw new IllegalStateException("TensorProto: fewer values than its dims call for");
            return data[i];
        }

        long[] toArray() { return Arrays.copyOf(data, size); }
    }
}
