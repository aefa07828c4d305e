package io.auteur.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StillsTest {
    @TempDir
    Path dir;

    @Test
    void pngIsLosslessAndJpegIsClose() {
        Clip frame = TestClips.movingGradient(40, 30, 3, 8).frames(2, 3);
        Stills.write(frame, 0, dir.resolve("a.png"));
        assertThat(Stills.read(dir.resolve("a.png"), Limits.DEFAULT).frameRgb(0)).isEqualTo(frame.frameRgb(0));
        Stills.write(frame, 0, dir.resolve("a.jpg"));
        assertThat(TestClips.psnr(frame, Stills.read(dir.resolve("a.jpg"), Limits.DEFAULT))).isGreaterThan(30);
    }

    @Test
    void referenceFixturesDecode() {
        Clip jpeg = Stills.read(SharedFixtures.path("fixtures/c2pa/C.jpg"), Limits.DEFAULT);
        assertThat(jpeg.width()).isPositive();
        Clip png = Stills.read(SharedFixtures.path("fixtures/c2pa/libpng-test.png"), Limits.DEFAULT);
        assertThat(png.height()).isPositive();
    }

    @Test
    void hugeDeclaredDimensionsAndNonImagesAreRejected() throws Exception {
        Path jpeg = SharedFixtures.path("fixtures/c2pa/C.jpg");
        assertThatThrownBy(() -> Stills.read(jpeg, Limits.DEFAULT.withMaxFrameDimension(16)))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("maxFrameDimension");
        Path text = dir.resolve("x.png");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> Stills.read(text, Limits.DEFAULT)).hasMessageContaining("not a PNG or JPEG");
        assertThatThrownBy(() -> Stills.write(TestClips.movingGradient(4, 4, 1, 1), 0, dir.resolve("x.bmp")))
                .hasMessageContaining(".png, .jpg or .jpeg");
    }
}
