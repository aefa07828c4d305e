package io.auteur.provenance.c2pa.internal;

import io.auteur.media.LimitExceededException;
import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.C2paException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The box tree of an ISO BMFF file read through a {@link ByteSource}: only headers are read, so the index of a
 * multi-gigabyte MP4 costs a few kilobytes. Depth and box count are bounded by {@link Limits}.
 */
public final class BmffIndex {
    /** Boxes whose payload is a sequence of boxes (ISO/IEC 14496-12). */
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "edts", "dinf",
            "udta", "moof", "traf", "mvex", "mfra", "tref", "sinf", "schi", "ipro", "meco", "strk", "strd");
    /** Full boxes whose payload after version and flags is a sequence of boxes. */
    private static final Set<String> FULL_CONTAINERS = Set.of("meta");
    /** The extended type of the C2PA box (C2PA specification, section on embedding in BMFF). */
    public static final byte[] C2PA_UUID = java.util.HexFormat.of().parseHex("D8FEC3D61B0E483C92975828877EC481");

    /**
     * One box. {@code path} is the xpath C2PA exclusions use, e.g. "/moov/trak"; version and flags are read for
     * every box (meaningful for full boxes only).
     */
    public record Node(String type, String path, long offset, int headerSize, long size, Optional<byte[]> userType,
                       int version, int flags, List<Node> children) {
        public long end() {
            return offset + size;
        }

        public long payloadOffset() {
            return offset + headerSize;
        }

        public boolean isC2pa() {
            return type.equals("uuid") && userType.isPresent() && Arrays.equals(userType.get(), C2PA_UUID);
        }
    }

    private BmffIndex() {
    }

    public static List<Node> scan(ByteSource data, Limits limits, String source) {
        if (data.length() > limits.maxFileSizeBytes()) {
            throw new LimitExceededException(source, "maxFileSizeBytes", limits.maxFileSizeBytes(), data.length());
        }
        List<Node> top = scanTree(data, limits, source);
        if (top.isEmpty() || top.stream().noneMatch(n -> n.type.equals("ftyp") || n.type.equals("moov"))) {
            throw new C2paException(source + ": not an ISO BMFF file (no ftyp or moov box)");
        }
        return top;
    }

    /** The box tree of {@code data} without requiring it to be a whole file (e.g. one moov box). */
    public static List<Node> scanTree(ByteSource data, Limits limits, String source) {
        int[] count = {0};
        return scan(data, 0, data.length(), "", 1, limits, source, count);
    }

    private static List<Node> scan(ByteSource data, long from, long to, String parent, int depth, Limits limits,
                                   String source, int[] count) {
        if (depth > limits.maxNestingDepth()) {
            throw new LimitExceededException(source, "maxNestingDepth", limits.maxNestingDepth(), depth);
        }
        List<Node> out = new ArrayList<>();
        long offset = from;
        while (offset < to) {
            if (++count[0] > limits.maxEntries()) {
                throw new LimitExceededException(source, "maxEntries", limits.maxEntries(), count[0]);
            }
            if (to - offset < 8) {
                throw new C2paException(source + ": truncated box header at offset " + offset);
            }
            int headLength = (int) Math.min(32, to - offset);
            ByteBuffer head = ByteBuffer.wrap(data.read(offset, headLength));
            long size = Integer.toUnsignedLong(head.getInt(0));
            String type = new String(head.array(), 4, 4, StandardCharsets.ISO_8859_1);
            int headerSize = 8;
            if (size == 1) {
                if (headLength < 16) {
                    throw new C2paException(source + ": truncated 64-bit box size at offset " + offset);
                }
                size = head.getLong(8);
                headerSize = 16;
            } else if (size == 0) {
                size = to - offset;
            }
            Optional<byte[]> userType = Optional.empty();
            if (type.equals("uuid")) {
                if (headLength < headerSize + 16) {
                    throw new C2paException(source + ": truncated uuid box at offset " + offset);
                }
                userType = Optional.of(Arrays.copyOfRange(head.array(), headerSize, headerSize + 16));
                headerSize += 16;
            }
            if (size < headerSize || size > to - offset) {
                throw new C2paException(source + ": box '" + type.replaceAll("[^ -~]", "?") + "' at offset "
                        + offset + " declares size " + size + " but " + (to - offset) + " bytes remain");
            }
            int version = 0;
            int flags = 0;
            if (headLength >= headerSize + 4 && size >= headerSize + 4) {
                int word = head.getInt(headerSize);
                version = word >>> 24;
                flags = word & 0xFFFFFF;
            }
            String path = parent + "/" + type;
            List<Node> children = List.of();
            if (CONTAINERS.contains(type)) {
                children = scan(data, offset + headerSize, offset + size, path, depth + 1, limits, source, count);
            } else if (FULL_CONTAINERS.contains(type) && size >= headerSize + 4) {
                children = scan(data, offset + headerSize + 4, offset + size, path, depth + 1, limits, source, count);
            }
            out.add(new Node(type, path, offset, headerSize, size, userType, version, flags, children));
            offset += size;
        }
        return out;
    }

    /** Every node of the tree, depth first. */
    public static List<Node> flatten(List<Node> nodes) {
        List<Node> out = new ArrayList<>();
        for (Node node : nodes) {
            out.add(node);
            out.addAll(flatten(node.children()));
        }
        return out;
    }
}
