package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ES384 (P-384) signatures, for which the fixtures have no key: a throwaway CA and signer are made here. */
class Es384Test {
    @TempDir
    Path dir;

    @Test
    void es384SignaturesAreValidForTheReferenceAndForUs() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair caKeys = generator.generateKeyPair();
        KeyPair signerKeys = generator.generateKeyPair();
        Instant now = Instant.now();
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X500Principal caName = new X500Principal("CN=Throwaway ES384 CA, O=Auteur tests");
        X509Certificate ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(caName,
                BigInteger.valueOf(1), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(caKeys.getPublic()))
                .build(new JcaContentSignerBuilder("SHA384withECDSA").build(caKeys.getPrivate())));
        X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(ca,
                BigInteger.valueOf(2), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Principal("CN=Throwaway ES384 signer, O=Auteur tests"), signerKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(signerKeys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca))
                .build(new JcaContentSignerBuilder("SHA384withECDSA").build(caKeys.getPrivate())));
        Signer signer = new KeySigner(signerKeys.getPrivate(), List.of(leaf, ca), SigningAlgorithm.ES384);

        Path out = dir.resolve("out.jpg");
        C2pa.withDefaults().sign(TestMedia.image(dir, "in.jpg", "jpg"), out,
                ManifestDefinition.generated("Still", "tiny-dit", "1.0"), signer);
        ReferenceValidator.Verdict reference = ReferenceValidator.check(out);
        assertThat(reference.state()).as(reference.json().toString()).isEqualTo("Valid");
        assertThat(reference.failures()).containsExactly("signingCredential.untrusted");
        ValidationReport ours = C2pa.withDefaults().withTrustAnchors(new TrustAnchors(List.of(ca))).read(out).orElseThrow();
        assertThat(ours.state()).isEqualTo(ValidationState.TRUSTED);
        assertThat(ours.active().algorithm()).contains("ES384");
    }
}
