package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.Limits;
import io.auteur.media.container.Bmff;
import io.auteur.media.container.Jpeg;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampered copies of files we signed: our validator reaches the same state and failure codes as the reference
 * implementation, and that state is Invalid.
 */
class TamperingTest {
    @TempDir
    Path dir;

    private final C2pa c2pa = C2pa.withDefaults();
    private Path signedMp4;
    private Path signedJpeg;

    @BeforeEach
    void sign() {
        Signer signer = Shared.testSigner(SigningAlgorithm.ES256);
        signedMp4 = dir.resolve("signed.mp4");
        c2pa.sign(TestMedia.mp4(dir, "plain.mp4", 64, 48, 8), signedMp4,
                ManifestDefinition.generated("Shot", "tiny-dit", "1.0"), signer);
        signedJpeg = dir.resolve("signed.jpg");
        c2pa.sign(TestMedia.image(dir, "plain.jpg", "jpg"), signedJpeg,
                ManifestDefinition.generated("Still", "tiny-dit", "1.0"), signer);
    }

    private Path tamper(Path signed, String name, UnaryOperator<byte[]> change) throws IOException {
        Path out = dir.resolve(name);
        Files.write(out, change.apply(Files.readAllBytes(signed)));
        return out;
    }

    private void assertSameVerdictAsReference(Path tampered, String expectedFailure) {
        ReferenceValidator.Verdict reference = ReferenceValidator.check(tampered);
        ValidationReport ours = c2pa.read(tampered).orElseThrow(() -> new AssertionError("manifest lost"));
        String json = reference.json().toString();
        assertThat(reference.exitCode()).as(json).isZero();
        assertThat(ours.state().label()).as(json).isEqualTo(reference.state()).isEqualTo("Invalid");
        assertThat(ours.failureCodes()).as(json).containsExactlyInAnyOrderElementsOf(reference.failures())
                .contains(expectedFailure);
    }

    private static int lastIndexOf(byte[] data, String text) {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = data.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("'" + text + "' not found");
    }

    private static byte[] flip(byte[] data, int at) {
        byte[] copy = data.clone();
        copy[at] ^= 0x01;
        return copy;
    }

    /** Flips a byte inside the COSE signature value: the end of the cbor box after the c2pa.signature label. */
    private static byte[] flipSignature(byte[] data) {
        int label = lastIndexOf(data, "c2pa.signature");
        int cborBox = label + "c2pa.signature".length() + 1;
        int size = ByteBuffer.wrap(data).getInt(cborBox);
        return flip(data, cborBox + size - 5);
    }

    @Test
    void aByteFlippedInMdatBreaksTheBmffHashForBothValidators() throws IOException {
        Bmff bmff = Bmff.parse(Files.readAllBytes(signedMp4), Limits.DEFAULT, "signed.mp4");
        long mdat = bmff.boxes().get(bmff.indexOf("mdat")).payloadOffset();
        assertSameVerdictAsReference(tamper(signedMp4, "mdat.mp4", d -> flip(d, (int) mdat + 40)),
                "assertion.bmffHash.mismatch");
    }

    @Test
    void aByteFlippedInAnAssertionBreaksItsHashedUriForBothValidators() throws IOException {
        assertSameVerdictAsReference(tamper(signedMp4, "assertion.mp4",
                d -> flip(d, lastIndexOf(d, "trainedAlgorithmicMedia") + 3)), "assertion.hashedURI.mismatch");
        assertSameVerdictAsReference(tamper(signedJpeg, "assertion.jpg",
                d -> flip(d, lastIndexOf(d, "trainedAlgorithmicMedia") + 3)), "assertion.hashedURI.mismatch");
    }

    @Test
    void aByteFlippedInTheSignatureIsAMismatchForBothValidators() throws IOException {
        assertSameVerdictAsReference(tamper(signedMp4, "signature.mp4", TamperingTest::flipSignature),
                "claimSignature.mismatch");
        assertSameVerdictAsReference(tamper(signedJpeg, "signature.jpg", TamperingTest::flipSignature),
                "claimSignature.mismatch");
    }

