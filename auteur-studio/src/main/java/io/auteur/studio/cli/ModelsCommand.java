package io.auteur.studio.cli;

import io.auteur.studio.consent.TrainedModel;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code auteur models}: the models trained here, and which need retraining because consent was revoked. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models 'auteur train' wrote, with their dataset manifests; a model trained on an "
                + "asset whose consent was revoked is marked \"needs retraining\".")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (StudioRecords records = new StudioRecords()) {
            List<TrainedModel> models = records.registry().models();
            if (models.isEmpty()) {
                out.println("no models trained yet");
            }
            for (TrainedModel model : models) {
                out.printf("%-18s %-20s %s  dataset %s %s, %d consent record%s, trained %s%n",
                        model.needsRetraining() ? "needs retraining" : "ok", model.name(), model.directory(),
                        model.datasetKind(), model.datasetManifestSha256().substring(0, 12), model.consentRecords(),
                        model.consentRecords() == 1 ? "" : "s", model.trainedAt());
                model.retrainingReason().ifPresent(reason -> out.println("    " + reason));
            }
            return 0;
        }
    }
}
