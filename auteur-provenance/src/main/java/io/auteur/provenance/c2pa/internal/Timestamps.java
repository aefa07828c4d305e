package io.auteur.provenance.c2pa.internal;

import io.auteur.provenance.c2pa.TrustAnchors;
import io.auteur.provenance.c2pa.ValidationStatus;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * RFC 3161 time stamps in the unprotected header of the claim signature (C2PA specification 10.3.2.5 and 15.x):
 * {@code sigTst2} (v2, claims 2.x) or {@code sigTst} (v1), each {@code {"tstTokens": [{"val": token}]}}.
 *
 * <p>What is time-stamped is a COSE Sig_structure (RFC 9052 section 4.4) with the context "CounterSignature",
 * the claim signature's protected header, an empty external AAD and a payload that depends on the version: for v2
 * the CBOR encoding of the signature value as a byte string, for v1 the claim itself. The checks and their status
 * codes follow c2pa-rs ({@code sigtst.rs}, {@code time_stamp/verify.rs}): a readable token whose CMS signature and
 * message imprint hold is {@code timeStamp.validated}; a token whose TSA chains to a trust anchor with the
 * time-stamping extended key usage is also {@code timeStamp.trusted}. Problems are informational
 * ({@code timeStamp.malformed}, {@code .mismatch}, {@code .untrusted}, {@code .outsideValidity}): a bad time stamp
 * does not invalidate the claim, it only leaves the signing time unknown.
 */
public final class Timestamps {
    static final String VALIDATED = "timeStamp.validated";
    static final String TRUSTED = "timeStamp.trusted";
    static final String MALFORMED = "timeStamp.malformed";
    static final String MISMATCH = "timeStamp.mismatch";
    static final String UNTRUSTED = "timeStamp.untrusted";
    static final String OUTSIDE_VALIDITY = "timeStamp.outsideValidity";
    private static final String TIME_STAMPING_EKU = "1.3.6.1.5.5.7.3.8";

    /**
     * What the time stamp says. {@code signingTime} is present only when the token was validated and is trusted
     * (or trust was not asked for): only then may it stand in for "now" when judging the signing credential.
     */
    public record Verdict(Optional<Instant> signingTime, List<ValidationStatus> success,
                          List<ValidationStatus> informational) {
        static Verdict none() {
            return new Verdict(Optional.empty(), List.of(), List.of());
        }
    }

    private Timestamps() {
    }

    /** The bytes whose digest a v2 time stamp carries as its message imprint. */
    public static byte[] toBeTimestamped(byte[] protectedBytes, byte[] signature) {
        return countersignature(protectedBytes, Cbor.encode(signature));
    }

    /** Sig_structure with context "CounterSignature" (RFC 9052 section 4.4), empty external AAD. */
    static byte[] countersignature(byte[] protectedBytes, byte[] payload) {
        return Cose.sigStructure("CounterSignature", protectedBytes, payload);
    }

    /**
     * Checks the time stamp of a claim signature, if it has one.
     *
     * @param claimBytes the signed claim (the payload a v1 time stamp covers)
     * @param checkTrust whether the TSA must chain to a trust anchor before its time is used; c2pa-rs does not ask
     *                   it of v1 claims
     * @param url        the signature box the findings are about
     */
    public static Verdict verify(Cose.Sign1 sign1, byte[] claimBytes, TrustAnchors anchors, boolean checkTrust,
                                 String url) {
        Object container;
        byte[] payload;
        if (sign1.unprotected().containsKey("sigTst2")) {
            container = sign1.unprotected().get("sigTst2");
            payload = Cbor.encode(sign1.signature());
        } else if (sign1.unprotected().containsKey("sigTst")) {
            container = sign1.unprotected().get("sigTst");
            payload = claimBytes;
        } else {
            return Verdict.none();
        }
        Checks checks = new Checks(url);
        if (!(container instanceof Map<?, ?> map) || !(map.get("tstTokens") instanceof List<?> tokens)
                || tokens.isEmpty()) {
            checks.informational(MALFORMED, "the time-stamp header holds no tstTokens list");
            return checks.verdict(Optional.empty());
        }
        // C2PA allows a single token (c2pa-rs rejects more as malformed).
        if (tokens.size() > 1) {
            checks.informational(MALFORMED, "only a single time-stamp token is allowed in a manifest");
            return checks.verdict(Optional.empty());
        }
        if (!(tokens.getFirst() instanceof Map<?, ?> entry) || !(entry.get("val") instanceof byte[] der)) {
            checks.informational(MALFORMED, "the time-stamp token is not a byte string under \"val\"");
            return checks.verdict(Optional.empty());
        }
        byte[] imprinted = countersignature(sign1.protectedBytes(), payload);
        return checks.verdict(checkToken(der, imprinted, anchors, checkTrust, checks));
    }

