package dev.dendrite.io;

import dev.dendrite.storage.Dtype;
import dev.dendrite.storage.Half;
import dev.dendrite.storage.Storage;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Our files against an independent reader, and files written independently against ours: a few
 * lines of Python with only {@code struct}, {@code json} and NumPy (no safetensors package),
 * following the format's specification. Skipped where python3 or NumPy is missing.
 */
class SafeTensorsInteropTest {
    @TempDir Path dir;

    @BeforeAll
    static void needsPythonWithNumpy() {
        boolean ok;
        try {
            ok = python("import numpy").exitCode == 0;
        } catch (IOException e) {
            ok = false;
        }
        assumeTrue(ok, "python3 with numpy is not available");
    }

    record Result(int exitCode, String out) {}

    static Result python(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("python timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Parses a safetensors file from scratch and prints one line per tensor: name|dtype|shape|values. */
    static final String PY_READER = """
            import sys, struct, json
            import numpy as np
            raw = open(sys.argv[1], 'rb').read()
            (n,) = struct.unpack('<Q', raw[:8])
            assert (8 + n) % 8 == 0, 'data not 8-byte aligned'
            header = json.loads(raw[8:8 + n].decode('utf-8'))
            data = raw[8 + n:]
            meta = header.pop('__metadata__', {})
            kinds = {'F32': '<f4', 'F64': '<f8', 'I32': '<i4', 'I64': '<i8', 'BOOL': '?', 'F16': '<f2', 'BF16': '<u2'}
            spans = sorted((v['data_offsets'][0], v['data_offsets'][1]) for v in header.values())
            pos = 0
            for b, e in spans:
                assert b == pos, 'gap or overlap'
                pos = e
            assert pos == len(data), 'data not covered exactly'
            for k in sorted(meta):
                print('META|' + k + '|' + meta[k].encode('unicode_escape').decode('ascii'))
            for name, v in header.items():
                b, e = v['data_offsets']
                a = np.frombuffer(data[b:e], dtype=kinds[v['dtype']]).reshape(v['shape'])
                if v['dtype'] == 'BF16':
                    a = (a.astype(np.uint32) << 16).view(np.float32)
                flat = a.reshape(-1)
                if v['dtype'] in ('I32', 'I64'):
                    vals = [str(int(x)) for x in flat]
                elif v['dtype'] == 'BOOL':
                    vals = ['1' if x else '0' for x in flat]
                else:
                    vals = [repr(float(x)) for x in flat]
                print(name + '|' + v['dtype'] + '|' + ','.join(str(d) for d in v['shape']) + '|' + ' '.join(vals))
            """;

    static double parsePython(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    @Test
    void pythonReadsWhatDendriteWrites() throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("layer.0.weight", Tensor.randn(new Generator(11), Dtype.FLOAT32, 3, 4).t());  // non-contiguous
        in.put("f64", Tensor.of(new double[] {Math.E, -0.0, Double.POSITIVE_INFINITY, Double.NaN, 1e-310}));
        in.put("i32", Tensor.of(new int[] {Integer.MIN_VALUE, 0, 12345}, 3, 1));
        in.put("i64", Tensor.scalar(Long.MIN_VALUE + 1, Dtype.INT64));
        in.put("mask", Tensor.of(true, false, true, true).reshape(2, 2));
        in.put("bf16", Tensor.wrap(Storage.ofHalf(Dtype.BFLOAT16, new short[] {Half.floatToBf16(1.5f), Half.floatToBf16(-3.0e-3f)}), 2));
        in.put("f16", Tensor.wrap(Storage.ofHalf(Dtype.FLOAT16, new short[] {Half.floatToF16(0.1f), Half.floatToF16(-65504f), Half.floatToF16(6e-8f)}), 3));
        in.put("empty", Tensor.zeros(2, 0, 3));
        Path p = dir.resolve("dendrite.safetensors");
        SafeTensors.save(p, in, Map.of("format", "pt", "epoch", "3"));

        Result r = python(PY_READER, p.toString());
        assertEquals(0, r.exitCode(), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("META|epoch|3", "META|format|pt"), lines.subList(0, 2));
        List<String> tensorLines = lines.subList(2, lines.size());
        assertEquals(List.copyOf(in.keySet()), tensorLines.stream().map(l -> l.split("\\|", -1)[0]).toList());
        for (String line : tensorLines) {
            String[] f = line.split("\\|", -1);
            Tensor t = in.get(f[0]).contiguousCopy();
            assertEquals(SafeTensors.code(t.dtype()), f[1], f[0]);
            int[] shape = f[2].isEmpty() ? new int[0] : Arrays.stream(f[2].split(",")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(t.shape(), shape, f[0]);
            String[] vals = f[3].isEmpty() ? new String[0] : f[3].split(" ");
            assertEquals(t.numel(), vals.length, f[0]);
            for (int i = 0; i < vals.length; i++) {
                if (t.dtype().isIntegral() || t.dtype() == Dtype.BOOL) {
                    assertEquals(t.storage().getLong(i), Long.parseLong(vals[i]), f[0] + "[" + i + "]");
                } else {
                    // Python's repr of the widened value is exact, so this compares bit for bit (NaN with NaN).
                    assertEquals(t.storage().getDouble(i), parsePython(vals[i]), 0.0, f[0] + "[" + i + "]");
                }
            }
        }
    }

    /**
     * Writes a file the way another tool might: header keys sorted by name, data in a different
     * order, {@code __metadata__} between entries, header padded with spaces.
     */
    static final String PY_WRITER = """
            import sys, struct, json
            import numpy as np
            f32 = np.arange(6, dtype=np.float32).reshape(2, 3) * np.float32(0.5) - np.float32(1)
            bf = (np.array([1.0, -3.140625, 2.0 ** 100], dtype=np.float32).view(np.uint32) >> 16).astype(np.uint16)
            tensors = [  # in data order
                ('k.i64', 'I64', np.array(2 ** 40 + 3, dtype='<i8')),
                ('z.f32', 'F32', f32.astype('<f4')),
                ('e.empty', 'F32', np.zeros((0, 4), dtype='<f4')),
                ('b.bool', 'BOOL', np.array([True, False, True])),
                ('a.f64', 'F64', np.array([np.pi, -0.0, np.inf], dtype='<f8')),
                ('h.f16', 'F16', np.array([1.5, -65504, 2.0 ** -24], dtype='<f2')),
                ('m.i32', 'I32', np.array([[-2 ** 31, 7]], dtype='<i4')),
                ('bf.bf16', 'BF16', bf.astype('<u2')),
            ]
            entries, blobs, pos = {}, [], 0
            for name, code, a in tensors:
                b = a.tobytes()
                entries[name] = {'shape': list(a.shape), 'dtype': code, 'data_offsets': [pos, pos + len(b)]}
                blobs.append(b)
                pos += len(b)
            names = sorted(entries)
            header = {n: entries[n] for n in names[:3]}
            header['__metadata__'] = {'format': 'np', 'note': 'caf\\u00e9'}
            header.update({n: entries[n] for n in names[3:]})
            text = json.dumps(header, indent=1).encode('utf-8')
            text += b' ' * ((8 - len(text) % 8) % 8)
            with open(sys.argv[1], 'wb') as out:
                out.write(struct.pack('<Q', len(text)))
                out.write(text)
                out.write(b''.join(blobs))
            """;

    @Test
    void dendriteReadsWhatPythonWrites() throws IOException {
        Path p = dir.resolve("python.safetensors");
        Result r = python(PY_WRITER, p.toString());
        assertEquals(0, r.exitCode(), r.out());
        var loaded = SafeTensors.load(p);
        assertEquals(List.of("a.f64", "b.bool", "bf.bf16", "e.empty", "h.f16", "k.i64", "m.i32", "z.f32"),
                List.copyOf(loaded.tensors().keySet()), "header order");
        assertEquals(Map.of("format", "np", "note", "caf\u00e9"), loaded.metadata());
        var t = loaded.tensors();

        Tensor z = t.get("z.f32");
        assertEquals(Dtype.FLOAT32, z.dtype());
        assertArrayEquals(new int[] {2, 3}, z.shape());
        for (int i = 0; i < 6; i++) assertEquals(i * 0.5f - 1f, z.storage().floats()[i]);

        assertEquals(Dtype.INT64, t.get("k.i64").dtype());
        assertEquals(0, t.get("k.i64").dim());
        assertEquals((1L << 40) + 3, t.get("k.i64").itemLong());

        assertArrayEquals(new int[] {0, 4}, t.get("e.empty").shape());
        assertArrayEquals(new boolean[] {true, false, true}, t.get("b.bool").toBooleanArray());

        double[] f64 = t.get("a.f64").toDoubleArray();
        assertEquals(Math.PI, f64[0]);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(f64[1]));
        assertEquals(Double.POSITIVE_INFINITY, f64[2]);

        Tensor h = t.get("h.f16");
        assertEquals(Dtype.FLOAT16, h.dtype());
        assertEquals(1.5, h.get(0));
        assertEquals(-65504.0, h.get(1));
        assertEquals(Math.pow(2, -24), h.get(2));

        Tensor m = t.get("m.i32");
        assertEquals(Dtype.INT32, m.dtype());
        assertArrayEquals(new int[] {1, 2}, m.shape());
        assertArrayEquals(new int[] {Integer.MIN_VALUE, 7}, m.toIntArray());

        Tensor bf = t.get("bf.bf16");
        assertEquals(Dtype.BFLOAT16, bf.dtype());
        assertEquals(1.0, bf.get(0));
        assertEquals(-3.140625, bf.get(1));
        assertEquals(Math.pow(2, 100), bf.get(2));
    }
}
