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
        // Not a token: reported as c2pa-rs reports it, informational, and the claim stays valid.
        assertThat(codes(report.informational())).containsExactly("timeStamp.malformed");
        assertThat(report.state()).isEqualTo(ValidationState.VALID);
    }

    @Test
    void aTokenFromARealAuthorityIsValidatedButItsTimeCountsOnlyWhenTheAuthorityIsTrusted() throws Exception {
        try (LocalTimestampAuthority tsa = LocalTimestampAuthority.start()) {
            Path out = signWithAuthority(tsa, TimestampClient.http(java.time.Duration.ofSeconds(10)), "out.png");
            assertThat(tsa.requests()).isEqualTo(1);

            ValidationReport untrusted = C2pa.withDefaults().read(out).orElseThrow();
            assertThat(untrusted.state()).isEqualTo(ValidationState.VALID);
            assertThat(untrusted.failureCodes()).containsExactly("signingCredential.untrusted");
            assertThat(untrusted.successCodes()).contains("timeStamp.validated").doesNotContain("timeStamp.trusted");
            assertThat(codes(untrusted.informational())).containsExactly("timeStamp.untrusted");

            ValidationReport trusted = C2pa.withDefaults().withTrustAnchors(TrustAnchors.none().plus(tsa.caCertificate()))
                    .read(out).orElseThrow();
            assertThat(trusted.successCodes()).contains("timeStamp.validated", "timeStamp.trusted");
            assertThat(trusted.informational()).isEmpty();

            // In 2040 the test signing certificate (valid until 2030) has expired: a trusted time stamp from
            // today shows it was valid when the claim was signed; an untrusted one proves nothing.
            java.time.Clock in2040 = java.time.Clock.fixed(java.time.Instant.parse("2040-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
            ValidationReport later = new C2pa(io.auteur.media.Limits.DEFAULT, TrustAnchors.none().plus(tsa.caCertificate()),
                    in2040).read(out).orElseThrow();
            assertThat(later.failureCodes()).containsExactly("signingCredential.untrusted");
            assertThat(later.successCodes()).contains("claimSignature.insideValidity", "timeStamp.trusted");
            ValidationReport laterUntrusted = new C2pa(io.auteur.media.Limits.DEFAULT, TrustAnchors.none(), in2040)
                    .read(out).orElseThrow();
            assertThat(laterUntrusted.failureCodes()).contains("signingCredential.expired");
        }
    }

    @Test
    void theReferenceValidatorAcceptsTheTimestampedFile() throws Exception {
        try (LocalTimestampAuthority tsa = LocalTimestampAuthority.start()) {
            Path out = signWithAuthority(tsa, TimestampClient.http(java.time.Duration.ofSeconds(10)), "out.png");
            ReferenceValidator.Verdict verdict = ReferenceValidator.check(out);
            String json = verdict.json().toString();
            assertThat(verdict.exitCode()).as(json).isZero();
            assertThat(verdict.state()).as(json).isEqualTo("Valid");
            assertThat(verdict.failures()).as(json).containsExactly("signingCredential.untrusted");
            assertThat(texts(verdict.json().path("successes"))).as(json).contains("timeStamp.validated", "claimSignature.validated")
                    .doesNotContain("timeStamp.trusted");
            // c2pa-rs checks the TSA against its trust list too: ours chains to no anchor, which is informational.
            assertThat(texts(verdict.json().path("informational"))).as(json)
                    .containsExactlyInAnyOrder("signingCredential.ocsp.skipped", "timeStamp.untrusted");
        }
    }

    @Test
    void aTamperedTokenIsReportedByBothValidators() throws Exception {
        try (LocalTimestampAuthority tsa = LocalTimestampAuthority.start()) {
            List<byte[]> issued = new ArrayList<>();
            TimestampClient http = TimestampClient.http(java.time.Duration.ofSeconds(10));
            Path out = signWithAuthority(tsa, (authority, digest) -> {
                byte[] token = http.timestamp(authority, digest);
                issued.add(token);
                return token;
            }, "out.jpg");
            byte[] file = Files.readAllBytes(out);
            byte[] token = issued.getFirst();
            int at = indexOf(file, token);
            assertThat(at).isPositive();
            // Change one byte of the message imprint inside the signed TSTInfo: the token's signed digest no
            // longer matches its content.
            byte[] imprint = new org.bouncycastle.tsp.TimeStampToken(new org.bouncycastle.cms.CMSSignedData(token))
                    .getTimeStampInfo().getMessageImprintDigest();
            int imprintAt = indexOf(token, imprint);
            assertThat(imprintAt).isPositive();
            file[at + imprintAt] ^= 0x01;
            // A JPEG, whose APP11 segments carry no checksum that would catch the change first (PNG chunks do).
            Path tampered = dir.resolve("tampered.jpg");
            Files.write(tampered, file);

            ValidationReport ours = C2pa.withDefaults().read(tampered).orElseThrow();
            assertThat(ours.successCodes()).doesNotContain("timeStamp.validated");
            assertThat(codes(ours.informational())).containsExactly("timeStamp.mismatch");
            // The claim signature does not cover its unprotected header: the claim itself is still valid.
            assertThat(ours.failureCodes()).containsExactly("signingCredential.untrusted");

            ReferenceValidator.Verdict verdict = ReferenceValidator.check(tampered);
            String json = verdict.json().toString();
            assertThat(texts(verdict.json().path("informational"))).as(json).contains("timeStamp.mismatch");
            assertThat(texts(verdict.json().path("successes"))).as(json).doesNotContain("timeStamp.validated");
        }
    }

    @Test
    void aGenuineTokenForOtherBytesIsAMismatch() throws Exception {
        try (LocalTimestampAuthority tsa = LocalTimestampAuthority.start()) {
            TimestampClient http = TimestampClient.http(java.time.Duration.ofSeconds(10));
            // The authority signs a real token, but over the digest of something else than the signature.
            Path out = signWithAuthority(tsa, (authority, digest) -> {
                byte[] other = digest.clone();
                other[0] ^= 0x55;
                return http.timestamp(authority, other);
            }, "out.png");
            ValidationReport ours = C2pa.withDefaults().read(out).orElseThrow();
            assertThat(codes(ours.informational())).containsExactly("timeStamp.mismatch");
            assertThat(ours.successCodes()).doesNotContain("timeStamp.validated");

            ReferenceValidator.Verdict verdict = ReferenceValidator.check(out);
            String json = verdict.json().toString();
            assertThat(texts(verdict.json().path("informational"))).as(json).contains("timeStamp.mismatch");
        }
    }

    @Test
    void theRealVersion1TimestampsOfTheReferenceFixturesValidate() {
        // C.jpg carries a sigTst (v1) token from a commercial TSA over its 1.x claim.
        ValidationReport report = C2pa.withDefaults().read(Shared.fixture("C.jpg")).orElseThrow();
        assertThat(report.successCodes()).contains("timeStamp.validated");
        assertThat(report.informational()).isEmpty();
    }

    private Path signWithAuthority(LocalTimestampAuthority tsa, TimestampClient client, String name) {
        Path out = dir.resolve(name);
        new C2pa(io.auteur.media.Limits.DEFAULT, TrustAnchors.none(), java.time.Clock.systemUTC(), client)
                .sign(TestMedia.image(dir, "in-" + name, name.substring(name.lastIndexOf('.') + 1)), out, ManifestDefinition.generated("Still", "m", "1"),
                        Shared.testSigner(SigningAlgorithm.ES256).withTimestampAuthority(tsa.url()));
        return out;
    }

    private static List<String> codes(List<ValidationStatus> statuses) {
        return statuses.stream().map(ValidationStatus::code).toList();
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
