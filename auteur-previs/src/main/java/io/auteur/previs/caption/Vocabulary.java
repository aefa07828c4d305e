package io.auteur.previs.caption;

import io.auteur.previs.Action;
import io.auteur.previs.GroundPattern;
import io.auteur.previs.LightTone;
import io.auteur.previs.Material;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Shape;
import io.auteur.previs.Size;
import io.auteur.previs.Sky;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every word the previs language understands, by category. One table serves the parser (word to meaning) and
 * error messages (what is understood, nearest words), so the two can never disagree.
 */
public final class Vocabulary {
    /** What a word means. */
    sealed interface Word {}

    record ColourWord(NamedColour colour) implements Word {}

    record ShapeWord(Shape shape) implements Word {}

    record MaterialWord(Material material) implements Word {}

    record SizeWord(Size size) implements Word {}

    record PatternWord(GroundPattern pattern) implements Word {}

    record SkyWord(Sky sky) implements Word {}

    record ToneWord(LightTone tone) implements Word {}

    /** Object motions by verb: move, bounce, roll, fall, spin, orbit, still. */
    record MotionVerb(String kind) implements Word {}

    record ActionVerb(Action action) implements Word {}

    /** A camera move verb: pan, tilt, dolly (in/out given by a following particle), push (in), pull (back). */
    record CameraVerb(String kind) implements Word {}

    /** left, right, up, down, in, out, back, toward-camera, away. */
    record Particle(String direction) implements Word {}

    /** Nouns that take the adjectives before them: ground, sky, light, camera, person, skin, clothes. */
    record Noun(String kind) implements Word {}

    /** Words that carry no meaning of their own here (articles, prepositions, linking words). */
    record Filler() implements Word {}

    private static final Map<String, Word> WORDS = new LinkedHashMap<>();
    private static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();

    static {
        for (NamedColour colour : NamedColour.values()) {
            add("colours", colour.word(), new ColourWord(colour));
        }
        add("colours", "gray", new ColourWord(NamedColour.GREY));
        add("colours", "violet", new ColourWord(NamedColour.PURPLE));
        shape(Shape.SPHERE, "sphere", "spheres", "ball", "orb");
        shape(Shape.CUBE, "cube", "box", "block");
        shape(Shape.CYLINDER, "cylinder", "can", "drum");
        shape(Shape.CONE, "cone");
        shape(Shape.TORUS, "torus", "ring", "donut", "doughnut");
        shape(Shape.CAPSULE, "capsule", "pill");
        for (String w : List.of("shiny", "glossy", "metallic", "polished")) {
            add("materials", w, new MaterialWord(Material.SHINY));
        }
        for (String w : List.of("matte", "dull", "flat")) {
            add("materials", w, new MaterialWord(Material.MATTE));
        }
        for (String w : List.of("small", "little", "tiny")) {
            add("sizes", w, new SizeWord(Size.SMALL));
        }
        for (String w : List.of("large", "big", "huge", "tall")) {
            add("sizes", w, new SizeWord(Size.LARGE));
        }
        for (String w : List.of("checkered", "checkerboard", "chequered", "checked", "tiled")) {
            add("ground patterns", w, new PatternWord(GroundPattern.CHECKER));
        }
        for (String w : List.of("striped", "stripy")) {
            add("ground patterns", w, new PatternWord(GroundPattern.STRIPES));
        }
        for (String w : List.of("speckled", "noisy", "textured", "rough")) {
            add("ground patterns", w, new PatternWord(GroundPattern.NOISE));
        }
        for (String w : List.of("plain", "smooth")) {
            add("ground patterns", w, new PatternWord(GroundPattern.PLAIN));
        }
        for (String w : List.of("clear", "sunny", "daylight")) {
            add("skies", w, new SkyWord(Sky.CLEAR));
        }
        for (String w : List.of("sunset", "dusk", "evening")) {
            add("skies", w, new SkyWord(Sky.SUNSET));
        }
        for (String w : List.of("overcast", "cloudy")) {
            add("skies", w, new SkyWord(Sky.OVERCAST));
        }
        for (String w : List.of("night", "nighttime", "starry")) {
            add("skies", w, new SkyWord(Sky.NIGHT));
        }
        for (String w : List.of("warm", "golden")) {
            add("light", w, new ToneWord(LightTone.WARM));
        }
        for (String w : List.of("cool", "cold")) {
            add("light", w, new ToneWord(LightTone.COOL));
        }
        add("light", "neutral", new ToneWord(LightTone.NEUTRAL));
        motion("move", "moves", "move", "moving", "slides", "slide", "sliding", "glides", "glide", "gliding",
                "drifts", "drift", "travels", "travel");
        motion("bounce", "bounces", "bounce", "bouncing", "hops", "hop");
        motion("roll", "rolls", "roll", "rolling");
        motion("fall", "falls", "fall", "falling", "drops", "drop", "dropping");
        motion("spin", "spins", "spin", "spinning", "rotates", "rotate", "rotating", "twirls", "twirl");
        motion("orbit", "orbits", "orbit", "orbiting", "circles", "circle", "circling");
        motion("still", "rests", "rest", "resting", "holds", "stays", "stay", "remains", "static", "still",
                "motionless");
        action(Action.STAND, "stands", "stand", "standing");
        action(Action.WALK, "walks", "walk", "walking", "strolls", "stroll");
        action(Action.RUN, "runs", "run", "running", "jogs", "jog", "sprints", "sprint");
        action(Action.WAVE, "waves", "wave", "waving");
        action(Action.JUMP, "jumps", "jump", "jumping", "leaps", "leap");
        action(Action.SIT, "sits", "sit", "sitting");
        action(Action.TURN, "turns", "turn", "turning");
        camera("pan", "pans", "pan", "panning");
        camera("tilt", "tilts", "tilt", "tilting");
        camera("dolly", "dollies", "dolly", "dollying", "tracks", "track");
        camera("push", "pushes", "push", "pushing");
        camera("pull", "pulls", "pull", "pulling");
        for (String w : List.of("left", "leftward", "leftwards")) {
            add("directions", w, new Particle("left"));
        }
        for (String w : List.of("right", "rightward", "rightwards")) {
            add("directions", w, new Particle("right"));
        }
        add("directions", "up", new Particle("up"));
        add("directions", "upward", new Particle("up"));
        add("directions", "down", new Particle("down"));
        add("directions", "downward", new Particle("down"));
        add("directions", "in", new Particle("in"));
        add("directions", "closer", new Particle("in"));
        add("directions", "out", new Particle("out"));
        add("directions", "back", new Particle("back"));
        add("directions", "backward", new Particle("back"));
        add("directions", "toward-camera", new Particle("toward"));
        add("directions", "away", new Particle("away"));
        for (String w : List.of("floor", "ground", "field", "surface", "plane")) {
            add("nouns", w, new Noun("ground"));
        }
        for (String w : List.of("sky", "skies")) {
            add("nouns", w, new Noun("sky"));
        }
        for (String w : List.of("light", "lighting", "sunlight", "sun")) {
            add("nouns", w, new Noun("light"));
        }
        add("nouns", "camera", new Noun("camera"));
        for (String w : List.of("person", "man", "woman", "figure", "actor", "character", "child", "someone")) {
            add("nouns", w, new Noun("person"));
        }
        add("nouns", "skin", new Noun("skin"));
        for (String w : List.of("shirt", "clothes", "clothing", "outfit", "suit", "jacket", "dress")) {
            add("nouns", w, new Noun("clothes"));
        }
        for (String w : List.of("a", "an", "the", "one", "and", "while", "as", "then", "on", "onto", "over", "across",
                "under", "beneath", "below", "above", "of", "to", "from", "at", "its", "it", "is", "are", "which",
                "that", "with", "wearing", "dressed", "in-place", "place", "around", "about", "scene", "centre",
                "center", "middle", "lit", "by", "slowly", "gently", "steadily", "along", "there", "here", "time",
                "during", "shot", "view", "itself", "spot", "same", "meanwhile", "also", "whole", "day")) {
            add("linking words", w, new Filler());
        }
        for (List<String> words : CATEGORIES.values()) {
            Collections.sort(words);
        }
    }

