package io.auteur.studio.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.Stills;
import io.auteur.studio.generation.GenerationService;
import io.auteur.studio.generation.Mode;
import io.auteur.studio.home.AuteurHome;
import io.auteur.studio.media.MediaStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generation job on real components (H2, the media store, the bundled model), run the way JobRunr runs it,
 * including the ways it runs twice: a retry after a worker died starts over cleanly and records once, a duplicate
 * delivery of a finished job does nothing, a bad input fails at once without a retry, and attempts are bounded.
 */
class GenerationJobHandlerTest {
    private static final Path MODEL = Path.of("..", "models", "worlds-tiny");
    private static final String PROMPT = "a red sphere bounces to the right on a checkered floor";

    @TempDir
    static Path dir;

    static AuteurHome home;
    static Generations generations;
    static MediaStore media;
    static ModelCache models;
    static GenerationJobHandler handler;

    @BeforeAll
    static void components() {
        home = new AuteurHome(dir.resolve("home"), Map.of());
        generations = new Generations(home.database().dataSource(), Clock.systemUTC());
        media = new MediaStore(dir.resolve("media"));
        models = new ModelCache();
        handler = new GenerationJobHandler(generations, media, new GenerationService(home, Limits.DEFAULT), models, MODEL);
    }

    @AfterAll
    static void release() {
        models.close();
    }

    private static GenerationRequest request(Map<String, String> inputs) {
        return new GenerationRequest(PROMPT, "", null, 0, 2, 3.0, "euler", "none", false, "mp4", null, null, null, inputs);
    }

    private static void set(UUID id, String sql) throws Exception {
        try (Connection connection = home.database().dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(sql + " WHERE id = ?")) {
            update.setString(1, id.toString());
            update.executeUpdate();
        }
    }

    @Test
    void aRetryAfterAWorkerDiedStartsOverCleanlyAndRecordsOnce() throws Exception {
        UUID id = UUID.randomUUID();
        generations.create(id, request(Map.of()), Mode.TEXT, Optional.empty());
        // The first attempt's worker died mid-job: the row says running at step 1, its scratch file is left behind.
        set(id, "UPDATE generations SET status = 'running', step = 1, attempts = 1");
        Path work = Files.createDirectories(media.workFolder(id));
        Path partial = Files.writeString(work.resolve("auteur-" + id + ".mp4"), "half a file");

        handler.run(new GenerationJob(id));

        GenerationRecord done = generations.find(id).orElseThrow();
        assertThat(done.status()).isEqualTo(GenerationRecord.Status.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.step()).isEqualTo(2);
        assertThat(partial).doesNotExist();
        assertThat(work).as("the scratch folder is cleared").doesNotExist();
        GenerationRecord.Result result = done.result().orElseThrow();
        assertThat(media.find(result.sha256())).hasValueSatisfying(file -> assertThat(file).isRegularFile());
        assertThat(result.contentType()).isEqualTo("video/mp4");

        // A duplicate delivery of the finished job changes nothing.
        handler.run(new GenerationJob(id));
        GenerationRecord again = generations.find(id).orElseThrow();
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.finishedAt()).isEqualTo(done.finishedAt());
        assertThat(again.result()).isEqualTo(done.result());
    }

    @Test
    void aBadInputFailsTheGenerationAtOnceWithItsMessage() throws Exception {
        byte[] rgb = new byte[200 * 20 * 3];
        Path wide = dir.resolve("wide.png");
        Stills.write(Clip.still(rgb, 200, 20), 0, wide);
        String sha = media.put(new ByteArrayInputStream(Files.readAllBytes(wide)), 1 << 20).sha256();
        UUID id = UUID.randomUUID();
        generations.create(id, request(Map.of("image", sha)), Mode.IMAGE, Optional.empty());

        handler.run(new GenerationJob(id)); // no exception: JobRunr must not retry it

        GenerationRecord failed = generations.find(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(GenerationRecord.Status.FAILED);
        assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error).contains("aspect ratio")
                .startsWith("the image is 200x20").doesNotContain(dir.toString()));
        assertThat(failed.attempts()).isEqualTo(1);
    }

    @Test
    void anUnexpectedFailureIsRetriedAndAttemptsAreBounded() throws Exception {
        UUID id = UUID.randomUUID();
        generations.create(id, request(Map.of()), Mode.TEXT, Optional.empty());
        GenerationJobHandler broken = new GenerationJobHandler(generations, media,
                new GenerationService(home, Limits.DEFAULT), models, dir.resolve("no-model-here"));
        assertThatThrownBy(() -> broken.run(new GenerationJob(id))).as("thrown, so JobRunr retries");
        GenerationRecord retrying = generations.find(id).orElseThrow();
        assertThat(retrying.status()).isEqualTo(GenerationRecord.Status.QUEUED);
        assertThat(retrying.error()).hasValueSatisfying(error -> assertThat(error).contains("attempt 1 failed"));

        set(id, "UPDATE generations SET attempts = " + (GenerationJobHandler.MAX_ATTEMPTS - 1));
        broken.run(new GenerationJob(id)); // the last attempt records the failure instead of throwing
        GenerationRecord failed = generations.find(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(GenerationRecord.Status.FAILED);
        assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error).contains("failed after 3 attempts"));
    }
}
