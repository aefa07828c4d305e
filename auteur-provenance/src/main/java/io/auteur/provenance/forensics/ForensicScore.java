package io.auteur.provenance.forensics;

import java.util.Locale;
import java.util.Objects;

/**
 * The forensic reading of one clip: supporting evidence, never a verdict.
 *
 * @param probabilityGenerated the calibrated logistic score in [0, 1]
 * @param generatedLike        whether the score is at least 0.5
 * @param calibration          the rates measured when the score was calibrated, to be stated beside it
 */
public record ForensicScore(ForensicFeatures features, double probabilityGenerated, boolean generatedLike,
                            Forensics.Calibration calibration) {
    public ForensicScore {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(calibration, "calibration");
    }

    /** One sentence: the score, what it leans to, and the rates it comes with. */
    public String summary() {
        return String.format(Locale.ROOT, "score %.2f (%s); %s", probabilityGenerated,
                generatedLike ? "leans generated or rendered" : "leans camera footage", calibration.summary());
    }
}
