package io.auteur.media.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.media.LimitExceededException;
import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import io.auteur.media.SharedFixtures;
import io.auteur.media.Stills;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpegPngTest {
    @TempDir
    Path dir;

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(SharedFixtures.path("fixtures/c2pa/" + name));
    }

    @Test
    void jpegRoundTripsByteForByteAndCarriesItsManifestInApp11() throws Exception {
        byte[] original = fixture("C.jpg");
        Jpeg jpeg = Jpeg.parse(original, Limits.DEFAULT, "C.jpg");
        assertThat(jpeg.toBytes()).isEqualTo(original);
        assertThat(jpeg.app11Payloads()).isNotEmpty();
        assertThat(new String(jpeg.app11Payloads().getFirst(), 0, 2, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("JP"); // JPEG XT box header, as C2PA writes it
    }

    @Test
    void largeApp11PayloadsSplitOverSegmentsAndReadBackInOrder() throws Exception {
        byte[] plain = Jpeg.parse(fixture("C.jpg"), Limits.DEFAULT, "C.jpg").withoutApp11().toBytes();
        byte[] payload = new byte[150_000];
        new Random(1).nextBytes(payload);
        List<byte[]> pieces = Jpeg.split(payload, Jpeg.MAX_SEGMENT_PAYLOAD);
        assertThat(pieces).hasSize(3);

        byte[] signed = Jpeg.parse(plain, Limits.DEFAULT, "plain").withApp11(pieces).toBytes();
        Jpeg back = Jpeg.parse(signed, Limits.DEFAULT, "signed");
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        back.app11Payloads().forEach(joined::writeBytes);
        assertThat(joined.toByteArray()).isEqualTo(payload);
        assertThat(signed[0] & 0xff).isEqualTo(0xFF);
        assertThat(signed[1] & 0xff).isEqualTo(Jpeg.SOI);
        assertThat(signed[signed.length - 1] & 0xff).isEqualTo(Jpeg.EOI);
        assertThat(back.segments().getFirst().marker()).isIn(Jpeg.APP0, Jpeg.APP1, Jpeg.APP11);
        assertThat(back.withoutApp11().toBytes()).isEqualTo(plain);

        // the picture is untouched
        Path file = dir.resolve("signed.jpg");
        Files.write(file, signed);
        Path plainFile = dir.resolve("plain.jpg");
        Files.write(plainFile, plain);
        assertThat(Stills.read(file, Limits.DEFAULT).frameRgb(0)).isEqualTo(Stills.read(plainFile, Limits.DEFAULT).frameRgb(0));
    }

    @Test
    void pngChunksInsertBeforeImageDataWithValidCrcs() throws Exception {
        byte[] original = fixture("libpng-test.png");
        Png png = Png.parse(original, Limits.DEFAULT, "libpng-test.png");
        assertThat(png.toBytes()).isEqualTo(original);
        byte[] withManifest = png.withChunkBeforeImageData(new Png.Chunk("caBX", new byte[] {1, 2, 3})).toBytes();
        Png back = Png.parse(withManifest, Limits.DEFAULT, "with");
        List<String> types = back.chunks().stream().map(Png.Chunk::type).toList();
        assertThat(types.indexOf("caBX")).isLessThan(types.indexOf("IDAT"));
        assertThat(back.chunks("caBX").getFirst().data()).containsExactly(1, 2, 3);
        assertThat(back.without("caBX").toBytes()).isEqualTo(original);
    }

    @Test
    void aCorruptedPngChunkFailsItsCrc() throws Exception {
        byte[] corrupt = fixture("libpng-test.png");
        corrupt[40] ^= 1;
        assertThatThrownBy(() -> Png.parse(corrupt, Limits.DEFAULT, "corrupt.png"))
                .isInstanceOf(MediaException.class).hasMessageContaining("CRC").hasMessageContaining("corrupt.png");
    }

    @Test
    void badJpegAndPngInputGivesTypedErrors() throws Exception {
        assertThatThrownBy(() -> Jpeg.parse(new byte[] {1, 2, 3, 4}, Limits.DEFAULT, "x.jpg")).hasMessageContaining("SOI");
        assertThatThrownBy(() -> Png.parse(fixture("C.jpg"), Limits.DEFAULT, "x.png")).hasMessageContaining("signature");
        byte[] jpeg = fixture("C.jpg");
        assertThatThrownBy(() -> Jpeg.parse(java.util.Arrays.copyOf(jpeg, 10), Limits.DEFAULT, "cut.jpg"))
                .isInstanceOf(MediaException.class).hasMessageContaining("cut.jpg");
        assertThatThrownBy(() -> Jpeg.parse(jpeg, Limits.DEFAULT.withMaxEntries(2), "many.jpg"))
                .isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> Png.parse(fixture("libpng-test.png"), Limits.DEFAULT.withMaxEntries(1), "many.png"))
                .isInstanceOf(LimitExceededException.class);
    }

    @Test
    void mutatedStillsEitherParseOrFailWithAMediaException() throws Exception {
        Fuzz.mutants(fixture("C.jpg"), 400, 1, m -> Jpeg.parse(m, Limits.DEFAULT, "C.jpg"));
        Fuzz.mutants(fixture("CA.jpg"), 200, 2, m -> Jpeg.parse(m, Limits.DEFAULT, "CA.jpg"));
        Fuzz.mutants(fixture("libpng-test.png"), 400, 3, m -> Png.parse(m, Limits.DEFAULT, "libpng-test.png"));
    }
}
