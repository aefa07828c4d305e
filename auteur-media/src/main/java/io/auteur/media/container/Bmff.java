package io.auteur.media.container;

import io.auteur.media.LimitExceededException;
import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An ISO BMFF file (MP4, MOV, M4A, fragmented MP4) as a box tree, with edits that keep it playable: inserting,
 * replacing or removing a top-level box patches every chunk offset (stco, co64) and explicit track-fragment base
 * offset (tfhd) that points past the edit, because those are absolute file positions (ISO/IEC 14496-12
 * sections 8.7.5 and 8.8.7). Nothing is re-encoded.
 */
public final class Bmff {
    /** Boxes whose payload is a sequence of boxes (section 4.2 and the box tables of 14496-12). */
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "edts", "dinf",
            "udta", "moof", "traf", "mvex", "mfra", "tref", "sinf", "schi", "ipro", "meco", "strk", "strd");
    /** Full boxes (4 bytes of version and flags) whose payload after that is a sequence of boxes. */
    private static final Set<String> FULL_CONTAINERS = Set.of("meta");

    private final byte[] data;
    private final List<Box> boxes;

    private Bmff(byte[] data, List<Box> boxes) {
        this.data = data;
        this.boxes = List.copyOf(boxes);
    }

    /**
     * Parses a whole file. The bytes are kept, not copied: do not change them afterwards.
     *
     * @param source names the file in error messages
     */
    public static Bmff parse(byte[] data, Limits limits, String source) {
        if (data.length > limits.maxFileSizeBytes()) {
            throw new LimitExceededException(source, "maxFileSizeBytes", limits.maxFileSizeBytes(), data.length);
        }
        if (data.length < 8) {
            throw new MediaException(source + ": " + data.length + " bytes is too short for an ISO BMFF file");
        }
        int[] count = {0};
        List<Box> boxes = parseBoxes(data, 0, data.length, 1, limits, source, count);
        if (boxes.isEmpty() || !(boxes.getFirst().type().equals("ftyp") || boxes.stream().anyMatch(b -> b.type().equals("moov")))) {
            throw new MediaException(source + ": not an ISO BMFF file (no ftyp or moov box)");
        }
        return new Bmff(data, boxes);
    }

    /** The file bytes this tree describes. */
    public byte[] bytes() {
        return data;
    }

    public List<Box> boxes() {
        return boxes;
    }

    /** Index of the first top-level box of this type, or -1. */
    public int indexOf(String type) {
        for (int i = 0; i < boxes.size(); i++) {
            if (boxes.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    /** All boxes of a type anywhere in the tree, depth first. */
    public List<Box> find(String type) {
        List<Box> found = new ArrayList<>();
        collect(boxes, type, found);
        return found;
    }

    /** The bytes of a box's payload (header excluded). */
    public byte[] payload(Box box) {
        return java.util.Arrays.copyOfRange(data, Math.toIntExact(box.payloadOffset()), Math.toIntExact(box.end()));
    }

    /** A new file with {@code boxBytes} (a complete box) inserted before top-level box {@code index}. */
    public byte[] insert(int index, byte[] boxBytes) {
        checkBox(boxBytes);
        long at = index == boxes.size() ? data.length : boxes.get(index).offset();
        return splice(at, 0, boxBytes);
    }

    /** A new file with top-level box {@code index} replaced by {@code boxBytes} (a complete box). */
    public byte[] replace(int index, byte[] boxBytes) {
        checkBox(boxBytes);
        Box old = boxes.get(index);
        return splice(old.offset(), old.size(), boxBytes);
    }

    /** A new file without top-level box {@code index}. */
    public byte[] remove(int index) {
        Box old = boxes.get(index);
        return splice(old.offset(), old.size(), new byte[0]);
    }

    /** A box of the given type around a payload (32-bit size, or 64-bit largesize when needed). */
    public static byte[] box(String type, byte[] payload) {
        byte[] fourcc = type.getBytes(StandardCharsets.ISO_8859_1);
        if (fourcc.length != 4) {
            throw new IllegalArgumentException("box type must be four characters: '" + type + "'");
        }
        long size = 8L + payload.length;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size));
        out.putInt((int) size).put(fourcc).put(payload);
        return out.array();
    }

    /** A "uuid" box with a 16-byte extended type. */
    public static byte[] uuidBox(byte[] userType, byte[] payload) {
        if (userType.length != 16) {
            throw new IllegalArgumentException("uuid extended type must be 16 bytes, got " + userType.length);
        }
        byte[] inner = new byte[16 + payload.length];
        System.arraycopy(userType, 0, inner, 0, 16);
        System.arraycopy(payload, 0, inner, 16, payload.length);
        return box("uuid", inner);
    }

    /**
     * Replaces {@code removed} bytes at {@code at} by {@code inserted}, then moves every absolute offset that
     * pointed at or beyond the end of the removed range by the size difference.
     */
    private byte[] splice(long at, long removed, byte[] inserted) {
        int start = Math.toIntExact(at);
        int end = Math.toIntExact(at + removed);
        long delta = inserted.length - removed;
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(data.length + Math.max(0, delta)));
        out.write(data, 0, start);
        out.writeBytes(inserted);
        out.write(data, end, data.length - end);
        byte[] edited = out.toByteArray();
        if (delta == 0) {
            return edited;
        }
        // Offsets are compared in the old file's coordinates, then rewritten where their boxes now sit.
        Bmff reparsed = parse(edited, Limits.DEFAULT.withMaxFileSizeBytes(Long.MAX_VALUE), "edited file");
        ByteBuffer buffer = ByteBuffer.wrap(edited);
        for (Box stco : reparsed.find("stco")) {
            long entries = entryCount(buffer, stco, 4);
            for (long i = 0; i < entries; i++) {
                int position = Math.toIntExact(stco.payloadOffset() + 8 + 4 * i);
                long offset = Integer.toUnsignedLong(buffer.getInt(position));
                if (offset >= end) {
                    long moved = offset + delta;
                    if (moved > 0xFFFF_FFFFL || moved < 0) {
                        throw new MediaException("chunk offset " + offset + " moved by " + delta
                                + " no longer fits a 32-bit stco entry; the file needs co64");
                    }
                    buffer.putInt(position, (int) moved);
                }
            }
        }
        for (Box co64 : reparsed.find("co64")) {
            long entries = entryCount(buffer, co64, 8);
            for (long i = 0; i < entries; i++) {
                int position = Math.toIntExact(co64.payloadOffset() + 8 + 8 * i);
                long offset = buffer.getLong(position);
                if (offset >= end) {
                    buffer.putLong(position, offset + delta);
                }
            }
        }
        for (Box tfhd : reparsed.find("tfhd")) {
            int flagsAt = Math.toIntExact(tfhd.payloadOffset());
            boolean explicitBase = (buffer.getInt(flagsAt) & 0x000001) != 0;
            if (explicitBase && tfhd.payloadSize() >= 16) {
                int position = flagsAt + 8;
                long base = buffer.getLong(position);
                if (base >= end) {
                    buffer.putLong(position, base + delta);
                }
            }
        }
        return edited;
    }

    private static long entryCount(ByteBuffer buffer, Box table, int entrySize) {
        if (table.payloadSize() < 8) {
            throw new MediaException(table.type() + " box at offset " + table.offset() + " is too short");
        }
        long entries = Integer.toUnsignedLong(buffer.getInt(Math.toIntExact(table.payloadOffset() + 4)));
        if (8 + entries * entrySize > table.payloadSize()) {
            throw new MediaException(table.type() + " box at offset " + table.offset() + " declares " + entries
                    + " entries, more than its " + table.payloadSize() + " bytes hold");
        }
        return entries;
    }

    private static void checkBox(byte[] boxBytes) {
        if (boxBytes.length < 8 || Integer.toUnsignedLong(ByteBuffer.wrap(boxBytes).getInt(0)) != boxBytes.length) {
            throw new IllegalArgumentException("not a complete box: its size field must equal its length");
        }
    }

    private static List<Box> parseBoxes(byte[] data, long from, long to, int depth, Limits limits, String source,
                                        int[] count) {
        if (depth > limits.maxNestingDepth()) {
            throw new LimitExceededException(source, "maxNestingDepth", limits.maxNestingDepth(), depth);
        }
        List<Box> out = new ArrayList<>();
        long offset = from;
        while (offset < to) {
            if (++count[0] > limits.maxEntries()) {
                throw new LimitExceededException(source, "maxEntries", limits.maxEntries(), count[0]);
            }
            if (to - offset < 8) {
                throw new MediaException(source + ": truncated box header at offset " + offset + " ("
                        + (to - offset) + " bytes left)");
            }
            ByteBuffer header = ByteBuffer.wrap(data, (int) offset, (int) Math.min(32, to - offset)).slice();
            long size = Integer.toUnsignedLong(header.getInt());
            String type = new String(data, (int) offset + 4, 4, StandardCharsets.ISO_8859_1);
            int headerSize = 8;
            if (size == 1) {
                if (to - offset < 16) {
                    throw new MediaException(source + ": truncated 64-bit box size at offset " + offset);
                }
                size = header.getLong(8);
                headerSize = 16;
            } else if (size == 0) {
                size = to - offset; // section 4.2: the box extends to the end of its container
            }
            Optional<byte[]> userType = Optional.empty();
            if (type.equals("uuid")) {
                if (to - offset < headerSize + 16) {
                    throw new MediaException(source + ": truncated uuid box at offset " + offset);
                }
                byte[] uuid = new byte[16];
                System.arraycopy(data, (int) offset + headerSize, uuid, 0, 16);
                userType = Optional.of(uuid);
                headerSize += 16;
            }
            if (size < headerSize) {
                throw new MediaException(source + ": box '" + printable(type) + "' at offset " + offset
                        + " declares size " + size + ", smaller than its " + headerSize + "-byte header");
            }
            if (size > to - offset) {
                throw new MediaException(source + ": box '" + printable(type) + "' at offset " + offset
                        + " declares size " + size + " but only " + (to - offset) + " bytes remain");
            }
            List<Box> children = List.of();
            long payloadStart = offset + headerSize;
            if (CONTAINERS.contains(type)) {
                children = parseBoxes(data, payloadStart, offset + size, depth + 1, limits, source, count);
            } else if (FULL_CONTAINERS.contains(type) && size >= headerSize + 4) {
                children = parseBoxes(data, payloadStart + 4, offset + size, depth + 1, limits, source, count);
            }
            out.add(new Box(type, offset, headerSize, size, userType, children));
            offset += size;
        }
        return out;
    }

    private static void collect(List<Box> boxes, String type, List<Box> found) {
        for (Box box : boxes) {
            if (box.type().equals(type)) {
                found.add(box);
            }
            collect(box.children(), type, found);
        }
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 32 && c < 127) ? type : "\\x" + java.util.HexFormat.of()
                .formatHex(type.getBytes(StandardCharsets.ISO_8859_1));
    }
}
