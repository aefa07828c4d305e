package io.auteur.vision;

import io.auteur.media.Clip;
import java.util.Locale;

/** The controls that can be extracted from footage (the others, depth and pose, need learned estimators). */
public enum ExtractedControl {
    /** Canny edges, white on black. */
    EDGES,
    /** Forward optical flow on the colour wheel. */
    FLOW;

    /** The control clip for footage, frame-for-frame aligned with it. */
    public Clip extract(Clip footage) {
        return switch (this) {
            case EDGES -> ControlExtractor.edges(footage);
            case FLOW -> ControlExtractor.flow(footage);
        };
    }

    /** The name used on the command line and in file names: {@code edges}, {@code flow}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
