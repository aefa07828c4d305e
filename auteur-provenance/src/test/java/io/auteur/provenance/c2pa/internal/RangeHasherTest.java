package io.auteur.provenance.c2pa.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeHasherTest {
    private static byte[] data(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        return data;
    }

    @Test
    void exclusionsLeaveOutExactlyTheirBytes() throws Exception {
        byte[] data = data(3000);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        expected.update(data, 0, 1000);
        expected.update(data, 1100, 1900);
        byte[] actual = RangeHasher.hash(ByteSource.of(data), "sha256", List.of(new RangeHasher.Range(1000, 100)), List.of());
        assertThat(actual).isEqualTo(expected.digest());
    }

    @Test
    void offsetMarkersHashTheBigEndianPositionBeforeTheByteThereAsBmffV2Requires() throws Exception {
        byte[] data = data(50);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        expected.update(data, 0, 20);
        expected.update(ByteBuffer.allocate(8).putLong(20).array());
        expected.update(data, 20, 30);
        assertThat(RangeHasher.hash(ByteSource.of(data), "sha256", List.of(), List.of(20L))).isEqualTo(expected.digest());
    }

    @Test
    void aMarkerInsideAnExcludedGapIsStillHashedButOneBeforeAllIncludedBytesIsNot() throws Exception {
        byte[] data = data(100);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        expected.update(data, 10, 20);           // [10, 30)
        expected.update(ByteBuffer.allocate(8).putLong(40).array());
        expected.update(data, 60, 40);           // [60, 100)
        byte[] actual = RangeHasher.hash(ByteSource.of(data), "sha256",
                List.of(new RangeHasher.Range(0, 10), new RangeHasher.Range(30, 30)), List.of(0L, 40L));
        assertThat(actual).isEqualTo(expected.digest());
    }
}
