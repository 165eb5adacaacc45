package org.tapweight.tensorboard;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes a TensorBoard event file: TFRecord framing (little-endian length, masked CRC-32C of the
 * length, the record, masked CRC-32C of the record) around {@code tensorflow.Event} messages
 * encoded with protobuf-java. The first event names the file version; each later one holds one
 * step's scalar summaries (after a resume, a session-start event first). Field numbers are those of TensorFlow's {@code event.proto} and
 * {@code summary.proto}: Event {wall_time = 1 (double), step = 2 (int64), file_version = 3,
 * summary = 5, session_log = 7}; Summary {value = 1}; Summary.Value {tag = 1, simple_value = 2 (float)};
 * SessionLog {status = 1 (START = 1)}.
 */
final class EventFileWriter implements AutoCloseable {

    private static final int MASK_DELTA = 0xa282ead8;

    private final OutputStream out;

    /** Creates {@code file} (TensorBoard reads files whose name contains {@code tfevents}) and writes the version event. */
    EventFileWriter(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16); // written through on flush()
        write(event(nowSeconds(), 0, e -> e.writeString(3, "brain.Event:2")));
        out.flush();
    }

    /** One event with a scalar summary value per entry of {@code scalars} (NaN values are left out). */
    void scalars(long step, Map<String, Double> scalars) throws IOException {
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(summary);
        for (Map.Entry<String, Double> v : scalars.entrySet()) {
            if (v.getValue() == null || Double.isNaN(v.getValue())) {
                continue;
            }
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            CodedOutputStream c = CodedOutputStream.newInstance(value);
            c.writeString(1, v.getKey());
            c.writeFloat(2, v.getValue().floatValue());
            c.flush();
            s.writeByteArray(1, value.toByteArray());
        }
        s.flush();
        byte[] summaryBytes = summary.toByteArray();
        write(event(nowSeconds(), step, e -> e.writeByteArray(5, summaryBytes)));
    }

    /**
     * A {@code SessionLog} START event at {@code step} (Event field 7, SessionLog {status = 1}): TensorBoard
     * then drops the steps from {@code step} on that earlier files of the folder hold, the ones a killed
     * attempt wrote after its last checkpoint and this attempt writes again.
     */
    void sessionStart(long step) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(log);
        c.writeEnum(1, 1); // status: START
        c.flush();
        byte[] logBytes = log.toByteArray();
        write(event(nowSeconds(), step, e -> e.writeByteArray(7, logBytes)));
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private interface Body {
        void write(CodedOutputStream event) throws IOException;
    }

    private static byte[] event(double wallTime, long step, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream e = CodedOutputStream.newInstance(bytes);
        e.writeDouble(1, wallTime);
        e.writeInt64(2, step);
        body.write(e);
        e.flush();
        return bytes.toByteArray();
    }

    private void write(byte[] record) throws IOException {
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(record.length).array();
        out.write(length);
        out.write(intLE(maskedCrc(length)));
        out.write(record);
        out.write(intLE(maskedCrc(record)));
    }

    /** TFRecord's masked CRC-32C: rotate right by 15 bits, add a constant. */
    static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    private static byte[] intLE(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static double nowSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }
}
