package io.auteur.studio.cli;

import io.auteur.studio.api.ServerSettings;
import io.auteur.studio.api.ServiceLimits;
import io.auteur.studio.generation.BundledModel;
import io.auteur.studio.home.AuteurHome;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What {@code auteur serve} and {@code auteur worker} share: where the database, the media and the model are. */
final class NodeOptions {
    @Option(names = "--db", paramLabel = "URL", description = "JDBC URL of the studio database (default: "
            + "AUTEUR_DATABASE_URL, else the H2 file in the Auteur home). Several nodes share a jdbc:postgresql: one.")
    String databaseUrl;

    @Option(names = "--media", paramLabel = "DIR", description = "The media store (default: HOME/media); nodes that "
            + "share a database must share this folder too.")
    Path media;

    @Option(names = "--model", paramLabel = "DIR", description = "The model jobs run (default: the bundled worlds-tiny).")
    Path model;

    @Option(names = "--workers", defaultValue = "1", description = "Generation jobs this node runs at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--poll-seconds", defaultValue = "5", description = "How often the workers look for queued jobs, at least 5 (default: ${DEFAULT-VALUE}).")
    int pollSeconds;

    @Option(names = "--node", paramLabel = "NAME", description = "This node's name in health answers and among job servers (default: the host name).")
    String node;

    ServerSettings settings() {
        AuteurHome home = AuteurHome.current();
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            home = home.withDatabaseUrl(databaseUrl);
        }
        ServerSettings settings = ServerSettings.defaults(home, model != null ? model : BundledModel.directory())
                .withWorkers(workers)
                .withPollInterval(Duration.ofSeconds(pollSeconds));
        if (media != null) {
            settings = settings.withMediaRoot(media);
        }
        if (node != null && !node.isBlank()) {
            settings = settings.withNodeName(node);
        }
        return settings;
    }

    static ServiceLimits limits(ServiceLimits base, Integer ratePerMinute, Integer burst, Integer maxUploadMegabytes) {
        ServiceLimits limits = base;
        if (ratePerMinute != null || burst != null) {
            limits = limits.withRate(ratePerMinute != null ? ratePerMinute : base.requestsPerMinute(),
                    burst != null ? burst : base.burst());
        }
        if (maxUploadMegabytes != null) {
            long file = (long) maxUploadMegabytes << 20;
            limits = limits.withUploads(file, Math.max(file, limits.maxRequestBytes()));
        }
        return limits;
    }
}
