package io.auteur.media.container;

import java.util.List;
import java.util.Optional;

/**
 * One ISO BMFF box (ISO/IEC 14496-12 section 4.2) as found in a file: where it is and what it contains. Payloads
 * are not copied; read them from the file bytes with {@link #payloadOffset()} and {@link #payloadSize()}.
 *
 * @param type       the four-character type, e.g. "moov"
 * @param offset     file offset of the box's first byte
 * @param headerSize 8, 16 with a 64-bit largesize, plus 16 for a uuid box's extended type
 * @param size       total size in bytes, header included
 * @param userType   the 16-byte extended type of a "uuid" box
 * @param children   boxes inside a container box (empty for leaves)
 */
public record Box(String type, long offset, int headerSize, long size, Optional<byte[]> userType, List<Box> children) {
    public Box {
        children = List.copyOf(children);
    }

    public long payloadOffset() {
        return offset + headerSize;
    }

    public long payloadSize() {
        return size - headerSize;
    }

    public long end() {
        return offset + size;
    }

    /** The first direct child of this type. */
    public Optional<Box> child(String childType) {
        return children.stream().filter(b -> b.type.equals(childType)).findFirst();
    }
}
