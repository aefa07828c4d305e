package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.media.LimitExceededException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Our validator reaches the reference implementation's verdict (VERDICTS.json) on every C2PA fixture. */
class FixtureVerdictsTest {
    static Stream<Arguments> verdicts() throws IOException {
        JsonNode verdicts = new ObjectMapper().readTree(Shared.fixture("VERDICTS.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : verdicts.properties()) {
            out.add(Arguments.of(entry.getKey(), entry.getValue()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void ourValidatorAgreesWithTheReferenceVerdict(String file, JsonNode verdict) {
        Path path = Shared.fixture(file);
        C2pa c2pa = C2pa.withDefaults();
        if (verdict.has("state")) {
            ValidationReport report = c2pa.read(path).orElseThrow(() -> new AssertionError(file + " has no manifest"));
            List<String> expectedFailures = new ArrayList<>();
            verdict.path("failures").forEach(n -> expectedFailures.add(n.asText()));
            assertThat(report.state().label()).isEqualTo(verdict.path("state").asText());
            assertThat(report.failureCodes()).containsExactlyInAnyOrderElementsOf(expectedFailures);
        } else if (verdict.path("error").asText().contains("JumbfNotFound")) {
            assertThat(c2pa.read(path)).isEqualTo(Optional.empty());
        } else {
            // The reference rejects the file as malicious; we must reject it by a limit, not crash or accept it.
            assertThatThrownBy(() -> c2pa.read(path)).isInstanceOf(C2paException.class)
                    .hasRootCauseInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("maxNestingDepth");
        }
    }
}
