package io.auteur.provenance.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.AudioTrack;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir
    Path dir;

    @Test
    void tinyRendersCodedAtCrf18ReadBackTheirPayloadExactly() {
        // Flat renders in the bundled model's format (64x64, 16 frames at 8 fps): one payload in four lost bits after
        // CRF 18 on the first and last render, so the marker draws payloads until one reads back through the coding.
        String[] prompts = {"a red sphere bounces to the right on a checkered floor",
            "a blue cube slides to the left under a cloudy sky",
            "a green cone falls on a checkered floor under a cloudy sky"};
        SecureRandom random = new SecureRandom();
        for (String prompt : prompts) {
            Clip clip = TestVideos.previs(prompt, 64, 64, 2, 8);

            Watermarker.Readable marked = watermarker.embedReadable(clip, () -> Payload.random(random), this::h264);

            assertThat(marked.readsBack()).as(prompt).isTrue();
            Detection detection = watermarker.detect(h264(marked.clip()));
            assertThat(detection.found()).as(prompt).isTrue();
            assertThat(detection.payload()).as(prompt).isEqualTo(marked.payload());
            assertThat(detection.payloadIntact()).as(prompt).isTrue();
        }
    }

    @Test
    void aPayloadThatDoesNotReadBackIsReplacedByAFreshOne() {
        Clip clip = TestVideos.texture(64, 64, 8, 4);
        ArrayDeque<Payload> drawn = new ArrayDeque<>(List.of(Payload.fromHex("1111111111111111"),
                Payload.fromHex("2222222222222222"), Payload.fromHex("3333333333333333")));
        List<Clip> delivered = new ArrayList<>();
        // A channel that loses the first two marks entirely (it hands back the unmarked clip) and keeps the third.
        UnaryOperator<Clip> losingTwice = marked -> {
            delivered.add(marked);
            return delivered.size() <= 2 ? clip : marked;
        };

        Watermarker.Readable marked = watermarker.embedReadable(clip, drawn::removeFirst, losingTwice);

        assertThat(marked.readsBack()).isTrue();
        assertThat(marked.tries()).isEqualTo(3);
        assertThat(marked.payload()).isEqualTo(Payload.fromHex("3333333333333333"));
        assertThat(watermarker.detect(marked.clip()).payload()).isEqualTo(marked.payload());
    }

    @Test
    void aChannelThatLosesEveryMarkIsReportedAfterABoundedNumberOfTries() {
        Clip clip = TestVideos.texture(64, 64, 8, 5);
        SecureRandom random = new SecureRandom();
        List<Payload> drawn = new ArrayList<>();

        Watermarker.Readable marked = watermarker.embedReadable(clip, () -> {
            drawn.add(Payload.random(random));
            return drawn.getLast();
        }, unused -> clip);

        assertThat(marked.readsBack()).isFalse();
        assertThat(marked.tries()).isEqualTo(Watermarker.READ_BACK_TRIES);
        assertThat(drawn).hasSize(Watermarker.READ_BACK_TRIES).doesNotHaveDuplicates();
        assertThat(marked.payload()).isEqualTo(drawn.getLast());
        assertThat(watermarker.detect(marked.clip()).payload()).isEqualTo(marked.payload());
    }

    /** The clip after H.264 coding at CRF 18, as the studio writes its videos. */
    private Clip h264(Clip clip) {
        try {
            Path file = Files.createTempFile(dir, "coded", ".mp4");
            Video.write(clip, file, EncodeOptions.h264(AudioTrack.none()));
            return Video.read(file, Limits.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
