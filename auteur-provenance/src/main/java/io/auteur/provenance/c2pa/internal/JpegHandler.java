package io.auteur.provenance.c2pa.internal;

import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import io.auteur.media.container.Jpeg;
import io.auteur.provenance.c2pa.C2paException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * JPEG: the manifest store is split over APP11 segments in the JPEG XT box format (ISO/IEC 18477-3): each payload
 * is "JP", a 2-byte box instance number, a 4-byte packet sequence number, then (after the first packet) the
 * repeated 8-byte LBox/TBox header of the JUMBF box, then the next piece of the box.
 */
public final class JpegHandler implements AssetHandler {
    private static final int INSTANCE = 0x0211;
    private static final int FIRST_PIECE = Jpeg.MAX_SEGMENT_PAYLOAD - 8;
    private static final int NEXT_PIECE = Jpeg.MAX_SEGMENT_PAYLOAD - 16;

    @Override
    public String mimeType() {
        return "image/jpeg";
    }

    @Override
    public Optional<byte[]> readManifestStore(Path file, Limits limits) {
        Jpeg jpeg = parse(file, limits);
        // Packets of each box instance, by sequence number; the C2PA store is the instance whose box is a jumb
        // with the c2pa content type.
        Map<Integer, TreeMap<Long, byte[]>> instances = new TreeMap<>();
        for (byte[] payload : jpeg.app11Payloads()) {
            if (payload.length < 16 || payload[0] != 'J' || payload[1] != 'P') {
                continue;
            }
            ByteBuffer buffer = ByteBuffer.wrap(payload);
            int instance = buffer.getShort(2) & 0xFFFF;
            long sequence = Integer.toUnsignedLong(buffer.getInt(4));
            instances.computeIfAbsent(instance, k -> new TreeMap<>()).put(sequence, payload);
        }
        for (TreeMap<Long, byte[]> packets : instances.values()) {
            byte[] first = packets.firstEntry().getValue();
            if (!(new String(first, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("jumb"))) {
                continue;
            }
            ByteArrayOutputStream store = new ByteArrayOutputStream();
            boolean isFirst = true;
            for (byte[] packet : packets.values()) {
                int skip = isFirst ? 8 : 16;
                if (packet.length < skip) {
                    throw new C2paException(file + ": APP11 JUMBF packet of " + packet.length + " bytes is too short");
                }
                store.write(packet, skip, packet.length - skip);
                isFirst = false;
            }
            byte[] bytes = store.toByteArray();
            if (bytes.length >= 40 && java.util.Arrays.equals(bytes, 16, 20, new byte[]{'c', '2', 'p', 'a'}, 0, 4)) {
                return Optional.of(bytes);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<RangeHasher.Range> manifestLocation(Path file, Limits limits) {
        Jpeg jpeg = parse(file, limits);
        long offset = 2;
        long first = -1;
        long end = -1;
        for (Jpeg.Segment segment : jpeg.segments()) {
            byte[] payload = segment.payload();
            if (segment.marker() == Jpeg.APP11 && payload.length >= 16 && payload[0] == 'J' && payload[1] == 'P') {
                if (first < 0) {
                    first = offset;
                }
                end = offset + 4 + payload.length;
            }
            offset += 4 + payload.length;
        }
        return first < 0 ? Optional.empty() : Optional.of(new RangeHasher.Range(first, end - first));
    }

    @Override
    public Embedding prepare(Path file, Limits limits) {
        Jpeg stripped = parse(file, limits).withoutApp11();
        byte[] strippedBytes = stripped.toBytes();
        // withApp11 puts the segments after the leading APP0/APP1 segments: that is where the exclusion starts.
        long start = 2;
        for (Jpeg.Segment segment : stripped.segments()) {
            if (segment.marker() != Jpeg.APP0 && segment.marker() != Jpeg.APP1) {
                break;
            }
            start += 4 + segment.payload().length;
        }
        long exclusionStart = start;
        return new Embedding() {
            @Override
            public String bindingLabel() {
                return "c2pa.hash.data";
            }

            @Override
            public Map<String, Object> binding(int storeSize, String algorithm, boolean computeHash) {
                long length = 0;
                for (byte[] payload : packets(new byte[storeSize])) {
                    length += 4 + payload.length;
                }
                // The excluded range is exactly what is inserted, so the rest hashes as the stripped file.
                byte[] hash = computeHash ? Jumbf.digest(algorithm, strippedBytes, 0, strippedBytes.length)
                        : new byte[Jumbf.digest(algorithm, new byte[0], 0, 0).length];
                return AssetHandler.dataHash(exclusionStart, length, algorithm, hash);
            }

            @Override
            public void write(byte[] store, Path out) {
                AssetHandler.writeAtomically(out, stripped.withApp11(packets(store)).toBytes());
            }
        };
    }

    private static List<byte[]> packets(byte[] store) {
        List<byte[]> out = new ArrayList<>();
        int offset = 0;
        long sequence = 1;
        while (offset < store.length || sequence == 1) {
            boolean first = sequence == 1;
            int piece = Math.min(store.length - offset, first ? FIRST_PIECE : NEXT_PIECE);
            ByteBuffer payload = ByteBuffer.allocate((first ? 8 : 16) + piece);
            payload.put((byte) 'J').put((byte) 'P').putShort((short) INSTANCE).putInt((int) sequence);
            if (!first) {
                payload.put(store, 0, 8);
            }
            payload.put(store, offset, piece);
            out.add(payload.array());
            offset += piece;
            sequence++;
        }
        return out;
    }

    private static Jpeg parse(Path file, Limits limits) {
        try {
            return Jpeg.parse(AssetHandler.readBounded(file, limits), limits, file.toString());
        } catch (MediaException e) {
            throw new C2paException(e.getMessage(), e);
        }
    }
}
