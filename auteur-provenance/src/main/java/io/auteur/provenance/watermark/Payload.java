package io.auteur.provenance.watermark;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The 64 bits the watermark carries, e.g. an identifier that links back to the video's C2PA manifest.
 * Written as 16 hexadecimal digits, most significant first.
 */
public record Payload(long bits) {
    public static final int SIZE_BITS = 64;

    /** Parses 16 hex digits (an optional {@code 0x} prefix is accepted). */
    public static Payload fromHex(String hex) {
        if (hex == null) {
            throw new WatermarkException("payload: expected 16 hex digits, got nothing");
        }
        String digits = hex.strip();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        if (digits.length() != 16) {
            throw new WatermarkException("payload \"" + hex + "\": expected 16 hex digits (64 bits), got "
                    + digits.length() + " characters");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new WatermarkException("payload \"" + hex + "\": '" + digits.charAt(i) + "' at position " + i
                        + " is not a hex digit");
            }
        }
        return new Payload(HexFormat.fromHexDigitsToLong(digits));
    }

    public static Payload random(SecureRandom random) {
        return new Payload(random.nextLong());
    }

    /** Bit {@code i}, 0 the most significant. */
    public boolean bit(int i) {
        if (i < 0 || i >= SIZE_BITS) {
            throw new IndexOutOfBoundsException("payload bit " + i + " outside [0, 64)");
        }
        return ((bits >>> (SIZE_BITS - 1 - i)) & 1) == 1;
    }

    /** The number of bits that differ from {@code other}. */
    public int bitErrors(Payload other) {
        return Long.bitCount(bits ^ other.bits);
    }

    public String hex() {
        return HexFormat.of().toHexDigits(bits);
    }

    @Override
    public String toString() {
        return hex();
    }
}
