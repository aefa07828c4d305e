package io.auteur.provenance.watermark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 256-bit secret that places and signs the watermark. Without it the pattern is indistinguishable from noise,
 * and detection with another key finds nothing (the false-positive bound in {@link Detection} holds for any key
 * that is not the embedding key).
 */
public final class WatermarkKey {
    public static final int SIZE_BYTES = 32;
    private final byte[] secret;

    private WatermarkKey(byte[] secret) {
        this.secret = secret;
    }

    /** Exactly 32 bytes of secret. */
    public static WatermarkKey of(byte[] secret) {
        if (secret == null || secret.length != SIZE_BYTES) {
            throw new WatermarkException("a watermark key is " + SIZE_BYTES + " bytes (256 bits), got "
                    + (secret == null ? "none" : secret.length + " bytes"));
        }
        return new WatermarkKey(secret.clone());
    }

    /** A fresh random key. */
    public static WatermarkKey generate(SecureRandom random) {
        byte[] secret = new byte[SIZE_BYTES];
        random.nextBytes(secret);
        return new WatermarkKey(secret);
    }

    /**
     * Reads a key file: either 32 raw bytes, or 64 hexadecimal digits (surrounding white space ignored).
     */
    public static WatermarkKey read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WatermarkException(file + ": no such key file");
        }
        byte[] bytes;
        try {
            if (Files.size(file) > 1024) {
                throw new WatermarkException(file + ": a key file holds 32 bytes or 64 hex digits, this one is "
                        + Files.size(file) + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new WatermarkException(file + ": cannot read the key file (" + e.getMessage() + ")", e);
        }
        if (bytes.length == SIZE_BYTES) {
            return new WatermarkKey(bytes);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        if (text.length() == 2 * SIZE_BYTES && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return new WatermarkKey(HexFormat.of().parseHex(text));
        }
        throw new WatermarkException(file + ": a key file holds 32 raw bytes or 64 hex digits; found "
                + bytes.length + " bytes that are neither");
    }

    /** Writes the key as 64 hex digits, readable only by the owner where the file system allows it. */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the platform's default permissions apply
            }
        } catch (IOException e) {
            throw new WatermarkException(file + ": cannot write the key file (" + e.getMessage() + ")", e);
        }
    }

    byte[] secret() {
        return secret.clone();
    }

    /** A short public fingerprint (first 8 bytes of SHA-256 of the key), to tell keys apart without revealing them. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WatermarkKey key && MessageDigest.isEqual(secret, key.secret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return "WatermarkKey[" + fingerprint() + "]";
    }
}
