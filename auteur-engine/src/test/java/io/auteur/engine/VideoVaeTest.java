package io.auteur.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoVaeTest {
    @Test
    void spaceToDepthIsExactlyInvertedAndKeepsEachBlockInItsChannels() {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            NDArray x = manager.arange(2 * 3 * 3 * 4 * 6).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .reshape(2, 3, 3, 4, 6);
            NDArray packed = VideoVae.spaceToDepth(x);
            assertThat(packed.getShape()).isEqualTo(new Shape(2, 12, 3, 2, 3));
            assertThat(VideoVae.depthToSpace(packed).toFloatArray()).isEqualTo(x.toFloatArray());
            // Channel 1 of colour 0 holds the right-hand pixel of each top row pair.
            assertThat(packed.getFloat(0, 1, 0, 0, 0)).isEqualTo(x.getFloat(0, 0, 0, 0, 1));
        }
    }

    @Test
    void latentsHaveHalfTheFramesAfterTheFirstAndAQuarterOfTheSide() {
        try (VideoModel model = ToyModels.create(2)) {
            NDArray pictures = model.manager().randomUniform(-1, 1, new Shape(1, 3, 5, 16, 16));
            NDArray latents = model.encodeLatents(pictures);
            assertThat(latents.getShape()).isEqualTo(new Shape(1, 4, 3, 4, 4));
            assertThat(model.decodeLatents(latents).getShape()).isEqualTo(new Shape(1, 3, 5, 16, 16));
            NDArray image = pictures.get(":, :, 0:1");
            assertThat(model.encodeLatents(image).getShape()).isEqualTo(new Shape(1, 4, 1, 4, 4));
        }
    }

    @Test
    void theFirstFrameEncodesTheSameAloneAsAtTheStartOfAVideo() {
        try (VideoModel model = ToyModels.create(2)) {
            NDArray pictures = model.manager().randomUniform(-1, 1, new Shape(1, 3, 5, 16, 16));
            float[] alone = model.encodeLatents(pictures.get(":, :, 0:1")).toFloatArray();
            float[] inVideo = model.encodeLatents(pictures).get(":, :, 0:1").toFloatArray();
            for (int i = 0; i < alone.length; i++) {
                assertThat(inVideo[i]).isCloseTo(alone[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void withThePictureShortcutAFreshAutoencoderPassesThePicturePooledInSpaceAndTime() {
        // 12 latent channels at a spatial factor of 4 hold the picture pooled 2x2: r = 2.
        ModelConfig config = ModelConfig.preset("toy").withVae(new ModelConfig.Vae(List.of(8, 8), 12, 1.0, null, true));
        try (VideoModel model = VideoModel.create(config, ToyModels.tokenizer(), 3, ai.djl.Device.cpu())) {
            NDArray pictures = model.manager().randomUniform(-1, 1, new Shape(1, 3, 5, 16, 16));
            float[] in = pictures.toFloatArray();
            float[] out = model.vae().decode(model.vae().encode(pictures)).toFloatArray();
            for (int c = 0; c < 3; c++) {
                for (int t = 0; t < 5; t++) {
                    // Frame 0 alone, then frames 1-2 and 3-4 averaged.
                    int[] sources = t == 0 ? new int[] {0} : new int[] {2 * ((t + 1) / 2) - 1, 2 * ((t + 1) / 2)};
                    for (int y = 0; y < 16; y++) {
                        for (int x = 0; x < 16; x++) {
                            double expected = 0;
                            for (int source : sources) {
                                for (int dy = 0; dy < 2; dy++) {
                                    for (int dx = 0; dx < 2; dx++) {
                                        expected += in[((c * 5 + source) * 16 + (y & ~1) + dy) * 16 + (x & ~1) + dx];
                                    }
                                }
                            }
                            expected /= 4 * sources.length;
                            assertThat((double) out[((c * 5 + t) * 16 + y) * 16 + x]).as("c %d t %d y %d x %d", c, t, y, x)
                                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theShortcutTakesAsManyPooledPixelsAsTheLatentChannelsHold() {
        assertThat(VideoVae.shortcutScale(16, 4)).isEqualTo(2);
        assertThat(VideoVae.shortcutScale(12, 4)).isEqualTo(2);
        assertThat(VideoVae.shortcutScale(11, 4)).isEqualTo(1);
        assertThat(VideoVae.shortcutScale(48, 4)).isEqualTo(4);
        assertThat(VideoVae.shortcutScale(48, 2)).isEqualTo(2);
        assertThat(VideoVae.shortcutScale(2, 4)).isZero();
    }
}
