package io.auteur.studio.director;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.auteur.media.Clip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FilmReportTest {
    private static final int SIDE = 8;

    private static FilmPlan example() {
        return ShotPlanner.plan(Scripts.read(Path.of("..", "examples", "three-rooms.fountain"), ScriptLimits.DEFAULT),
                ScriptLimits.DEFAULT, 8, 2);
    }

    /** Every frame of shot i is grey level {@code levels[i]}. */
    private static Clip film(FilmPlan plan, int[] levels) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < plan.shots().size(); i++) {
            for (int t = 0; t < plan.shots().get(i).frames(); t++) {
                byte[] rgb = new byte[SIDE * SIDE * 3];
                Arrays.fill(rgb, (byte) levels[i]);
                frames.add(rgb);
            }
        }
        return Clip.of(frames, SIDE, SIDE, plan.fps());
    }

    @Test
    void hardCutsAreEditsNotFlickerButAJumpAtAContinuousCutIs() {
        FilmPlan plan = example();
        int[] levels = new int[plan.shots().size()];
        for (int i = 0; i < levels.length; i++) {   // a new grey at every hard cut, the same across CONTINUOUS ones
            levels[i] = i > 0 && plan.shots().get(i).continuity() == Continuity.CONTINUOUS ? levels[i - 1] : 40 * (i % 5);
        }

        FilmReport seamless = FilmReport.measure(plan, film(plan, levels), "film.mp4", Optional.empty());

        assertThat(seamless.temporalFlicker()).isEqualTo(1.0);
        assertThat(seamless.temporalFlickerAcrossCuts()).isLessThan(0.995);
        int continuous = plan.shots().indexOf(plan.shots().stream()
                .filter(s -> s.continuity() == Continuity.CONTINUOUS).findFirst().orElseThrow());
        levels[continuous] = levels[continuous - 1] + 51;
        FilmReport jump = FilmReport.measure(plan, film(plan, levels), "film.mp4", Optional.empty());
        int pairsWithinRuns = plan.frameCount() - 1 - (int) plan.shots().stream().skip(1)
                .filter(s -> s.continuity() != Continuity.CONTINUOUS).count();
        assertThat(jump.temporalFlicker()).isCloseTo(1 - 51.0 / 255 / pairsWithinRuns, within(1e-9));
    }
}
