package io.auteur.media.container;

import io.auteur.media.LimitExceededException;
import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A PNG file as its chunk list (PNG specification section 5), CRCs checked on read and computed on write. C2PA
 * stores its manifest in a {@code caBX} chunk before the first IDAT.
 */
public final class Png {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** One chunk: a four-letter type and its data. */
    public record Chunk(String type, byte[] data) {
        public Chunk {
            if (type.length() != 4 || !type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                throw new IllegalArgumentException("PNG chunk type must be four ASCII letters: '" + type + "'");
            }
        }
    }

    private final List<Chunk> chunks;

    private Png(List<Chunk> chunks) {
        this.chunks = List.copyOf(chunks);
    }

    public static Png parse(byte[] data, Limits limits, String source) {
        if (data.length > limits.maxFileSizeBytes()) {
            throw new LimitExceededException(source, "maxFileSizeBytes", limits.maxFileSizeBytes(), data.length);
        }
        if (data.length < SIGNATURE.length || !Arrays.equals(data, 0, 8, SIGNATURE, 0, 8)) {
            throw new MediaException(source + ": not a PNG file (bad signature)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        List<Chunk> chunks = new ArrayList<>();
        int offset = 8;
        while (offset < data.length) {
            if (chunks.size() >= limits.maxEntries()) {
                throw new LimitExceededException(source, "maxEntries", limits.maxEntries(), chunks.size() + 1L);
            }
            if (data.length - offset < 12) {
                throw new MediaException(source + ": truncated chunk at offset " + offset);
            }
            long length = Integer.toUnsignedLong(buffer.getInt(offset));
            if (length > data.length - offset - 12L) {
                throw new MediaException(source + ": chunk at offset " + offset + " declares " + length
                        + " data bytes but only " + (data.length - offset - 12) + " remain");
            }
            String type = new String(data, offset + 4, 4, StandardCharsets.ISO_8859_1);
            int dataStart = offset + 8;
            int dataEnd = dataStart + (int) length;
            CRC32 crc = new CRC32();
            crc.update(data, offset + 4, 4 + (int) length);
            long stored = Integer.toUnsignedLong(buffer.getInt(dataEnd));
            if (crc.getValue() != stored) {
                throw new MediaException(source + ": chunk '" + type + "' at offset " + offset + " fails its CRC "
                        + "(stored " + Long.toHexString(stored) + ", computed " + Long.toHexString(crc.getValue()) + ")");
            }
            Chunk chunk;
            try {
                chunk = new Chunk(type, Arrays.copyOfRange(data, dataStart, dataEnd));
            } catch (IllegalArgumentException e) {
                throw new MediaException(source + ": chunk at offset " + offset + ": " + e.getMessage(), e);
            }
            chunks.add(chunk);
            offset = dataEnd + 4;
            if (type.equals("IEND")) {
                break;
            }
        }
        if (chunks.isEmpty() || !chunks.getFirst().type().equals("IHDR")) {
            throw new MediaException(source + ": PNG does not start with an IHDR chunk");
        }
        return new Png(chunks);
    }

    public List<Chunk> chunks() {
        return chunks;
    }

    /** Chunks of one type, in file order. */
    public List<Chunk> chunks(String type) {
        return chunks.stream().filter(c -> c.type().equals(type)).toList();
    }

    /** A copy with every chunk of this type removed and {@code chunk} placed before the first IDAT. */
    public Png withChunkBeforeImageData(Chunk chunk) {
        List<Chunk> out = new ArrayList<>(without(chunk.type()).chunks);
        int idat = 0;
        while (idat < out.size() && !out.get(idat).type().equals("IDAT")) {
            idat++;
        }
        if (idat == out.size()) {
            throw new MediaException("PNG has no IDAT chunk to insert before");
        }
        out.add(idat, chunk);
        return new Png(out);
    }

    /** A copy without chunks of this type. */
    public Png without(String type) {
        return new Png(chunks.stream().filter(c -> !c.type().equals(type)).toList());
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        for (Chunk chunk : chunks) {
            byte[] type = chunk.type().getBytes(StandardCharsets.ISO_8859_1);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(chunk.data());
            out.writeBytes(ByteBuffer.allocate(4).putInt(chunk.data().length).array());
            out.writeBytes(type);
            out.writeBytes(chunk.data());
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        }
        return out.toByteArray();
    }
}
