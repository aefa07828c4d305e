package io.auteur.media.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.media.Clip;
import io.auteur.media.LimitExceededException;
import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import io.auteur.media.SharedFixtures;
import io.auteur.media.Video;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BmffTest {
    private static final byte[] USER_TYPE = new byte[16];

    @TempDir
    Path dir;

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(SharedFixtures.path("fixtures/c2pa/" + name));
    }

    @Test
    void readsTheBoxTreeOfAnMp4() throws Exception {
        Bmff mp4 = Bmff.parse(fixture("video1_no_manifest.mp4"), Limits.DEFAULT, "video1_no_manifest.mp4");
        assertThat(mp4.boxes()).extracting(Box::type).contains("ftyp", "moov", "mdat");
        assertThat(mp4.find("trak")).isNotEmpty();
        assertThat(mp4.find("stco").size() + mp4.find("co64").size()).isPositive();
        Box moov = mp4.boxes().get(mp4.indexOf("moov"));
        assertThat(moov.child("mvhd")).isPresent();
        long covered = mp4.boxes().stream().mapToLong(Box::size).sum();
        assertThat(covered).isEqualTo(mp4.bytes().length);
    }

    @Test
    void signedAndFragmentedFilesParseToo() throws Exception {
        Bmff signed = Bmff.parse(fixture("video1.mp4"), Limits.DEFAULT, "video1.mp4");
        assertThat(signed.boxes()).anySatisfy(b -> {
            assertThat(b.type()).isEqualTo("uuid");
            assertThat(b.userType()).isPresent();
        });
        Bmff fragmented = Bmff.parse(fixture("dashinit.mp4"), Limits.DEFAULT, "dashinit.mp4");
        assertThat(fragmented.find("mvex")).isNotEmpty();
    }

    @Test
    void insertingABoxBeforeTheMediaDataShiftsEveryChunkOffset() throws Exception {
        byte[] original = fixture("video1_no_manifest.mp4");
        Bmff before = Bmff.parse(original, Limits.DEFAULT, "original");
        byte[] payload = new byte[4096];
        Arrays.fill(payload, (byte) 7);
        byte[] edited = before.insert(before.indexOf("moov"), Bmff.uuidBox(USER_TYPE, payload));
        Bmff after = Bmff.parse(edited, Limits.DEFAULT, "edited");
        assertThat(edited).hasSize(original.length + 4096 + 24);

        List<Long> oldOffsets = chunkOffsets(before);
        List<Long> newOffsets = chunkOffsets(after);
        assertThat(newOffsets).hasSameSizeAs(oldOffsets).isNotEmpty();
        for (int i = 0; i < oldOffsets.size(); i++) {
            int was = Math.toIntExact(oldOffsets.get(i)), now = Math.toIntExact(newOffsets.get(i));
            assertThat(now).isEqualTo(was + 4096 + 24);
            assertThat(Arrays.copyOfRange(edited, now, now + 16)).isEqualTo(Arrays.copyOfRange(original, was, was + 16));
        }
    }

    @Test
    void ffmpegDecodesEveryFrameIdenticallyAfterABoxIsInserted() throws Exception {
        Path original = SharedFixtures.path("fixtures/c2pa/video1_no_manifest.mp4");
        Bmff mp4 = Bmff.parse(Files.readAllBytes(original), Limits.DEFAULT, "original");
        Path edited = dir.resolve("edited.mp4");
        Files.write(edited, mp4.insert(1, Bmff.uuidBox(USER_TYPE, new byte[1000])));

        Clip a = Video.read(original, Limits.DEFAULT);
        Clip b = Video.read(edited, Limits.DEFAULT);
        assertThat(b.frameCount()).isEqualTo(a.frameCount()).isPositive();
        for (int t = 0; t < a.frameCount(); t++) {
            assertThat(b.frameRgb(t)).as("frame %d", t).isEqualTo(a.frameRgb(t));
        }
    }

    @Test
    void replaceThenRemoveRestoresTheOriginalBytes() throws Exception {
        byte[] original = fixture("video1_no_manifest.mp4");
        Bmff mp4 = Bmff.parse(original, Limits.DEFAULT, "original");
        assertThat(mp4.insert(0, Bmff.box("free", new byte[0])).length).isEqualTo(original.length + 8);
        byte[] inserted = mp4.insert(1, Bmff.uuidBox(USER_TYPE, new byte[100]));
        Bmff withBox = Bmff.parse(inserted, Limits.DEFAULT, "inserted");
        byte[] replaced = withBox.replace(1, Bmff.uuidBox(USER_TYPE, new byte[5000]));
        Bmff withBigger = Bmff.parse(replaced, Limits.DEFAULT, "replaced");
        assertThat(withBigger.boxes().get(1).size()).isEqualTo(5000 + 24);
        assertThat(withBigger.remove(1)).isEqualTo(original);
    }

    @Test
    void deeplyNestedBoxesAreRejectedByTheDepthLimit() throws Exception {
        assertThatThrownBy(() -> Bmff.parse(fixture("nested_moov_1000.mp4"), Limits.DEFAULT, "nested_moov_1000.mp4"))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo("maxNestingDepth");
                    assertThat(e.getMessage()).contains("nested_moov_1000.mp4");
                });
    }

    @Test
    void malformedSizesAndCountsGiveTypedErrorsNamingTheOffset() throws Exception {
        byte[] original = fixture("video1_no_manifest.mp4");
        assertThatThrownBy(() -> Bmff.parse(Arrays.copyOf(original, original.length - 100), Limits.DEFAULT, "cut.mp4"))
                .isInstanceOf(MediaException.class).hasMessageContaining("cut.mp4").hasMessageContaining("offset");
        byte[] tooBig = original.clone();
        ByteBuffer.wrap(tooBig).putInt(0, Integer.MAX_VALUE);
        assertThatThrownBy(() -> Bmff.parse(tooBig, Limits.DEFAULT, "big.mp4"))
                .hasMessageContaining("declares size 2147483647 but only");
        byte[] tooSmall = original.clone();
        ByteBuffer.wrap(tooSmall).putInt(0, 3);
        assertThatThrownBy(() -> Bmff.parse(tooSmall, Limits.DEFAULT, "small.mp4")).hasMessageContaining("smaller than");
        assertThatThrownBy(() -> Bmff.parse(original, Limits.DEFAULT.withMaxEntries(5), "many.mp4"))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxEntries"));
        assertThatThrownBy(() -> Bmff.parse(new byte[0], Limits.DEFAULT, "empty.mp4")).hasMessageContaining("too short");
        assertThatThrownBy(() -> Bmff.parse(fixture("C.jpg"), Limits.DEFAULT, "C.jpg")).isInstanceOf(MediaException.class);
        assertThatThrownBy(() -> Bmff.parse(original, Limits.DEFAULT.withMaxFileSizeBytes(1000), "f.mp4"))
                .isInstanceOfSatisfying(LimitExceededException.class,
                        e -> assertThat(e.limit()).isEqualTo("maxFileSizeBytes"));
    }

    @Test
    void mutatedFilesEitherParseOrFailWithAMediaException() throws Exception {
        for (String name : List.of("video1_no_manifest.mp4", "video1.mp4", "dashinit.mp4")) {
            Fuzz.mutants(fixture(name), 300, name.hashCode(), mutant -> Bmff.parse(mutant, Limits.DEFAULT, name));
        }
    }

    private static List<Long> chunkOffsets(Bmff mp4) {
        ByteBuffer buffer = ByteBuffer.wrap(mp4.bytes());
        List<Long> offsets = new ArrayList<>();
        for (Box stco : mp4.find("stco")) {
            int entries = buffer.getInt(Math.toIntExact(stco.payloadOffset() + 4));
            for (int i = 0; i < entries; i++) {
                offsets.add(Integer.toUnsignedLong(buffer.getInt(Math.toIntExact(stco.payloadOffset() + 8 + 4L * i))));
            }
        }
        for (Box co64 : mp4.find("co64")) {
            int entries = buffer.getInt(Math.toIntExact(co64.payloadOffset() + 4));
            for (int i = 0; i < entries; i++) {
                offsets.add(buffer.getLong(Math.toIntExact(co64.payloadOffset() + 8 + 8L * i)));
            }
        }
        return offsets;
    }
}
