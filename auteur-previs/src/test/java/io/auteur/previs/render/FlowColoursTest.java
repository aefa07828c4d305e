package io.auteur.previs.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlowColoursTest {
    private static int[] colourOf(float dx, float dy, double max) {
        byte[] rgb = FlowColours.toRgb(new float[] {dx, dy}, 1, 1, max);
        return new int[] {rgb[0] & 0xFF, rgb[1] & 0xFF, rgb[2] & 0xFF};
    }

    @Test
    void stillPixelsAreWhite() {
        assertThat(colourOf(0, 0, 5)).containsExactly(255, 255, 255);
    }

    @Test
    void directionsFollowTheMiddleburyWheel() {
        assertThat(colourOf(5, 0, 5)).as("right is red").containsExactly(255, 0, 0);
        assertThat(colourOf(-5, 0, 5)).as("left is blue-cyan").containsExactly(0, 209, 255);
        int[] up = colourOf(0, -5, 5);
        assertThat(up[2]).as("up is blue-violet").isEqualTo(255);
        assertThat(up[1]).isZero();
        assertThat(colourOf(0, 5, 5)).as("down (y grows downward) is orange-yellow").containsExactly(255, 229, 0);
    }

    @Test
    void saturationGrowsWithMagnitudeAndFlowBeyondTheMaximumDarkens() {
        int[] half = colourOf(2.5f, 0, 5);
        assertThat(half).containsExactly(255, 127, 127);
        int[] beyond = colourOf(10, 0, 5);
        assertThat(beyond).containsExactly(191, 0, 0);
    }

    @Test
    void aMismatchedSizeOrMaximumIsRejected() {
        assertThatThrownBy(() -> FlowColours.toRgb(new float[6], 2, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlowColours.toRgb(new float[8], 2, 2, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutAMaximumTheLargestFlowSaturates() {
        byte[] rgb = FlowColours.toRgb(new float[] {0, 0, 3, 0}, 2, 1);
        assertThat(rgb[3] & 0xFF).isEqualTo(255);
        assertThat(rgb[4] & 0xFF).isZero();
    }
}
