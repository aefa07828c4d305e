package io.auteur.studio.api;

import static io.auteur.studio.api.StudioFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.auteur.provenance.c2pa.Action;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.DigitalSourceType;
import io.auteur.provenance.c2pa.KeySigner;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.SigningAlgorithm;
import io.auteur.provenance.c2pa.TrainingMining;
import io.auteur.studio.consent.ConsentRegistry;
import io.auteur.studio.consent.Hashes;
import io.auteur.studio.home.AuteurHome;
import io.auteur.studio.ledger.Ledger;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consent registry and the ledger over HTTP, end to end on a real node: contributors, contributed files with
 * the scopes they may be used for (and what their own Content Credentials allow), revocation that marks the models
 * trained on them for retraining, statements, and every bad input refused with a problem. Admin keys only.
 */
class ConsentApiTest {
    /**
     * A node of its own with the default upload limits: the contributed clip (780 KB, 720x1280) is beyond what the
     * shared node takes, which {@link #uploadsAreCappedLikeEveryOtherUpload} relies on.
     */
    private static final StudioFixture studio = StudioFixture.start(ServiceLimits.DEFAULT.withRate(6000, 1000), 0);

    @TempDir
    Path dir;

    /** The contributed clip from ../shared, which surefire names in auteur.shared. */
    private static Path waterfall() {
        String shared = System.getProperty("auteur.shared");
        if (shared == null) {
            throw new AssertionError("system property auteur.shared (the ../shared folder) is not set");
        }
        Path clip = Path.of(shared, "fixtures/footage/waterfall-720x1280.mp4");
        assertThat(clip).as("../shared/fixtures/footage").isRegularFile();
        return clip;
    }

    private DataSource database() {
        return new AuteurHome(studio.home, Map.of()).database().dataSource();
    }

    private HttpResponse<String> postJson(String path, String key, String body) {
        return studio.send(studio.request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> upload(StudioFixture fixture, String key, Map<String, String> fields, String fileName,
                                        byte[] content) {
        StudioFixture.Form form = new StudioFixture.Form();
        fields.forEach(form::field);
        if (content != null) {
            form.file("file", fileName, "video/mp4", content);
        }
        return fixture.send(form.post(fixture.request("/v1/assets", key)));
    }

    private static JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response);
    }

