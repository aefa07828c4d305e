package io.auteur.studio.api;

import static io.auteur.studio.api.StudioFixture.PROMPT;
import static io.auteur.studio.api.StudioFixture.json;
import static io.auteur.studio.api.StudioFixture.quick;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shape of several nodes, in one process: an API node without workers queues a generation, and a separate
 * worker node on the same database and media store runs it. Progress and the result reach the client through the
 * database and the store alone. (Across machines the database is PostgreSQL; here it is the same H2 file.)
 */
class MultiNodeTest {
    @Test
    void aWorkerNodeRunsWhatAnApiNodeQueued() throws Exception {
        StudioFixture api = StudioFixture.start(ServiceLimits.DEFAULT, 0);
        ServerSettings workerSettings = api.server.settings().withWorkers(1).withNodeName("worker-node")
                .withPort(0).withPollInterval(Duration.ofSeconds(5));
        try (StudioServer worker = StudioServer.work(workerSettings)) {
            HttpResponse<String> created = api.send(quick(PROMPT, Map.of()).post(api.request("/v1/generations", api.creator)));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            JsonNode done = api.awaitFinished(json(created).path("id").asText(), api.viewer);
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
            HttpResponse<byte[]> download = api.sendForBytes(api.request(done.path("result").path("url").asText(), api.viewer).GET());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat((long) download.body().length).isEqualTo(done.path("result").path("bytes").asLong());
            assertThat(json(api.send(api.request("/v1/health").GET())).path("workers").asInt())
                    .as("the API node counts the worker node's workers").isEqualTo(1);
        }
    }
}
