package dev.dendrite.train;

import dev.dendrite.data.Spirals;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Decodes the event files with a parser written here from the TFRecord and protobuf specs. */
class TensorBoardTest {

    // ---------------------------------------------------------------- an independent decoder

    /** CRC-32C bit by bit (reflected polynomial 0x82F63B78), independent of java.util.zip.CRC32C. */
    static int crc32c(byte[] b, int off, int len) {
        int crc = ~0;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82F63B78 & -(crc & 1));
        }
        return ~crc;
    }

    static int masked(int crc) { return Integer.rotateRight(crc, 15) + 0xa282ead8; }

    /** The records' payloads, checking both CRCs of each. */
    static List<byte[]> records(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (bb.hasRemaining()) {
            int start = bb.position();
            long len = bb.getLong();
            assertEquals(masked(crc32c(all, start, 8)), bb.getInt(), "length crc");
            byte[] data = new byte[(int) len];
            bb.get(data);
            assertEquals(masked(crc32c(data, 0, data.length)), bb.getInt(), "data crc");
            out.add(data);
        }
        return out;
    }

    /** Protobuf fields by number: Long (varint), Double (fixed64), Float (fixed32) or byte[] (length-delimited). */
    static Map<Integer, List<Object>> fields(byte[] msg) {
        Map<Integer, List<Object>> out = new LinkedHashMap<>();
        ByteBuffer bb = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN);
        while (bb.hasRemaining()) {
            long key = varint(bb);
            int field = (int) (key >>> 3), wire = (int) (key & 7);
            Object v = switch (wire) {
                case 0 -> varint(bb);
                case 1 -> bb.getDouble();
                case 5 -> bb.getFloat();
                case 2 -> {
                    byte[] b = new byte[(int) varint(bb)];
                    bb.get(b);
                    yield b;
                }
                default -> throw new AssertionError("unexpected wire type " + wire);
            };
            out.computeIfAbsent(field, k -> new ArrayList<>()).add(v);
        }
        return out;
    }

    static long varint(ByteBuffer bb) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bb.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) return v;
        }
    }

    static double[] packed(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[b.length / 8];
        for (int i = 0; i < out.length; i++) out[i] = bb.getDouble();
        return out;
    }

    static String str(Object o) { return new String((byte[]) o, StandardCharsets.UTF_8); }

    /** One decoded summary value: its event's step, tag, and the value field it holds. */
    record Value(long step, String tag, Float simple, Map<Integer, List<Object>> histo) {}

    static List<Value> values(List<byte[]> recs) {
        List<Value> out = new ArrayList<>();
        for (byte[] r : recs.subList(1, recs.size())) {
            var ev = fields(r);
            long step = ev.containsKey(2) ? (Long) ev.get(2).get(0) : 0;
            for (Object v : fields((byte[]) ev.get(5).get(0)).get(1)) {
                var val = fields((byte[]) v);
                out.add(new Value(step, str(val.get(1).get(0)), val.containsKey(2) ? (Float) val.get(2).get(0) : null,
                        val.containsKey(5) ? fields((byte[]) val.get(5).get(0)) : null));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- tests

    @Test
    void fileNameVersionEventScalarsAndHistogram(@TempDir Path dir) throws IOException {
        double before = System.currentTimeMillis() / 1000.0;
        Path file;
        try (EventFileWriter w = new EventFileWriter(dir)) {
            file = w.path();
            w.addScalar("loss", 0.4127, 120);
            w.addHistogram("w", new double[] {1, 2, 2, 3, 10}, 7, 3);
        }
        assertTrue(file.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d{10}\\.[A-Za-z0-9._-]+"), file.toString());
        List<byte[]> recs = records(file);
        assertEquals(3, recs.size());
        var first = fields(recs.get(0));
        assertEquals("brain.Event:2", str(first.get(3).get(0)));
        double wall = (Double) first.get(1).get(0);
        assertTrue(wall >= Math.floor(before) && wall <= System.currentTimeMillis() / 1000.0 + 1, "wall_time " + wall);

        List<Value> vs = values(recs);
        assertEquals(new Value(120, "loss", 0.4127f, null), vs.get(0));
        Value h = vs.get(1);
        assertEquals(7, h.step());
        assertEquals("w", h.tag());
        // 3 buckets of width 3 from 1 to 10: [1,4) holds 1,2,2,3; [4,7) none; [7,10] holds 10
        assertEquals(1.0, h.histo().get(1).get(0));
        assertEquals(10.0, h.histo().get(2).get(0));
        assertEquals(5.0, h.histo().get(3).get(0));
        assertEquals(18.0, h.histo().get(4).get(0));
        assertEquals(118.0, h.histo().get(5).get(0));
        assertArrayEquals(new double[] {4, 7, 10}, packed((byte[]) h.histo().get(6).get(0)));
        assertArrayEquals(new double[] {4, 0, 1}, packed((byte[]) h.histo().get(7).get(0)));
    }

    @Test
    void loggerWritesEveryBatchAndEpochValueAndWeightHistograms(@TempDir Path dir) throws IOException {
        Generator.seed(4);
        Spirals s = Spirals.generate(20, 3, 0.1, new Generator(4));
        Module net = TestData.mlp(8, 3);
        TensorBoardLogger tb = new TensorBoardLogger(dir);
        Trainer.History hist = new Trainer(net, new Adam(net.parameters(), 0.01)).callbacks(tb)
                .fit(TestData.batches(s.features(), s.labels(), 20, null), TestData.batches(s.features(), s.labels(), 60, null), 2);
        List<Value> vs = values(records(tb.eventFile()));
        // per batch: loss and lr at global batch 1..6
        List<Value> batchLoss = vs.stream().filter(v -> v.tag().equals("batch/loss")).toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), batchLoss.stream().map(Value::step).toList());
        for (int e = 0; e < 2; e++) {
            int epoch = e + 1;
            for (String k : List.of("loss", "lr", "val_loss")) {
                Value v = vs.stream().filter(x -> x.tag().equals("epoch/" + k) && x.step() == epoch).findFirst().orElseThrow();
                assertEquals((float) (double) hist.epochs().get(e).get(k), v.simple(), k);
            }
        }
        // last batch's running loss is the epoch loss
        assertEquals((float) (double) hist.epochs().get(1).get("loss"), batchLoss.get(5).simple());
        List<Value> histos = vs.stream().filter(v -> v.histo() != null && v.step() == 2).toList();
        assertEquals(net.namedParameters().keySet().stream().map(n -> "weights/" + n).toList(), histos.stream().map(Value::tag).toList());
        double[] w0 = net.namedParameters().values().iterator().next().toDoubleArray();
        assertEquals((double) w0.length, histos.get(0).histo().get(3).get(0));
        double[] counts = packed((byte[]) histos.get(0).histo().get(7).get(0));
        assertEquals(w0.length, java.util.Arrays.stream(counts).sum());
    }
}
