package io.auteur.provenance.c2pa.internal;

import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import io.auteur.media.container.Png;
import io.auteur.provenance.c2pa.C2paException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PNG: the manifest store is the data of a {@code caBX} chunk placed before the first IDAT. */
public final class PngHandler implements AssetHandler {
    private static final String CHUNK = "caBX";

    @Override
    public String mimeType() {
        return "image/png";
    }

    @Override
    public Optional<byte[]> readManifestStore(Path file, Limits limits) {
        List<Png.Chunk> chunks = parse(file, limits).chunks(CHUNK);
        return chunks.isEmpty() ? Optional.empty() : Optional.of(chunks.getFirst().data());
    }

    @Override
    public Optional<RangeHasher.Range> manifestLocation(Path file, Limits limits) {
        long offset = 8;
        for (Png.Chunk chunk : parse(file, limits).chunks()) {
            if (chunk.type().equals(CHUNK)) {
                return Optional.of(new RangeHasher.Range(offset, 12L + chunk.data().length));
            }
            offset += 12L + chunk.data().length;
        }
        return Optional.empty();
    }

    @Override
    public Embedding prepare(Path file, Limits limits) {
        Png stripped = parse(file, limits).without(CHUNK);
        byte[] strippedBytes = stripped.toBytes();
        long start = 8;
        for (Png.Chunk chunk : stripped.chunks()) {
            if (chunk.type().equals("IDAT")) {
                break;
            }
            start += 12 + chunk.data().length;
        }
        long exclusionStart = start;
        return new Embedding() {
            @Override
            public String bindingLabel() {
                return "c2pa.hash.data";
            }

            @Override
            public Map<String, Object> binding(int storeSize, String algorithm, boolean computeHash) {
                byte[] hash = computeHash ? Jumbf.digest(algorithm, strippedBytes, 0, strippedBytes.length)
                        : new byte[Jumbf.digest(algorithm, new byte[0], 0, 0).length];
                // The whole chunk is excluded: length, type, data and CRC.
                return AssetHandler.dataHash(exclusionStart, 12L + storeSize, algorithm, hash);
            }

            @Override
            public void write(byte[] store, Path out) {
                AssetHandler.writeAtomically(out, stripped.withChunkBeforeImageData(new Png.Chunk(CHUNK, store)).toBytes());
            }
        };
    }

    private static Png parse(Path file, Limits limits) {
        try {
            return Png.parse(AssetHandler.readBounded(file, limits), limits, file.toString());
        } catch (MediaException e) {
            throw new C2paException(e.getMessage(), e);
        }
    }
}
