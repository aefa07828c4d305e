package io.auteur.provenance.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FidelityTest {
    /** The block-sum SSIM must equal the mean of every 8x8 window at stride 4 summed directly. */
    @Test
    void blockSumSsimEqualsTheMeanOfDirectlySummedWindows() {
        SplittableRandom random = new SplittableRandom(3);
        for (int[] size : new int[][] {{64, 48}, {37, 29}, {8, 8}, {130, 9}}) {
            int width = size[0], height = size[1];
            float[] a = new float[width * height];
            float[] b = new float[width * height];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (128 + 60 * Math.sin(i * 0.01) + random.nextInt(20));
                b[i] = a[i] + random.nextInt(7) - 3;
            }
            double sum = 0;
            int windows = 0;
            for (int y0 = 0; y0 + 8 <= height; y0 += 4) {
                for (int x0 = 0; x0 + 8 <= width; x0 += 4) {
                    sum += Fidelity.windowSsim(a, b, width, x0, y0, 8);
                    windows++;
                }
            }
            assertThat(Fidelity.frameSsim(a, b, width, height)).isCloseTo(sum / windows, within(1e-9));
            assertThat(sum / windows).isBetween(0.5, 0.999);
        }
    }

    @Test
    void identicalFramesHaveSsimOne() {
        float[] a = new float[16 * 12];
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 7 * 30;
        }
        assertThat(Fidelity.frameSsim(a, a.clone(), 16, 12)).isCloseTo(1.0, within(1e-12));
        assertThat(Fidelity.frameSsim(a, a.clone(), 6, 32)).isCloseTo(1.0, within(1e-12));
    }
}
