package io.auteur.studio.cli;

import io.auteur.engine.GenerationException;
import io.auteur.previs.ControlKind;
import io.auteur.studio.director.Director;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a film is shot and measured: the options {@code auteur film} and {@code auteur eval film} share. */
final class FilmingOptions {
    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled worlds-tiny).")
    Path model;

    @Option(names = "--judge", paramLabel = "DIR", description = "Judge that reads each character's colours and size "
            + "for the report (default: the bundled judge).")
    Path judge;

    @Option(names = "--steps", defaultValue = "24", description = "Sampling steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--guidance", defaultValue = "3.0", description = "Classifier-free guidance (default: ${DEFAULT-VALUE}).")
    double guidance;

    @Option(names = "--control", defaultValue = "edges", paramLabel = "KIND", description = "The blockout control "
            + "the model follows: depth, edges, pose, flow or none (default: ${DEFAULT-VALUE}).")
    String control;

    @Option(names = "--control-strength", defaultValue = "1.0",
            description = "How hard the model follows the control, in [0, 2] (default: ${DEFAULT-VALUE}).")
    double controlStrength;

    // 0.4: on the example film (seeds 0-3, 8 steps) every size reading agrees from 0.6 down, 23 of 24 at 0.7, 20 of 24
    // from pure noise; the shirts read as cast rise as it falls (10, 11, 15, 18 of 24 at 0.6, 0.5, 0.4, 0.3), while
    // from 0.3 the blockout's own floor shows through the model's drawing (docs/director.md).
    @Option(names = "--blockout-strength", defaultValue = "0.4", description = "Start each take from its blockout "
            + "noised to this strength, in (0, 1]: lower keeps more of the blockout's layout and colours; 1 starts "
            + "from pure noise (default: ${DEFAULT-VALUE}).")
    double blockoutStrength;

    Path modelDir() {
        return model != null ? model : GenerateCommand.bundledModel();
    }

    Path judgeDir() {
        return judge != null ? judge : GenerateCommand.bundledModel().resolveSibling("judge");
    }

    /** The control kind named by --control, or empty for none. */
    Optional<ControlKind> controlKind() {
        String kind = control.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "none" -> Optional.empty();
            case "depth", "edges", "pose", "flow" -> Optional.of(ControlKind.valueOf(kind.toUpperCase(Locale.ROOT)));
            default -> throw new GenerationException("unknown control kind '" + control
                    + "'; known: depth, edges, pose, flow, none");
        };
    }

    /** The director's settings for one film. */
    Director.Settings settings(long seed, boolean keyframes) {
        return new Director.Settings(steps, seed, guidance, "euler", keyframes, controlKind(), controlStrength,
                blockoutStrength);
    }
}