    @Test
    void aRemovedBoxOrSegmentBreaksTheHardBindingForBothValidators() throws IOException {
        assertSameVerdictAsReference(tamper(signedMp4, "removed.mp4", d -> {
            Bmff bmff = Bmff.parse(d, Limits.DEFAULT, "signed.mp4");
            int moov = bmff.indexOf("moov");
            // Drop the moov's last child (udta or a trak) and rewrite moov around the rest.
            var children = bmff.boxes().get(moov).children();
            var last = children.getLast();
            byte[] moovBytes = java.util.Arrays.copyOfRange(d, (int) bmff.boxes().get(moov).offset(), (int) bmff.boxes().get(moov).end());
            int cut = (int) (last.offset() - bmff.boxes().get(moov).offset());
            byte[] shorter = java.util.Arrays.copyOf(moovBytes, cut);
            ByteBuffer.wrap(shorter).putInt(0, shorter.length);
            return bmff.replace(moov, shorter);
        }), "assertion.bmffHash.mismatch");
        assertSameVerdictAsReference(tamper(signedJpeg, "removed.jpg", d -> {
            // Drop the first segment after SOI (APP0/JFIF): everything after it moves.
            int length = ((d[4] & 0xFF) << 8) | (d[5] & 0xFF);
            byte[] out = new byte[d.length - 2 - length];
            System.arraycopy(d, 0, out, 0, 2);
            System.arraycopy(d, 4 + length, out, 2, d.length - 4 - length);
            return out;
        }), "assertion.dataHash.mismatch");
    }

    @Test
    void aManifestTransplantedOntoAnotherFileFailsItsHardBindingForBothValidators() throws IOException {
        Path otherMp4 = TestMedia.mp4(dir, "other.mp4", 64, 48, 9);
        byte[] signed = Files.readAllBytes(signedMp4);
        Bmff signedTree = Bmff.parse(signed, Limits.DEFAULT, "signed.mp4");
        var c2paBox = signedTree.boxes().stream().filter(b -> b.type().equals("uuid")).findFirst().orElseThrow();
        byte[] box = java.util.Arrays.copyOfRange(signed, (int) c2paBox.offset(), (int) c2paBox.end());
        assertSameVerdictAsReference(tamper(otherMp4, "transplant.mp4",
                d -> Bmff.parse(d, Limits.DEFAULT, "other.mp4").insert(1, box)), "assertion.bmffHash.mismatch");

        Path otherJpeg = dir.resolve("other.jpg");
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(image, "jpg", otherJpeg.toFile());
        List<byte[]> app11 = new ArrayList<>(Jpeg.parse(Files.readAllBytes(signedJpeg), Limits.DEFAULT, "signed.jpg").app11Payloads());
        assertSameVerdictAsReference(tamper(otherJpeg, "transplant.jpg",
                d -> Jpeg.parse(d, Limits.DEFAULT, "other.jpg").withApp11(app11).toBytes()), "assertion.dataHash.mismatch");
    }

    @Test
    void aByteFlippedInsideAnIngredientsManifestIsAnIngredientFailureForBothValidators() throws IOException {
        Path parent = dir.resolve("C.jpg");
        Files.copy(Shared.fixture("C.jpg"), parent);
        Path edited = dir.resolve("edited.jpg");
        c2pa.sign(parent, edited, ManifestDefinition.editOf("Edited", Ingredient.of(parent, Relationship.PARENT_OF),
                "tiny-dit", "1.0"), Shared.testSigner(SigningAlgorithm.ES256));
        // "John Doe" is in the CreativeWork assertion of C.jpg's own manifest, now carried as an ingredient.
        Path tampered = tamper(edited, "ingredient.jpg", d -> flip(d, lastIndexOf(d, "John Doe")));

        ReferenceValidator.Verdict reference = ReferenceValidator.check(tampered, true);
        List<String> referenceIngredientFailures = new ArrayList<>();
        reference.json().path("store").path("validation_results").path("ingredientDeltas").forEach(delta ->
                delta.path("validationDeltas").path("failure").forEach(f -> referenceIngredientFailures.add(f.path("code").asText())));
        ValidationReport ours = c2pa.read(tampered).orElseThrow();
        String json = reference.json().toString();
        assertThat(ours.state().label()).as(json).isEqualTo(reference.state()).isEqualTo("Invalid");
        assertThat(ours.failureCodes()).as(json).containsExactlyInAnyOrderElementsOf(reference.failures());
        assertThat(ours.ingredientFailures().stream().map(ValidationStatus::code).toList()).as(json)
                .containsExactlyInAnyOrderElementsOf(referenceIngredientFailures)
                .contains("ingredient.manifest.mismatch");
    }
}
