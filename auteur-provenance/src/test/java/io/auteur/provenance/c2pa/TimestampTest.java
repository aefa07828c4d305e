package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time stamps are requested only when a time-stamping authority is configured; nothing goes on the network otherwise. */
class TimestampTest {
    @TempDir
    Path dir;

    /** Records requests instead of reaching a network the tests do not have. */
    private final List<URI> requests = new ArrayList<>();
    private final TimestampClient recording = (authority, digest) -> {
        requests.add(authority);
        assertThat(digest).hasSize(32);
        return "not-a-real-token".getBytes(StandardCharsets.US_ASCII);
    };

    @Test
    void withoutAnAuthorityNoTimestampIsRequestedOrWritten() throws Exception {
        Path out = dir.resolve("out.png");
        new C2pa(io.auteur.media.Limits.DEFAULT, TrustAnchors.none(), java.time.Clock.systemUTC(), recording)
                .sign(TestMedia.image(dir, "in.png", "png"), out, ManifestDefinition.generated("Still", "m", "1"),
                        Shared.testSigner(SigningAlgorithm.ES256));
        assertThat(requests).isEmpty();
        assertThat(new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1)).doesNotContain("sigTst");
    }

    @Test
    void withAnAuthorityOneTimestampIsRequestedAndEmbeddedWithoutChangingTheLayout() throws Exception {
        Path out = dir.resolve("out.png");
        URI authority = URI.create("http://tsa.example.invalid/tsr");
        new C2pa(io.auteur.media.Limits.DEFAULT, TrustAnchors.none(), java.time.Clock.systemUTC(), recording)
                .sign(TestMedia.image(dir, "in.png", "png"), out, ManifestDefinition.generated("Still", "m", "1"),
                        Shared.testSigner(SigningAlgorithm.ES256).withTimestampAuthority(authority));
        assertThat(requests).containsExactly(authority);
        assertThat(new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1)).contains("sigTst2", "not-a-real-token");
        ValidationReport report = C2pa.withDefaults().read(out).orElseThrow();
        assertThat(report.successCodes()).contains("claimSignature.validated", "assertion.dataHash.match");
    }
}
