package io.auteur.provenance.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.Clip;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SmallAndOddVideosTest {
    private final Watermarker watermarker = new Watermarker(WatermarkKey.generate(new SecureRandom()));
    private final Payload payload = Payload.fromHex("0123456789abcdef");

    @Test
    void aTiny64By64VideoCarriesThePayload() {
        Clip clip = TestVideos.texture(64, 64, 30, 1);

        Detection detection = watermarker.detect(watermarker.embed(clip, payload));

        assertThat(detection.found()).isTrue();
        assertThat(detection.payload()).isEqualTo(payload);
    }

    @Test
    void anOddSized97By61VideoCarriesThePayload() {
        Clip clip = TestVideos.texture(97, 61, 30, 2);

        Detection detection = watermarker.detect(watermarker.embed(clip, payload));

        assertThat(detection.found()).isTrue();
        assertThat(detection.payload()).isEqualTo(payload);
    }

    @Test
    void aSingleFrameCarriesThePayload() {
        Clip clip = TestVideos.texture(320, 180, 1, 3);

        Detection detection = watermarker.detect(watermarker.embed(clip, payload));

        assertThat(detection.found()).isTrue();
        assertThat(detection.payload()).isEqualTo(payload);
    }

    @Test
    void unmarkedSyntheticVideosShowNothing() {
        for (long seed = 10; seed < 14; seed++) {
            Detection detection = watermarker.detect(TestVideos.texture(97, 61, 8, seed));
            assertThat(detection.found()).as("seed %d: %s", seed, detection).isFalse();
        }
    }
}
