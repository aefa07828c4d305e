package io.auteur.provenance.c2pa.internal;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import io.auteur.provenance.c2pa.C2paException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CBOR (RFC 8949) as C2PA uses it. Encoding is done here, with definite lengths and maps in insertion order, so
 * the bytes we sign are exactly the bytes we wrote. Decoding goes through Jackson's strict CBOR parser into plain
 * Java values: {@code Map<String, Object>} (integer keys become their decimal string, as Jackson reports them),
 * {@code List<Object>}, {@code String}, {@code byte[]}, {@code Long} or {@code BigInteger}, {@code Double},
 * {@code Boolean} and {@code null}. Tags are dropped on decode.
 */
public final class Cbor {
    /** A tagged value to encode, e.g. tag 18 around a COSE_Sign1 array (RFC 9052 section 4.2). */
    public record Tagged(long tag, Object value) {
    }

    private Cbor() {
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case null -> out.write(0xF6);
            case Boolean b -> out.write(b ? 0xF5 : 0xF4);
            case Integer i -> writeInteger(out, i.longValue());
            case Long l -> writeInteger(out, l);
            case String s -> {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                head(out, 3, utf8.length);
                out.writeBytes(utf8);
            }
            case byte[] bytes -> {
                head(out, 2, bytes.length);
                out.writeBytes(bytes);
            }
            case List<?> list -> {
                head(out, 4, list.size());
                list.forEach(item -> write(out, item));
            }
            case Map<?, ?> map -> {
                head(out, 5, map.size());
                map.forEach((k, v) -> {
                    write(out, k);
                    write(out, v);
                });
            }
            case Tagged tagged -> {
                head(out, 6, tagged.tag());
                write(out, tagged.value());
            }
            default -> throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as CBOR");
        }
    }

    private static void writeInteger(ByteArrayOutputStream out, long value) {
        if (value >= 0) {
            head(out, 0, value);
        } else {
            head(out, 1, -1 - value);
        }
    }

    /** The initial byte and argument of a data item (RFC 8949 section 3), always in the shortest form. */
    private static void head(ByteArrayOutputStream out, int majorType, long argument) {
        int major = majorType << 5;
        if (argument < 24) {
            out.write(major | (int) argument);
        } else if (argument < 0x100) {
            out.write(major | 24);
            out.write((int) argument);
        } else if (argument < 0x10000) {
            out.write(major | 25);
            out.write((int) (argument >> 8));
            out.write((int) argument);
        } else if (argument < 0x1_0000_0000L) {
            out.write(major | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (argument >> shift));
            }
        } else {
            out.write(major | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (argument >> shift));
            }
        }
    }

    /**
     * Decodes one complete data item; trailing bytes, nesting deeper than {@code maxDepth} or more than
     * {@code maxItems} items are errors.
     *
     * @param source names the structure in error messages
     */
    public static Object decode(byte[] data, int maxDepth, int maxItems, String source) {
        return decode(data, maxDepth, maxItems, source, false);
    }

    /**
     * Decodes the data item at the start of {@code data} and ignores what follows: C2PA Merkle proof boxes are
     * sized for the longest proof and padded with zeros after the CBOR (c2pa-rs writes them so).
     */
    public static Object decodeLeading(byte[] data, int maxDepth, int maxItems, String source) {
        return decode(data, maxDepth, maxItems, source, true);
    }

    private static Object decode(byte[] data, int maxDepth, int maxItems, String source, boolean trailingAllowed) {
        CBORFactory factory = CBORFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxDocumentLength(data.length + 1L)
                        .maxStringLength(Math.max(1, data.length))
                        .maxNumberLength(64)
                        .build())
                .build();
        try (CBORParser parser = factory.createParser(data)) {
            if (parser.nextToken() == null) {
                throw new C2paException(source + ": empty CBOR");
            }
            int[] items = {0};
            Object value = read(parser, maxItems, items, source);
            if (!trailingAllowed && parser.nextToken() != null) {
                throw new C2paException(source + ": trailing bytes after the CBOR item");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof C2paException c) {
                throw c;
            }
            throw new C2paException(source + ": malformed CBOR (" + e.getMessage() + ")", e);
        }
    }

    private static Object read(CBORParser parser, int maxItems, int[] items, String source) throws IOException {
        if (++items[0] > maxItems) {
            throw new C2paException(source + ": CBOR has more than " + maxItems + " items");
        }
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, read(parser, maxItems, items, source));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (parser.currentToken() == null) {
                        throw new C2paException(source + ": truncated CBOR array");
                    }
                    list.add(read(parser, maxItems, items, source));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_EMBEDDED_OBJECT -> {
                Object embedded = parser.getEmbeddedObject();
                yield embedded instanceof byte[] bytes ? bytes : parser.getBinaryValue();
            }
            case VALUE_NUMBER_INT -> {
                Number n = parser.getNumberValue();
                yield n instanceof BigInteger big ? big : (Object) n.longValue();
            }
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new C2paException(source + ": unexpected CBOR token " + token);
        };
    }

    // Accessors that turn a wrong type into a message naming the field.

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new C2paException(what + " is not a CBOR map");
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value, String what) {
        if (value instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new C2paException(what + " is not a CBOR array");
    }

    public static String text(Object value, String what) {
        if (value instanceof String s) {
            return s;
        }
        throw new C2paException(what + " is not a CBOR text string");
    }

    public static byte[] bytes(Object value, String what) {
        if (value instanceof byte[] b) {
            return b;
        }
        throw new C2paException(what + " is not a CBOR byte string");
    }

    public static long integer(Object value, String what) {
        if (value instanceof Long l) {
            return l;
        }
        throw new C2paException(what + " is not a CBOR integer that fits 64 bits");
    }
}
