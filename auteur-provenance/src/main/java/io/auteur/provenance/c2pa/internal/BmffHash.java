package io.auteur.provenance.c2pa.internal;

import io.auteur.provenance.c2pa.C2paException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BMFF hard binding (C2PA specification, c2pa.hash.bmff.v2/v3): the file is hashed minus the boxes the
 * exclusion list names by xpath; for v2 and v3 each top-level box that is not wholly excluded also contributes its
 * file offset, so the boxes cannot be reordered.
 */
public final class BmffHash {
    public static final String LABEL = "c2pa.hash.bmff.v3";

    private BmffHash() {
    }

    /** The exclusions Auteur writes: the C2PA box itself, ftyp (brands may change) and mfra (random access index). */
    public static List<Object> standardExclusions() {
        Map<String, Object> c2pa = new LinkedHashMap<>();
        c2pa.put("xpath", "/uuid");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("offset", 8L);
        data.put("value", BmffIndex.C2PA_UUID.clone());
        c2pa.put("data", List.of(data));
        return List.of(c2pa, Map.of("xpath", "/ftyp"), Map.of("xpath", "/mfra"));
    }

    public static Map<String, Object> assertion(List<Object> exclusions, String algorithm, byte[] hash) {
        Map<String, Object> assertion = new LinkedHashMap<>();
        assertion.put("exclusions", exclusions);
        assertion.put("alg", algorithm);
        assertion.put("hash", hash);
        assertion.put("name", "jumbf manifest");
        return assertion;
    }

    /** Whether the label is a BMFF hash whose top-level box offsets are hashed (version 2 or later). */
    public static boolean hashesOffsets(String label) {
        return !label.equals("c2pa.hash.bmff") && !label.startsWith("c2pa.hash.bmff__");
    }

    public static byte[] compute(ByteSource data, List<BmffIndex.Node> topLevel, List<Object> exclusions,
                                 String algorithm, boolean offsets) {
        List<BmffIndex.Node> all = BmffIndex.flatten(topLevel);
        List<RangeHasher.Range> ranges = new ArrayList<>();
        List<Long> markers = new ArrayList<>(topLevel.stream().map(BmffIndex.Node::offset).toList());
        for (Object item : exclusions) {
            Map<String, Object> exclusion = Cbor.map(item, "bmff exclusion");
            String xpath = Cbor.text(exclusion.get("xpath"), "bmff exclusion xpath");
            for (BmffIndex.Node box : all) {
                if (!box.path().equals(xpath) || !matches(data, box, exclusion)) {
                    continue;
                }
                Object subset = exclusion.get("subset");
                if (subset != null) {
                    for (Object s : Cbor.list(subset, "bmff exclusion subset")) {
                        Map<String, Object> part = Cbor.map(s, "bmff exclusion subset entry");
                        long offset = Cbor.integer(part.get("offset"), "subset offset");
                        long length = Cbor.integer(part.get("length"), "subset length");
                        if (offset > box.size()) {
                            continue;
                        }
                        long partLength = length == 0 ? box.size() - offset : Math.min(length, box.size() - offset);
                        ranges.add(new RangeHasher.Range(box.offset() + offset, partLength));
                    }
                } else {
                    ranges.add(new RangeHasher.Range(box.offset(), box.size()));
                    markers.remove(Long.valueOf(box.offset()));
                }
            }
        }
        return RangeHasher.hash(data, algorithm, ranges, offsets ? markers : List.of());
    }

    private static boolean matches(ByteSource data, BmffIndex.Node box, Map<String, Object> exclusion) {
        Object length = exclusion.get("length");
        if (length instanceof Long l && l != box.size()) {
            return false;
        }
        Object version = exclusion.get("version");
        if (version instanceof Long v && v != box.version()) {
            return false;
        }
        Object flags = exclusion.get("flags");
        if (flags instanceof byte[] f && f.length >= 3) {
            int wanted = ((f[0] & 0xFF) << 16) | ((f[1] & 0xFF) << 8) | (f[2] & 0xFF);
            boolean exact = !(exclusion.get("exact") instanceof Boolean b) || b;
            if (exact ? wanted != box.flags() : (wanted | box.flags()) != wanted) {
                return false;
            }
        }
        Object dataList = exclusion.get("data");
        if (dataList != null) {
            for (Object d : Cbor.list(dataList, "bmff exclusion data")) {
                Map<String, Object> entry = Cbor.map(d, "bmff exclusion data entry");
                long offset = Cbor.integer(entry.get("offset"), "data offset");
                byte[] value = Cbor.bytes(entry.get("value"), "data value");
                if (offset < 0 || offset + value.length > box.size()) {
                    return false;
                }
                if (!Arrays.equals(value, data.read(box.offset() + offset, value.length))) {
                    return false;
                }
            }
        }
        return true;
    }

    static void requireHash(Map<String, Object> assertion) {
        if (!(assertion.get("hash") instanceof byte[])) {
            throw new C2paException("bmff hash assertion has no hash (Merkle trees are not supported)");
        }
    }
}
