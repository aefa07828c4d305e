package io.auteur.studio.cli;

import io.auteur.studio.api.ServerSettings;
import io.auteur.studio.api.StudioServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code auteur worker}: only the generation jobs, for more machines on one shared database and media path. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run generation jobs only (no HTTP). Several workers on several machines share the jobs of a "
                + "PostgreSQL database and a shared media folder.",
            "Example: auteur worker --db jdbc:postgresql://db/auteur --media /mnt/auteur-media"})
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Override
    public Integer call() throws InterruptedException {
        ServerSettings settings = node.settings();
        if (settings.workers() < 1) {
            throw new IllegalArgumentException("a worker needs --workers of at least 1");
        }
        StudioServer worker = StudioServer.work(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "auteur-worker-stop"));
        spec.commandLine().getOut().printf("working (node %s, database %s, %d worker%s, media %s)%n", settings.nodeName(),
                settings.home().database().url().replaceFirst(";.*", ""), settings.workers(),
                settings.workers() == 1 ? "" : "s", settings.mediaRoot());
        stopped.await();
        return 0;
    }
}