    private Vocabulary() {}

    private static void shape(Shape shape, String... words) {
        for (String w : words) {
            add("shapes", w, new ShapeWord(shape));
        }
    }

    private static void motion(String kind, String... words) {
        for (String w : words) {
            add("object motions", w, new MotionVerb(kind));
        }
    }

    private static void action(Action action, String... words) {
        for (String w : words) {
            add("actions", w, new ActionVerb(action));
        }
    }

    private static void camera(String kind, String... words) {
        for (String w : words) {
            add("camera moves", w, new CameraVerb(kind));
        }
    }

    private static void add(String category, String word, Word meaning) {
        if (WORDS.putIfAbsent(word, meaning) != null && !(meaning instanceof Filler)) {
            throw new IllegalStateException("word '" + word + "' defined twice");
        }
        CATEGORIES.computeIfAbsent(category, c -> new ArrayList<>()).add(word);
    }

    static Word meaning(String word) {
        return WORDS.get(word);
    }

    /** Every understood word, by category (hyphenated entries are phrases the parser joins, e.g. "in-place"). */
    public static Map<String, List<String>> words() {
        Map<String, List<String>> out = new TreeMap<>();
        CATEGORIES.forEach((category, words) -> out.put(category, List.copyOf(words)));
        return out;
    }

    /** The known words nearest to {@code word} by edit distance (at most 2 edits, best first, at most 3). */
    public static List<String> nearest(String word) {
        record Candidate(String word, int distance) {}
        return WORDS.keySet().stream()
                .filter(w -> !w.contains("-"))
                .map(w -> new Candidate(w, editDistance(word, w)))
                .filter(c -> c.distance() <= Math.min(2, Math.max(1, word.length() / 3)))
                .sorted(java.util.Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::word))
                .limit(3)
                .map(Candidate::word)
                .toList();
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
