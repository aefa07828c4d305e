package io.auteur.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auteur keys}: a key is printed once, listed without its secret, and revoked by id. */
class KeysCommandTest {
    @TempDir
    Path dir;

    private String previousHome;

    private record Run(int exitCode, String out, String err) {}

    @BeforeEach
    void useATemporaryHome() {
        previousHome = System.getProperty("auteur.home");
        System.setProperty("auteur.home", dir.resolve("home").toString());
    }

    @AfterEach
    void restoreTheHome() {
        if (previousHome == null) {
            System.clearProperty("auteur.home");
        } else {
            System.setProperty("auteur.home", previousHome);
        }
    }

    private static Run auteur(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = AuteurCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void keysAreCreatedListedAndRevoked() {
        Run created = auteur("keys", "create", "--name", "alice", "--role", "creator");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String secret = created.out().strip();
        assertThat(secret).matches("auteur_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("shown only now");
        String id = created.err().replaceFirst("(?s).*made key (\\S+) .*", "$1");

        Run list = auteur("keys", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(id).contains("alice").contains("creator").doesNotContain(secret);

        Run revoked = auteur("keys", "revoke", id);
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("revoked " + id);
        assertThat(auteur("keys", "list").out()).contains("revoked");
        assertThat(auteur("keys", "revoke", "no-such-key").err()).contains("no key no-such-key");
        Run badRole = auteur("keys", "create", "--name", "bob", "--role", "boss");
        assertThat(badRole.exitCode()).isEqualTo(1);
        assertThat(badRole.err()).contains("unknown role 'boss'");
    }
}
