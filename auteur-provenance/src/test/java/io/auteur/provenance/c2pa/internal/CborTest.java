package io.auteur.provenance.c2pa.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.provenance.c2pa.C2paException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CborTest {
    @Test
    void encodesWithDefiniteLengthsInTheShortestFormAsRfc8949Appendix() {
        // Examples from RFC 8949 appendix A.
        assertThat(HexFormat.of().formatHex(Cbor.encode(1000000L))).isEqualTo("1a000f4240");
        assertThat(HexFormat.of().formatHex(Cbor.encode(-1000L))).isEqualTo("3903e7");
        assertThat(HexFormat.of().formatHex(Cbor.encode("IETF"))).isEqualTo("6449455446");
        assertThat(HexFormat.of().formatHex(Cbor.encode(List.of(1L, List.of(2L, 3L))))).isEqualTo("8201820203");
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("a", 1L);
        map.put("b", List.of(2L, 3L));
        assertThat(HexFormat.of().formatHex(Cbor.encode(map))).isEqualTo("a26161016162820203");
        assertThat(HexFormat.of().formatHex(Cbor.encode(new Cbor.Tagged(18, new byte[]{1})))).isEqualTo("d24101");
    }

    @Test
    void decodesWhatItEncodes() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("text", "héllo");
        map.put("bytes", new byte[]{1, 2, 3});
        map.put("list", List.of(1L, -5L, true));
        map.put("nested", Map.of("x", 4294967296L));
        Map<String, Object> decoded = Cbor.map(Cbor.decode(Cbor.encode(map), 8, 100, "test"), "test");
        assertThat(decoded.get("text")).isEqualTo("héllo");
        assertThat((byte[]) decoded.get("bytes")).containsExactly(1, 2, 3);
        assertThat(decoded.get("list")).isEqualTo(List.of(1L, -5L, true));
        assertThat(decoded.get("nested")).isEqualTo(Map.of("x", 4294967296L));
    }

    @Test
    void integerMapKeysAsInCoseHeadersDecodeAsTheirDecimalText() {
        Map<Object, Object> header = new LinkedHashMap<>();
        header.put(1, -7);
        assertThat(Cbor.map(Cbor.decode(Cbor.encode(header), 8, 100, "t"), "t")).containsEntry("1", -7L);
    }

    @Test
    void rejectsDeepNestingTooManyItemsTruncationAndTrailingBytes() {
        byte[] deep = new byte[100];
        java.util.Arrays.fill(deep, (byte) 0x81);
        assertThatThrownBy(() -> Cbor.decode(deep, 32, 1000, "deep")).isInstanceOf(C2paException.class).hasMessageContaining("deep");
        assertThatThrownBy(() -> Cbor.decode(Cbor.encode(List.of(1L, 2L, 3L, 4L)), 8, 3, "many"))
                .isInstanceOf(C2paException.class).hasMessageContaining("more than 3");
        assertThatThrownBy(() -> Cbor.decode(HexFormat.of().parseHex("5a00001000aa"), 8, 10, "truncated"))
                .isInstanceOf(C2paException.class);
        assertThatThrownBy(() -> Cbor.decode(HexFormat.of().parseHex("0101"), 8, 10, "trailing"))
                .isInstanceOf(C2paException.class).hasMessageContaining("trailing");
    }
}
