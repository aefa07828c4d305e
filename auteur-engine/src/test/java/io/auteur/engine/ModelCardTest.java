package io.auteur.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ModelCardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void lineageNamesEachBaseModelsDataAndSaysWhereNoneWasRecorded() throws Exception {
        JsonNode training = JSON.readTree("""
                {"device": "cpu()", "vaeSteps": 0, "denoiserSteps": 10, "validationFlowMatchingLoss": 0.5,
                 "datasetManifest": {"sha256": "aaaa", "kind": "synthetic", "file": "datasets/aaaa.json",
                   "base": {"model": "worlds-tiny", "version": "2", "sha256": "bbbb", "kind": "synthetic",
                     "base": {"model": "worlds-tiny", "version": "1"}}}}
                """);
        JsonNode data = JSON.readTree("""
                {"generator": "auteur-previs/1", "count": 3, "width": 16, "height": 16, "frames": 4, "fps": 8}
                """);

        String card = ModelCard.markdown(ModelConfig.preset("toy"), training, data);

        assertThat(card)
                .contains("- Dataset manifest: sha256 `aaaa` (datasets/aaaa.json in this folder).")
                .contains("- Fine-tuned from worlds-tiny (version 2), trained on dataset manifest sha256 `bbbb` (synthetic).")
                .contains("- Fine-tuned from worlds-tiny (version 1), whose training data manifest was not recorded.")
                .doesNotContain("`?`")
                .contains("Flow-matching validation loss: 0.5000.");
    }
}
