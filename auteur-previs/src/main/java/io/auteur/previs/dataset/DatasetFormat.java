package io.auteur.previs.dataset;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The shard file format: a sequence of records, each {@code "AUTC"}, version, width, height, frames, header length,
 * UTF-8 JSON header (the six integers big-endian, as DataOutput writes them), then the arrays of
 * {@link ClipRecord} in declaration order, little-endian. Fixed-size
 * arrays after a small header let a training loader read a clip with one bounded read.
 */
public final class DatasetFormat {
    static final int MAGIC = 0x41555443; // "AUTC"
    static final int VERSION = 1;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_SIDE = 1024;
    static final int MAX_FRAMES = 256;

    private DatasetFormat() {}

    public static void write(ClipRecord clip, DataOutputStream out) throws IOException {
        byte[] header = clip.header().getBytes(StandardCharsets.UTF_8);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(clip.width());
        out.writeInt(clip.height());
        out.writeInt(clip.frames());
        out.writeInt(header.length);
        out.write(header);
        out.write(clip.rgb());
        out.write(littleEndian(clip.depthMm()));
        out.write(littleEndian(clip.flow()));
        out.write(clip.edges());
        out.write(clip.instance());
        ByteBuffer points = ByteBuffer.allocate(clip.keypoints().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        points.asFloatBuffer().put(clip.keypoints());
        out.write(points.array());
    }

    /** Reads the next record, or returns null at a clean end of file. Sizes are bounded before allocation. */
    public static ClipRecord read(DataInputStream in, String source) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        if (magic != MAGIC) {
            throw new IOException(source + ": not an Auteur dataset shard (bad record magic)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException(source + ": shard format version " + version + ", this build reads " + VERSION);
        }
        int width = in.readInt(), height = in.readInt(), frames = in.readInt(), headerLength = in.readInt();
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE || frames < 1 || frames > MAX_FRAMES
                || headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new IOException(source + ": record declares " + frames + "x" + height + "x" + width
                    + " with a " + headerLength + "-byte header, outside the limits");
        }
        int pixels = width * height * frames;
        String header = new String(in.readNBytes(headerLength), StandardCharsets.UTF_8);
        byte[] rgb = readFully(in, pixels * 3, source);
        short[] depth = shorts(readFully(in, pixels * 2, source));
        short[] flow = shorts(readFully(in, pixels * 4, source));
        byte[] edges = readFully(in, pixels, source);
        byte[] instance = readFully(in, pixels, source);
        float[] keypoints = new float[frames * 17 * 3];
        ByteBuffer.wrap(readFully(in, keypoints.length * 4, source)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                .get(keypoints);
        return new ClipRecord(header, width, height, frames, rgb, depth, flow, edges, instance, keypoints);
    }

    private static byte[] readFully(DataInputStream in, int length, String source) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException(source + ": shard is truncated inside a record");
        }
        return bytes;
    }

    private static byte[] littleEndian(short[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asShortBuffer().put(values);
        return buffer.array();
    }

    private static short[] shorts(byte[] bytes) {
        short[] out = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }
}
