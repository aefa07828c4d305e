package io.auteur.provenance.c2pa;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Optional;

/** The COSE signature algorithms C2PA allows that Auteur signs and verifies with (C2PA specification 13.2). */
public enum SigningAlgorithm {
    ES256(-7, "SHA256withECDSAinP1363Format"),
    ES384(-35, "SHA384withECDSAinP1363Format"),
    ES512(-36, "SHA512withECDSAinP1363Format"),
    PS256(-37, "RSASSA-PSS"),
    PS384(-38, "RSASSA-PSS"),
    ED25519(-8, "Ed25519");

    private final int coseId;
    private final String jcaName;

    SigningAlgorithm(int coseId, String jcaName) {
        this.coseId = coseId;
        this.jcaName = jcaName;
    }

    /** The COSE algorithm identifier (RFC 9053), e.g. -7 for ES256. */
    public int coseId() {
        return coseId;
    }

    /** A fresh JCA signature object set up for this algorithm (ECDSA signatures in COSE's r||s form). */
    public Signature newSignature() throws GeneralSecurityException {
        Signature signature = Signature.getInstance(jcaName);
        switch (this) {
            case PS256 -> signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            case PS384 -> signature.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
            default -> {
            }
        }
        return signature;
    }

    public static Optional<SigningAlgorithm> fromCoseId(long id) {
        return Arrays.stream(values()).filter(a -> a.coseId == id).findFirst();
    }
}
