package dev.dendrite.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes TensorBoard event files: a sequence of TFRecords
 * ({@code uint64 length, masked crc32c(length), data, masked crc32c(data)}, little-endian), each
 * holding one serialized {@code tensorflow.Event} protobuf. The first event carries
 * {@code file_version: "brain.Event:2"}; then scalar and histogram summaries. The file is named
 * {@code events.out.tfevents.<unix seconds>.<hostname>} as TensorBoard expects, and is flushed
 * after every event so a running TensorBoard sees progress.
 *
 * <p>The protobuf encoding is written here by hand (field numbers from TensorFlow's
 * {@code event.proto} and {@code summary.proto}): Event{wall_time=1 double, step=2 int64,
 * file_version=3 string, summary=5}, Summary{value=1 repeated}, Summary.Value{tag=1,
 * simple_value=2 float, histo=5}, HistogramProto{min=1, max=2, num=3, sum=4, sum_squares=5,
 * bucket_limit=6 packed double, bucket=7 packed double}.
 */
public final class EventFileWriter implements AutoCloseable {
    private final Path path;
    private final OutputStream out;

    /** Creates {@code dir/events.out.tfevents.<seconds>.<host>} and writes the version event. */
    public EventFileWriter(Path dir) {
        try {
            Files.createDirectories(dir);
            long now = System.currentTimeMillis();
            Path p = dir.resolve("events.out.tfevents." + (now / 1000) + "." + hostname());
            // two writers in one second on one host would collide: add a suffix as TensorBoard's own writers do
            for (int i = 1; Files.exists(p); i++) p = dir.resolve("events.out.tfevents." + (now / 1000) + "." + hostname() + "." + i);
            this.path = p;
            this.out = Files.newOutputStream(p);
            writeEvent(encodeEvent(now / 1000.0, 0, "brain.Event:2", null));
        } catch (IOException e) {
            throw new UncheckedIOException("EventFileWriter: cannot create an event file in " + dir, e);
        }
    }

    private static String hostname() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }

    public Path path() { return path; }

    public void addScalar(String tag, double value, long step) {
        byte[] v = new Proto().string(1, tag).float32(2, (float) value).bytes();
        writeEvent(encodeEvent(System.currentTimeMillis() / 1000.0, step, null, new Proto().message(1, v).bytes()));
    }

    /**
     * A histogram of {@code values} in {@code bins} equal-width buckets from min to max (one bucket
     * when all values are equal). Each bucket's {@code bucket_limit} is its right edge.
     */
    public void addHistogram(String tag, double[] values, long step, int bins) {
        if (values.length == 0) throw new IllegalArgumentException("EventFileWriter.addHistogram: '" + tag + "' has no values");
        if (bins < 1) throw new IllegalArgumentException("EventFileWriter.addHistogram: bins must be >= 1, got " + bins);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, sumSq = 0;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sumSq += v * v;
        }
        int k = max > min ? bins : 1;
        double[] limits = new double[k], counts = new double[k];
        double width = (max - min) / k;
        for (int i = 0; i < k; i++) limits[i] = i == k - 1 ? max : min + (i + 1) * width;
        for (double v : values) {
            int b = k == 1 ? 0 : (int) Math.min(k - 1, Math.floor((v - min) / width));
            counts[b]++;
        }
        byte[] histo = new Proto().float64(1, min).float64(2, max).float64(3, values.length).float64(4, sum).float64(5, sumSq)
                .packedDoubles(6, limits).packedDoubles(7, counts).bytes();
        byte[] v = new Proto().string(1, tag).message(5, histo).bytes();
        writeEvent(encodeEvent(System.currentTimeMillis() / 1000.0, step, null, new Proto().message(1, v).bytes()));
    }

    private static byte[] encodeEvent(double wallTime, long step, String fileVersion, byte[] summary) {
        Proto p = new Proto().float64(1, wallTime);
        if (step != 0) p.int64(2, step);
        if (fileVersion != null) p.string(3, fileVersion);
        if (summary != null) p.message(5, summary);
        return p.bytes();
    }

    private synchronized void writeEvent(byte[] data) {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc(header.array(), 0, 8));
        ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc(data, 0, data.length));
        try {
            out.write(header.array());
            out.write(data);
            out.write(footer.array());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("EventFileWriter: cannot write " + path, e);
        }
    }

    /** TFRecord's masked CRC32C: rotate right by 15 and add a constant, so CRCs of CRCs stay well-behaved. */
    static int maskedCrc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        int crc = (int) c.getValue();
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("EventFileWriter: cannot flush " + path, e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("EventFileWriter: cannot close " + path, e);
        }
    }

    /** A minimal protobuf encoder: the four wire types the event messages use. */
    static final class Proto {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                buf.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            buf.write((int) v);
        }

        private void key(int field, int wireType) { varint(((long) field << 3) | wireType); }

        private void fixed64(long v) {
            for (int i = 0; i < 8; i++) buf.write((int) (v >>> (8 * i)));
        }

        Proto float64(int field, double v) {
            key(field, 1);
            fixed64(Double.doubleToRawLongBits(v));
            return this;
        }

        Proto float32(int field, float v) {
            key(field, 5);
            int bits = Float.floatToRawIntBits(v);
            for (int i = 0; i < 4; i++) buf.write(bits >>> (8 * i));
            return this;
        }

        Proto int64(int field, long v) {
            key(field, 0);
            varint(v);
            return this;
        }

        Proto bytesField(int field, byte[] b) {
            key(field, 2);
            varint(b.length);
            buf.write(b, 0, b.length);
            return this;
        }

        Proto string(int field, String s) { return bytesField(field, s.getBytes(StandardCharsets.UTF_8)); }

        Proto message(int field, byte[] encoded) { return bytesField(field, encoded); }

        Proto packedDoubles(int field, double[] vs) {
            key(field, 2);
            varint(8L * vs.length);
            for (double v : vs) fixed64(Double.doubleToRawLongBits(v));
            return this;
        }

        byte[] bytes() { return buf.toByteArray(); }
    }
}
