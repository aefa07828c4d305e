package io.auteur.engine;

import io.auteur.previs.Action;
import io.auteur.previs.CameraMove;
import io.auteur.previs.Direction;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Shape;
import io.auteur.previs.Size;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link Judge} sees in one clip: for every attribute of the primary subject, the most probable label,
 * its probability, the whole distribution, and whether the attribute is trusted (its accuracy measured on fresh
 * renders reached {@link Judge#TRUSTED_ACCURACY}). Callers score prompt adherence only with trusted attributes.
 */
public record JudgeReading(Map<Attribute, Guess> guesses) {
    /** The word for "not there": no direction (still, fall, spin, orbit), or no actor (action, skin, clothing, build). */
    public static final String NONE = "none";

    /** What the judge recognises, each with its closed list of labels (lower-case previs names). */
    public enum Attribute {
        /** The object's colour: the twelve previs colour words. */
        COLOUR(colours(), true),
        /** The object's shape. */
        SHAPE(names(Shape.values()), true),
        /** How the object moves: the previs motion kinds. */
        MOTION(List.of("still", "move", "bounce", "roll", "fall", "spin", "orbit"), false),
        /** Where it travels (move, bounce and roll), else none. */
        DIRECTION(withNone(names(Direction.values())), false),
        /** The camera move. */
        CAMERA(names(CameraMove.values()), false),
        /** What the actor does, or none when there is no actor. */
        ACTION(withNone(names(Action.values())), false),
        /** The actor's skin colour (head and hands), or none. */
        SKIN(withNone(colours()), true),
        /** The colour the actor wears, or none. */
        CLOTHING(withNone(colours()), true),
        /** The actor's size (small or large: 0.8 or 1.1 times an adult's height), or none. */
        BUILD(withNone(names(Size.values())), true);

        private final List<String> labels;
        private final boolean appearance;

        Attribute(List<String> labels, boolean appearance) {
            this.labels = List.copyOf(labels);
            this.appearance = appearance;
        }

        /**
         * Whether the attribute is how something looks rather than how it moves: a mirror image leaves it unchanged,
         * so the judge reads it from a clip and its mirror (see {@link Judge#readAll}).
         */
        public boolean appearance() {
            return appearance;
        }

        public List<String> labels() {
            return labels;
        }

        /** The key used in files and reports: the lower-case name. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The index of {@code label}, failing with the list of valid labels. */
        public int indexOf(String label) {
            int index = labels.indexOf(label);
            if (index < 0) {
                throw new IllegalArgumentException(key() + " has no label '" + label + "'; labels are " + labels);
            }
            return index;
        }

        private static List<String> colours() {
            return Arrays.stream(NamedColour.values()).map(NamedColour::word).toList();
        }

        private static List<String> names(Enum<?>[] values) {
            return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
        }

        private static List<String> withNone(List<String> labels) {
            List<String> out = new ArrayList<>(labels.size() + 1);
            out.add(NONE);
            out.addAll(labels);
            return out;
        }
    }

    /**
     * One attribute's verdict.
     *
     * @param label         the most probable label
     * @param probability   its probability
     * @param trusted       whether this attribute's measured accuracy clears the bar (see {@link Judge#trusted})
     * @param probabilities every label's probability, in {@link Attribute#labels()} order
     */
    public record Guess(String label, double probability, boolean trusted, Map<String, Double> probabilities) {
        public Guess {
            Objects.requireNonNull(label, "label");
            probabilities = Map.copyOf(probabilities);
        }

        /** The probability the judge gives {@code label} (0 for a label it does not know). */
        public double probabilityOf(String label) {
            return probabilities.getOrDefault(label, 0.0);
        }
    }

    public JudgeReading {
        guesses = java.util.Collections.unmodifiableMap(new EnumMap<>(guesses));
        if (guesses.size() != Attribute.values().length) {
            throw new IllegalArgumentException("a reading needs a guess for every attribute, has " + guesses.keySet());
        }
    }

    public Guess get(Attribute attribute) {
        return guesses.get(attribute);
    }

    /** The predicted label of {@code attribute}. */
    public String label(Attribute attribute) {
        return guesses.get(attribute).label();
    }
}
