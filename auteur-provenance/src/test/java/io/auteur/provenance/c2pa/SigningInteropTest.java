package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Files Auteur signs read as Valid in the reference implementation, with only the untrusted-credential finding. */
class SigningInteropTest {
    @TempDir
    Path dir;

    private final C2pa c2pa = C2pa.withDefaults();

    private ReferenceValidator.Verdict assertReferenceAccepts(Path signed, String bindingMatch) {
        ReferenceValidator.Verdict verdict = ReferenceValidator.check(signed);
        String json = verdict.json().toString();
        assertThat(verdict.exitCode()).as(json).isZero();
        assertThat(verdict.state()).as(json).isEqualTo("Valid");
        assertThat(verdict.failures()).as(json).containsExactly("signingCredential.untrusted");
        assertThat(verdict.json().path("successes").toString()).as(json)
                .contains("claimSignature.validated", bindingMatch, "assertion.hashedURI.match");
        return verdict;
    }

    @Test
    void signedJpegIsValidForTheReferenceValidator() {
        Path in = TestMedia.image(dir, "in.jpg", "jpg");
        Path out = dir.resolve("out.jpg");
        c2pa.sign(in, out, ManifestDefinition.generated("A generated still", "tiny-dit", "1.0"), Shared.testSigner(SigningAlgorithm.ES256));
        assertReferenceAccepts(out, "assertion.dataHash.match");
    }

    @Test
    void signedPngIsValidForTheReferenceValidator() {
        Path in = TestMedia.image(dir, "in.png", "png");
        Path out = dir.resolve("out.png");
        c2pa.sign(in, out, ManifestDefinition.generated("A generated still", "tiny-dit", "1.0"), Shared.testSigner(SigningAlgorithm.ES256));
        assertReferenceAccepts(out, "assertion.dataHash.match");
    }

    @Test
    void signedMp4IsValidForTheReferenceValidator() throws Exception {
        Path in = TestMedia.mp4(dir, "in.mp4", 64, 48, 12);
        Path out = dir.resolve("out.mp4");
        c2pa.sign(in, out, ManifestDefinition.generated("A generated shot", "tiny-dit", "1.0"), Shared.testSigner(SigningAlgorithm.ES256));
        assertThat(Files.size(out)).isGreaterThan(Files.size(in));
        assertReferenceAccepts(out, "assertion.bmffHash.match");
    }

    @Test
    void aFileThatAlreadyHadAManifestBecomesAParentIngredientTheReferenceAccepts() throws Exception {
        Path parent = dir.resolve("C.jpg");
        Files.copy(Shared.fixture("C.jpg"), parent);
        Path out = dir.resolve("edited.jpg");
        ManifestDefinition definition = ManifestDefinition.editOf("Edited C", Ingredient.of(parent, Relationship.PARENT_OF),
                "tiny-dit", "1.0");
        c2pa.sign(parent, out, definition, Shared.testSigner(SigningAlgorithm.ES256));
        ReferenceValidator.Verdict verdict = assertReferenceAccepts(out, "assertion.dataHash.match");
        assertThat(verdict.json().path("manifests").asInt()).isEqualTo(2);
    }

    @Test
    void everyAssertionAuteurWritesIsReadByTheReference() throws Exception {
        Path in = TestMedia.mp4(dir, "in.mp4", 64, 48, 6);
        Path reference = TestMedia.image(dir, "reference.png", "png");
        Path previous = dir.resolve("previous.mp4");
        c2pa.sign(in, previous, ManifestDefinition.generated("Shot 1", "tiny-dit", "1.0"), Shared.testSigner(SigningAlgorithm.ES256));
        Path out = dir.resolve("shot2.mp4");
        ManifestDefinition definition = ManifestDefinition.generated("Shot 2", "tiny-dit", "1.0")
                .withIngredient(Ingredient.of(reference, Relationship.INPUT_TO))
                .withIngredient(Ingredient.of(previous, Relationship.COMPONENT_OF))
                .withAction(Action.placed(java.util.List.of(1)))
                .withAction(Action.visibleLabel("AI-generated", "bottom-right"))
                .withSoftBinding(new SoftBinding("io.auteur.watermark.1", new byte[]{1, 2, 3, 4, 5, 6, 7, 8}));
        c2pa.sign(in, out, definition, Shared.testSigner(SigningAlgorithm.ES256));
        assertReferenceAccepts(out, "assertion.bmffHash.match");
        ReferenceValidator.Verdict full = ReferenceValidator.check(out, true);
        com.fasterxml.jackson.databind.JsonNode active = full.json().path("store").path("manifests").path(full.json().path("active").asText());
        assertThat(full.json().path("manifests").asInt()).isEqualTo(2);
        assertThat(active.path("ingredients")).hasSize(2);
        assertThat(active.path("ingredients").get(0).path("relationship").asText()).isEqualTo("inputTo");
        assertThat(active.path("ingredients").get(1).path("relationship").asText()).isEqualTo("componentOf");
        assertThat(active.path("ingredients").get(1).has("active_manifest")).isTrue();
        String actions = active.path("assertions").toString();
        assertThat(actions).contains("trainedAlgorithmicMedia", "Auteur tiny-dit", "c2pa.placed", "AI-generated", "notAllowed");
    }

