package io.auteur.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.LocalCredentials;
import io.auteur.provenance.c2pa.ValidationReport;
import io.auteur.provenance.c2pa.ValidationState;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SignCommandTest {
    @TempDir
    Path dir;

    private Path image(String name) throws Exception {
        BufferedImage image = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0xFF8800);
        Path file = dir.resolve(name);
        ImageIO.write(image, name.substring(name.lastIndexOf('.') + 1), file.toFile());
        return file;
    }

    private static Path shared(String relative) {
        String root = System.getProperty("auteur.shared");
        if (root == null) {
            throw new AssertionError("system property auteur.shared (the ../shared folder) is not set");
        }
        return Path.of(root, relative);
    }

    @Test
    void signsWithTheLocalCredentialCreatedUnderTheGivenHome() throws Exception {
        Path in = image("in.png");
        Path out = dir.resolve("out.png");
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new SignCommand(Map.of(LocalCredentials.PASSPHRASE_ENV, "pw")));
        cli.setOut(new PrintWriter(text, true));
        int code = cli.execute(in.toString(), "-o", out.toString(), "--home", dir.resolve("home").toString(),
                "--model", "tiny-dit", "--model-version", "2", "--ingredient", image("reference.jpg").toString(),
                "--visible-label", "AI-generated", "--soft-binding", "io.auteur.watermark.1:0a0b0c");
        assertThat(code).as(text.toString()).isZero();
        assertThat(text.toString()).contains("signed", "Auteur Signer");
        assertThat(LocalCredentials.keystore(dir.resolve("home"))).exists();
        ValidationReport report = C2pa.withDefaults().withTrustAnchors(LocalCredentials.localAnchors(dir.resolve("home")))
                .read(out).orElseThrow();
        assertThat(report.state()).isEqualTo(ValidationState.TRUSTED);
        assertThat(report.active().assertionLabels()).contains("c2pa.actions.v2", "c2pa.ingredient.v3", "c2pa.soft-binding");
    }

    @Test
    void signsWithABringYourOwnPemKeyAndChain() throws Exception {
        Path in = image("in.jpg");
        Path out = dir.resolve("out.jpg");
        int code = new CommandLine(new SignCommand(Map.of())).execute(in.toString(), "-o", out.toString(),
                "--key", shared("fixtures/c2pa/certs/ps256.pem").toString(),
                "--cert", shared("fixtures/c2pa/certs/ps256.pub").toString(), "--algorithm", "PS256");
        assertThat(code).isZero();
        ValidationReport report = C2pa.withDefaults().read(out).orElseThrow();
        assertThat(report.state()).isEqualTo(ValidationState.VALID);
        assertThat(report.active().algorithm()).contains("PS256");
    }

    @Test
    void aFreshHomeGetsARandomOwnerOnlyPassphraseAndALostOneIsAskedFor() throws Exception {
        Path in = image("in.png");
        Path home = dir.resolve("home");
        int code = new CommandLine(new SignCommand(Map.of())).execute(in.toString(), "-o", dir.resolve("out.png").toString(),
                "--home", home.toString());
        assertThat(code).isZero();
        assertThat(LocalCredentials.keystore(home)).exists();
        Path passphrase = home.resolve("credentials/passphrase");
        assertThat(java.nio.file.Files.getPosixFilePermissions(passphrase))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(C2pa.withDefaults().read(dir.resolve("out.png")).orElseThrow().state()).isEqualTo(ValidationState.VALID);

        java.nio.file.Files.delete(passphrase);
        StringWriter errors = new StringWriter();
        CommandLine cli = new CommandLine(new SignCommand(Map.of()));
        cli.setErr(new PrintWriter(errors, true));
        assertThat(cli.execute(in.toString(), "-o", dir.resolve("again.png").toString(), "--home", home.toString())).isNotZero();
        assertThat(errors.toString()).contains("AUTEUR_KEY_PASSPHRASE");
        assertThat(dir.resolve("again.png")).doesNotExist();
    }
}
