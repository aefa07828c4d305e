package io.auteur.studio.api;

import static io.auteur.studio.api.StudioFixture.PROMPT;
import static io.auteur.studio.api.StudioFixture.json;
import static io.auteur.studio.api.StudioFixture.quick;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.auteur.media.AudioTrack;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Stills;
import io.auteur.media.Video;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every limit and every kind of bad input is refused with a problem, before any work: the shared node takes files
 * of 256 KiB, requests of 400 KiB, pictures of 256 pixels a side and clips of 40 frames.
 */
class LimitsApiTest {
    private final StudioFixture studio = StudioFixture.shared();

    @TempDir
    Path dir;

    private HttpResponse<String> create(StudioFixture.Form form) {
        return studio.send(form.post(studio.request("/v1/generations", studio.creator)));
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith(Problem.CONTENT_TYPE));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith(Problem.TYPE_BASE);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private byte[] png(int width, int height) throws IOException {
        byte[] rgb = new byte[width * height * 3];
        java.util.Arrays.fill(rgb, (byte) 90);
        Path file = dir.resolve("p" + width + "x" + height + ".png");
        Stills.write(Clip.still(rgb, width, height), 0, file);
        return Files.readAllBytes(file);
    }

    /** A PNG signature followed by junk, to make a file of any size. */
    private static byte[] bigPng(int bytes) {
        byte[] content = new byte[bytes];
        new java.util.Random(1).nextBytes(content);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, content, 0, 8);
        return content;
    }

    @Test
    void uploadsBeyondTheFileOrRequestCapAreTooLarge() {
        assertProblem(create(quick(PROMPT, Map.of()).file("image", "big.png", "image/png", bigPng(300 << 10))), 413);
        StudioFixture.Form twoFiles = quick(PROMPT, Map.of()).file("image", "a.png", "image/png", bigPng(220 << 10))
                .file("lastImage", "b.png", "image/png", bigPng(220 << 10));
        assertProblem(create(twoFiles), 413);
        // The same body sent chunked, without a declared length.
        byte[] body = twoFiles.bytes();
        assertProblem(studio.send(studio.request("/v1/generations", studio.creator).header("Content-Type", twoFiles.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))), 413);
    }

    @Test
    void anUploadWithinTheCapsIsTakenEvenWhenLargerThanAJsonBody() throws IOException {
        byte[] rgb = new byte[250 * 250 * 3];
        new java.util.Random(7).nextBytes(rgb); // noise: a PNG that hardly compresses, about 190 KB
        Path noise = dir.resolve("noise.png");
        Stills.write(Clip.still(rgb, 250, 250), 0, noise);
        byte[] bytes = Files.readAllBytes(noise);
        assertThat(bytes.length).isBetween(100 << 10, 256 << 10);
        HttpResponse<String> accepted = create(quick(PROMPT, Map.of()).file("image", "noise.png", "image/png", bytes));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    }

    @Test
    void picturesAndClipsBeyondTheResolutionOrFrameLimitsAreTooLarge() throws IOException {
        HttpResponse<String> wide = create(quick(PROMPT, Map.of()).file("image", "wide.png", "image/png", png(300, 300)));
        assertProblem(wide, 413);
        assertThat(json(wide).path("detail").asText()).contains("300x300").contains("256").doesNotContain(studio.home.toString());
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            frames.add(new byte[16 * 16 * 3]);
        }
        Path clip = dir.resolve("long.mp4");
        Video.write(Clip.of(frames, 16, 16, 8), clip, EncodeOptions.h264(AudioTrack.none()));
        HttpResponse<String> longClip = create(quick(PROMPT, Map.of()).file("extend", "long.mp4", "video/mp4", Files.readAllBytes(clip)));
        assertProblem(longClip, 413);
        assertThat(json(longClip).path("detail").asText()).contains("50 frames");
    }

    @Test
    void stepsAndDurationBeyondTheLimitsAreBadRequests() {
        HttpResponse<String> steps = create(quick(PROMPT, Map.of("steps", "101")));
        assertProblem(steps, 400);
        assertThat(json(steps).path("detail").asText()).contains("steps").contains("100");
        HttpResponse<String> seconds = create(quick(PROMPT, Map.of("seconds", "31")));
        assertProblem(seconds, 400);
        assertThat(json(seconds).path("detail").asText()).contains("seconds").contains("30");
        assertProblem(create(quick(PROMPT, Map.of("upscale", "4000x4000"))), 400);
        assertProblem(create(quick(PROMPT, Map.of("steps", "lots"))), 400);
    }

    @Test
    void contentIsJudgedByItsBytesNotItsNameOrDeclaredType() throws IOException {
        HttpResponse<String> text = create(quick(PROMPT, Map.of()).file("image", "x.png", "image/png",
                "just some text, not a picture".getBytes()));
        assertProblem(text, 415);
        // A real PNG where a clip is expected is refused too, whatever it is called.
        assertProblem(create(quick(PROMPT, Map.of()).file("extend", "clip.mp4", "video/mp4", png(32, 32))), 415);
        assertProblem(studio.send(studio.request("/v1/generations", studio.creator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"x\"}"))), 415);
        assertProblem(studio.send(studio.request("/v1/session").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("key"))), 415);
    }

    @Test
    void oversizedJsonBodiesAreTooLarge() {
        String body = "{\"key\": \"" + "a".repeat(100 << 10) + "\"}";
        assertProblem(studio.send(studio.request("/v1/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))), 413);
    }

    @Test
    void pathTraversalNeverLeavesTheStore() {
        for (String path : List.of("/v1/generations/..%2f..%2f..%2fetc%2fpasswd/result",
                "/v1/generations/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/v1/generations/%2e%2e/result",
                "/v1/generations/../../../etc/passwd", "/v1/generations/not-a-uuid/result",
                "/v1/manifests/by-watermark/..%2f..%2fdb")) {
            HttpResponse<String> response = studio.get(path, studio.viewer);
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(response.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith(Problem.CONTENT_TYPE));
            assertThat(response.body()).as(path).doesNotContain("root:");
        }
    }

    @Test
    void unknownRoutesAndMethodsAreProblemsToo() {
        HttpResponse<String> unknown = studio.get("/v1/nothing-here", studio.viewer);
        assertProblem(unknown, 404);
        assertProblem(studio.send(studio.request("/v1/health").PUT(HttpRequest.BodyPublishers.noBody())), 405);
    }

    @Test
    void theRateLimitOfAKeyAnswersTooManyRequestsWithRetryAfter() {
        StudioFixture limited = StudioFixture.start(ServiceLimits.DEFAULT.withRate(6, 3), 0);
        for (int i = 0; i < 3; i++) {
            assertThat(limited.get("/v1/generations", limited.viewer).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = limited.get("/v1/generations", limited.viewer);
        assertProblem(refused, 429);
        assertThat(refused.headers().firstValue("Retry-After").map(Integer::parseInt)).hasValueSatisfying(
                seconds -> assertThat(seconds).isBetween(1, 10));
        assertThat(limited.get("/v1/generations", limited.creator).statusCode()).as("another key has its own bucket").isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentListsExactlyTheRegisteredRoutes() {
        JsonNode document = json(studio.send(studio.request("/v1/openapi.json").GET()));
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        Set<String> documented = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        }
        Set<String> registered = new HashSet<>();
        studio.server.routes().forEach(route -> registered.add(route.method().name() + " " + route.path()));
        assertThat(documented).isEqualTo(registered);
        assertThat(registered).contains("POST /v1/generations", "GET /v1/generations/{id}/events", "POST /v1/verify",
                "GET /v1/manifests/by-watermark/{watermarkId}", "DELETE /v1/keys/{id}", "GET /v1/health",
                "POST /v1/assets", "POST /v1/assets/{sha256}/revocations", "GET /v1/contributors/{id}/statement");
        // Each documented route is served: none answers "no such route" or "method not allowed".
        for (String route : registered) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace("{id}", UUID.randomUUID().toString())
                    .replace("{watermarkId}", "0123456789abcdef").replace("{sha256}", "0".repeat(64));
            HttpResponse<String> response = studio.send(studio.request(path, studio.admin)
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            assertThat(response.statusCode()).as(route).isNotEqualTo(405);
            assertThat(response.body()).as(route).doesNotContain("no such route");
        }
    }
}
