package io.auteur.provenance.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnalysisGridTest {
    /**
     * A pooled picture of even fine detail (grey-level noise) with one small patch of label-like contrast (a +-80
     * checker, as sharp white text on a dark box pools): the patch's detail is turned down to about the limit, and
     * the rest of the picture, whose detail is typical, is left as it was.
     */
    @Test
    void onlyTheLocallyLoudestDetailIsTurnedDown() {
        AnalysisGrid grid = new AnalysisGrid(512, 512);
        float[] pooled = new float[512 * 512];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = (float) random.nextGaussian();
        }
        int x0 = 400, y0 = 460, w = 90, h = 30;   // bottom right, where a label goes
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                pooled[y * 512 + x] += ((x / 2 + y / 2) % 2 == 0 ? 80 : -80);
            }
        }
        float[] limited = pooled.clone();

        grid.limitSharpDetail(limited);

        double patchBefore = 0, patchAfter = 0, restChange = 0, rest = 0;
        int patchCells = 0, restCells = 0;
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                int i = y * 512 + x;
                boolean nearPatch = x >= x0 - 16 && x < x0 + w + 16 && y >= y0 - 16 && y < y0 + h + 16;
                if (x >= x0 && x < x0 + w && y >= y0 && y < y0 + h) {
                    patchBefore += pooled[i] * pooled[i];
                    patchAfter += limited[i] * limited[i];
                    patchCells++;
                } else if (!nearPatch) {
                    restChange += (limited[i] - pooled[i]) * (limited[i] - pooled[i]);
                    rest += pooled[i] * pooled[i];
                    restCells++;
                }
            }
        }
        double patchRmsBefore = Math.sqrt(patchBefore / patchCells), patchRmsAfter = Math.sqrt(patchAfter / patchCells);
        assertThat(patchRmsBefore).isGreaterThan(75);
        // the limit is 4x the median local detail (about 1 here): the patch ends up within a few times that
        assertThat(patchRmsAfter).isLessThan(8).isLessThan(patchRmsBefore / 10);
        assertThat(Math.sqrt(restChange / restCells)).isLessThan(0.02 * Math.sqrt(rest / restCells));
    }
}