    private static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith(Problem.CONTENT_TYPE));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return json(response);
    }

    @Test
    void aContributedClipIsRegisteredShownRevokedAndTheModelTrainedOnItIsMarkedForRetraining() throws IOException {
        // 1. A contributor, added and then renamed: the payout reference stays.
        JsonNode alice = ok(postJson("/v1/contributors", studio.admin,
                "{\"id\": \"alice\", \"name\": \"Alice\", \"payoutReference\": \"IBAN:DE00-42\"}"), 201);
        assertThat(alice.path("payoutReference").asText()).isEqualTo("IBAN:DE00-42");
        alice = ok(postJson("/v1/contributors", studio.admin, "{\"id\": \"alice\", \"name\": \"Alice Example\"}"), 200);
        assertThat(alice.path("name").asText()).isEqualTo("Alice Example");
        assertThat(alice.path("payoutReference").asText()).isEqualTo("IBAN:DE00-42");
        assertThat(ok(studio.get("/v1/contributors", studio.admin), 200).path("items").findValuesAsText("id"))
                .contains("alice");

        // 2. Her clip, uploaded for training and fine-tuning: hashed, probed, granted; the bytes are not kept.
        byte[] clip = Files.readAllBytes(waterfall());
        String sha256 = Hashes.sha256(clip);
        Map<String, String> form = Map.of("contributor", "alice", "scopes", "training,fine-tuning", "licence", "CC-BY-4.0");
        HttpResponse<String> created = upload(studio, studio.admin, form, "waterfall.mp4", clip);
        JsonNode asset = ok(created, 201);
        assertThat(created.headers().firstValue("Location")).contains("/v1/assets/" + sha256);
        assertThat(asset.path("sha256").asText()).isEqualTo(sha256);
        assertThat(asset.path("contributor").asText()).isEqualTo("alice");
        assertThat(asset.path("fileName").asText()).isEqualTo("waterfall.mp4");
        assertThat(asset.path("licence").asText()).isEqualTo("CC-BY-4.0");
        assertThat(asset.path("width").asInt()).isEqualTo(720);
        assertThat(asset.path("height").asInt()).isEqualTo(1280);
        assertThat(asset.path("c2paTrainingMining").isNull()).as("no Content Credentials in the clip").isTrue();
        assertThat(asset.path("consents").findValuesAsText("scope")).containsExactly("training", "fine-tuning");
        assertThat(asset.path("consents").findValues("active")).allMatch(JsonNode::asBoolean);
        try (var stored = Files.walk(studio.server.settings().mediaRoot())) {
            assertThat(stored.filter(Files::isRegularFile).map(Path::getFileName).map(Path::toString))
                    .as("no copy of the upload is left behind").noneMatch(name -> name.startsWith("upload"));
        }

        // The same bytes again: the same asset and the same grants; under another contributor: a conflict.
        JsonNode again = ok(upload(studio, studio.admin, form, "renamed.mp4", clip), 200);
        assertThat(again.path("consents")).isEqualTo(asset.path("consents"));
        ok(postJson("/v1/contributors", studio.admin, "{\"id\": \"mallory\", \"name\": \"Mallory\"}"), 201);
        assertThat(problem(upload(studio, studio.admin, Map.of("contributor", "mallory", "scopes", "training"),
                "mine.mp4", clip), 409).path("detail").asText()).contains("already registered to contributor 'alice'");

        // 3. Listed, and shown by contributor and by hash prefix.
        assertThat(ok(studio.get("/v1/assets?contributor=alice", studio.admin), 200).path("items")
                .findValuesAsText("sha256")).containsExactly(sha256);
        assertThat(ok(studio.get("/v1/assets", studio.admin), 200).path("items").findValuesAsText("sha256"))
                .contains(sha256);
        JsonNode shown = ok(studio.get("/v1/contributors/alice", studio.admin), 200);
        assertThat(shown.path("assets").findValuesAsText("sha256")).containsExactly(sha256);
        assertThat(shown.path("assets").get(0).path("consents").size()).isEqualTo(2);

        // 4. A model trained on the training grant, as the training gate records it.
        ConsentRegistry registry = new ConsentRegistry(database(), Clock.systemUTC());
        long training = asset.path("consents").get(0).path("id").asLong();
        String manifest = "d".repeat(64);
        registry.recordModel(dir.resolve("models/alice-v1"), "alice-v1", manifest, "consented", List.of(training));
        JsonNode byPrefix = ok(studio.get("/v1/assets/" + sha256.substring(0, 12).toUpperCase(), studio.admin), 200);
        assertThat(byPrefix.path("sha256").asText()).isEqualTo(sha256);
        assertThat(byPrefix.path("models").findValuesAsText("name")).containsExactly("alice-v1");
        assertThat(byPrefix.path("models").get(0).path("needsRetraining").asBoolean()).isFalse();

        // 5. Revoking fine-tuning leaves the model alone; revoking the rest marks it.
        problem(postJson("/v1/assets/" + sha256 + "/revocations", studio.admin, "{\"scope\": \"painting\"}"), 400);
        JsonNode fineTuning = ok(postJson("/v1/assets/" + sha256 + "/revocations", studio.admin,
                "{\"scope\": \"fine-tuning\", \"reason\": \"no fine-tuning, please\"}"), 200);
        assertThat(fineTuning.path("revoked").findValuesAsText("scope")).containsExactly("fine-tuning");
        assertThat(fineTuning.path("modelsMarked").size()).isZero();
        JsonNode revoked = ok(postJson("/v1/assets/" + sha256 + "/revocations", studio.admin,
                "{\"reason\": \"asked by Alice\"}"), 200);
        assertThat(revoked.path("revoked").findValuesAsText("scope")).containsExactly("training");
        assertThat(revoked.path("revoked").get(0).path("revocationReason").asText()).isEqualTo("asked by Alice");
        assertThat(revoked.path("modelsMarked").findValuesAsText("name")).containsExactly("alice-v1");
        assertThat(revoked.path("modelsMarked").get(0).path("needsRetraining").asBoolean()).isTrue();

        JsonNode after = ok(studio.get("/v1/assets/" + sha256, studio.admin), 200);
        assertThat(after.path("consents").findValues("active")).noneMatch(JsonNode::asBoolean);
        assertThat(after.path("consents").findValuesAsText("revocationReason"))
                .containsExactly("asked by Alice", "no fine-tuning, please");
        assertThat(after.path("models").get(0).path("needsRetraining").asBoolean()).isTrue();
        assertThat(after.path("models").get(0).path("retrainingReason").asText()).contains("revoked");
        assertThat(registry.model(dir.resolve("models/alice-v1")).orElseThrow().needsRetraining()).isTrue();
        assertThat(ok(postJson("/v1/assets/" + sha256 + "/revocations", studio.admin, "{}"), 200).path("revoked")
                .size()).as("nothing live is left to revoke").isZero();

        // 6. Her statement: what a generation by the model credited her, as JSON and as CSV.
        assertThat(ok(studio.get("/v1/contributors/alice/statement", studio.admin), 200).path("lines").size()).isZero();
        new Ledger(database(), Clock.systemUTC()).credit(new Ledger.Credit("generation-1", "alice-v1", manifest, 250,
                "EUR", List.of(new Ledger.Share("alice", 2000))));
        JsonNode statement = ok(studio.get("/v1/contributors/alice/statement", studio.admin), 200);
        assertThat(statement.path("account").asText()).isEqualTo("contributor:alice");
        assertThat(statement.path("contributor").path("payoutReference").asText()).isEqualTo("IBAN:DE00-42");
        assertThat(statement.path("lines").findValuesAsText("generationId")).containsExactly("generation-1");
        assertThat(statement.path("lines").get(0).path("amountMinor").asLong()).isEqualTo(250);
        assertThat(statement.path("totalsMinor").path("EUR").asLong()).isEqualTo(250);
        HttpResponse<String> csv = studio.get("/v1/contributors/alice/statement?format=csv", studio.admin);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(csv.body()).startsWith(io.auteur.studio.ledger.Statement.CSV_HEADER + "\r\n").contains(",250,EUR,250");
        problem(studio.get("/v1/contributors/alice/statement?format=pdf", studio.admin), 400);
    }

    @Test
    void aFileWhoseCredentialsSayNotAllowedIsRecordedButNeverGrantedForTraining() throws IOException {
        ok(postJson("/v1/contributors", studio.admin, "{\"id\": \"bob\", \"name\": \"Bob\"}"), 201);
        Path signed = dir.resolve("signed.mp4");
        Files.copy(waterfall(), signed);
        sign(signed, new TrainingMining(TrainingMining.Use.NOT_ALLOWED, TrainingMining.Use.NOT_ALLOWED,
                TrainingMining.Use.ALLOWED, TrainingMining.Use.ALLOWED));

        JsonNode refused = problem(upload(studio, studio.admin, Map.of("contributor", "bob", "scopes",
                "training,style-reference"), "signed.mp4", Files.readAllBytes(signed)), 422);
        assertThat(refused.path("type").asText()).isEqualTo(Problem.TYPE_BASE + "consent-refused");
        assertThat(refused.path("detail").asText()).contains("signed.mp4").contains("training").contains("notAllowed");
        JsonNode recorded = refused.path("asset");
        assertThat(recorded.path("sha256").asText()).isEqualTo(Hashes.sha256(signed));
        assertThat(recorded.path("c2paTrainingMining").asText()).contains("ai_training=notAllowed");
        assertThat(recorded.path("consents").findValuesAsText("scope")).as("the scope the file allows is granted")
                .containsExactly("style-reference");
        assertThat(ok(studio.get("/v1/assets/" + Hashes.sha256(signed), studio.admin), 200).path("consents")
                .findValuesAsText("scope")).containsExactly("style-reference");
    }

    @Test
    void badInputsAreRefusedWithProblemsBeforeAnythingIsRecorded() throws IOException {
        ok(postJson("/v1/contributors", studio.admin, "{\"id\": \"carol\", \"name\": \"Carol\"}"), 201);
        byte[] clip = Files.readAllBytes(waterfall());

        // Admin only: no key is 401, a creator's or viewer's key 403.
        problem(studio.send(studio.request("/v1/contributors").GET()), 401);
        problem(studio.get("/v1/contributors", studio.viewer), 403);
        problem(studio.get("/v1/contributors/carol/statement", studio.creator), 403);
        problem(upload(studio, studio.creator, Map.of("contributor", "carol", "scopes", "training"), "c.mp4", clip), 403);
        problem(postJson("/v1/contributors", studio.creator, "{\"id\": \"eve\", \"name\": \"Eve\"}"), 403);

        // Unknown contributors are 404.
        assertThat(problem(studio.get("/v1/contributors/nobody", studio.admin), 404).path("detail").asText())
                .contains("nobody");
        problem(studio.get("/v1/contributors/nobody/statement", studio.admin), 404);
        problem(upload(studio, studio.admin, Map.of("contributor", "nobody", "scopes", "training"), "c.mp4", clip), 404);

        // Contributors need a valid id and, when new, a name.
        problem(postJson("/v1/contributors", studio.admin, "{\"id\": \"has spaces\", \"name\": \"X\"}"), 400);
        problem(postJson("/v1/contributors", studio.admin, "{\"id\": \"dave\"}"), 400);
        problem(postJson("/v1/contributors", studio.admin, "{\"id\": \"dave\", \"name\": 7}"), 400);
        problem(studio.send(studio.request("/v1/contributors", studio.admin).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("dave"))), 415);

        // An unknown scope names the known ones; scopes and the file are required.
        assertThat(problem(upload(studio, studio.admin, Map.of("contributor", "carol", "scopes", "training,painting"),
                "c.mp4", clip), 400).path("detail").asText()).contains("painting")
                .contains("training, fine-tuning, style-reference");
        problem(upload(studio, studio.admin, Map.of("contributor", "carol"), "c.mp4", clip), 400);
        problem(upload(studio, studio.admin, Map.of("contributor", "carol", "scopes", "training"), null, null), 400);

        // Content is judged by its bytes: a text file called .mp4 is not media.
        assertThat(problem(upload(studio, studio.admin, Map.of("contributor", "carol", "scopes", "training"),
                "notes.mp4", "just some notes".getBytes()), 415).path("detail").asText()).contains("judged by its content");

        // Assets are named by a SHA-256 or a prefix of 8+ hex digits; a well-formed unknown one is 404.
        problem(studio.get("/v1/assets/not-a-hash", studio.admin), 400);
        problem(studio.get("/v1/assets/abc123", studio.admin), 400);
        problem(postJson("/v1/assets/xyz/revocations", studio.admin, "{}"), 400);
        problem(studio.get("/v1/assets/" + "0".repeat(64), studio.admin), 404);
        problem(postJson("/v1/assets/" + "0".repeat(64) + "/revocations", studio.admin, "{}"), 404);

        assertThat(ok(studio.get("/v1/contributors/carol", studio.admin), 200).path("assets").size())
                .as("nothing was registered for carol").isZero();
    }

    @Test
    void uploadsAreCappedLikeEveryOtherUpload() throws IOException {
        StudioFixture small = StudioFixture.shared(); // files of 256 KiB at most
        ok(postJson(small, "/v1/contributors", "{\"id\": \"erin\", \"name\": \"Erin\"}"), 201);
        problem(upload(small, small.admin, Map.of("contributor", "erin", "scopes", "training"), "w.mp4",
                Files.readAllBytes(waterfall())), 413);
    }

    private static HttpResponse<String> postJson(StudioFixture fixture, String path, String body) {
        return fixture.send(fixture.request(path, fixture.admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs {@code file} in place with the reference implementation's test key, stating {@code permissions}. */
    private static void sign(Path file, TrainingMining permissions) {
        Path certs = Path.of(System.getProperty("auteur.shared"), "fixtures/c2pa/certs");
        KeySigner signer = KeySigner.fromPem(certs.resolve("es256.pem"), certs.resolve("es256.pub"), SigningAlgorithm.ES256);
        ManifestDefinition definition = new ManifestDefinition(file.getFileName().toString(),
                List.of(Action.created(DigitalSourceType.DIGITAL_CAPTURE, "camera", "1")), List.of(), Optional.empty(),
                permissions);
        C2pa.withDefaults().sign(file, file, definition, signer);
    }
}
