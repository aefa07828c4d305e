package io.auteur.studio.cli;

import io.auteur.provenance.c2pa.C2pa;
import io.auteur.studio.consent.FootageImport;
import io.auteur.studio.consent.Scope;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code auteur dataset}: training data from contributed footage. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = {"Training data from real footage, with consent recorded (synthetic data: 'auteur previs dataset').",
            "Example: auteur dataset import clips/ --contributor alice --consent training --licence CC-BY-4.0 --out data/alice"},
        subcommands = {DatasetCommand.Import.class, CommandLine.HelpCommand.class})
final class DatasetCommand extends CommandGroup {
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Turn every video in DIR into training clips (resized, cut into windows, with edges and "
                    + "optical flow extracted; a NAME.txt beside NAME.mp4 is its caption), register each file as the "
                    + "contributor's asset with the given consent, and write the dataset with its dataset manifest. "
                    + "Files whose Content Credentials say training is \"notAllowed\" are recorded and left out."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "A folder of videos (or one video).")
        Path source;

        @Option(names = "--contributor", required = true, paramLabel = "ID", description = "Whose footage it is.")
        String contributor;

        @Option(names = {"--consent", "--scope"}, required = true, paramLabel = "SCOPE[,SCOPE]",
                description = "What the contributor consented to: training, fine-tuning, style-reference.")
        String consent;

        @Option(names = "--licence", defaultValue = "unspecified", description = "Licence of the footage (default: ${DEFAULT-VALUE}).")
        String licence;

        @Option(names = "--out", required = true, paramLabel = "DATASET", description = "Dataset folder to write.")
        Path out;

        @Option(names = "--size", defaultValue = "64x64", description = "Clip size (default: ${DEFAULT-VALUE}, the tiny model's).")
        String size;

        @Option(names = "--frames", defaultValue = "16", description = "Frames per window (default: ${DEFAULT-VALUE}).")
        int frames;

        @Option(names = "--fps", defaultValue = "8", description = "Frame rate of the clips (default: ${DEFAULT-VALUE}).")
        double fps;

        @Option(names = "--grid", defaultValue = "1",
                description = "1: the largest centred crop; N: crops 1/N that size tiled over each frame (default: ${DEFAULT-VALUE}).")
        int grid;

        @Option(names = "--caption", description = "Caption for files without a NAME.txt (default: \"" + FootageImport.NEUTRAL_CAPTION + "\").")
        String caption;

        @Override
        public Integer call() throws Exception {
            int[] wh = PrevisCommand.parseSize(size);
            FootageImport.Request request = new FootageImport.Request(source, out, contributor, Scope.parseList(consent),
                    licence, wh[0], wh[1], frames, fps, grid, Optional.ofNullable(caption));
            FootageImport.Result result;
            try (StudioRecords records = new StudioRecords()) {
                result = FootageImport.run(request, records.registry(), C2pa.withDefaults(), Clock.systemUTC(),
                        new FootageImport.Listener() {
                            @Override
                            public void note(String message) {
                                spec.commandLine().getErr().println("auteur dataset: " + message);
                            }
                        });
            }
            spec.commandLine().getOut().printf("wrote %s: %d clips from %d file%s (%d skipped), dataset manifest sha256 %s%n",
                    out, result.clips(), result.manifest().manifest().assets().size(),
                    result.manifest().manifest().assets().size() == 1 ? "" : "s", result.skipped().size(),
                    result.manifest().sha256());
            return 0;
        }
    }
}
