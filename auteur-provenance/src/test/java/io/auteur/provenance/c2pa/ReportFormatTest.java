package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFormatTest {
    @TempDir
    Path dir;

    @Test
    void textAndJsonSayWhoMadeItWithWhichModelAndWhatWasDone() throws Exception {
        Path out = dir.resolve("out.png");
        C2pa.withDefaults().sign(TestMedia.image(dir, "in.png", "png"), out,
                ManifestDefinition.generated("Shot 7", "tiny-dit", "2.1").withAction(VisibleLabel.aiGenerated().action())
                        .withSoftBinding(new SoftBinding("io.auteur.watermark.1", new byte[]{9, 8, 7})),
                Shared.testSigner(SigningAlgorithm.ES256));
        ValidationReport report = C2pa.withDefaults().read(out).orElseThrow();

        String text = ReportFormat.text("out.png", report);
        assertThat(text).contains("out.png: Valid", "Shot 7", "C2PA Signer", "ES256",
                "c2pa.created (trainedAlgorithmicMedia) by Auteur tiny-dit 2.1", "AI-generated",
                "failure:    signingCredential.untrusted");

        JsonNode json = new ObjectMapper().readTree(ReportFormat.json(report));
        assertThat(json.path("state").asText()).isEqualTo("Valid");
        JsonNode assertions = json.path("manifests").get(0).path("assertions");
        assertThat(assertions.path("c2pa.soft-binding").path("blocks").get(0).path("value").asText()).isEqualTo("CQgH");
        assertThat(assertions.path("cawg.training-mining").path("entries").path("cawg.ai_training").path("use").asText())
                .isEqualTo("notAllowed");
    }
}
