package io.auteur.provenance.c2pa;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A signer holding its private key in memory, loaded from PEM files or a PKCS#12 keystore (bring your own key).
 *
 * @param timestampAuthority an RFC 3161 time-stamping URL; empty means no time stamp is requested
 */
public record KeySigner(PrivateKey privateKey, List<X509Certificate> certificateChain, SigningAlgorithm algorithm,
                        Optional<URI> timestampAuthority) implements Signer {
    public KeySigner {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(timestampAuthority, "timestampAuthority");
        certificateChain = List.copyOf(certificateChain);
        if (certificateChain.isEmpty()) {
            throw new IllegalArgumentException("a signer needs its certificate chain");
        }
    }

    public KeySigner(PrivateKey privateKey, List<X509Certificate> certificateChain, SigningAlgorithm algorithm) {
        this(privateKey, certificateChain, algorithm, Optional.empty());
    }

    public KeySigner withTimestampAuthority(URI url) {
        return new KeySigner(privateKey, certificateChain, algorithm, Optional.of(url));
    }

    @Override
    public byte[] sign(byte[] toBeSigned) {
        try {
            Signature signature = algorithm.newSignature();
            signature.initSign(privateKey);
            signature.update(toBeSigned);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new C2paException("cannot sign with " + algorithm + ": " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 (or traditional) PEM private key and a PEM certificate chain, signer first. */
    public static KeySigner fromPem(Path keyFile, Path chainFile, SigningAlgorithm algorithm) {
        PrivateKey key;
        try (Reader reader = Files.newBufferedReader(keyFile); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            key = switch (object) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
                case null -> throw new C2paException(keyFile + ": holds no PEM private key");
                default -> throw new C2paException(keyFile + ": holds a " + object.getClass().getSimpleName()
                        + ", not an unencrypted private key");
            };
        } catch (IOException e) {
            throw new C2paException(keyFile + ": cannot read the private key (" + e.getMessage() + ")", e);
        }
        return new KeySigner(key, readChain(chainFile), algorithm);
    }

    /** The first key entry of a PKCS#12 keystore with its chain. */
    public static KeySigner fromPkcs12(Path keystoreFile, char[] passphrase, SigningAlgorithm algorithm) {
        try (InputStream in = Files.newInputStream(keystoreFile)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, passphrase);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, passphrase);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate certificate : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) certificate);
                    }
                    return new KeySigner(key, chain, algorithm);
                }
            }
            throw new C2paException(keystoreFile + ": holds no private key entry");
        } catch (IOException | GeneralSecurityException e) {
            throw new C2paException(keystoreFile + ": cannot open the PKCS#12 keystore (" + e.getMessage() + ")", e);
        }
    }

    static List<X509Certificate> readChain(Path chainFile) {
        try (InputStream in = Files.newInputStream(chainFile)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) certificate);
            }
            if (chain.isEmpty()) {
                throw new C2paException(chainFile + ": holds no certificate");
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw new C2paException(chainFile + ": cannot read the certificate chain (" + e.getMessage() + ")", e);
        }
    }
}
