package io.auteur.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoTest {
    @TempDir
    Path dir;

    @Test
    void h264AtCrf18RoundTripsAbove40Decibels() {
        Clip clip = TestClips.movingGradient(128, 96, 24, 24);
        Path file = dir.resolve("clip.mp4");
        Video.write(clip, file, EncodeOptions.h264(AudioTrack.none()));

        Clip decoded = Video.read(file, Limits.DEFAULT);
        assertThat(decoded.frameCount()).isEqualTo(24);
        assertThat(decoded.width()).isEqualTo(128);
        assertThat(decoded.fps()).isEqualTo(24.0);
        assertThat(TestClips.psnr(clip, decoded)).isGreaterThanOrEqualTo(40.0);

        MediaInfo info = Video.probe(file);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.hasAudio()).isFalse();
    }

    @Test
    void realFootageReencodedAtCrf18StaysAbove40Decibels() {
        Clip footage = Video.read(SharedFixtures.path("fixtures/footage/waterfall-720x1280.mp4"), Limits.DEFAULT, 0, 12);
        Path file = dir.resolve("footage.mp4");
        Video.write(footage, file, EncodeOptions.h264(AudioTrack.none()));
        assertThat(TestClips.psnr(footage, Video.read(file, Limits.DEFAULT))).isGreaterThanOrEqualTo(40.0);
    }

    @Test
    void mp4IsWrittenWithTheMovieBoxBeforeTheMediaData() throws Exception {
        Path file = dir.resolve("fast.mp4");
        Video.write(TestClips.movingGradient(64, 64, 4, 8), file, EncodeOptions.h264(AudioTrack.none()));
        String head = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(head.indexOf("moov")).isPositive().isLessThan(head.indexOf("mdat"));
    }

    @Test
    void ffv1IntermediateIsLossless() {
        Clip clip = TestClips.movingGradient(34, 18, 5, 12);
        Path file = dir.resolve("clip.mkv");
        Video.write(clip, file, EncodeOptions.lossless(AudioTrack.none()));
        Clip decoded = Video.read(file, Limits.DEFAULT);
        assertThat(decoded.frameCount()).isEqualTo(5);
        for (int t = 0; t < 5; t++) {
            assertThat(decoded.frameRgb(t)).isEqualTo(clip.frameRgb(t));
        }
    }

    @Test
    void realPhoneFootageDecodesAndItsAudioIsKeptOnlyWhenAsked() {
        Path footage = SharedFixtures.path("fixtures/footage/waterfall-720x1280.mp4");
        MediaInfo info = Video.probe(footage);
        assertThat(info.width()).isEqualTo(720);
        assertThat(info.height()).isEqualTo(1280);
        assertThat(info.hasAudio()).isTrue();

        Clip clip = Video.read(footage, Limits.DEFAULT, 10, 15);
        assertThat(clip.frameCount()).isEqualTo(15);
        assertThat(clip.fps()).isBetween(29.9, 30.1);

        Clip small = TestClips.movingGradient(96, 64, 15, clip.fps());
        Path withSound = dir.resolve("with-sound.mp4");
        Video.write(small, withSound, EncodeOptions.h264(AudioTrack.copyFrom(footage)));
        assertThat(Video.probe(withSound).hasAudio()).isTrue();
        assertThat(Video.probe(withSound).durationSeconds()).isBetween(0.4, 0.7);

        Path silent = dir.resolve("silent.mp4");
        Video.write(small, silent, EncodeOptions.h264(AudioTrack.none()));
        assertThat(Video.probe(silent).hasAudio()).isFalse();
    }

    @Test
    void copyingAudioFromASilentFileIsAnErrorNotSilence() {
        Path silent = dir.resolve("silent.mp4");
        Video.write(TestClips.movingGradient(32, 32, 2, 8), silent, EncodeOptions.h264(AudioTrack.none()));
        Path out = dir.resolve("out.mp4");
        assertThatThrownBy(() -> Video.write(TestClips.movingGradient(32, 32, 2, 8), out,
                EncodeOptions.h264(AudioTrack.copyFrom(silent))))
                .isInstanceOf(MediaException.class).hasMessageContaining("has no audio to copy");
        assertThat(out).doesNotExist();
    }

    @Test
    void framesLargerThanTheLimitAreRejectedBeforeDecoding() {
        Path footage = SharedFixtures.path("fixtures/footage/waterfall-720x1280.mp4");
        assertThatThrownBy(() -> Video.read(footage, Limits.DEFAULT.withMaxFrameDimension(1000)))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo("maxFrameDimension");
                    assertThat(e.found()).isEqualTo(1280);
                });
    }

    @Test
    void frameCountAndDecodedBytesAreBounded() {
        Path footage = SharedFixtures.path("fixtures/footage/waterfall-720x1280.mp4");
        assertThatThrownBy(() -> Video.read(footage, Limits.DEFAULT.withMaxFrameCount(5)))
                .isInstanceOfSatisfying(LimitExceededException.class,
                        e -> assertThat(e.limit()).isEqualTo("maxFrameCount"));
        assertThatThrownBy(() -> Video.read(footage, Limits.DEFAULT.withMaxDecodedBytes(10_000_000)))
                .isInstanceOfSatisfying(LimitExceededException.class,
                        e -> assertThat(e.limit()).isEqualTo("maxDecodedBytes"));
    }

    @Test
    void missingAndMalformedFilesGiveClearErrors() throws Exception {
        assertThatThrownBy(() -> Video.read(dir.resolve("nope.mp4"), Limits.DEFAULT))
                .isInstanceOf(MediaException.class).hasMessageContaining("nope.mp4: no such file");
        Path garbage = dir.resolve("garbage.mp4");
        Files.write(garbage, "this is not a video at all".repeat(40).getBytes());
        assertThatThrownBy(() -> Video.read(garbage, Limits.DEFAULT))
                .isInstanceOf(MediaException.class).hasMessageContaining("garbage.mp4");
        Path truncated = dir.resolve("truncated.mp4");
        byte[] real = Files.readAllBytes(SharedFixtures.path("fixtures/footage/waterfall-720x1280.mp4"));
        Files.write(truncated, java.util.Arrays.copyOf(real, 3000));
        assertThatThrownBy(() -> Video.read(truncated, Limits.DEFAULT))
                .isInstanceOf(MediaException.class).hasMessageContaining("truncated.mp4");
    }

    @Test
    void oddSizesAreRefusedRatherThanSilentlyRescaled() {
        Clip odd = TestClips.movingGradient(31, 17, 2, 8);
        assertThatThrownBy(() -> Video.write(odd, dir.resolve("odd.mp4"), EncodeOptions.h264(AudioTrack.none())))
                .hasMessageContaining("even dimensions");
        assertThatThrownBy(() -> Video.write(odd, dir.resolve("odd.mkv"), EncodeOptions.lossless(AudioTrack.none())))
                .hasMessageContaining("31x17");
        assertThat(dir.resolve("odd.mkv")).doesNotExist();
    }

    @Test
    void extensionChoosesTheCodecAndUnknownOnesAreRefused() {
        assertThat(VideoCodec.forPath(Path.of("a.MP4"))).isEqualTo(VideoCodec.H264);
        assertThat(VideoCodec.forPath(Path.of("a.mkv"))).isEqualTo(VideoCodec.FFV1);
        assertThatThrownBy(() -> VideoCodec.forPath(Path.of("a.gif"))).hasMessageContaining(".mp4, .mov or .mkv");
    }
}
