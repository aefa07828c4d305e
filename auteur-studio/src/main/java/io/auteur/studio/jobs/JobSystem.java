package io.auteur.studio.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * JobRunr on the studio's own database: its job tables sit beside ours (H2 by default, PostgreSQL for several
 * nodes, which then share the queue). Built directly rather than through JobRunr's static configuration, so two
 * servers in one process (the tests) do not share hidden global state. A process that only serves the API enqueues
 * jobs and runs no background server ({@code workers} = 0).
 */
public final class JobSystem implements AutoCloseable {
    private final StorageProvider storage;
    private final JobRequestScheduler scheduler;
    private final Optional<BackgroundJobServer> server;

    /**
     * @param handler      the handler of generation jobs, on the workers of this process
     * @param workers      jobs run at once by this process; 0 runs none
     * @param pollInterval how often the workers look for new jobs
     * @param nodeName     how this process names itself among the job servers
     */
    public JobSystem(DataSource dataSource, GenerationJobHandler handler, int workers, Duration pollInterval,
                     String nodeName) {
        Objects.requireNonNull(handler, "handler");
        JacksonJsonMapper json = new JacksonJsonMapper();
        storage = SqlStorageProviderFactory.using(dataSource);
        storage.setJobMapper(new JobMapper(json));
        scheduler = new JobRequestScheduler(storage);
        if (workers > 0) {
            JobActivator activator = new JobActivator() {
                @Override
                public <T> T activateJob(Class<T> type) {
                    return type.isInstance(handler) ? type.cast(handler) : null;
                }
            };
            BackgroundJobServer jobServer = new BackgroundJobServer(storage, json, activator,
                    BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                            .andName(nodeName)
                            .andWorkerCount(workers)
                            .andPollInterval(pollInterval));
            jobServer.start();
            server = Optional.of(jobServer);
        } else {
            server = Optional.empty();
        }
    }

    /** Enqueues the job of a generation; the job's id is the generation's, so it is enqueued once. */
    public void enqueue(UUID generationId) {
        scheduler.create(JobBuilder.aJob()
                .withId(generationId)
                .withName("generate " + generationId)
                .withAmountOfRetries(GenerationJobHandler.MAX_ATTEMPTS - 1)
                .withJobRequest(new GenerationJob(generationId)));
    }

    /** Workers of all running job servers (every node with workers announces itself in the job tables). */
    public int workers() {
        return storage.getBackgroundJobServers().stream()
                .filter(BackgroundJobServerStatus::isRunning)
                .mapToInt(BackgroundJobServerStatus::getWorkerPoolSize)
                .sum();
    }

    @Override
    public void close() {
        server.ifPresent(BackgroundJobServer::stop);
        storage.close();
    }
}