    @Test
    void aCreatedActionNamingTheModelAndItsDatasetManifestIsValidForTheReference() {
        Path in = TestMedia.image(dir, "in.png", "png");
        Path out = dir.resolve("out.png");
        ManifestDefinition generated = ManifestDefinition.generated("Still", "worlds-tiny", "1");
        String dataset = "sha256:" + "ab".repeat(32);
        ManifestDefinition definition = new ManifestDefinition(generated.title(),
                java.util.List.of(generated.actions().getFirst().withParameters(java.util.Map.of(
                        "io.auteur.model", "worlds-tiny@1", "io.auteur.datasetManifest", dataset))),
                generated.ingredients(), generated.softBinding(), generated.trainingMining());
        c2pa.sign(in, out, definition, Shared.testSigner(SigningAlgorithm.ES256));
        assertReferenceAccepts(out, "assertion.dataHash.match");
        ReferenceValidator.Verdict full = ReferenceValidator.check(out, true);
        String active = full.json().path("store").path("manifests").path(full.json().path("active").asText()).toString();
        assertThat(active).contains("io.auteur.datasetManifest", dataset, "worlds-tiny@1");
        assertThat(c2pa.read(out).orElseThrow().active().assertion("c2pa.actions.v2").orElseThrow().toString())
                .contains(dataset);
    }

    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"ES256", "PS256", "ED25519"})
    void signaturesWithEachTestKeyAreValidForTheReference(SigningAlgorithm algorithm) {
        Path in = TestMedia.image(dir, "in.png", "png");
        Path out = dir.resolve("out-" + algorithm + ".png");
        c2pa.sign(in, out, ManifestDefinition.generated("Still", "tiny-dit", "1.0"), Shared.testSigner(algorithm));
        assertReferenceAccepts(out, "assertion.dataHash.match");
    }

    @Test
    void aManifestLargerThanOneJpegSegmentIsSplitOverApp11SegmentsBothValidatorsReassemble() {
        Path in = TestMedia.image(dir, "in.jpg", "jpg");
        Path out = dir.resolve("big.jpg");
        byte[] payload = new byte[150_000];
        new java.util.Random(7).nextBytes(payload);
        c2pa.sign(in, out, ManifestDefinition.generated("Still", "tiny-dit", "1.0")
                .withSoftBinding(new SoftBinding("io.auteur.watermark.1", payload)), Shared.testSigner(SigningAlgorithm.ES256));
        assertReferenceAccepts(out, "assertion.dataHash.match");
        ValidationReport ours = c2pa.read(out).orElseThrow();
        assertThat(ours.state()).isEqualTo(ValidationState.VALID);
        assertThat(ours.successCodes()).contains("assertion.dataHash.match");
    }

    @Test
    void aSignedMovIsValidForTheReferenceValidator() throws Exception {
        Path mp4 = TestMedia.mp4(dir, "in.mp4", 64, 48, 6);
        Path in = dir.resolve("in.mov");
        Files.copy(mp4, in);
        Path out = dir.resolve("out.mov");
        c2pa.sign(in, out, ManifestDefinition.generated("A generated shot", "tiny-dit", "1.0"), Shared.testSigner(SigningAlgorithm.ES256));
        assertReferenceAccepts(out, "assertion.bmffHash.match");
    }
}
