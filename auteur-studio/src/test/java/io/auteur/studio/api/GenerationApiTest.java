package io.auteur.studio.api;

import static io.auteur.studio.api.StudioFixture.PROMPT;
import static io.auteur.studio.api.StudioFixture.json;
import static io.auteur.studio.api.StudioFixture.quick;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.Stills;
import io.auteur.media.Video;
import io.auteur.provenance.watermark.Detection;
import io.auteur.provenance.watermark.WatermarkKey;
import io.auteur.provenance.watermark.Watermarker;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generations end to end through the HTTP API on the bundled model (2 steps, model size): queued, followed over
 * server-sent events, downloaded whole and by range, and carrying the watermark and valid Content Credentials.
 */
class GenerationApiTest {
    private final StudioFixture studio = StudioFixture.shared();

    @TempDir
    Path dir;

    private record Event(String name, JsonNode data) {}

    @Test
    void aTextToVideoGenerationIsQueuedStreamedDownloadedAndCarriesItsCredentials() throws Exception {
        HttpResponse<String> created = studio.send(quick(PROMPT, Map.of("seed", "3")).post(studio.request("/v1/generations", studio.creator)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode generation = json(created);
        String id = generation.path("id").asText();
        assertThat(created.headers().firstValue("Location")).contains("/v1/generations/" + id);
        assertThat(generation.path("status").asText()).isEqualTo("queued");
        assertThat(generation.path("mode").asText()).isEqualTo("text");
        assertThat(generation.path("steps").asInt()).isEqualTo(2);

        List<Event> events = events(id);
        assertThat(events).isNotEmpty();
        List<Event> progress = events.stream().filter(e -> e.name().equals("progress")).toList();
        assertThat(progress).as("a progress event per sampling step at least").hasSizeGreaterThanOrEqualTo(1);
        assertThat(progress.getLast().data().path("step").asInt()).isEqualTo(2);
        assertThat(progress.getLast().data().path("steps").asInt()).isEqualTo(2);
        Event last = events.getLast();
        assertThat(last.name()).isEqualTo("succeeded");
        JsonNode result = last.data().path("result");
        assertThat(result.path("contentType").asText()).isEqualTo("video/mp4");
        assertThat(result.path("frames").asInt()).isEqualTo(16);
        assertThat(result.path("width").asInt()).isEqualTo(64);
        // A client that connects after the end gets the final event at once.
        assertThat(events(id)).extracting(Event::name).containsExactly("succeeded");

        HttpResponse<byte[]> download = studio.sendForBytes(studio.request(result.path("url").asText(), studio.viewer).GET());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("video/mp4"));
        assertThat(download.headers().firstValue("Content-Disposition")).contains("inline; filename=\"auteur-" + id + ".mp4\"");
        assertThat((long) download.body().length).isEqualTo(result.path("bytes").asLong());
        Path file = dir.resolve("out.mp4");
        Files.write(file, download.body());
        Clip clip = Video.read(file, Limits.DEFAULT);
        assertThat(clip.frameCount()).isEqualTo(16);
        Detection detection = new Watermarker(WatermarkKey.read(studio.home.resolve("watermark.key"))).detect(clip);
        assertThat(detection.found()).isTrue();

        HttpResponse<byte[]> range = studio.sendForBytes(studio.request(result.path("url").asText(), studio.viewer)
                .header("Range", "bytes=10-99").GET());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes 10-99/" + download.body().length);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(download.body(), 10, 100));

        HttpResponse<String> credentials = studio.get("/v1/generations/" + id + "/credentials", studio.viewer);
        assertThat(credentials.statusCode()).as(credentials.body()).isEqualTo(200);
        JsonNode report = json(credentials);
        assertThat(report.path("verdict").asText()).isEqualTo("INTACT");
        assertThat(report.path("watermark").path("found").asBoolean()).isTrue();
        assertThat(report.path("credentials").toString()).contains("trainedAlgorithmicMedia").contains("worlds-tiny");
        assertThat(report.path("file").asText()).isEqualTo("auteur-" + id + ".mp4");

        // The manifest recorded at signing is found by the watermark, publicly.
        String watermark = report.path("watermark").path("payload").asText();
        HttpResponse<String> manifests = studio.send(studio.request("/v1/manifests/by-watermark/" + watermark).GET());
        assertThat(manifests.statusCode()).as(manifests.body()).isEqualTo(200);
        assertThat(json(manifests).path("manifests").get(0).path("contentSha256").asText())
                .isEqualTo(result.path("sha256").asText());
        assertThat(studio.send(studio.request("/v1/manifests/by-watermark/0000000000000000").GET()).statusCode()).isEqualTo(404);

        // Anyone may verify a file by upload.
        HttpResponse<String> verified = studio.send(new StudioFixture.Form().file("file", "clip.mp4", "video/mp4", download.body())
                .post(studio.request("/v1/verify")));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(json(verified).path("verdict").asText()).isEqualTo("INTACT");

        // Listed and found by a prompt substring, case-insensitively.
        JsonNode list = json(studio.get("/v1/generations?q=RED%20SPHERE&status=succeeded&limit=50", studio.viewer));
        assertThat(list.path("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(list.path("items").findValuesAsText("id")).contains(id);
        assertThat(json(studio.get("/v1/generations?q=no-such-prompt", studio.viewer)).path("total").asLong()).isZero();
    }

    @Test
    void aStillAndAnImageToVideoGenerationFromAnUpload() throws Exception {
        HttpResponse<String> still = studio.send(quick(PROMPT, Map.of("format", "png")).post(studio.request("/v1/generations", studio.creator)));
        assertThat(still.statusCode()).as(still.body()).isEqualTo(202);
        Path picture = dir.resolve("first.png");
        byte[] rgb = new byte[64 * 64 * 3];
        java.util.Arrays.fill(rgb, (byte) 200);
        Stills.write(Clip.still(rgb, 64, 64), 0, picture);
        HttpResponse<String> i2v = studio.send(quick(PROMPT, Map.of())
                .file("image", "first.png", "image/png", Files.readAllBytes(picture))
                .post(studio.request("/v1/generations", studio.creator)));
        assertThat(i2v.statusCode()).as(i2v.body()).isEqualTo(202);
        assertThat(json(i2v).path("mode").asText()).isEqualTo("image");

        JsonNode png = studio.awaitFinished(json(still).path("id").asText(), studio.viewer);
        assertThat(png.path("status").asText()).as(png.toString()).isEqualTo("succeeded");
        assertThat(png.path("result").path("contentType").asText()).isEqualTo("image/png");
        assertThat(png.path("result").path("frames").asInt()).isEqualTo(1);
        HttpResponse<byte[]> image = studio.sendForBytes(studio.request(png.path("result").path("url").asText(), studio.viewer).GET());
        assertThat(image.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).endsWith(".png\""));
        Path file = dir.resolve("still.png");
        Files.write(file, image.body());
        assertThat(Stills.read(file, Limits.DEFAULT).width()).isEqualTo(64);

        JsonNode video = studio.awaitFinished(json(i2v).path("id").asText(), studio.viewer);
        assertThat(video.path("status").asText()).as(video.toString()).isEqualTo("succeeded");
        HttpResponse<byte[]> clipBytes = studio.sendForBytes(studio.request(video.path("result").path("url").asText(), studio.viewer).GET());
        Path clipFile = dir.resolve("i2v.mp4");
        Files.write(clipFile, clipBytes.body());
        // The first frame is the uploaded picture (through H.264 and the watermark): its green stays near 200.
        assertThat(Video.read(clipFile, Limits.DEFAULT).sample(0, 32, 32, 1)).isBetween(180, 220);
        JsonNode report = json(studio.get("/v1/generations/" + video.path("id").asText() + "/credentials", studio.viewer));
        assertThat(report.path("credentials").toString()).as("the upload is an ingredient").contains("image.png");
    }

    @Test
    void anUnknownWordInThePromptIsABadRequestNamingIt() {
        HttpResponse<String> response = studio.send(quick("a red sphear bounces", Map.of()).post(studio.request("/v1/generations", studio.creator)));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains(Problem.CONTENT_TYPE);
        JsonNode problem = json(response);
        assertThat(problem.path("detail").asText()).contains("'sphear'").contains("sphere");
        assertThat(problem.path("type").asText()).startsWith(Problem.TYPE_BASE);
        assertThat(problem.path("instance").asText()).isEqualTo("/v1/generations");
        HttpResponse<String> contradictory = studio.send(quick(PROMPT, Map.of("outpaint", "2x"))
                .post(studio.request("/v1/generations", studio.creator)));
        assertThat(contradictory.statusCode()).isEqualTo(400);
        assertThat(json(contradictory).path("detail").asText()).contains("need a source");
        HttpResponse<String> strengthAlone = studio.send(quick(PROMPT, Map.of("strength", "0.6"))
                .post(studio.request("/v1/generations", studio.creator)));
        assertThat(strengthAlone.statusCode()).isEqualTo(400);
        assertThat(json(strengthAlone).path("detail").asText()).contains("--strength starts from a source clip");
        HttpResponse<String> notANumber = studio.send(quick(PROMPT, Map.of("strength", "strong"))
                .post(studio.request("/v1/generations", studio.creator)));
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(json(notANumber).path("detail").asText()).contains("strength");
    }

    @Test
    void aPromptLongerThanTheModelReadsIsABadRequestSayingWhatItWouldNotRead() {
        String tooLong = String.join(" ", java.util.Collections.nCopies(60, "red sphere"));
        HttpResponse<String> response = studio.send(quick(tooLong, Map.of())
                .post(studio.request("/v1/generations", studio.creator)));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).endsWith("prompt-too-long");
        assertThat(problem.path("detail").asText()).contains("the prompt has 120 words but the model reads at most")
                .contains("it would not read: \"");
    }

    @Test
    void theResultOfAnUnfinishedOrUnknownGenerationIsNotFound() {
        String unknown = java.util.UUID.randomUUID().toString();
        HttpResponse<String> response = studio.get("/v1/generations/" + unknown + "/result", studio.viewer);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("status").asInt()).isEqualTo(404);
    }

    /** Reads the whole event stream of a generation (it ends after the final event). */
    private List<Event> events(String id) throws Exception {
        HttpResponse<InputStream> response = studio.http.send(studio.request("/v1/generations/" + id + "/events", studio.viewer)
                .timeout(java.time.Duration.ofSeconds(90)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<Event> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    events.add(new Event(name, StudioFixture.JSON.readTree(line.substring(6))));
                }
            }
        }
        return events;
    }
}
