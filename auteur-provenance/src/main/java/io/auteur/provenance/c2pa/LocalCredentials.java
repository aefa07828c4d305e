package io.auteur.provenance.c2pa;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The signing credential Auteur makes for itself on first use: a local CA and an ES256 signing certificate with
 * the extensions C2PA requires of a claim signer (specification 14.5.1: digitalSignature key usage, an allowed
 * extended key usage, not a CA), kept in a PKCS#12 keystore under the Auteur home. The CA certificate is written
 * beside it as PEM so it can be added to a trust list.
 */
public final class LocalCredentials {
    /** The environment variable the keystore passphrase is read from. */
    public static final String PASSPHRASE_ENV = "AUTEUR_KEY_PASSPHRASE";
    static final String KEYSTORE = "credentials/signing.p12";
    static final String CA_PEM = "credentials/local-ca.pem";
    private static final String ALIAS = "auteur-signer";

    private LocalCredentials() {
    }

    /** The keystore passphrase from {@value #PASSPHRASE_ENV} in {@code environment}; fails clearly without it. */
    public static char[] passphraseFrom(Map<String, String> environment) {
        String value = environment.get(PASSPHRASE_ENV);
        if (value == null || value.isEmpty()) {
            throw new C2paException("no keystore passphrase: set " + PASSPHRASE_ENV + " (or pass one explicitly)");
        }
        return value.toCharArray();
    }

    public static Path keystore(Path auteurHome) {
        return auteurHome.resolve(KEYSTORE);
    }

    /** The local CA's certificate, to trust Auteur's own signatures. */
    public static TrustAnchors localAnchors(Path auteurHome) {
        return TrustAnchors.fromPem(auteurHome.resolve(CA_PEM));
    }

    /** Opens the keystore under {@code auteurHome}, creating CA, certificate and keystore on first use. */
    public static KeySigner openOrCreate(Path auteurHome, char[] passphrase, Clock clock) {
        Path keystore = keystore(auteurHome);
        if (!Files.exists(keystore)) {
            create(auteurHome, passphrase, clock);
        }
        return KeySigner.fromPkcs12(keystore, passphrase, SigningAlgorithm.ES256);
    }

    private static void create(Path auteurHome, char[] passphrase, Clock clock) {
        try {
            Instant now = clock.instant();
            KeyPair caKeys = ecKeyPair();
            X500Principal caName = new X500Principal("CN=Auteur Local CA, O=Auteur, OU=Local signing");
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), caName,
                    caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCertificate = sign(ca, caKeys.getPrivate());

            KeyPair signerKeys = ecKeyPair();
            X500Principal signerName = new X500Principal("CN=Auteur Signer, O=Auteur, OU=Local signing");
            X509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(730))), signerName,
                    signerKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[]{
                            KeyPurposeId.id_kp_emailProtection, KeyPurposeId.getInstance(
                                    new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36"))}))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(signerKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate signerCertificate = sign(leaf, caKeys.getPrivate());

            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, signerKeys.getPrivate(), passphrase,
                    new java.security.cert.Certificate[]{signerCertificate, caCertificate});
            Path keystore = keystore(auteurHome);
            Files.createDirectories(keystore.getParent());
            Path partial = Files.createTempFile(keystore.getParent(), ".signing", ".partial");
            try {
                try (OutputStream out = Files.newOutputStream(partial)) {
                    store.store(out, passphrase);
                }
                StringWriter pem = new StringWriter();
                try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                    writer.writeObject(caCertificate);
                }
                Files.writeString(auteurHome.resolve(CA_PEM), pem.toString());
                Files.move(partial, keystore, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new C2paException(auteurHome + ": cannot create the local signing credential (" + e.getMessage() + ")", e);
        }
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }
}
