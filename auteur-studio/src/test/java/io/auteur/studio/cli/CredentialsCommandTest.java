package io.auteur.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CredentialsCommandTest {
    private static Path fixture(String name) {
        String root = System.getProperty("auteur.shared");
        if (root == null) {
            throw new AssertionError("system property auteur.shared (the ../shared folder) is not set");
        }
        return Path.of(root, "fixtures/c2pa", name);
    }

    private record Run(int code, String out) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new CredentialsCommand());
        cli.setOut(new PrintWriter(out, true));
        return new Run(cli.execute(args), out.toString());
    }

    @Test
    void showsWhoSignedWhatWasDoneAndTheStateForPeople() {
        Run run = run(fixture("CA.jpg").toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Valid", "C2PA Signer", "ingredient:", "failure:    signingCredential.untrusted");
    }

    @Test
    void printsTheWholeReportAsJson() throws Exception {
        Run run = run(fixture("XCA.jpg").toString(), "--json");
        assertThat(run.code()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("state").asText()).isEqualTo("Invalid");
        assertThat(json.path("failures").toString()).contains("assertion.dataHash.mismatch");
        assertThat(json.path("manifests").size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aFileWithoutCredentialsExitsWithThree() {
        Run run = run(fixture("libpng-test.png").toString());
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains("no Content Credentials");
    }
}
