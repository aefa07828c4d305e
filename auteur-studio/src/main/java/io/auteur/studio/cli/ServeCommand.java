package io.auteur.studio.cli;

import io.auteur.studio.api.ServerSettings;
import io.auteur.studio.api.StudioServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code auteur serve}: the HTTP API, the web studio and the generation jobs in one process. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the studio: the HTTP API under /v1 (OpenAPI at /v1/openapi.json), the web studio at /, "
                + "and background generation jobs, all on one database.",
            "Make a key first: auteur keys create --name me --role admin",
            "Example: auteur serve --port 8080"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 for any free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--rate-limit", paramLabel = "N", description = "Requests a minute per key or client address (default: 300).")
    Integer ratePerMinute;

    @Option(names = "--burst", paramLabel = "N", description = "Requests allowed at once after a quiet spell (default: 60).")
    Integer burst;

    @Option(names = "--max-upload-mb", paramLabel = "N", description = "Largest uploaded file in MiB (default: 64).")
    Integer maxUploadMegabytes;

    @Mixin
    NodeOptions node;

    @Override
    public Integer call() throws InterruptedException {
        ServerSettings settings = node.settings().withHost(host).withPort(port);
        settings = settings.withLimits(NodeOptions.limits(settings.limits(), ratePerMinute, burst, maxUploadMegabytes));
        StudioServer server = StudioServer.serve(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "auteur-serve-stop"));
        spec.commandLine().getOut().printf("serving the studio at http://%s:%d/ (node %s, database %s, %d worker%s, media %s)%n",
                settings.host(), server.port(), settings.nodeName(), settings.home().database().url().replaceFirst(";.*", ""),
                settings.workers(), settings.workers() == 1 ? "" : "s", settings.mediaRoot());
        stopped.await();
        return 0;
    }
}
