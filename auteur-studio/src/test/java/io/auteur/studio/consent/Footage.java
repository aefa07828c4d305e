package io.auteur.studio.consent;

import io.auteur.media.AudioTrack;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Video;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.KeySigner;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.SigningAlgorithm;
import io.auteur.provenance.c2pa.TrainingMining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small real videos for import tests, signed with the reference implementation's test key when asked. */
final class Footage {
    private Footage() {}

    /** The ../shared folder (fixtures and test keys), which surefire names in auteur.shared. */
    static Path shared() {
        String property = System.getProperty("auteur.shared");
        if (property == null || !Files.isDirectory(Path.of(property, "fixtures"))) {
            throw new AssertionError("system property auteur.shared must name ../shared (run the tests through Maven)");
        }
        return Path.of(property);
    }

    /**
     * A 2-second 96x64 H.264 clip at 12 fps: a 20-pixel square of random texture moving right one pixel a frame
     * over a still gradient, so it has edges and a known motion. {@code shade} makes each clip's bytes different.
     */
    static Path movingSquare(Path file, int shade) {
        List<byte[]> frames = new ArrayList<>();
        int width = 96, height = 64;
        for (int t = 0; t < 24; t++) {
            byte[] rgb = new byte[width * height * 3];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = (y * width + x) * 3;
                    boolean square = x >= 10 + t && x < 30 + t && y >= 20 && y < 40;
                    // Texture that moves with the square and never repeats, so optical flow has something to follow.
                    int hash = ((x - 10 - t) / 2 * 73856093) ^ ((y - 20) / 2 * 19349663);
                    int value = ((hash ^ (hash >>> 13)) * 0x5bd1e995 >>> 24) & 0xff;
                    rgb[i] = (byte) (square ? 100 + value / 2 : shade + x);
                    rgb[i + 1] = (byte) (square ? value : 40 + y);
                    rgb[i + 2] = (byte) (square ? value / 6 : 120);
                }
            }
            frames.add(rgb);
        }
        Video.write(Clip.of(frames, width, height, 12), file, EncodeOptions.h264(AudioTrack.none()));
        return file;
    }

    /** Signs {@code file} in place with Content Credentials that state {@code permissions}. */
    static Path signed(Path file, TrainingMining permissions) {
        Path certs = shared().resolve("fixtures/c2pa/certs");
        KeySigner signer = KeySigner.fromPem(certs.resolve("es256.pem"), certs.resolve("es256.pub"), SigningAlgorithm.ES256);
        ManifestDefinition definition = new ManifestDefinition(file.getFileName().toString(),
                List.of(io.auteur.provenance.c2pa.Action.created(io.auteur.provenance.c2pa.DigitalSourceType.DIGITAL_CAPTURE,
                        "camera", "1")), List.of(), java.util.Optional.empty(), permissions);
        C2pa.withDefaults().sign(file, file, definition, signer);
        return file;
    }

    static TrainingMining allAllowed() {
        return new TrainingMining(TrainingMining.Use.ALLOWED, TrainingMining.Use.ALLOWED, TrainingMining.Use.ALLOWED,
                TrainingMining.Use.ALLOWED);
    }
}
