package io.auteur.studio.director;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A script as written, before planning: the cast and the locations defined once, then scenes of beats. A Fountain
 * screenplay and a YAML shot list both read into this, so one planner serves both.
 *
 * @param source    the file name, for messages
 * @param title     the film's title (empty when the script gives none)
 * @param cast      each character once: a name and its look in previs words
 * @param locations each location once: its ground, sky, light and props in previs words
 */
public record Screenplay(String source, String title, List<Definition> cast, List<Definition> locations,
                         List<ScriptScene> scenes) {
    public Screenplay {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(title, "title");
        cast = List.copyOf(cast);
        locations = List.copyOf(locations);
        scenes = List.copyOf(scenes);
    }

    /** A name defined once in previs words, and the line that defines it. */
    public record Definition(String name, String description, int line) {
        public Definition {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
        }
    }

    /** A scene: its heading (INT. KITCHEN - DAY) and its beats in order. */
    public record ScriptScene(String heading, int line, List<Beat> beats) {
        public ScriptScene {
            Objects.requireNonNull(heading, "heading");
            beats = List.copyOf(beats);
        }
    }

    /** What becomes one shot: an action paragraph, or a line of dialogue with its speaker. */
    public sealed interface Beat permits Action, Dialogue {
        int line();

        ShotHints hints();

        /** The line as the storyboard and the timeline show it. */
        String scriptLine();
    }

    /** An action paragraph in previs words, characters named by their cast names. */
    public record Action(String text, int line, ShotHints hints) implements Beat {
        public Action {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(hints, "hints");
        }

        @Override
        public String scriptLine() {
            return text;
        }
    }

    /**
     * A speech: the speaker is filmed saying it (no sound yet). A parenthetical, in previs words, says what the
     * speaker does meanwhile ("waving").
     */
    public record Dialogue(String speaker, String speech, Optional<String> parenthetical, int line, ShotHints hints)
            implements Beat {
        public Dialogue {
            Objects.requireNonNull(speaker, "speaker");
            Objects.requireNonNull(speech, "speech");
            Objects.requireNonNull(parenthetical, "parenthetical");
            Objects.requireNonNull(hints, "hints");
        }

        @Override
        public String scriptLine() {
            return speaker + ": " + speech;
        }
    }

    /** Shot hints from notes ({@code [[3s continuous]]}) or shot-list fields: what the writer asked for. */
    public record ShotHints(OptionalDouble seconds, Optional<Continuity> continuity) {
        public static final ShotHints NONE = new ShotHints(OptionalDouble.empty(), Optional.empty());

        public ShotHints {
            Objects.requireNonNull(seconds, "seconds");
            Objects.requireNonNull(continuity, "continuity");
        }
    }
}
