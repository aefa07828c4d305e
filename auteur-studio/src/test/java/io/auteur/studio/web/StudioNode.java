package io.auteur.studio.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.studio.access.ApiKeys;
import io.auteur.studio.access.Role;
import io.auteur.studio.api.ServerSettings;
import io.auteur.studio.api.StudioServer;
import io.auteur.studio.home.AuteurHome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The real studio server for the browser test: a temporary Auteur home (H2 database), the committed bundled model,
 * one worker polling every 5 s (the least JobRunr allows on SQL storage), an ephemeral port, and a creator key made the way {@code auteur keys create} does.
 */
final class StudioNode implements AutoCloseable {
    /** The repository's models folder, seen from the module folder the tests run in. */
    static final Path MODEL = Path.of("..", "models", "worlds-tiny");

    private final StudioServer server;
    private final URI base;
    private final String creatorKey;

    private StudioNode(Path home) {
        AuteurHome auteurHome = new AuteurHome(home, Map.of());
        ServerSettings settings = ServerSettings.defaults(auteurHome, MODEL).withHost("127.0.0.1").withPort(0)
                .withWorkers(1).withPollInterval(Duration.ofSeconds(5)).withNodeName("web-test");
        server = StudioServer.serve(settings);
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
        creatorKey = new ApiKeys(auteurHome.database().dataSource(), Clock.systemUTC())
                .create("web test creator", Role.CREATOR).secret();
    }

    static StudioNode start(Path temp) throws IOException {
        return new StudioNode(Files.createDirectories(temp.resolve("auteur-home")));
    }

    URI baseUri() {
        return base;
    }

    String creatorKey() {
        return creatorKey;
    }

    /** Downloads a generation's result with the creator key, as a script would. */
    Path download(String id, Path target) throws IOException, InterruptedException {
        URI uri = base.resolve("/v1/generations/" + id + "/result");
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<Path> response = client.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + creatorKey).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
            assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
            return response.body();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
