package io.auteur.studio.jobs;

import io.auteur.engine.GenerationException;
import io.auteur.media.MediaException;
import io.auteur.studio.generation.GenerationOrder;
import io.auteur.studio.generation.GenerationService;
import io.auteur.studio.media.MediaStore;
import io.auteur.studio.media.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one generation job: claims the row, copies the inputs out of the media store into the job's scratch folder
 * (named after the generation, so a retry clears what an earlier attempt left), runs the {@link GenerationService}
 * with progress written to the row on every sampling step, stores the output in the media store and marks the row
 * succeeded. A bad input fails the generation at once with its message; any other failure is retried by JobRunr
 * until {@link #MAX_ATTEMPTS} attempts, then fails the generation.
 */
public final class GenerationJobHandler implements JobRequestHandler<GenerationJob> {
    /** Attempts in all: the first and two retries (a worker that died, a database that blinked). */
    public static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(GenerationJobHandler.class);

    private final Generations generations;
    private final MediaStore media;
    private final GenerationService service;
    private final ModelCache models;
    private final Path modelDir;

    public GenerationJobHandler(Generations generations, MediaStore media, GenerationService service, ModelCache models,
                                Path modelDir) {
        this.generations = Objects.requireNonNull(generations, "generations");
        this.media = Objects.requireNonNull(media, "media");
        this.service = Objects.requireNonNull(service, "service");
        this.models = Objects.requireNonNull(models, "models");
        this.modelDir = Objects.requireNonNull(modelDir, "modelDir");
    }

    @Override
    public void run(GenerationJob job) throws Exception {
        UUID id = job.getGenerationId();
        Optional<GenerationRecord> claimed = generations.claim(id);
        if (claimed.isEmpty()) {
            LOG.info("generation {} is already finished or unknown; nothing to do", id);
            return;
        }
        GenerationRecord record = claimed.get();
        if (record.attempts() > MAX_ATTEMPTS) {
            generations.fail(id, "gave up after " + MAX_ATTEMPTS + " attempts" + record.error().map(e -> ": " + e).orElse(""));
            return;
        }
        try {
            media.clearWorkFolder(id);
            Path work = Files.createDirectories(media.workFolder(id));
            GenerationOrder order = record.request().toOrder(id, role -> materialize(record, role, work), work);
            GenerationService.Outcome outcome = models.use(modelDir, model -> generate(order, model, id));
            MediaType type = MediaType.sniff(outcome.output()).orElseThrow(
                    () -> new IOException(outcome.output() + ": the output is not a recognised media file"));
            MediaStore.Stored stored = media.putFile(outcome.output());
            GenerationRecord.Result result = new GenerationRecord.Result(stored.sha256(), type.contentType(),
                    stored.sizeBytes(), outcome.width(), outcome.height(), outcome.frames());
            if (!generations.succeed(id, result)) {
                LOG.warn("generation {} was no longer running when it finished; its result was not recorded", id);
            }
            LOG.info("generation {} succeeded: {} {}x{}, {} frames, {} ms sampling", id, type.contentType(),
                    outcome.width(), outcome.height(), outcome.frames(), outcome.millis());
        } catch (GenerationException | MediaException e) {
            // The order itself cannot be served: retrying would fail the same way. The message names inputs by
            // their field (image.png, ...), not by where this node keeps them.
            generations.fail(id, String.valueOf(e.getMessage()).replace(media.workFolder(id) + "/", ""));
        } catch (Exception e) {
            if (record.attempts() >= MAX_ATTEMPTS) {
                generations.fail(id, "failed after " + record.attempts() + " attempts: " + message(e));
                LOG.error("generation {} failed for good", id, e);
                return;
            }
            generations.requeue(id, "attempt " + record.attempts() + " failed (" + message(e) + "); retrying");
            throw e;
        } finally {
            media.clearWorkFolder(id);
        }
    }

    private GenerationService.Outcome generate(GenerationOrder order, io.auteur.engine.VideoModel model, UUID id) {
        try {
            return service.generate(order, modelDir, model, new GenerationService.Listener() {
                @Override
                public void stepsDone(int done, int total) {
                    generations.progress(id, done, total);
                }

                @Override
                public void warning(String message) {
                    LOG.warn("generation {}: {}", id, message);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies an input out of the store under a readable name (the manifest names ingredients by file name). */
    private Path materialize(GenerationRecord record, String role, Path work) {
        String sha = record.request().inputs().get(role);
        Path stored = media.find(sha).orElseThrow(
                () -> new GenerationException("the uploaded " + role + " (sha256 " + sha + ") is no longer stored"));
        try {
            String extension = MediaType.sniff(stored).map(MediaType::extension).orElse("bin");
            return Files.copy(stored, work.resolve(role + "." + extension));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
