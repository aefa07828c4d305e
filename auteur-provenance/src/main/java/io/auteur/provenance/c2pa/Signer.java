package io.auteur.provenance.c2pa;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** Signs claims. The private key may live anywhere (a keystore, a PEM file, a hardware token). */
public interface Signer {
    SigningAlgorithm algorithm();

    /** The signing certificate first, then intermediates; goes into the COSE x5chain header. */
    List<X509Certificate> certificateChain();

    /** The signature of {@code toBeSigned} with {@link #algorithm()}, in COSE form (ECDSA as r||s). */
    byte[] sign(byte[] toBeSigned);

    /** An RFC 3161 time-stamping authority to countersign with; none by default, so nothing goes on the network. */
    default Optional<URI> timestampAuthority() {
        return Optional.empty();
    }
}
