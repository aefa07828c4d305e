package io.auteur.studio.api;

import io.auteur.studio.home.AuteurHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a studio node.
 *
 * @param port         0 for any free port
 * @param home         the Auteur home: signing credential, watermark key, and the database unless its URL says otherwise
 * @param mediaRoot    the content-addressed media store (shared between nodes on a network file system)
 * @param modelDir     the model generation jobs run, and whose vocabulary prompts are checked against
 * @param workers      generation jobs run at once by this node; 0 for an API-only node
 * @param pollInterval how often this node's workers look for queued jobs
 * @param nodeName     how this node names itself in health answers and among job servers
 */
public record ServerSettings(String host, int port, AuteurHome home, Path mediaRoot, Path modelDir, int workers,
                             Duration pollInterval, String nodeName, ServiceLimits limits) {
    /** JobRunr refuses to poll SQL storage more often: a queued job waits up to this long for an idle worker. */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(5);

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(mediaRoot, "mediaRoot");
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be in [0, 65535], was " + port);
        }
        if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException("the job poll interval must be at least " + MIN_POLL_INTERVAL.toSeconds()
                    + " s (JobRunr's least on SQL storage), was " + pollInterval);
        }
        if (workers < 0 || workers > 64) {
            throw new IllegalArgumentException("--workers must be in [0, 64], was " + workers);
        }
    }

    /** Defaults for {@code home}: media under HOME/media, the bundled model, one worker, 5 s polling. */
    public static ServerSettings defaults(AuteurHome home, Path modelDir) {
        return new ServerSettings("127.0.0.1", 8080, home, home.resolve("media"), modelDir, 1, Duration.ofSeconds(5),
                hostName(), ServiceLimits.DEFAULT);
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(host, newPort, home, mediaRoot, modelDir, workers, pollInterval, nodeName, limits);
    }

    public ServerSettings withHost(String newHost) {
        return new ServerSettings(newHost, port, home, mediaRoot, modelDir, workers, pollInterval, nodeName, limits);
    }

    public ServerSettings withMediaRoot(Path root) {
        return new ServerSettings(host, port, home, root, modelDir, workers, pollInterval, nodeName, limits);
    }

    public ServerSettings withWorkers(int count) {
        return new ServerSettings(host, port, home, mediaRoot, modelDir, count, pollInterval, nodeName, limits);
    }

    public ServerSettings withPollInterval(Duration interval) {
        return new ServerSettings(host, port, home, mediaRoot, modelDir, workers, interval, nodeName, limits);
    }

    public ServerSettings withLimits(ServiceLimits newLimits) {
        return new ServerSettings(host, port, home, mediaRoot, modelDir, workers, pollInterval, nodeName, newLimits);
    }

    public ServerSettings withNodeName(String name) {
        return new ServerSettings(host, port, home, mediaRoot, modelDir, workers, pollInterval, name, limits);
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "auteur";
        }
    }
}
