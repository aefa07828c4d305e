package io.auteur.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClipTest {
    private final Clip clip = TestClips.movingGradient(32, 24, 6, 8);

    @Test
    void frameRangeViewSharesPixelsWithoutCopying() {
        Clip view = clip.frames(2, 5);
        assertThat(view.frameCount()).isEqualTo(3);
        assertThat(view.frameRgb(0)).isEqualTo(clip.frameRgb(2));
        assertThat(view.durationSeconds()).isEqualTo(3 / 8.0);
    }

    @Test
    void cropViewReadsTheRectangleOfEveryFrame() {
        Clip crop = clip.crop(5, 3, 10, 7).frames(1, 4);
        assertThat(crop.width()).isEqualTo(10);
        assertThat(crop.height()).isEqualTo(7);
        for (int t = 0; t < crop.frameCount(); t++) {
            for (int y = 0; y < 7; y++) {
                for (int x = 0; x < 10; x++) {
                    for (int c = 0; c < 3; c++) {
                        assertThat(crop.sample(t, x, y, c)).isEqualTo(clip.sample(t + 1, x + 5, y + 3, c));
                    }
                }
            }
        }
        byte[] copy = crop.frameRgb(0);
        assertThat(copy).hasSize(10 * 7 * 3);
        assertThat(copy[0] & 0xff).isEqualTo(clip.sample(1, 5, 3, 0));
    }

    @Test
    void tensorRoundTripIsExactAndLaidOutFramesChannelsRowsColumns() {
        Clip crop = clip.crop(1, 1, 8, 5);
        float[] tensor = crop.toTensor();
        assertThat(tensor).hasSize(6 * 3 * 5 * 8);
        // frame 2, green channel, row 4, column 7
        int index = 2 * 3 * 40 + 40 + 4 * 8 + 7;
        assertThat(tensor[index]).isEqualTo(crop.sample(2, 7, 4, 1) / 127.5f - 1f);
        Clip back = Clip.fromTensor(tensor, 6, 5, 8, 8);
        for (int t = 0; t < 6; t++) {
            assertThat(back.frameRgb(t)).isEqualTo(crop.frameRgb(t));
        }
    }

    @Test
    void tensorValuesOutsideTheRangeAreClamped() {
        float[] tensor = new float[3];
        tensor[0] = -7f;
        tensor[1] = 0f;
        tensor[2] = 3f;
        Clip pixel = Clip.fromTensor(tensor, 1, 1, 1, 1);
        assertThat(pixel.frameRgb(0)).containsExactly(0, (byte) 128, (byte) 255);
    }

    @Test
    void badShapesAndRangesAreRejectedWithTheirNumbers() {
        assertThatThrownBy(() -> Clip.of(List.of(new byte[5]), 2, 2, 24))
                .hasMessageContaining("frame 0 holds 5 bytes, expected 12");
        assertThatThrownBy(() -> Clip.of(List.of(), 2, 2, 24)).hasMessageContaining("at least one frame");
        assertThatThrownBy(() -> Clip.of(List.of(new byte[12]), 2, 2, 0)).hasMessageContaining("fps");
        assertThatThrownBy(() -> clip.frames(4, 9)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> clip.crop(30, 0, 5, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Clip.fromTensor(new float[10], 1, 2, 2, 8)).hasMessageContaining("1x3x2x2");
    }
}
