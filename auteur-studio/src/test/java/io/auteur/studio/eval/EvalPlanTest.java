package io.auteur.studio.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.previs.RenderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalPlanTest {
    private static final RenderSettings SETTINGS = new RenderSettings(32, 32, 8, 8, 1);

    @TempDir
    Path dir;

    @Test
    void theBuiltInSetIsFixedSingleSubjectAndHeldOutFromTraining() {
        EvalPlan a = EvalPlan.drawn(20, 3, SETTINGS), b = EvalPlan.drawn(20, 3, SETTINGS);
        assertThat(a.cases()).extracting(EvalCase::prompt).containsExactlyElementsOf(b.cases().stream().map(EvalCase::prompt).toList());
        assertThat(a.cases()).allSatisfy(c -> {
            assertThat(c.scene().objects()).hasSize(1);
            // the bundled model trains on seeds 1,000,000 to 1,002,999; the judge on 5,000,000 and up
            assertThat(c.seed()).isBetween(EvalPlan.FIRST_SEED, 4_999_999L);
            assertThat(c.truth()).containsKeys("colour", "shape", "motion", "direction", "camera", "action");
        });
        assertThat(a.physics()).allSatisfy(c -> assertThat(c.truth().get("motion")).isIn("fall", "bounce"));
        assertThat(a.generations()).isEqualTo(20 + 7 + 3);
    }

    @Test
    void aPromptFileIsParsedWithLineNumbersInItsErrors() throws Exception {
        Path file = dir.resolve("prompts.txt");
        Files.writeString(file, "# two prompts\na red sphere bounces to the right\n\na blue cube spins\n");
        EvalPlan plan = EvalPlan.fromFile(file, 0, SETTINGS);
        assertThat(plan.cases()).extracting(EvalCase::prompt)
                .containsExactly("a red sphere bounces to the right", "a blue cube spins");
        assertThat(plan.cases().get(0).truth()).containsEntry("colour", "red").containsEntry("motion", "bounce")
                .containsEntry("direction", "right");

        Files.writeString(file, "a red sphere bounces\na red sphere flurbles\n");
        assertThatThrownBy(() -> EvalPlan.fromFile(file, 0, SETTINGS)).isInstanceOf(EvalException.class)
                .hasMessageContaining("line 2").hasMessageContaining("flurbles");
        Files.writeString(file, "a red sphere and a blue cube\n");
        assertThatThrownBy(() -> EvalPlan.fromFile(file, 0, SETTINGS)).hasMessageContaining("exactly one object");
        Files.writeString(file, "# nothing\n\n");
        assertThatThrownBy(() -> EvalPlan.fromFile(file, 0, SETTINGS)).hasMessageContaining("no prompts");
        assertThatThrownBy(() -> EvalPlan.fromFile(dir.resolve("missing.txt"), 0, SETTINGS))
                .hasMessageContaining("no such prompt file");
    }
}
