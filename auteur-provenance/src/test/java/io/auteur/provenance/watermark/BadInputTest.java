package io.auteur.provenance.watermark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.media.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
    @TempDir
    Path dir;
    private final Watermarker watermarker = new Watermarker(WatermarkKey.generate(new SecureRandom()));

    @Test
    void aPayloadWithANonHexDigitNamesTheDigitAndItsPosition() {
        assertThatThrownBy(() -> Payload.fromHex("0123456789abcdeg"))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining("'g' at position 15");
    }

    @Test
    void aPayloadOfTheWrongLengthSaysHowLongItMustBe() {
        assertThatThrownBy(() -> Payload.fromHex("abcd"))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining("expected 16 hex digits");
    }

    @Test
    void aKeyOfTheWrongSizeIsRefused() {
        assertThatThrownBy(() -> WatermarkKey.of(new byte[16]))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageContaining("got 16 bytes");
    }

    @Test
    void aMissingKeyFileIsNamed() {
        Path missing = dir.resolve("nope.key");
        assertThatThrownBy(() -> WatermarkKey.read(missing))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aKeyFileThatIsNeitherRawNorHexIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.key"), "not a key at all");
        assertThatThrownBy(() -> WatermarkKey.read(file))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining("64 hex digits");
    }

    @Test
    void aKeyWrittenToAFileReadsBackTheSame() {
        WatermarkKey key = WatermarkKey.generate(new SecureRandom());
        key.write(dir.resolve("k.key"));
        org.assertj.core.api.Assertions.assertThat(WatermarkKey.read(dir.resolve("k.key"))).isEqualTo(key);
    }

    @Test
    void detectingInAMissingFileNamesTheFile() {
        Path missing = dir.resolve("missing.mp4");
        assertThatThrownBy(() -> watermarker.detect(missing, Limits.DEFAULT))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining(missing + ": no such file");
    }

    @Test
    void aFileThatIsNotAVideoIsRefusedClearly() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "hello");
        assertThatThrownBy(() -> watermarker.detect(text, Limits.DEFAULT))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining(text.toString());
    }

    @Test
    void aFrameOfTheWrongSizeIsRefused() {
        FrameEmbedder embedder = watermarker.embedder(64, 64, new Payload(1), List.of());
        assertThatThrownBy(() -> embedder.embed(new byte[100]))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining("64x64");
    }

    @Test
    void framesSmallerThan8PixelsAreRefused() {
        assertThatThrownBy(() -> watermarker.embedder(4, 4, new Payload(1), List.of()))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining("4x4");
        FrameDetector detector = watermarker.detector();
        assertThatThrownBy(() -> detector.add(new byte[48], 4, 4))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining("4x4");
    }

    @Test
    void aFrameSizeChangeWithinOneVideoIsRefused() {
        FrameDetector detector = watermarker.detector();
        detector.add(new byte[16 * 16 * 3], 16, 16);
        assertThatThrownBy(() -> detector.add(new byte[32 * 16 * 3], 32, 16))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining("changed from 16x16 to 32x16");
    }

    @Test
    void detectingWithoutFramesIsRefused() {
        assertThatThrownBy(() -> watermarker.detector().result())
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining("no frames");
    }
}
