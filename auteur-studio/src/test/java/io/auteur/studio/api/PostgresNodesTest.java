package io.auteur.studio.api;

import static io.auteur.studio.api.StudioFixture.PROMPT;
import static io.auteur.studio.api.StudioFixture.json;
import static io.auteur.studio.api.StudioFixture.quick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auteur.studio.db.Database;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The multi-node set-up on PostgreSQL: an API node and a worker node share the database (Flyway schema, JobRunr's
 * tables, the generations' rows) and a media folder. Runs when {@code AUTEUR_TEST_DATABASE_URL} names a PostgreSQL
 * database (with {@code AUTEUR_TEST_DATABASE_USER} and {@code AUTEUR_TEST_DATABASE_PASSWORD}); skipped otherwise.
 */
class PostgresNodesTest {
    @Test
    void anApiNodeAndAWorkerNodeShareAPostgresDatabase() throws Exception {
        String url = System.getenv("AUTEUR_TEST_DATABASE_URL");
        assumeTrue(url != null && url.startsWith("jdbc:postgresql:"), "set AUTEUR_TEST_DATABASE_URL to a PostgreSQL database");
        Map<String, String> environment = new HashMap<>();
        environment.put(Database.URL_ENV, url);
        environment.put(Database.USER_ENV, System.getenv().getOrDefault("AUTEUR_TEST_DATABASE_USER", ""));
        environment.put(Database.PASSWORD_ENV, System.getenv().getOrDefault("AUTEUR_TEST_DATABASE_PASSWORD", ""));
        StudioFixture api = StudioFixture.start(environment, ServiceLimits.DEFAULT, 0);
        try (StudioServer worker = StudioServer.work(api.server.settings().withWorkers(1).withNodeName("pg-worker"))) {
            JsonNode health = json(api.send(api.request("/v1/health").GET()));
            assertThat(health.path("database").asText()).isEqualTo("postgresql");
            HttpResponse<String> created = api.send(quick(PROMPT, Map.of()).post(api.request("/v1/generations", api.creator)));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            JsonNode done = api.awaitFinished(json(created).path("id").asText(), api.viewer);
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
            JsonNode report = json(api.get("/v1/generations/" + done.path("id").asText() + "/credentials", api.viewer));
            assertThat(report.path("verdict").asText()).isEqualTo("INTACT");
            assertThat(json(api.get("/v1/generations?q=red%20sphere", api.viewer)).path("total").asLong()).isGreaterThanOrEqualTo(1);
        }
    }
}
