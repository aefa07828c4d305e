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
    void theBundledJudgeDoesOnFreshRendersWhatItsCardSays() {
        assertThat(Files.isRegularFile(BUNDLED.resolve(Judge.WEIGHTS)))
                .as("the bundled judge at %s (make it with: auteur judge train --out models/judge)",
                        BUNDLED.toAbsolutePath().normalize())
                .isTrue();
        try (Judge judge = Judge.load(BUNDLED, Device.cpu())) {
            Judge.Evaluation evaluation = judge.evaluate(FRESH_SEEDS, 200, 2, done -> { });
            assertThat(judge.accuracy()).containsOnlyKeys(Attribute.values());
            for (Attribute attribute : Attribute.values()) {
                double measured = evaluation.scores().get(attribute).accuracy(), stated = judge.accuracy().get(attribute);
                // The card's accuracy (1000 clips) holds on 200 new ones, within four binomial standard errors...
                double error = 4 * Math.sqrt(stated * (1 - stated) / 200);
                assertThat(measured).as(attribute + " accuracy against the card").isBetween(stated - error, stated + error);
                // ...and the judge has learned each attribute: well above guessing among its labels.
                assertThat(measured).as(attribute + " above chance").isGreaterThan(1.25 / attribute.labels().size());
                // Untrusted attributes are not scored with (the card lists which are trusted).
                assertThat(judge.trusted(attribute)).isEqualTo(stated >= Judge.TRUSTED_ACCURACY);
            }
        }
    }
}
