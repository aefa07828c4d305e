package io.auteur.studio.jobs;

import java.util.UUID;
import org.jobrunr.jobs.lambdas.JobRequest;

/**
 * The JobRunr job of one generation: only its id travels through the job table; everything else is in the
 * generation's row. A plain class with a no-argument constructor because JobRunr stores it as JSON.
 */
public final class GenerationJob implements JobRequest {
    private UUID generationId;

    GenerationJob() {}

    public GenerationJob(UUID generationId) {
        this.generationId = generationId;
    }

    public UUID getGenerationId() {
        return generationId;
    }

    @Override
    public Class<GenerationJobHandler> getJobRequestHandler() {
        return GenerationJobHandler.class;
    }
}
