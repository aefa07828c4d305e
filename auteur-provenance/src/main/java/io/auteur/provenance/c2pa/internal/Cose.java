package io.auteur.provenance.c2pa.internal;

import io.auteur.provenance.c2pa.C2paException;
import io.auteur.provenance.c2pa.Signer;
import io.auteur.provenance.c2pa.SigningAlgorithm;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * COSE_Sign1 (RFC 9052 section 4.2) with a detached payload, the claim signature of C2PA (specification 13.2):
 * the protected header holds the algorithm (label 1) and the certificate chain (x5chain, label 33).
 */
public final class Cose {
    private static final int TAG_SIGN1 = 18;
    private static final String ALG = "1";
    private static final String X5CHAIN = "33";

    /** A parsed COSE_Sign1. */
    public record Sign1(byte[] protectedBytes, Map<String, Object> protectedHeader, Map<String, Object> unprotected,
                       byte[] signature, Optional<SigningAlgorithm> algorithm, List<X509Certificate> chain) {
    }

    private Cose() {
    }

    /** Bytes reserved in the unprotected header for a time-stamp token, so the store size is known before it. */
    static final int RESERVED_TIMESTAMP_BYTES = 12_000;

    /** A tagged COSE_Sign1 over {@code payload}, which is left out of the structure (detached). */
    public static byte[] sign(byte[] payload, Signer signer) {
        return sign(payload, signer, Optional.empty());
    }

    /**
     * As {@link #sign(byte[], Signer)}, with a time stamp when {@code timestamper} is given: it maps the bytes to
     * time-stamp (the CounterSignature structure over the signature value, {@link Timestamps#toBeTimestamped}) to
     * an RFC 3161 TimeStampToken (or, while sizing, returns null to reserve room). The token goes into the
     * unprotected header as {@code sigTst2} (C2PA 2.x, specification 10.3.2.5), with {@code pad} keeping the
     * structure the reserved size.
     */
    public static byte[] sign(byte[] payload, Signer signer, Optional<java.util.function.Function<byte[], byte[]>> timestamper) {
        Map<Object, Object> header = new LinkedHashMap<>();
        header.put(1, signer.algorithm().coseId());
        List<Object> chain = new ArrayList<>();
        try {
            for (X509Certificate certificate : signer.certificateChain()) {
                chain.add(certificate.getEncoded());
            }
        } catch (CertificateException e) {
            throw new C2paException("cannot encode the signing certificate chain: " + e.getMessage(), e);
        }
        header.put(33, chain.size() == 1 ? chain.getFirst() : chain);
        byte[] protectedBytes = Cbor.encode(header);
        byte[] signature = signer.sign(toBeSigned(protectedBytes, payload));
        List<Object> structure = new ArrayList<>();
        structure.add(protectedBytes);
        Map<String, Object> unprotected = new LinkedHashMap<>();
        if (timestamper.isPresent()) {
            byte[] token = timestamper.get().apply(Timestamps.toBeTimestamped(protectedBytes, signature));
            int reserved = RESERVED_TIMESTAMP_BYTES + headerLength(RESERVED_TIMESTAMP_BYTES) + 1;
            if (token == null) {
                token = new byte[RESERVED_TIMESTAMP_BYTES];
            }
            int padLength = -1;
            for (int head = 1; head <= 3 && padLength < 0; head++) {
                int candidate = reserved - token.length - headerLength(token.length) - head;
                if (candidate >= 0 && headerLength(candidate) == head) {
                    padLength = candidate;
                }
            }
            if (padLength < 0) {
                throw new C2paException("time-stamp token of " + token.length + " bytes exceeds the "
                        + RESERVED_TIMESTAMP_BYTES + " bytes reserved for it");
            }
            unprotected.put("sigTst2", Map.of("tstTokens", List.of(Map.of("val", token))));
            unprotected.put("pad", new byte[padLength]);
        }
        structure.add(unprotected);
        structure.add(null);
        structure.add(signature);
        return Cbor.encode(new Cbor.Tagged(TAG_SIGN1, structure));
    }

    private static int headerLength(int byteStringLength) {
        return byteStringLength < 24 ? 1 : byteStringLength < 0x100 ? 2 : byteStringLength < 0x10000 ? 3 : 5;
    }

    /** Sig_structure for COSE_Sign1 (RFC 9052 section 4.4), empty external AAD. */
    public static byte[] toBeSigned(byte[] protectedBytes, byte[] payload) {
        return sigStructure("Signature1", protectedBytes, payload);
    }

    /** The Sig_structure of RFC 9052 section 4.4 with this context ("Signature1", "CounterSignature"), empty external AAD. */
    static byte[] sigStructure(String context, byte[] protectedBytes, byte[] payload) {
        List<Object> structure = new ArrayList<>();
        structure.add(context);
        structure.add(protectedBytes);
        structure.add(new byte[0]);
        structure.add(payload);
        return Cbor.encode(structure);
    }

    public static Sign1 parse(byte[] cose, int maxDepth, int maxItems, String source) {
        List<Object> structure = Cbor.list(Cbor.decode(cose, maxDepth, maxItems, source), source + " COSE_Sign1");
        if (structure.size() != 4) {
            throw new C2paException(source + ": COSE_Sign1 has " + structure.size() + " elements, not 4");
        }
        byte[] protectedBytes = Cbor.bytes(structure.get(0), source + " protected header");
        Map<String, Object> protectedHeader = protectedBytes.length == 0 ? Map.of()
                : Cbor.map(Cbor.decode(protectedBytes, maxDepth, maxItems, source), source + " protected header");
        Map<String, Object> unprotected = Cbor.map(structure.get(1), source + " unprotected header");
        byte[] signature = Cbor.bytes(structure.get(3), source + " signature");
        Optional<SigningAlgorithm> algorithm = Optional.empty();
        Object alg = protectedHeader.get(ALG);
        if (alg instanceof Long id) {
            algorithm = SigningAlgorithm.fromCoseId(id);
        }
        // C2PA 1.x put x5chain in the unprotected header, under its label or its name.
        Object chainValue = protectedHeader.containsKey(X5CHAIN) ? protectedHeader.get(X5CHAIN)
                : unprotected.containsKey(X5CHAIN) ? unprotected.get(X5CHAIN) : unprotected.get("x5chain");
        List<X509Certificate> chain = new ArrayList<>();
        if (chainValue != null) {
            List<Object> ders = chainValue instanceof byte[] single ? List.of(single) : Cbor.list(chainValue, "x5chain");
            try {
                CertificateFactory factory = CertificateFactory.getInstance("X.509");
                for (Object der : ders) {
                    chain.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(Cbor.bytes(der, "x5chain entry"))));
                }
            } catch (CertificateException e) {
                throw new C2paException(source + ": x5chain holds a malformed certificate: " + e.getMessage(), e);
            }
        }
        return new Sign1(protectedBytes, protectedHeader, unprotected, signature, algorithm, List.copyOf(chain));
    }

    /** Whether the signature verifies over {@code payload} with {@code key}. */
    public static boolean verify(Sign1 sign1, byte[] payload, PublicKey key) {
        if (sign1.algorithm().isEmpty()) {
            return false;
        }
        try {
            Signature verifier = sign1.algorithm().get().newSignature();
            verifier.initVerify(key);
            verifier.update(toBeSigned(sign1.protectedBytes(), payload));
            return verifier.verify(sign1.signature());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
