package io.auteur.provenance.c2pa.internal;

import io.auteur.media.LimitExceededException;
import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.C2paException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * JUMBF (ISO/IEC 19566-5) as C2PA uses it: superboxes ({@code jumb}) that start with a description box
 * ({@code jumd}: a 16-byte content type, toggles and a label) followed by content boxes ({@code cbor},
 * {@code json}, {@code bfdb}, ...) or further superboxes.
 */
public final class Jumbf {
    /** C2PA content types: four ASCII characters followed by the fixed suffix of C2PA specification 11.1. */
    public static final byte[] MANIFEST_STORE = type("c2pa");
    public static final byte[] MANIFEST = type("c2ma");
    public static final byte[] UPDATE_MANIFEST = type("c2um");
    public static final byte[] ASSERTION_STORE = type("c2as");
    public static final byte[] CLAIM = type("c2cl");
    public static final byte[] SIGNATURE = type("c2cs");
    public static final byte[] CBOR = type("cbor");
    public static final byte[] JSON = type("json");

    /** Requestable and labelled (ISO/IEC 19566-5 table B.1); what every C2PA box sets. */
    private static final int TOGGLES = 0x03;

    private Jumbf() {
    }

    private static byte[] type(String fourcc) {
        byte[] out = new byte[16];
        System.arraycopy(fourcc.getBytes(StandardCharsets.US_ASCII), 0, out, 0, 4);
        byte[] suffix = HexFormat.of().parseHex("00110010800000AA00389B71");
        System.arraycopy(suffix, 0, out, 4, 12);
        return out;
    }

    /** A box found in a parsed store: a superbox (with description) or a plain content box. */
    public sealed interface Node permits SuperBox, ContentBox {
        /** Offset of the box header within the parsed bytes. */
        int offset();

        int headerSize();

        int size();
    }

    /** A {@code jumb} superbox. {@code raw} is the whole store the offsets refer to. */
    public record SuperBox(int offset, int headerSize, int size, byte[] contentType, int toggles, String label,
                           List<Node> children, byte[] raw) implements Node {
        public List<SuperBox> superBoxes() {
            return children.stream().filter(c -> c instanceof SuperBox).map(c -> (SuperBox) c).toList();
        }

        public Optional<SuperBox> child(String childLabel) {
            return superBoxes().stream().filter(b -> b.label.equals(childLabel)).findFirst();
        }

        public boolean isA(byte[] type) {
            return Arrays.equals(contentType, type);
        }

        /** The payload of the first content box of this four-character type, e.g. "cbor". */
        public Optional<byte[]> content(String boxType) {
            return children.stream()
                    .filter(c -> c instanceof ContentBox cb && cb.type.equals(boxType))
                    .map(c -> Arrays.copyOfRange(raw, c.offset() + c.headerSize(), c.offset() + c.size()))
                    .findFirst();
        }

        /**
         * The digest C2PA puts in a hashed URI to this box: of the box without its own header, that is the
         * description box and the content (as c2pa-rs computes it for assertions and manifests).
         */
        public byte[] digest(String algorithm) {
            return Jumbf.digest(algorithm, raw, offset + headerSize, size - headerSize);
        }

        public byte[] bytes() {
            return Arrays.copyOfRange(raw, offset, offset + size);
        }
    }

    /** A content box: its four-character type and where its payload lies. */
    public record ContentBox(int offset, int headerSize, int size, String type) implements Node {
    }

