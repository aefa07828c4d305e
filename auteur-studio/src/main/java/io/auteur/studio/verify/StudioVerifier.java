package io.auteur.studio.verify;

import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.LocalCredentials;
import io.auteur.provenance.c2pa.TrustAnchors;
import io.auteur.provenance.verify.ManifestLookup;
import io.auteur.provenance.verify.Verifier;
import io.auteur.provenance.watermark.WatermarkKey;
import io.auteur.provenance.watermark.Watermarker;
import io.auteur.studio.home.AuteurHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verifier of an Auteur home, as {@code auteur verify} and the studio server use it: the home's local CA as a
 * trust anchor (plus any given), its watermark key (or another), and its manifest repository, opened only if the
 * home has a database already (verifying must not create one as a side effect).
 */
public final class StudioVerifier {
    private StudioVerifier() {}

    public static Verifier forHome(AuteurHome home, Optional<Path> keyFile, TrustAnchors extraAnchors,
                                   List<ManifestLookup> moreRepositories, Limits limits) {
        List<ManifestLookup> repositories = new ArrayList<>();
        if (home.hasDatabase()) {
            repositories.add(new ManifestRepository(home.database()));
        }
        repositories.addAll(moreRepositories);
        TrustAnchors anchors = Files.exists(home.resolve("credentials/local-ca.pem"))
                ? LocalCredentials.localAnchors(home.directory()) : TrustAnchors.none();
        for (var certificate : extraAnchors.anchors()) {
            anchors = anchors.plus(certificate);
        }
        Path key = keyFile.orElse(home.resolve("watermark.key"));
        Optional<Watermarker> watermarker = keyFile.isEmpty() && !Files.exists(key) ? Optional.empty()
                : Optional.of(new Watermarker(WatermarkKey.read(key)));
        return new Verifier(C2pa.withDefaults().withTrustAnchors(anchors), watermarker, repositories, limits);
    }
}
