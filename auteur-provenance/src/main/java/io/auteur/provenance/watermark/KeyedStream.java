package io.auteur.provenance.watermark;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudo-random numbers derived from the key: HMAC-SHA256(key, label || counter) in counter mode. Without the key
 * the output is indistinguishable from fair coin flips, which is what the false-positive bound assumes.
 */
final class KeyedStream {
    private final Mac mac;
    private final byte[] label;
    private final byte[] block = new byte[32];
    private int used = block.length;
    private long counter;

    KeyedStream(WatermarkKey key, String purpose) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        label = ("auteur-watermark-v1/" + purpose).getBytes(StandardCharsets.US_ASCII);
    }

    int nextByte() {
        if (used == block.length) {
            mac.update(label);
            for (int i = 0; i < 8; i++) {
                mac.update((byte) (counter >>> (8 * i)));
            }
            counter++;
            try {
                mac.doFinal(block, 0);
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalStateException(e);
            }
            used = 0;
        }
        return block[used++] & 0xff;
    }

    boolean nextBit() {
        return (nextByte() & 1) == 1;
    }

    /** Uniform in [0, bound) by rejection, so no index is favoured. */
    int nextInt(int bound) {
        long limit = (1L << 32) - ((1L << 32) % bound);
        while (true) {
            long value = ((long) nextByte() << 24) | (nextByte() << 16) | (nextByte() << 8) | nextByte();
            if (value < limit) {
                return (int) (value % bound);
            }
        }
    }
}
