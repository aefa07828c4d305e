package io.auteur.studio.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.Clip;
import io.auteur.previs.RenderSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The physics measure on previs renders: ballistic motion fits closely, the same frames out of order do not. */
class BallisticsTest {
    private static final RenderSettings SETTINGS = new RenderSettings(64, 64, 8, 16, 2);

    @Test
    void previsFallsAndBouncesFitABallisticPath() {
        List<EvalCase> physics = EvalPlan.drawn(1, 6, SETTINGS).physics();
        assertThat(physics).hasSize(6);
        for (EvalCase c : physics) {
            assertThat(c.prompt()).containsAnyOf("falls", "bounces", "drops");
            Ballistics.Fit fit = Ballistics.fit(Ballistics.rows(c.referenceClip(), c.subject().colour()));
            assertThat(fit.tracked()).as("tracked frames of %s", c.prompt()).isGreaterThanOrEqualTo(14);
            assertThat(fit.rmsPixels()).as("fit residual of %s", c.prompt()).isLessThan(0.5);
        }
    }

    @Test
    void framesOutOfOrderAreNotBallistic() {
        double ordered = 0, shuffled = 0;
        List<EvalCase> physics = EvalPlan.drawn(1, 6, SETTINGS).physics();
        for (EvalCase c : physics) {
            Clip clip = c.referenceClip();
            List<byte[]> frames = new ArrayList<>();
            for (int t : new int[] {0, 8, 3, 12, 1, 15, 6, 10, 2, 14, 5, 9, 4, 13, 7, 11}) {
                frames.add(clip.frameRgb(t));
            }
            Clip jumbled = Clip.of(frames, clip.width(), clip.height(), clip.fps());
            ordered += Ballistics.fit(Ballistics.rows(clip, c.subject().colour())).rmsPixels();
            shuffled += Ballistics.fit(Ballistics.rows(jumbled, c.subject().colour())).rmsPixels();
        }
        assertThat(shuffled).isGreaterThan(4 * ordered);
    }

    @Test
    void aParabolaWithBouncesFitsExactlyAndRestIsFlat() {
        double[] rows = new double[16];
        for (int t = 0; t < 16; t++) {
            // falls from row 10 to 40 by frame 6, bounces under the same gravity, lands at frame 12, then rests
            double g = 30.0 / 36;
            rows[t] = t <= 6 ? 10 + g * t * t : t <= 12 ? 40 - g * 9 + g * (t - 9) * (t - 9) : 40;
        }
        Ballistics.Fit fit = Ballistics.fit(rows);
        assertThat(fit.bounces()).isEqualTo(2);
        assertThat(fit.rmsPixels()).isLessThan(1e-6);
        assertThat(fit.gravity()).isCloseTo(30.0 / 36, org.assertj.core.data.Offset.offset(1e-6));
    }
}
