package io.auteur.provenance.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.watermark.WatermarkKey;
import io.auteur.provenance.watermark.Watermarker;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The verification desk on the reference fixtures, real footage and bad input (the end-to-end tests are in studio). */
class VerifierTest {
    private static final Watermarker SOME_KEY = new Watermarker(WatermarkKey.generate(new SecureRandom()));

    @TempDir
    Path dir;

    private static Verifier verifier() {
        return new Verifier(C2pa.withDefaults(), Optional.of(SOME_KEY), List.of(), Limits.DEFAULT);
    }

    static Stream<Arguments> fixtures() throws Exception {
        JsonNode verdicts = new ObjectMapper().readTree(SharedFixtures.file("fixtures/c2pa/VERDICTS.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : verdicts.properties()) {
            out.add(Arguments.of(entry.getKey(), entry.getValue()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyReferenceFixtureGetsAVerdictConsistentWithTheReference(String name, JsonNode reference) {
        Path file = SharedFixtures.file("fixtures/c2pa/" + name);
        String state = reference.path("state").asText("");
        String error = reference.path("error").asText("");
        if (error.contains("JumbfNotFound")) {
            Verification verification = verifier().verify(file);
            assertThat(verification.verdict()).isEqualTo(Verdict.NO_PROVENANCE);
            assertThat(verification.headline()).isEqualTo("no provenance found");
            return;
        }
        if (!error.isEmpty()) {
            // The reference rejects the file as a malformed asset; so must we, clearly and by a limit.
            assertThatThrownBy(() -> verifier().verify(file)).isInstanceOf(VerificationException.class)
                    .hasMessageContaining(name).hasMessageContaining("rejected").hasMessageContaining("maxNestingDepth");
            return;
        }
        Verification verification = verifier().verify(file);
        List<String> failures = new ArrayList<>();
        reference.path("failures").forEach(f -> failures.add(f.asText()));
        assertThat(verification.source()).isEqualTo(Verification.CredentialSource.EMBEDDED);
        if (state.equals("Valid") || state.equals("Trusted")) {
            assertThat(verification.verdict()).isEqualTo(Verdict.INTACT);
            assertThat(verification.headline()).endsWith("credentials intact (the signer's certificate is not on the "
                    + "trust list used)").contains("signed by");
        } else if (failures.contains("assertion.dataHash.mismatch") || failures.contains("assertion.bmffHash.mismatch")) {
            assertThat(verification.verdict()).isEqualTo(Verdict.TAMPERED);
            assertThat(verification.headline()).startsWith("tampered: pixels changed after signing");
        } else {
            assertThat(verification.verdict()).isEqualTo(Verdict.TAMPERED);
            assertThat(verification.headline()).startsWith("tampered: the manifest was altered after signing");
        }
        for (String failure : failures) {
            if (!failure.equals("signingCredential.untrusted")) {
                assertThat(verification.findings("credentials." + failure)).as(failure).hasSize(1);
            }
        }
        assertThat(verification.watermark().map(d -> d.found()).orElse(false)).isFalse();
    }

    @Test
    void realFootageHasNoProvenanceAndNoFalseWatermark() throws Exception {
        Path footage = SharedFixtures.file("fixtures/footage/waterfall-720x1280.mp4");
        Verification verification = verifier().verify(footage);
        assertThat(verification.verdict()).isEqualTo(Verdict.NO_PROVENANCE);
        assertThat(verification.headline()).isEqualTo("no provenance found");
        assertThat(verification.watermark()).hasValueSatisfying(d -> assertThat(d.found()).isFalse());
        assertThat(verification.forensics()).hasValueSatisfying(s -> assertThat(s.generatedLike()).isFalse());
        String text = VerificationFormat.text(verification);
        assertThat(text).startsWith(footage + "\nverdict: no provenance found").contains("never decides the verdict")
                .contains("of 12 camera clips");
        JsonNode json = new ObjectMapper().readTree(VerificationFormat.json(verification));
        assertThat(json.path("verdict").asText()).isEqualTo("NO_PROVENANCE");
        assertThat(json.path("watermark").path("found").asBoolean()).isFalse();
        assertThat(json.path("forensics").path("decidesVerdict").asBoolean()).isFalse();
        assertThat(json.path("forensics").path("calibration").path("cameraClips").asInt()).isEqualTo(12);
    }

    @Test
    void badInputIsAClearError() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "these are not the frames you are looking for");
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        Path huge = dir.resolve("huge.mp4");
        try (RandomAccessFile sparse = new RandomAccessFile(huge.toFile(), "rw")) {
            sparse.setLength(Limits.DEFAULT.maxFileSizeBytes() + 1);
        }
        byte[] garbage = new byte[4096];
        new SecureRandom().nextBytes(garbage);
        System.arraycopy("\0\0\0\u0018ftypisom".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, garbage, 0, 12);
        Path fakeMp4 = Files.write(dir.resolve("garbage.mp4"), garbage);

        assertThatThrownBy(() -> verifier().verify(dir.resolve("missing.mp4"))).isInstanceOf(VerificationException.class)
                .hasMessage(dir.resolve("missing.mp4") + ": no such file");
        assertThatThrownBy(() -> verifier().verify(dir)).hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> verifier().verify(empty)).hasMessageContaining("empty.mp4: the file is empty");
        assertThatThrownBy(() -> verifier().verify(huge)).hasMessageContaining("huge.mp4")
                .hasMessageContaining("maxFileSizeBytes");
        assertThatThrownBy(() -> verifier().verify(text)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("notes.mp4").hasMessageContaining("not a video or image Auteur can verify");
        assertThatThrownBy(() -> verifier().verify(fakeMp4)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("garbage.mp4");
    }
}
