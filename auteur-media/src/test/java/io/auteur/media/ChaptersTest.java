package io.auteur.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaptersTest {
    @TempDir
    Path dir;

    @Test
    void chaptersWrittenIntoAnMp4AreReadBackAndThePicturesAreUntouched() throws Exception {
        Clip clip = TestClips.movingGradient(64, 48, 24, 8);
        Path file = dir.resolve("film.mp4");
        Video.write(clip, file, EncodeOptions.h264(AudioTrack.none()));
        Clip before = Video.read(file, Limits.DEFAULT);

        List<Chapter> chapters = List.of(new Chapter("INT. KITCHEN - DAY", 0, 1.0), new Chapter("EXT. ROOF - DUSK", 1.0, 2.25),
                new Chapter("Ünïcode ✓", 2.25, 3.0));
        Chapters.write(file, chapters);

        List<Chapter> read = Chapters.read(file, Limits.DEFAULT);
        assertThat(read).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(read.get(i).title()).isEqualTo(chapters.get(i).title());
            assertThat(read.get(i).startSeconds()).isCloseTo(chapters.get(i).startSeconds(), org.assertj.core.data.Offset.offset(0.01));
            assertThat(read.get(i).endSeconds()).isCloseTo(chapters.get(i).endSeconds(), org.assertj.core.data.Offset.offset(0.01));
        }
        Clip after = Video.read(file, Limits.DEFAULT);
        assertThat(after.frameCount()).isEqualTo(24);
        assertThat(TestClips.psnr(before, after)).isInfinite();
        assertThat(Video.probe(file).videoCodec()).isEqualTo("h264");

        // Writing again replaces the list rather than adding to it.
        Chapters.write(file, List.of(new Chapter("one", 0, 3)));
        assertThat(Chapters.read(file, Limits.DEFAULT)).extracting(Chapter::title).containsExactly("one");
        assertThat(Video.read(file, Limits.DEFAULT).frameCount()).isEqualTo(24);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("film.mp4");
        }
    }

    @Test
    void aFileWithoutChaptersHasNoneAndBadRequestsAreRefused() {
        Path file = dir.resolve("plain.mp4");
        Video.write(TestClips.movingGradient(32, 32, 4, 8), file, EncodeOptions.h264(AudioTrack.none()));
        assertThat(Chapters.read(file, Limits.DEFAULT)).isEmpty();
        assertThatThrownBy(() -> Chapters.write(file, List.of())).hasMessageContaining("chapters");
        assertThatThrownBy(() -> new Chapter("x", 2, 1)).hasMessageContaining("start < end");
        assertThatThrownBy(() -> Chapters.read(dir.resolve("missing.mp4"), Limits.DEFAULT)).hasMessageContaining("no such file");
    }
}
