package io.auteur.provenance.c2pa;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import io.auteur.provenance.c2pa.internal.Cbor;
import io.auteur.provenance.c2pa.internal.Cose;
import io.auteur.provenance.c2pa.internal.Jumbf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer fuzz targets. A normal build runs them on their seed inputs (regression mode); the "fuzz" executions in
 * the pom run each one coverage-guided for a few seconds (JAZZER_FUZZ=1). A typed C2paException or MediaException
 * is the expected answer to garbage; any other exception, a hang or running out of memory is a finding.
 */
class FuzzTargetsTest {
    private static final Limits LIMITS = Limits.DEFAULT.withMaxEntries(10_000).withMaxFileSizeBytes(16L << 20);

    @FuzzTest(maxDuration = "4s")
    void jumbfManifestStore(byte[] data) {
        try {
            Jumbf.SuperBox store = Jumbf.parse(data, LIMITS, "fuzz");
            for (Jumbf.SuperBox manifest : store.superBoxes()) {
                manifest.digest("sha256");
                manifest.superBoxes().forEach(box -> box.content("cbor"));
            }
        } catch (C2paException | MediaException expected) {
            // rejected with a message: fine
        }
    }

    @FuzzTest(maxDuration = "4s")
    void cborAndCoseSign1(byte[] data) {
        try {
            Cbor.decode(data, 32, 100_000, "fuzz");
            Cose.parse(data, 32, 100_000, "fuzz");
        } catch (C2paException expected) {
            // rejected with a message: fine
        }
    }

    @FuzzTest(maxDuration = "4s")
    void containersAndValidation(byte[] data) {
        try {
            Path file = Files.createTempFile("auteur-fuzz", ".bin");
            try {
                Files.write(file, data);
                C2pa.withDefaults().withLimits(LIMITS).read(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (C2paException | MediaException expected) {
            // rejected with a message: fine
        }
    }
}