    public static byte[] digest(String algorithm, byte[] data, int from, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance(javaDigestName(algorithm));
            md.update(data, from, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String javaDigestName(String algorithm) {
        return switch (algorithm) {
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new C2paException("unsupported hash algorithm '" + algorithm + "'");
        };
    }

    // ---- writing ----

    /** A superbox around already-serialised child boxes. */
    public static byte[] superBox(byte[] contentType, String label, byte[]... children) {
        byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream description = new ByteArrayOutputStream();
        description.writeBytes(contentType);
        description.write(TOGGLES);
        description.writeBytes(labelBytes);
        description.write(0);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(box("jumd", description.toByteArray()));
        for (byte[] child : children) {
            payload.writeBytes(child);
        }
        return box("jumb", payload.toByteArray());
    }

    public static byte[] box(String type, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(8 + payload.length);
        out.putInt(8 + payload.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(payload);
        return out.array();
    }

    /** An assertion superbox holding one CBOR content box. */
    public static byte[] cborAssertion(String label, byte[] cbor) {
        return superBox(CBOR, label, box("cbor", cbor));
    }

    // ---- reading ----

    /**
     * Parses a manifest store: one {@code jumb} box that spans all of {@code data}.
     *
     * @param source names the file in error messages
     */
    public static SuperBox parse(byte[] data, Limits limits, String source) {
        int[] count = {0};
        List<Node> nodes = parseBoxes(data, 0, data.length, 1, limits, source, count);
        if (nodes.size() != 1 || !(nodes.getFirst() instanceof SuperBox store)) {
            throw new C2paException(source + ": the manifest store is not a single JUMBF superbox");
        }
        return store;
    }

    private static List<Node> parseBoxes(byte[] data, int from, int to, int depth, Limits limits, String source,
                                         int[] count) {
        if (depth > limits.maxNestingDepth()) {
            throw new LimitExceededException(source, "maxNestingDepth", limits.maxNestingDepth(), depth);
        }
        List<Node> out = new ArrayList<>();
        int offset = from;
        while (offset < to) {
            if (++count[0] > limits.maxEntries()) {
                throw new LimitExceededException(source, "maxEntries", limits.maxEntries(), count[0]);
            }
            if (to - offset < 8) {
                throw new C2paException(source + ": truncated JUMBF box header at offset " + offset);
            }
            ByteBuffer buffer = ByteBuffer.wrap(data);
            long size = Integer.toUnsignedLong(buffer.getInt(offset));
            String type = new String(data, offset + 4, 4, StandardCharsets.ISO_8859_1);
            int headerSize = 8;
            if (size == 1) {
                if (to - offset < 16) {
                    throw new C2paException(source + ": truncated JUMBF box largesize at offset " + offset);
                }
                size = buffer.getLong(offset + 8);
                headerSize = 16;
            } else if (size == 0) {
                size = to - offset;
            }
            if (size < headerSize || size > to - offset) {
                throw new C2paException(source + ": JUMBF box '" + printable(type) + "' at offset " + offset
                        + " declares size " + size + " but " + (to - offset) + " bytes remain");
            }
            int end = offset + (int) size;
            if (type.equals("jumb")) {
                out.add(parseSuperBox(data, offset, headerSize, end, depth, limits, source, count));
            } else {
                out.add(new ContentBox(offset, headerSize, (int) size, type));
            }
            offset = end;
        }
        return out;
    }

    private static SuperBox parseSuperBox(byte[] data, int offset, int headerSize, int end, int depth, Limits limits,
                                          String source, int[] count) {
        List<Node> children = parseBoxes(data, offset + headerSize, end, depth + 1, limits, source, count);
        if (children.isEmpty() || !(children.getFirst() instanceof ContentBox description)
                || !description.type().equals("jumd")) {
            throw new C2paException(source + ": JUMBF superbox at offset " + offset + " has no description box");
        }
        int start = description.offset() + description.headerSize();
        int stop = description.offset() + description.size();
        if (stop - start < 17) {
            throw new C2paException(source + ": JUMBF description box at offset " + description.offset()
                    + " is shorter than its 17 fixed bytes");
        }
        byte[] contentType = Arrays.copyOfRange(data, start, start + 16);
        int toggles = data[start + 16] & 0xFF;
        String label = "";
        if ((toggles & 0x02) != 0) {
            int nul = start + 17;
            while (nul < stop && data[nul] != 0) {
                nul++;
            }
            if (nul == stop) {
                throw new C2paException(source + ": JUMBF label at offset " + (start + 17) + " is not terminated");
            }
            label = new String(data, start + 17, nul - start - 17, StandardCharsets.UTF_8);
        }
        return new SuperBox(offset, headerSize, end - offset, contentType, toggles, label,
                List.copyOf(children.subList(1, children.size())), data);
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 32 && c < 127) ? type
                : "\\x" + HexFormat.of().formatHex(type.getBytes(StandardCharsets.ISO_8859_1));
    }
}
