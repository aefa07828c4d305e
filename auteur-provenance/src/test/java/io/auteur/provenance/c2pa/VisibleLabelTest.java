package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.Clip;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisibleLabelTest {
    private static Clip grey(int width, int height, int frames) {
        List<byte[]> list = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            byte[] rgb = new byte[width * height * 3];
            java.util.Arrays.fill(rgb, (byte) 128);
            list.add(rgb);
        }
        return Clip.of(list, width, height, 24);
    }

    private static int changedPixels(Clip a, Clip b, int frame, int x0, int y0, int x1, int y1) {
        byte[] before = a.frameRgb(frame);
        byte[] after = b.frameRgb(frame);
        int changed = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int at = (y * a.width() + x) * 3;
                if (before[at] != after[at]) {
                    changed++;
                }
            }
        }
        return changed;
    }

    @Test
    void theLabelChangesOnlyItsCornerInEveryFrame() {
        Clip clip = grey(320, 180, 3);
        Clip labelled = VisibleLabel.aiGenerated().burnInto(clip);
        assertThat(labelled.frameCount()).isEqualTo(3);
        for (int f = 0; f < 3; f++) {
            assertThat(changedPixels(clip, labelled, f, 160, 90, 320, 180)).as("bottom-right, frame " + f).isGreaterThan(500);
            assertThat(changedPixels(clip, labelled, f, 0, 0, 160, 90)).as("top-left, frame " + f).isZero();
        }
        assertThat(changedPixels(clip, VisibleLabel.aiGenerated().burnInto(clip), 0, 0, 0, 320, 180))
                .as("deterministic").isEqualTo(changedPixels(clip, labelled, 0, 0, 0, 320, 180));
    }

    @Test
    void theLabelIsRecordedAsAnActionInTheManifest() {
        Action action = new VisibleLabel("AI-generated", VisibleLabel.Corner.TOP_LEFT).action();
        assertThat(action.action()).isEqualTo("c2pa.edited");
        assertThat(action.parameters()).containsEntry(Action.VISIBLE_LABEL_PARAMETER, "AI-generated")
                .containsEntry("io.auteur.visibleLabelCorner", "top-left");
    }
}
