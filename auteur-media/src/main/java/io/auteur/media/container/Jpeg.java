package io.auteur.media.container;

import io.auteur.media.LimitExceededException;
import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A JPEG file as its list of marker segments up to the start of scan, plus the entropy-coded rest kept as one
 * range (ITU T.81 annex B). APP11 segments, where C2PA stores JUMBF, can be read, inserted, replaced and removed
 * without touching the picture.
 */
public final class Jpeg {
    public static final int SOI = 0xD8, EOI = 0xD9, SOS = 0xDA, APP0 = 0xE0, APP1 = 0xE1, APP11 = 0xEB;
    /** A segment's 16-bit length counts itself, so the payload is at most 65533 bytes. */
    public static final int MAX_SEGMENT_PAYLOAD = 65533;

    /**
     * One marker segment.
     *
     * @param marker  the byte after 0xFF (e.g. 0xE0 for APP0)
     * @param payload the bytes after the length field
     */
    public record Segment(int marker, byte[] payload) {
        public Segment {
            if (payload.length > MAX_SEGMENT_PAYLOAD) {
                throw new IllegalArgumentException("segment payload of " + payload.length + " bytes exceeds "
                        + MAX_SEGMENT_PAYLOAD);
            }
        }
    }

    private final List<Segment> segments;
    /** From the SOS marker to the end of the file. */
    private final byte[] scan;

    private Jpeg(List<Segment> segments, byte[] scan) {
        this.segments = List.copyOf(segments);
        this.scan = scan;
    }

    public static Jpeg parse(byte[] data, Limits limits, String source) {
        if (data.length > limits.maxFileSizeBytes()) {
            throw new LimitExceededException(source, "maxFileSizeBytes", limits.maxFileSizeBytes(), data.length);
        }
        if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != SOI) {
            throw new MediaException(source + ": not a JPEG file (no SOI marker)");
        }
        List<Segment> segments = new ArrayList<>();
        int offset = 2;
        while (true) {
            if (segments.size() >= limits.maxEntries()) {
                throw new LimitExceededException(source, "maxEntries", limits.maxEntries(), segments.size() + 1L);
            }
            if (offset + 2 > data.length) {
                throw new MediaException(source + ": truncated before a marker at offset " + offset);
            }
            if ((data[offset] & 0xFF) != 0xFF) {
                throw new MediaException(source + ": expected a marker at offset " + offset + ", found 0x"
                        + Integer.toHexString(data[offset] & 0xFF));
            }
            int marker = data[offset + 1] & 0xFF;
            if (marker == 0xFF) {
                offset++; // fill byte (B.1.1.2)
                continue;
            }
            if (marker == SOS || marker == EOI) {
                byte[] scan = java.util.Arrays.copyOfRange(data, offset, data.length);
                return new Jpeg(segments, scan);
            }
            if (offset + 4 > data.length) {
                throw new MediaException(source + ": truncated segment length at offset " + offset);
            }
            int length = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
            if (length < 2) {
                throw new MediaException(source + ": segment 0xFF" + Integer.toHexString(marker).toUpperCase()
                        + " at offset " + offset + " declares length " + length + ", less than its own 2 bytes");
            }
            if (offset + 2 + length > data.length) {
                throw new MediaException(source + ": segment 0xFF" + Integer.toHexString(marker).toUpperCase()
                        + " at offset " + offset + " declares length " + length + " but only "
                        + (data.length - offset - 2) + " bytes remain");
            }
            segments.add(new Segment(marker, java.util.Arrays.copyOfRange(data, offset + 4, offset + 2 + length)));
            offset += 2 + length;
        }
    }

    public List<Segment> segments() {
        return segments;
    }

    /** Payloads of all APP11 segments, in file order. */
    public List<byte[]> app11Payloads() {
        return segments.stream().filter(s -> s.marker() == APP11).map(Segment::payload).toList();
    }

    /**
     * A copy without any APP11 segments and with the given ones inserted after the leading APP0/APP1 segments
     * (JFIF and Exif must stay first), where C2PA places its manifest.
     */
    public Jpeg withApp11(List<byte[]> payloads) {
        List<Segment> kept = segments.stream().filter(s -> s.marker() != APP11).toList();
        int at = 0;
        while (at < kept.size() && (kept.get(at).marker() == APP0 || kept.get(at).marker() == APP1)) {
            at++;
        }
        List<Segment> out = new ArrayList<>(kept.subList(0, at));
        for (byte[] payload : payloads) {
            out.add(new Segment(APP11, payload));
        }
        out.addAll(kept.subList(at, kept.size()));
        return new Jpeg(out, scan);
    }

    /** A copy without APP11 segments. */
    public Jpeg withoutApp11() {
        return new Jpeg(segments.stream().filter(s -> s.marker() != APP11).toList(), scan);
    }

    /** Splits a payload into pieces that each fit one segment. */
    public static List<byte[]> split(byte[] payload, int maxPiece) {
        if (maxPiece < 1 || maxPiece > MAX_SEGMENT_PAYLOAD) {
            throw new IllegalArgumentException("piece size must lie in [1, " + MAX_SEGMENT_PAYLOAD + "]");
        }
        List<byte[]> pieces = new ArrayList<>();
        for (int from = 0; from < payload.length; from += maxPiece) {
            pieces.add(java.util.Arrays.copyOfRange(payload, from, Math.min(payload.length, from + maxPiece)));
        }
        return pieces;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(SOI);
        for (Segment segment : segments) {
            int length = segment.payload().length + 2;
            out.write(0xFF);
            out.write(segment.marker());
            out.write(length >> 8);
            out.write(length & 0xFF);
            out.writeBytes(segment.payload());
        }
        out.writeBytes(scan);
        return out.toByteArray();
    }
}
