package io.auteur.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.auteur.engine.JudgeReading.Attribute;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The judge committed in models/judge, on previs clips rendered now from seeds it never saw. */
class BundledJudgeTest {
    static final Path BUNDLED = Path.of("..", "models", "judge");
    /** Beyond the training seeds (5,000,000 on) and the card's test seeds (6,000,000 on). */
    static final long FRESH_SEEDS = 7_000_000;

    @Test
    void theBundledJudgeReadsColourAndShapeOfFreshRenders() {
        assertThat(Files.isRegularFile(BUNDLED.resolve(Judge.WEIGHTS)))
                .as("the bundled judge at %s (make it with: auteur judge train --out models/judge)",
                        BUNDLED.toAbsolutePath().normalize())
                .isTrue();
        try (Judge judge = Judge.load(BUNDLED, Device.cpu())) {
            Judge.Evaluation evaluation = judge.evaluate(FRESH_SEEDS, 64, 2, done -> { });
            assertThat(evaluation.scores().get(Attribute.COLOUR).accuracy()).isGreaterThanOrEqualTo(0.9);
            assertThat(evaluation.scores().get(Attribute.SHAPE).accuracy()).isGreaterThanOrEqualTo(0.9);
            assertThat(judge.accuracy()).containsOnlyKeys(Attribute.values());
        }
    }
}
