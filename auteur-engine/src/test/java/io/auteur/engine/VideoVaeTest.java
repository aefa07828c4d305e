package io.auteur.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
}
