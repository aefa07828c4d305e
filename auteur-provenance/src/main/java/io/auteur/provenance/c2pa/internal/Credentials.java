package io.auteur.provenance.c2pa.internal;

import io.auteur.provenance.c2pa.TrustAnchors;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** The checks C2PA makes of a signing credential (specification 14.5): its profile, validity and trust. */
public final class Credentials {
    /** Extended key usages a C2PA claim signer may carry (specification 14.5.1). */
    static final Set<String> SIGNING_EKUS = Set.of(
            "1.3.6.1.5.5.7.3.4",    // id-kp-emailProtection
            "1.3.6.1.5.5.7.3.36",   // id-kp-documentSigning
            "1.3.6.1.5.5.7.3.8",    // id-kp-timeStamping
            "1.3.6.1.5.5.7.3.9",    // id-kp-OCSPSigning
            "1.3.6.1.4.1.62558.2.1" // id-kp-c2pa-kp-claimSigning
    );

    public record Verdict(boolean trusted, boolean expired, Optional<String> profileProblem) {
    }

    private Credentials() {
    }

    public static Verdict check(List<X509Certificate> chain, TrustAnchors anchors, Instant now) {
        X509Certificate signer = chain.getFirst();
        boolean expired;
        try {
            signer.checkValidity(Date.from(now));
            expired = false;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            expired = true;
        }
        return new Verdict(trusted(chain, anchors), expired, profileProblem(signer));
    }

    /** What makes this certificate unfit to sign claims, if anything. */
    public static Optional<String> profileProblem(X509Certificate signer) {
        if (signer.getVersion() != 3) {
            return Optional.of("signing certificate is not X.509 version 3");
        }
        if (signer.getBasicConstraints() >= 0) {
            return Optional.of("signing certificate is a CA certificate");
        }
        boolean[] keyUsage = signer.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            return Optional.of("signing certificate lacks the digitalSignature key usage");
        }
        try {
            List<String> ekus = signer.getExtendedKeyUsage();
            if (ekus == null || ekus.stream().noneMatch(SIGNING_EKUS::contains)) {
                return Optional.of("signing certificate has no extended key usage allowed for C2PA claim signing");
            }
            if (ekus.contains("2.5.29.37.0")) {
                return Optional.of("signing certificate has anyExtendedKeyUsage");
            }
        } catch (CertificateParsingException e) {
            return Optional.of("signing certificate extended key usage is malformed");
        }
        if (signer.getSubjectX500Principal().equals(signer.getIssuerX500Principal())) {
            return Optional.of("signing certificate is self-signed");
        }
        return Optional.empty();
    }

    /** Whether each certificate is signed by the next and the last is, or is signed by, a trust anchor. */
    static boolean trusted(List<X509Certificate> chain, TrustAnchors anchors) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!signedBy(chain.get(i), chain.get(i + 1))) {
                return false;
            }
        }
        for (X509Certificate certificate : chain) {
            if (anchors.anchors().contains(certificate)) {
                return true;
            }
        }
        X509Certificate last = chain.getLast();
        return anchors.anchors().stream().anyMatch(anchor -> signedBy(last, anchor));
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The first value of an attribute (e.g. "CN", "O") of a distinguished name. */
    public static Optional<String> attribute(X500Principal principal, String type) {
        try {
            for (Rdn rdn : new LdapName(principal.getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
