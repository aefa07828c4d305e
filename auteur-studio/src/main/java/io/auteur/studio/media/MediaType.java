package io.auteur.studio.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The media the studio accepts, told apart by their first bytes (never by a file name or what a client claims):
 * PNG and JPEG stills, ISO BMFF video (MP4, MOV: a {@code ftyp} box first) and Matroska (an EBML header).
 */
public enum MediaType {
    PNG("image/png", "png", true),
    JPEG("image/jpeg", "jpg", true),
    MP4("video/mp4", "mp4", false),
    QUICKTIME("video/quicktime", "mov", false),
    MATROSKA("video/x-matroska", "mkv", false);

    /** Enough bytes for every signature below. */
    public static final int SNIFF_BYTES = 16;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] EBML_MAGIC = {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3};

    private final String contentType;
    private final String extension;
    private final boolean still;

    MediaType(String contentType, String extension, boolean still) {
        this.contentType = contentType;
        this.extension = extension;
        this.still = still;
    }

    public String contentType() {
        return contentType;
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    public boolean still() {
        return still;
    }

    /** What the first bytes of a file say it is; empty for anything else. */
    public static Optional<MediaType> sniff(byte[] head) {
        if (startsWith(head, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        // JPEG: SOI marker then the start of another marker (ITU T.81 B.1.1.2).
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        // ISO BMFF: a box size, then the type "ftyp", then the major brand (ISO 14496-12 4.3).
        if (head.length >= 12 && new String(head, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) {
            String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
            return Optional.of(brand.equals("qt  ") ? QUICKTIME : MP4);
        }
        if (startsWith(head, EBML_MAGIC)) {
            return Optional.of(MATROSKA);
        }
        return Optional.empty();
    }

    public static Optional<MediaType> sniff(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sniff(in.readNBytes(SNIFF_BYTES));
        }
    }

    private static boolean startsWith(byte[] head, byte[] prefix) {
        return head.length >= prefix.length && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
    }
}
