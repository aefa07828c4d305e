package io.auteur.engine.internal.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.Clip;
import io.auteur.previs.ShotRenderer;
import io.auteur.previs.dataset.SceneSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgeClipsTest {
    static final JudgeConfig TOY = JudgeConfig.preset("toy", Map.of("colour", List.of("red", "blue")));

    /** Frame k is grey level 3k, except columns outside the centred square, which are red. */
    static Clip numbered(int width, int height, int frames, double fps) {
        List<byte[]> out = new ArrayList<>();
        int margin = (width - height) / 2;
        for (int k = 0; k < frames; k++) {
            byte[] rgb = new byte[width * height * 3];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = (y * width + x) * 3;
                    boolean outside = x < margin || x >= width - margin;
                    rgb[i] = (byte) (outside ? 255 : 3 * k);
                    rgb[i + 1] = (byte) (outside ? 0 : 3 * k);
                    rgb[i + 2] = (byte) (outside ? 0 : 3 * k);
                }
            }
            out.add(rgb);
        }
        return Clip.of(out, width, height, fps);
    }

    @Test
    void aLargerFasterWiderClipIsCroppedToItsCentreAndSampledAtTheJudgesTimes() {
        // 128x64 at 24 fps: the judge (32x32, 6 frames at 8 fps) takes every third frame of the centred square.
        byte[] input = JudgeClips.resample(numbered(128, 64, 60, 24), TOY);
        assertThat(input).hasSize(6 * 32 * 32 * 3);
        for (int t = 0; t < 6; t++) {
            for (int i = 0; i < 32 * 32 * 3; i++) {
                assertThat(input[t * 32 * 32 * 3 + i] & 0xff).as("frame %d byte %d", t, i).isEqualTo(9 * t);
            }
        }
    }

    @Test
    void aShortClipHoldsItsLastFrameAndASmallOneIsScaledUp() {
        byte[] input = JudgeClips.resample(numbered(16, 16, 2, 8), TOY);
        int frame = 32 * 32 * 3;
        assertThat(input[0] & 0xff).isZero();
        for (int t = 1; t < 6; t++) {
            assertThat(input[t * frame + frame / 2] & 0xff).isEqualTo(3);
        }
    }

    /**
     * The judge's scenes are the sampler's with only the actor's skin drawn again: from every colour but the
     * clothing's, so a screenplay's black- or green-skinned character is one the judge has seen.
     */
    @Test
    void theJudgesScenesDrawTheActorsSkinFromEveryColourButTheClothings() {
        java.util.Set<io.auteur.previs.NamedColour> skins = java.util.EnumSet.noneOf(io.auteur.previs.NamedColour.class);
        for (long seed = 7_000_000; seed < 7_000_400; seed++) {
            io.auteur.previs.Scene sampled = SceneSampler.sample(seed), judged = JudgeClips.scene(seed);
            assertThat(judged.objects()).isEqualTo(sampled.objects());
            assertThat(judged.camera()).isEqualTo(sampled.camera());
            assertThat(judged.actor().isPresent()).isEqualTo(sampled.actor().isPresent());
            judged.actor().ifPresent(actor -> {
                io.auteur.previs.Actor original = sampled.actor().orElseThrow();
                assertThat(actor.skin()).isNotEqualTo(actor.clothing());
                assertThat(List.of(actor.clothing(), actor.size(), actor.action(), actor.start(), actor.heading()))
                        .isEqualTo(List.of(original.clothing(), original.size(), original.action(), original.start(),
                                original.heading()));
                skins.add(actor.skin());
            });
            assertThat(JudgeClips.scene(seed)).as("the same seed, the same scene").isEqualTo(judged);
        }
        assertThat(skins).hasSize(io.auteur.previs.NamedColour.values().length);
    }

    @Test
    void aRenderAtTheJudgesSizePassesThroughUnchanged() {
        long seed = JudgeClips.seeds(7_000_000, 1)[0];
        JudgeClips.Rendered rendered = JudgeClips.render(new long[] {seed}, TOY, 1, n -> { }).getFirst();
        assertThat(rendered.scene().objects()).hasSize(1);
        assertThat(JudgeClips.resample(JudgeClips.clip(rendered, TOY), TOY)).isEqualTo(rendered.rgb());
    }

    @Test
    void theMasksCountWhereTheRendererDrewTheObjectAndTheActorInEachAppearanceFrame() {
        long seed = 7_000_000;
        while (!JudgeClips.inScope(SceneSampler.sample(seed)) || SceneSampler.sample(seed).actor().isEmpty()) {
            seed++;
        }
        JudgeClips.Rendered rendered = JudgeClips.render(new long[] {seed}, TOY, 1, n -> { }).getFirst();
        int cells = TOY.gridWidth() * TOY.gridHeight(), perCell = TOY.patch() * TOY.patch();
        assertThat(rendered.masks()).hasSize(TOY.appearanceFrames() * JudgeNet.SUBJECTS * cells);
        for (int frame = 0; frame < TOY.appearanceFrames(); frame++) {
            int object = 0, actor = 0, base = frame * JudgeNet.SUBJECTS * cells;
            for (int i = 0; i < cells; i++) {
                assertThat(rendered.masks()[base + i] + rendered.masks()[base + cells + i]).isBetween(0, perCell);
                object += rendered.masks()[base + i];
                actor += rendered.masks()[base + cells + i];
            }
            // Each subject covers some pixels, never the whole picture (sky and ground take the rest).
            assertThat(object).as("object pixels in frame %d", frame).isBetween(1, cells * perCell / 2);
            assertThat(actor).as("actor pixels in frame %d", frame).isBetween(1, cells * perCell / 2);
        }
    }

    @Test
    void colourFeaturesPutAPureColourInItsHueBinAndAGreyInItsBrightnessBins() {
        byte[] rgb = new byte[TOY.frames() * 32 * 32 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            boolean red = (i / 3) % (32 * 32) < 16 * 32;
            rgb[i] = (byte) (red ? 255 : 64);
            rgb[i + 1] = (byte) (red ? 0 : 64);
            rgb[i + 2] = (byte) (red ? 0 : 64);
        }
        float[] out = new float[TOY.appearanceFrames() * JudgeClips.APPEARANCE_CHANNELS * 32 * 32];
        JudgeClips.writeAppearance(rgb, TOY, out, 0);
        int plane = 32 * 32, top = 0, bottom = plane - 1;
        // Top half red: RGB (1, -1, -1), all chroma in the red bin, no brightness bins.
        assertThat(out[top]).isEqualTo(1f);
        assertThat(out[plane + top]).isEqualTo(-1f);
        assertThat(out[3 * plane + top]).isEqualTo(1f);
        for (int bin = 1; bin < JudgeClips.COLOUR_FEATURES; bin++) {
            assertThat(out[(3 + bin) * plane + top]).isZero();
        }
        // Bottom half dark grey: no chroma, split between the dark and mid brightness bins by its level.
        for (int bin = 0; bin < 6; bin++) {
            assertThat(out[(3 + bin) * plane + bottom]).isZero();
        }
        float level = 2 * 64 / 255f;
        assertThat(out[(3 + 6) * plane + bottom]).isCloseTo(1 - level, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(out[(3 + 7) * plane + bottom]).isCloseTo(level, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(out[(3 + 8) * plane + bottom]).isZero();
    }

    @Test
    void globalMotionReadsAPanAsAHorizontalShift() {
        // A horizontal sine grating moving right one pixel a frame: a0 (u) positive, a3 (v) near zero.
        int w = 32, h = 32;
        byte[] rgb = new byte[TOY.frames() * w * h * 3];
        for (int t = 0; t < TOY.frames(); t++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = (int) Math.round(127.5 + 100 * Math.sin(2 * Math.PI * (x - t) / 32.0));
                    int i = ((t * h + y) * w + x) * 3;
                    rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) v;
                }
            }
        }
        float[] out = new float[JudgeClips.globalMotionSize(TOY)];
        JudgeClips.writeGlobalMotion(rgb, TOY, out, 0);
        // First pair, first level (a quarter of 32: 8x8 cells): one pixel is a quarter cell.
        assertThat(out[0]).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(0.1f));
        assertThat(Math.abs(out[3])).isLessThan(0.05f);
    }
}
