package io.auteur.studio.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.studio.access.ApiKeys;
import io.auteur.studio.access.Role;
import io.auteur.studio.home.AuteurHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;
import java.util.UUID;

/**
 * A real studio node for the API tests: a temporary Auteur home with an H2 database, the bundled model, one worker
 * polling every 5 s (JobRunr's least for SQL storage), keys of every role, and an HTTP client. Started once per test JVM (PyTorch, the model and
 * JobRunr take seconds to start) and stopped when the JVM ends.
 */
final class StudioFixture {
    /** The repository's models folder, seen from the module folder the tests run in. */
    static final Path MODEL = Path.of("..", "models", "worlds-tiny");
    static final String PROMPT = "a red sphere bounces to the right on a checkered floor";
    static final ObjectMapper JSON = new ObjectMapper();

    private static StudioFixture shared;

    final Path home;
    final StudioServer server;
    final URI base;
    final ApiKeys keys;
    final String admin;
    final String creator;
    final String viewer;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private StudioFixture(Path home, Map<String, String> environment, ServiceLimits limits, int workers) {
        this.home = home;
        AuteurHome auteurHome = new AuteurHome(home, environment);
        ServerSettings settings = ServerSettings.defaults(auteurHome, MODEL).withPort(0).withWorkers(workers)
                .withPollInterval(Duration.ofSeconds(5)).withNodeName("test-node").withLimits(limits);
        server = StudioServer.serve(settings);
        base = URI.create("http://127.0.0.1:" + server.port());
        keys = new ApiKeys(auteurHome.database().dataSource(), Clock.systemUTC());
        admin = keys.create("test admin", Role.ADMIN).secret();
        creator = keys.create("test creator", Role.CREATOR).secret();
        viewer = keys.create("test viewer", Role.VIEWER).secret();
    }

    /** The shared node, with limits small enough that the limit tests stay quick. */
    static synchronized StudioFixture shared() {
        if (shared == null) {
            shared = start(ServiceLimits.DEFAULT.withUploads(256 << 10, 400 << 10).withMedia(256, 40), 1);
        }
        return shared;
    }

    /** A node of its own (stopped when the JVM ends); {@code workers} 0 for one that only serves the API. */
    static StudioFixture start(ServiceLimits limits, int workers) {
        return start(Map.of(), limits, workers);
    }

    /** A node of its own on the database {@code environment} names ({@code AUTEUR_DATABASE_URL}, ...). */
    static StudioFixture start(Map<String, String> environment, ServiceLimits limits, int workers) {
        try {
            Path home = Files.createTempDirectory("auteur-api-test");
            StudioFixture fixture = new StudioFixture(home, environment, limits, workers);
            Runtime.getRuntime().addShutdownHook(new Thread(fixture.server::close));
            return fixture;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    HttpRequest.Builder request(String path, String key) {
        return request(path).header("Authorization", "Bearer " + key);
    }

    HttpResponse<String> get(String path, String key) {
        return send(request(path, key).GET());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** A multipart/form-data body: text fields and files (name -> (filename, bytes, declared type)). */
    static final class Form {
        final String boundary = "auteur-" + UUID.randomUUID();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Form field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        Form file(String name, String filename, String contentType, byte[] content) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
            body.writeBytes(content);
            write("\r\n");
            return this;
        }

        HttpRequest.Builder post(HttpRequest.Builder request) {
            return request.header("Content-Type", contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(bytes()));
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        /** The whole body, closing boundary included. */
        byte[] bytes() {
            ByteArrayOutputStream done = new ByteArrayOutputStream();
            done.writeBytes(body.toByteArray());
            done.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return done.toByteArray();
        }

        private void write(String text) {
            body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A fast generation's form: the bundled model at 2 steps, no enlargement. */
    static Form quick(String prompt, Map<String, String> extra) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("prompt", prompt);
        fields.put("steps", "2");
        fields.put("upscale", "none");
        fields.putAll(extra);
        Form form = new Form();
        for (Entry<String, String> field : fields.entrySet()) {
            form.field(field.getKey(), field.getValue());
        }
        return form;
    }

    /** Polls a generation until it is finished (or the time is up). */
    JsonNode awaitFinished(String id, String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode generation = json(get("/v1/generations/" + id, key));
            String status = generation.path("status").asText();
            if (status.equals("succeeded") || status.equals("failed")) {
                return generation;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("generation " + id + " did not finish in 90 s");
    }
}
