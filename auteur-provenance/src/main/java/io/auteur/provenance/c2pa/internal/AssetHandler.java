package io.auteur.provenance.c2pa.internal;

import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.C2paException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * How one container format stores a C2PA manifest store: where it is read from, and how a file is rewritten with
 * a new one together with the hard binding that covers everything else.
 */
public interface AssetHandler {
    /** The MIME type written as dc:format, e.g. "video/mp4". */
    String mimeType();

    /** The manifest store embedded in the file, if any. */
    Optional<byte[]> readManifestStore(Path file, Limits limits);

    /**
     * Where the manifest store lies in the file, container framing included (start, length), for checking that
     * a data hash excludes exactly it; empty when the file has none or the format has no such range.
     */
    default Optional<RangeHasher.Range> manifestLocation(Path file, Limits limits) {
        return Optional.empty();
    }

    /** Reads the file (dropping any manifest store it has) to write it again with a new one. */
    Embedding prepare(Path file, Limits limits);

    /** A file about to be written with a manifest store of a size known before its content. */
    interface Embedding {
        /** The label of the hard-binding assertion, e.g. "c2pa.hash.data". */
        String bindingLabel();

        /**
         * The hard-binding assertion for a manifest store of exactly {@code storeSize} bytes. With
         * {@code computeHash} false the hash is zeros of the right length, to size the store before hashing.
         */
        Map<String, Object> binding(int storeSize, String algorithm, boolean computeHash);

        /** Writes the file with {@code store} embedded; must be called with a store of the size last bound. */
        void write(byte[] store, Path out);
    }

    /** The handler for a file, chosen by its first bytes (then its extension). */
    static AssetHandler forFile(Path file) {
        byte[] head = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new C2paException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (n >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return new JpegHandler();
        }
        if (n >= 8 && Arrays.equals(head, 0, 4, new byte[]{(byte) 0x89, 'P', 'N', 'G'}, 0, 4)) {
            return new PngHandler();
        }
        if (n >= 8) {
            String type = new String(head, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (type.equals("ftyp") || type.equals("moov") || type.equals("uuid") || type.equals("free")
                    || type.equals("mdat") || type.equals("wide")) {
                String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                return new Mp4Handler(name.endsWith(".mov") ? "video/quicktime" : "video/mp4");
            }
        }
        throw new C2paException(file + ": not a JPEG, PNG or ISO BMFF (MP4/MOV) file");
    }

    static byte[] readBounded(Path file, Limits limits) {
        try {
            long size = Files.size(file);
            if (size > limits.maxFileSizeBytes() || size > Integer.MAX_VALUE - 16) {
                throw new io.auteur.media.LimitExceededException(file.toString(), "maxFileSizeBytes",
                        Math.min(limits.maxFileSizeBytes(), Integer.MAX_VALUE - 16), size);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new C2paException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static void writeAtomically(Path out, byte[] bytes) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path partial = Files.createTempFile(parent, "." + out.getFileName(), ".partial");
            try {
                Files.write(partial, bytes);
                Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new C2paException(out + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** A c2pa.hash.data assertion excluding one range (C2PA specification 9.2). */
    static Map<String, Object> dataHash(long start, long length, String algorithm, byte[] hash) {
        Map<String, Object> exclusion = new java.util.LinkedHashMap<>();
        exclusion.put("start", start);
        exclusion.put("length", length);
        Map<String, Object> assertion = new java.util.LinkedHashMap<>();
        assertion.put("exclusions", java.util.List.of(exclusion));
        assertion.put("name", "jumbf manifest");
        assertion.put("alg", algorithm);
        assertion.put("hash", hash);
        assertion.put("pad", new byte[0]);
        return assertion;
    }
}
