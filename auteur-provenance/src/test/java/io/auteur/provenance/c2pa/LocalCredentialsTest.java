package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.provenance.c2pa.internal.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCredentialsTest {
    @TempDir
    Path home;

    @Test
    void firstUseCreatesACaAndAC2paSigningCertificateInAKeystoreUnderTheHome() throws Exception {
        KeySigner signer = LocalCredentials.openOrCreate(home, "correct horse".toCharArray(), Clock.systemUTC());
        assertThat(LocalCredentials.keystore(home)).exists();
        X509Certificate leaf = signer.certificateChain().getFirst();
        assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.ES256);
        assertThat(signer.certificateChain()).hasSize(2);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.4");
        assertThat(Credentials.profileProblem(leaf)).isEmpty();
        assertThat(signer.certificateChain().get(1).getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void secondUseOpensTheSameCredential() {
        KeySigner first = LocalCredentials.openOrCreate(home, "pw".toCharArray(), Clock.systemUTC());
        KeySigner second = LocalCredentials.openOrCreate(home, "pw".toCharArray(), Clock.systemUTC());
        assertThat(second.certificateChain()).isEqualTo(first.certificateChain());
    }

    @Test
    void aWrongPassphraseIsRefusedWithAMessageNamingTheKeystore() {
        LocalCredentials.openOrCreate(home, "right".toCharArray(), Clock.systemUTC());
        assertThatThrownBy(() -> LocalCredentials.openOrCreate(home, "wrong".toCharArray(), Clock.systemUTC()))
                .isInstanceOf(C2paException.class).hasMessageContaining("signing.p12");
    }

    @Test
    void thePassphraseComesFromTheEnvironmentVariableOrFailsClearly() {
        assertThat(LocalCredentials.passphraseFrom(Map.of("AUTEUR_KEY_PASSPHRASE", "s3cret"))).containsExactly("s3cret".toCharArray());
        assertThatThrownBy(() -> LocalCredentials.passphraseFrom(Map.of()))
                .isInstanceOf(C2paException.class).hasMessageContaining("AUTEUR_KEY_PASSPHRASE");
    }

    @Test
    void filesSignedWithTheLocalCredentialAreValidForTheReferenceAndTrustedByOursWithTheLocalAnchor() {
        KeySigner signer = LocalCredentials.openOrCreate(home, "pw".toCharArray(), Clock.systemUTC());
        Path in = TestMedia.image(home, "in.png", "png");
        Path out = home.resolve("out.png");
        C2pa.withDefaults().sign(in, out, ManifestDefinition.generated("Still", "tiny-dit", "1.0"), signer);

        ReferenceValidator.Verdict reference = ReferenceValidator.check(out);
        assertThat(reference.state()).as(reference.json().toString()).isEqualTo("Valid");
        assertThat(reference.failures()).as(reference.json().toString()).containsExactly("signingCredential.untrusted");

        ValidationReport untrusted = C2pa.withDefaults().read(out).orElseThrow();
        assertThat(untrusted.state()).isEqualTo(ValidationState.VALID);
        ValidationReport trusted = C2pa.withDefaults().withTrustAnchors(LocalCredentials.localAnchors(home)).read(out).orElseThrow();
        assertThat(trusted.state()).isEqualTo(ValidationState.TRUSTED);
        assertThat(trusted.failureCodes()).isEmpty();
        assertThat(trusted.successCodes()).contains("signingCredential.trusted");
    }

    @Test
    void aBringYourOwnPkcs12KeystoreSigns() throws Exception {
        LocalCredentials.openOrCreate(home, "pw".toCharArray(), Clock.systemUTC());
        Path copy = home.resolve("mine.p12");
        Files.copy(LocalCredentials.keystore(home), copy);
        KeySigner signer = KeySigner.fromPkcs12(copy, "pw".toCharArray(), SigningAlgorithm.ES256);
        Path in = TestMedia.image(home, "in.jpg", "jpg");
        Path out = home.resolve("out.jpg");
        C2pa.withDefaults().sign(in, out, ManifestDefinition.generated("Still", "tiny-dit", "1.0"), signer);
        assertThat(C2pa.withDefaults().read(out).orElseThrow().state()).isEqualTo(ValidationState.VALID);
    }
}
