package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.media.container.Bmff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4EmbeddingTest {
    @TempDir
    Path dir;

    @Test
    void theC2paBoxFollowsFtypAndTheSignedVideoStillDecodesToTheSameFrames() throws Exception {
        Path in = TestMedia.mp4(dir, "in.mp4", 64, 48, 10);
        Path out = dir.resolve("out.mp4");
        C2pa.withDefaults().sign(in, out, ManifestDefinition.generated("Shot", "tiny-dit", "1.0"),
                Shared.testSigner(SigningAlgorithm.ES256));
        Bmff signed = Bmff.parse(Files.readAllBytes(out), Limits.DEFAULT, "out.mp4");
        assertThat(signed.boxes().get(0).type()).isEqualTo("ftyp");
        assertThat(signed.boxes().get(1).type()).isEqualTo("uuid");
        Clip before = Video.read(in, Limits.DEFAULT);
        Clip after = Video.read(out, Limits.DEFAULT);
        assertThat(after.frameCount()).isEqualTo(before.frameCount());
        for (int f = 0; f < before.frameCount(); f++) {
            assertThat(after.frameRgb(f)).as("frame " + f).isEqualTo(before.frameRgb(f));
        }
    }

    @Test
    void resigningReplacesTheOldManifestAndKeepsItAsTheParentIngredient() throws Exception {
        Signer signer = Shared.testSigner(SigningAlgorithm.ES256);
        C2pa c2pa = C2pa.withDefaults();
        Path first = dir.resolve("first.mp4");
        c2pa.sign(TestMedia.mp4(dir, "in.mp4", 64, 48, 6), first, ManifestDefinition.generated("Shot", "tiny-dit", "1.0"), signer);
        Path second = dir.resolve("second.mp4");
        c2pa.sign(first, second, ManifestDefinition.editOf("Shot, in-painted", Ingredient.of(first, Relationship.PARENT_OF),
                "tiny-dit", "1.1"), signer);
        Bmff signed = Bmff.parse(Files.readAllBytes(second), Limits.DEFAULT, "second.mp4");
        assertThat(signed.boxes().stream().filter(b -> b.type().equals("uuid")).count()).isEqualTo(1);

        ValidationReport report = c2pa.read(second).orElseThrow();
        assertThat(report.state()).isEqualTo(ValidationState.VALID);
        assertThat(report.manifests()).hasSize(2);
        ManifestSummary active = report.active();
        assertThat(active.title()).contains("Shot, in-painted");
        assertThat(active.claimVersion()).isEqualTo(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> ingredient = (Map<String, Object>) active.assertion("c2pa.ingredient.v3").orElseThrow();
        assertThat(ingredient).containsEntry("relationship", "parentOf").containsKey("activeManifest");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> actions = (List<Map<String, Object>>) ((Map<String, Object>) active.assertion("c2pa.actions.v2").orElseThrow()).get("actions");
        assertThat(actions.get(0)).containsEntry("action", "c2pa.opened");
        assertThat(actions.get(1).get("digitalSourceType").toString()).endsWith("compositeWithTrainedAlgorithmicMedia");

        ReferenceValidator.Verdict reference = ReferenceValidator.check(second);
        assertThat(reference.state()).as(reference.json().toString()).isEqualTo("Valid");
        assertThat(reference.json().path("manifests").asInt()).isEqualTo(2);
    }

    @Test
    void aFragmentedMp4IsSignedValidForBothValidatorsAndStillDecodes() throws Exception {
        Path in = TestMedia.fragmentedMp4(dir, "frag.mp4", 64, 48, 12);
        Bmff original = Bmff.parse(Files.readAllBytes(in), Limits.DEFAULT, "frag.mp4");
        assertThat(original.find("moof")).as("the input is fragmented").hasSizeGreaterThan(1);
        Path out = dir.resolve("frag-signed.mp4");
        C2pa.withDefaults().sign(in, out, ManifestDefinition.generated("Fragmented", "tiny-dit", "1.0"),
                Shared.testSigner(SigningAlgorithm.ES256));
        ValidationReport ours = C2pa.withDefaults().read(out).orElseThrow();
        assertThat(ours.state()).isEqualTo(ValidationState.VALID);
        ReferenceValidator.Verdict reference = ReferenceValidator.check(out);
        assertThat(reference.state()).as(reference.json().toString()).isEqualTo("Valid");
        assertThat(reference.failures()).containsExactly("signingCredential.untrusted");
        Clip before = Video.read(in, Limits.DEFAULT);
        Clip after = Video.read(out, Limits.DEFAULT);
        assertThat(after.frameCount()).isEqualTo(before.frameCount());
        assertThat(after.frameRgb(after.frameCount() - 1)).isEqualTo(before.frameRgb(before.frameCount() - 1));
    }
}