    /** Collects findings about one token. */
    private static final class Checks {
        private final String url;
        private final List<ValidationStatus> success = new ArrayList<>();
        private final List<ValidationStatus> informational = new ArrayList<>();

        Checks(String url) {
            this.url = url;
        }

        void success(String code, String why) {
            success.add(new ValidationStatus(code, url, why));
        }

        void informational(String code, String why) {
            informational.add(new ValidationStatus(code, url, why));
        }

        Verdict verdict(Optional<Instant> signingTime) {
            return new Verdict(signingTime, success, informational);
        }
    }

    private static Optional<Instant> checkToken(byte[] der, byte[] imprinted, TrustAnchors anchors,
                                                boolean checkTrust, Checks checks) {
        // 1. A TimeStampToken (v2 stores the token), or a whole TimeStampResp as c2pa-rs 1.x stored it for v1.
        Optional<TimeStampToken> parsed = parse(der);
        if (parsed.isEmpty()) {
            checks.informational(MALFORMED, "the time-stamp token cannot be parsed");
            return Optional.empty();
        }
        TimeStampToken token = parsed.get();
        Collection<X509CertificateHolder> certificates = token.getCertificates().getMatches(null);
        if (certificates.isEmpty()) {
            checks.informational(UNTRUSTED, "the time-stamp token carries no certificates");
            return Optional.empty();
        }
        Collection<X509CertificateHolder> signerMatches = token.getCertificates().getMatches(token.getSID());
        if (signerMatches.isEmpty()) {
            checks.informational(UNTRUSTED, "the time-stamp token does not carry its signer's certificate");
            return Optional.empty();
        }
        X509Certificate tsa;
        List<X509Certificate> all = new ArrayList<>();
        try {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            tsa = converter.getCertificate(signerMatches.iterator().next());
            for (X509CertificateHolder holder : certificates) {
                all.add(converter.getCertificate(holder));
            }
        } catch (CertificateException e) {
            checks.informational(MALFORMED, "the time-stamp token holds a malformed certificate");
            return Optional.empty();
        }
        String tsaName = Credentials.attribute(tsa.getSubjectX500Principal(), "CN").orElse("unnamed TSA");

        // 2. The CMS signature: the signed message-digest attribute must match the TSTInfo, and the TSA's key
        //    must have signed the attributes.
        SignerInformation signer = token.toCMSSignedData().getSignerInfos().getSigners().iterator().next();
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(tsa.getPublicKey()))) {
                checks.informational(UNTRUSTED, "the time-stamp signature does not verify: " + tsaName);
                return Optional.empty();
            }
        } catch (CMSSignerDigestMismatchException e) {
            checks.informational(MISMATCH, "the time-stamp token's signed digest does not match its content: " + tsaName);
            return Optional.empty();
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            checks.informational(UNTRUSTED, "the time-stamp signature cannot be verified (" + e.getMessage() + ")");
            return Optional.empty();
        }

        // 3. The TSA's certificate must have been valid when it signed (its signed signing-time attribute, as
        //    c2pa-rs reads it, else the token's genTime).
        Instant signedAt = signingTimeAttribute(signer).orElse(token.getTimeStampInfo().getGenTime().toInstant());
        try {
            tsa.checkValidity(Date.from(signedAt));
        } catch (java.security.cert.CertificateExpiredException | java.security.cert.CertificateNotYetValidException e) {
            checks.informational(OUTSIDE_VALIDITY, "the TSA certificate was not valid at " + signedAt + ": " + tsaName);
            return Optional.empty();
        }

        // 4. The message imprint must be the digest of what C2PA time-stamps (see the class comment).
        Optional<String> digestName = digestName(token.getTimeStampInfo().getMessageImprintAlgOID().getId());
        if (digestName.isEmpty()) {
            checks.informational(UNTRUSTED, "the time-stamp message imprint uses an unsupported digest algorithm");
            return Optional.empty();
        }
        byte[] expected;
        try {
            expected = MessageDigest.getInstance(digestName.get()).digest(imprinted);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(digestName.get() + " is missing from the JDK", e);
        }
        if (!MessageDigest.isEqual(expected, token.getTimeStampInfo().getMessageImprintDigest())) {
            checks.informational(MISMATCH, "the time-stamp message digest does not match the signature: " + tsaName);
            return Optional.empty();
        }
        checks.success(VALIDATED, "timestamp message digest matched: " + tsaName);

        // 5. Trust: a time-stamping certificate chaining to a trust anchor.
        if (checkTrust) {
            if (!hasTimeStampingUsage(tsa) || !Credentials.trusted(leafToRoot(tsa, all), anchors)) {
                checks.informational(UNTRUSTED, "timestamp cert untrusted: " + tsaName);
                return Optional.empty();
            }
            checks.success(TRUSTED, "timestamp cert trusted: " + tsaName);
        }
        return Optional.of(signedAt);
    }

    private static Optional<TimeStampToken> parse(byte[] der) {
        try {
            return Optional.of(new TimeStampToken(new CMSSignedData(der)));
        } catch (Exception notAToken) {
            try {
                return Optional.ofNullable(new TimeStampResponse(der).getTimeStampToken());
            } catch (Exception unreadable) {
                // Neither a token nor a response: reported as malformed by the caller.
                return Optional.empty();
            }
        }
    }

    private static Optional<Instant> signingTimeAttribute(SignerInformation signer) {
        if (signer.getSignedAttributes() == null) {
            return Optional.empty();
        }
        Attribute attribute = signer.getSignedAttributes().get(CMSAttributes.signingTime);
        if (attribute == null || attribute.getAttrValues().size() != 1) {
            return Optional.empty();
        }
        ASN1Encodable value = attribute.getAttrValues().getObjectAt(0);
        try {
            if (value instanceof ASN1UTCTime utc) {
                return Optional.of(utc.getAdjustedDate().toInstant());
            }
            if (value instanceof ASN1GeneralizedTime generalized) {
                return Optional.of(generalized.getDate().toInstant());
            }
        } catch (java.text.ParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> digestName(String oid) {
        return Optional.ofNullable(switch (oid) {
            case "1.3.14.3.2.26" -> "SHA-1";
            case "2.16.840.1.101.3.4.2.1" -> "SHA-256";
            case "2.16.840.1.101.3.4.2.2" -> "SHA-384";
            case "2.16.840.1.101.3.4.2.3" -> "SHA-512";
            default -> null;
        });
    }

    private static boolean hasTimeStampingUsage(X509Certificate certificate) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages != null && usages.contains(TIME_STAMPING_EKU);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** The TSA's certificate followed by its issuers among the token's certificates (bounded by their count). */
    private static List<X509Certificate> leafToRoot(X509Certificate leaf, List<X509Certificate> certificates) {
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        List<X509Certificate> rest = new ArrayList<>(certificates);
        rest.removeIf(leaf::equals);
        for (int i = 0; i < certificates.size(); i++) {
            X509Certificate last = chain.getLast();
            Optional<X509Certificate> issuer = rest.stream()
                    .filter(c -> c.getSubjectX500Principal().equals(last.getIssuerX500Principal())).findFirst();
            if (issuer.isEmpty() || last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                break;
            }
            chain.add(issuer.get());
            rest.remove(issuer.get());
        }
        return chain;
    }
}
