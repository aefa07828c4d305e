package io.auteur.previs.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SkeletonPainterTest {
    /** A standing figure in a unit box, scaled to the image. */
    private static float[] pose(int size, int visibility) {
        double[][] unit = {
            {0.50, 0.12}, {0.47, 0.10}, {0.53, 0.10}, {0.44, 0.11}, {0.56, 0.11},
            {0.40, 0.25}, {0.60, 0.25}, {0.36, 0.40}, {0.64, 0.40}, {0.34, 0.54}, {0.66, 0.54},
            {0.44, 0.55}, {0.56, 0.55}, {0.43, 0.72}, {0.57, 0.72}, {0.43, 0.90}, {0.57, 0.90}};
        float[] keypoints = new float[51];
        for (int k = 0; k < 17; k++) {
            keypoints[3 * k] = (float) (unit[k][0] * size);
            keypoints[3 * k + 1] = (float) (unit[k][1] * size);
            keypoints[3 * k + 2] = visibility;
        }
        return keypoints;
    }

    private static long lit(byte[] rgb) {
        long n = 0;
        for (int i = 0; i < rgb.length; i += 3) {
            n += (rgb[i] | rgb[i + 1] | rgb[i + 2]) != 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void nineteenLimbsInDistinctColoursOnBlack() {
        assertThat(SkeletonPainter.limbCount()).isEqualTo(19);
        byte[] rgb = SkeletonPainter.paint(pose(256, 2), 256, 256, false);
        Set<Integer> colours = new HashSet<>();
        for (int i = 0; i < rgb.length; i += 3) {
            colours.add(((rgb[i] & 0xFF) << 16) | ((rgb[i + 1] & 0xFF) << 8) | (rgb[i + 2] & 0xFF));
        }
        assertThat(rgb[0]).as("corner stays black").isZero();
        // black, 19 limb colours and 17 keypoint colours, some of which coincide in hue
        assertThat(colours.size()).isGreaterThanOrEqualTo(20);
        // the middle of the left shin (keypoints 13 to 15) is painted in its limb's colour
        float[] k = pose(256, 2);
        int x = (int) ((k[39] + k[45]) / 2), y = (int) ((k[40] + k[46]) / 2);
        assertThat(rgb[3 * (y * 256 + x)] | rgb[3 * (y * 256 + x) + 1] | rgb[3 * (y * 256 + x) + 2]).isNotZero();
    }

    @Test
    void keypointsOutOfViewAreNotDrawn() {
        assertThat(lit(SkeletonPainter.paint(pose(128, 0), 128, 128))).isZero();
        assertThat(lit(SkeletonPainter.paint(pose(128, 1), 128, 128))).as("hidden but in view").isPositive();
    }

    @Test
    void lineWidthGrowsWithTheImage() {
        double small = lit(SkeletonPainter.paint(pose(64, 2), 64, 64)) / 64.0;
        double large = lit(SkeletonPainter.paint(pose(512, 2), 512, 512)) / 512.0;
        assertThat(large).as("painted pixels per unit of skeleton length").isGreaterThan(3 * small);
    }

    @Test
    void antiAliasingBlendsTheEdgesOfLines() {
        byte[] hard = SkeletonPainter.paint(pose(128, 2), 128, 128, false);
        byte[] soft = SkeletonPainter.paint(pose(128, 2), 128, 128, true);
        int blendedHard = 0, blendedSoft = 0;
        for (int i = 0; i < hard.length; i += 3) {
            blendedHard += isBlend(hard, i) ? 1 : 0;
            blendedSoft += isBlend(soft, i) ? 1 : 0;
        }
        assertThat(blendedHard).as("without anti-aliasing every pixel is black or a pure palette colour").isZero();
        assertThat(blendedSoft).isGreaterThan(50);
    }

    /** Palette colours are fully saturated and bright: one channel 255 and one 0. Anything else is a blend. */
    private static boolean isBlend(byte[] rgb, int i) {
        int r = rgb[i] & 0xFF, g = rgb[i + 1] & 0xFF, b = rgb[i + 2] & 0xFF;
        int max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
        return max != 0 && (max != 255 || min != 0);
    }

    @Test
    void aPoseMustHaveSeventeenKeypoints() {
        assertThatThrownBy(() -> SkeletonPainter.paint(new float[50], 64, 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("51");
    }
}
