package io.auteur.studio.cli;

import io.auteur.media.Clip;
import io.auteur.provenance.c2pa.KeySigner;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.Signer;
import io.auteur.provenance.watermark.Payload;
import io.auteur.provenance.watermark.WatermarkKey;
import io.auteur.studio.home.AuteurHome;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the CLI does to everything it makes, on the Auteur home the process was pointed at ({@link AuteurHome#current()}):
 * generated pictures get the invisible watermark, then every output is signed with Content Credentials whose soft
 * binding names the watermark. The work itself is {@link AuteurHome}'s; this only picks the home.
 */
final class Sealing {
    private Sealing() {}

    static Path home() {
        return AuteurHome.current().directory();
    }

    /** A watermarked copy of {@code clip} and the fresh payload it carries. */
    record Marked(Clip clip, Payload payload) {}

    /** Marks a video the CLI writes as an MP4. */
    static Marked watermark(Clip clip) {
        AuteurHome.Marked marked = AuteurHome.current().watermark(clip, AuteurHome.Delivery.VIDEO);
        return new Marked(marked.clip(), marked.payload());
    }

    static WatermarkKey watermarkKey() {
        return AuteurHome.current().watermarkKey();
    }

    /** Signs {@code file} in place; with a payload, the manifest's soft binding records the watermark. */
    static void sign(Path file, ManifestDefinition definition, Payload payload) {
        AuteurHome.current().sign(file, definition, payload);
    }

    static void record(Path home, Path file, Payload payload) {
        new AuteurHome(home, System.getenv()).record(file, payload);
    }

    static Signer signer() {
        return AuteurHome.current().signer();
    }

    static KeySigner localSigner(Path home, Map<String, String> environment) {
        return new AuteurHome(home, environment).signer();
    }
}
