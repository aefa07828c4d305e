package io.auteur.provenance.c2pa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The certificates whose chains validation reports as trusted (a trust list: anchors in PEM). */
public record TrustAnchors(List<X509Certificate> anchors) {
    public TrustAnchors {
        anchors = List.copyOf(anchors);
    }

    public static TrustAnchors none() {
        return new TrustAnchors(List.of());
    }

    /** Every certificate in a PEM file (or DER sequence). */
    public static TrustAnchors fromPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new C2paException(file + ": holds no certificate");
            }
            return new TrustAnchors(certificates);
        } catch (IOException | CertificateException e) {
            throw new C2paException(file + ": cannot read trust anchors (" + e.getMessage() + ")", e);
        }
    }

    public TrustAnchors plus(X509Certificate anchor) {
        List<X509Certificate> more = new ArrayList<>(anchors);
        more.add(anchor);
        return new TrustAnchors(more);
    }
}
