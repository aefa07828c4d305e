package io.auteur.studio.director;

import io.auteur.previs.Actor;
import io.auteur.previs.Camera;
import io.auteur.previs.CameraMove;
import io.auteur.previs.Scene;
import io.auteur.previs.Sky;
import io.auteur.previs.caption.CaptionWriter;
import io.auteur.previs.caption.PromptException;
import io.auteur.previs.caption.PromptParser;
import io.auteur.previs.caption.Vocabulary;
import io.auteur.previs.math.Vec3;
import io.auteur.previs.render.CameraView;
import io.auteur.previs.world.CameraPath;
import io.auteur.previs.world.Humanoid;
import io.auteur.studio.director.FilmPlan.ScenePlan;
import io.auteur.studio.director.Screenplay.Beat;
import io.auteur.studio.director.Screenplay.Definition;
import io.auteur.studio.director.Screenplay.ScriptScene;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a script into shots. Each shot's blockout is parsed by the previs {@link PromptParser} from the location's
 * words followed by the beat's words, with every cast name replaced by that character's description, so:
 * <ul>
 *   <li>a character looks the same in every shot (an action line that contradicts the cast is an error, as the
 *       parser reports any contradiction);</li>
 *   <li>an unknown word gets the parser's message and nearest known words, with the script line added;</li>
 *   <li>the heading's time of day sets the sky (DAY clear, DUSK sunset, NIGHT night) unless the action names one.</li>
 * </ul>
 * The model is prompted with a caption the {@link CaptionWriter} writes from the blockout: the language the model
 * was trained on.
 */
public final class ShotPlanner {
    /** Speech is filmed at this many words a second, between these bounds. */
    static final double WORDS_PER_SECOND = 2.5, MIN_SPEECH_SECONDS = 1.0, MAX_SPEECH_SECONDS = 8.0;
    /** Captions vary their wording with a random source; one fixed seed keeps a film's wording stable. */
    private static final long CAPTION_SEED = 1;
    /** Makes a location without props parseable: a clause that rejects dangling adjectives, then a person. */
    private static final String STAND_IN = "the camera holds still and a person stands";
    private static final Pattern HEADING_PREFIX = Pattern.compile(
            "^(INT\\.?/EXT|EXT\\.?/INT|INT|EXT|EST|I/E)[.\\s]+", Pattern.CASE_INSENSITIVE);
    private static final Pattern CAPITALISED = Pattern.compile("\\b[A-Z][A-Z'\\-]*[A-Z]\\b");
    private static final Map<String, Optional<Sky>> TIMES_OF_DAY = timesOfDay();

    private final String source;
    private final ScriptLimits limits;
    private final double fps;
    private final double defaultSeconds;
    private final PromptParser parser = new PromptParser();
    private final Set<String> vocabulary = new HashSet<>();
    private final Set<String> skyWords = new HashSet<>();

    /** A character: its description in previs words and the look the parser made of it. */
    private record CastMember(String name, String description, Actor look, int line) {}

    /** A location's words, checked once. */
    private record Location(String name, String description, int line) {}

    private ShotPlanner(String source, ScriptLimits limits, double fps, double defaultSeconds) {
        this.source = source;
        this.limits = limits;
        this.fps = fps;
        this.defaultSeconds = defaultSeconds;
        Vocabulary.words().values().forEach(vocabulary::addAll);
        skyWords.addAll(Vocabulary.words().getOrDefault("skies", List.of()));
        skyWords.addAll(List.of("sky", "skies"));
    }

    /**
     * Plans the film at {@code fps}; action shots without a duration hint last {@code defaultSeconds} (the model's
     * window is a good choice: such shots need no extension).
     */
    public static FilmPlan plan(Screenplay script, ScriptLimits limits, double fps, double defaultSeconds) {
        if (!(fps > 0 && fps <= 120) || !(defaultSeconds > 0 && defaultSeconds <= limits.maxShotSeconds())) {
            throw new IllegalArgumentException("fps must be in (0, 120] and the default shot length in (0, "
                    + limits.maxShotSeconds() + "] s");
        }
        return new ShotPlanner(script.source(), limits, fps, defaultSeconds).plan(script);
    }

    private FilmPlan plan(Screenplay script) {
        if (script.scenes().stream().allMatch(s -> s.beats().isEmpty())) {
            throw new ScriptException(source, "the script is empty: it needs at least one scene heading (INT. KITCHEN "
                    + "- DAY) with an action line under it, e.g. 'MAYA walks to the right'");
        }
        Map<String, CastMember> cast = new LinkedHashMap<>();
        for (Definition definition : script.cast()) {
            cast.put(definition.name(), castMember(definition));
        }
        Map<String, Location> locations = new LinkedHashMap<>();
        for (Definition definition : script.locations()) {
            locations.put(definition.name(), location(definition));
        }
        List<ShotPlan> shots = new ArrayList<>();
        List<ScenePlan> scenes = new ArrayList<>();
        double totalSeconds = 0;
        Location previousLocation = null;
        for (ScriptScene scene : script.scenes()) {
            if (scene.beats().isEmpty()) {
                continue; // a heading alone (a title card, a heading kept for later) films nothing
            }
            int sceneNumber = scenes.size() + 1;
            Heading heading = heading(scene, locations);
            boolean newSet = previousLocation != null && !heading.location().equals(previousLocation);
            previousLocation = heading.location();
            scenes.add(new ScenePlan(sceneNumber, scene.heading(), scene.line(), shots.size(), scene.beats().size()));
            for (int b = 0; b < scene.beats().size(); b++) {
                Beat beat = scene.beats().get(b);
                // A CONTINUOUS heading in another location continues the time, not the picture (the character walks
                // on into the next room): its first frame cannot be the last frame of a different set, so it cuts.
                Continuity continuity = beat.hints().continuity()
                        .orElse(b == 0 && heading.continuous() && !newSet ? Continuity.CONTINUOUS : Continuity.CUT);
                if (continuity == Continuity.CONTINUOUS && shots.isEmpty()) {
                    throw new ScriptException(source, beat.line(), "the first shot cannot be continuous: there is no "
                            + "shot before it to continue");
                }
                if (continuity == Continuity.CONTINUOUS && b == 0 && newSet) {
                    throw new ScriptException(source, beat.line(), "a continuous shot cannot open a scene in another "
                            + "location: it would start from the last frame of the shot before, in a different set; "
                            + "make it a cut");
                }
                ShotPlan shot = shot(shots.size() + 1, sceneNumber, scene, beat, heading, cast, continuity,
                        continuity == Continuity.CONTINUOUS ? Optional.of(shots.getLast()) : Optional.empty());
                totalSeconds += shot.frames() / fps;
                if (totalSeconds > limits.maxFilmSeconds()) {
                    throw new ScriptException(source, beat.line(), "the film runs past the limit of "
                            + limits.maxFilmSeconds() + " seconds here");
                }
                shots.add(shot);
            }
        }
        return new FilmPlan(source, script.title(), fps, shots, scenes);
    }

    // ---- cast and locations ----

    private CastMember castMember(Definition definition) {
        checkNameIsNoWord(definition);
        Scene scene = parse(definition.description(), definition.line(), definition.name() + "'s description");
        if (scene.actor().isEmpty() || !scene.objects().isEmpty()) {
            throw new ScriptException(source, definition.line(), definition.name() + " must be described as one person "
                    + "and nothing else, e.g. '" + definition.name() + ": a small person with brown skin in a red "
                    + "shirt'");
        }
        Actor look = scene.actor().get();
        if (look.action() != io.auteur.previs.Action.STAND || scene.camera().move() != CameraMove.STATIC) {
            throw new ScriptException(source, definition.line(), definition.name() + "'s description sets an action "
                    + "or a camera move; the Cast says how a character looks (skin, clothing colour, size), the action "
                    + "lines what they do");
        }
        return new CastMember(definition.name(), definition.description(), look, definition.line());
    }

    private void checkNameIsNoWord(Definition definition) {
        for (String word : definition.name().toLowerCase(Locale.ROOT).split("[^a-z0-9']+")) {
            if (vocabulary.contains(word)) {
                throw new ScriptException(source, definition.line(), "the name " + definition.name() + " contains '"
                        + word + "', a word of the previs language, so action lines would be ambiguous; choose "
                        + "another name");
            }
        }
    }

    private Location location(Definition definition) {
        String what = "location " + definition.name();
        Scene scene;
        try {
            scene = parser.parse(definition.description());
            if (scene.actor().isPresent()) {
                throw new ScriptException(source, definition.line(), what + " holds a person; characters are defined "
                        + "under Cast and enter the scene through the action lines");
            }
        } catch (PromptException noProps) {
            // Without props the words name no subject, which a scene needs: parse them again with a stand-in.
            scene = parse(definition.description() + " " + STAND_IN, definition.line(), what);
        }
        if (scene.camera().move() != CameraMove.STATIC) {
            throw new ScriptException(source, definition.line(), what + " sets a camera move; camera moves go in "
                    + "the action lines");
        }
        return new Location(definition.name(), definition.description(), definition.line());
    }

    /** A scene heading read: its location and whether it continues the scene before. */
    private record Heading(Location location, Optional<Sky> sky, boolean continuous) {}

    private Heading heading(ScriptScene scene, Map<String, Location> locations) {
        String text = HEADING_PREFIX.matcher(scene.heading().trim()).replaceFirst("").trim().toUpperCase(Locale.ROOT);
        String place = text;
        String time = null;
        int dash = text.lastIndexOf(" - ");
        if (dash >= 0) {
            place = text.substring(0, dash).trim();
            time = text.substring(dash + 3).trim();
        }
        Location location = locations.get(place);
        if (location == null && place.contains(" - ")) {
            location = locations.get(place.substring(0, place.indexOf(" - ")).trim());
        }
        if (location == null) {
            String defined = locations.isEmpty() ? "none is defined yet"
                    : "defined: " + String.join(", ", locations.keySet()) + nearest(place, locations.keySet());
            throw new ScriptException(source, scene.line(), "unknown location '" + place + "' in the scene heading; "
                    + "define each location once on the title page under 'Locations:' (e.g. '   " + place
                    + ": a checkered grey floor in warm light'); " + defined);
        }
        Optional<Sky> sky = Optional.empty();
        boolean continuous = false;
        if (time != null) {
            if (!TIMES_OF_DAY.containsKey(time)) {
                throw new ScriptException(source, scene.line(), "unknown time of day '" + time + "'; known: "
                        + String.join(", ", TIMES_OF_DAY.keySet()));
            }
            sky = TIMES_OF_DAY.get(time);
            continuous = time.equals("CONTINUOUS");
        }
        return new Heading(location, sky, continuous);
    }

    private static Map<String, Optional<Sky>> timesOfDay() {
        Map<String, Optional<Sky>> times = new LinkedHashMap<>();
        for (String day : List.of("DAY", "MORNING", "NOON", "AFTERNOON")) {
            times.put(day, Optional.of(Sky.CLEAR));
        }
        for (String dusk : List.of("DAWN", "SUNRISE", "DUSK", "SUNSET", "EVENING")) {
            times.put(dusk, Optional.of(Sky.SUNSET));
        }
        times.put("NIGHT", Optional.of(Sky.NIGHT));
        for (String same : List.of("CONTINUOUS", "LATER", "MOMENTS LATER", "SAME")) {
            times.put(same, Optional.empty());
        }
        return times;
    }

    // ---- shots ----

    private ShotPlan shot(int number, int sceneNumber, ScriptScene scene, Beat beat, Heading heading,
                          Map<String, CastMember> cast, Continuity continuity, Optional<ShotPlan> continued) {
        Optional<CastMember> character;
        String words;
        double seconds;
        switch (beat) {
            case Screenplay.Action action -> {
                character = characterIn(action.text(), beat.line(), cast);
                words = character.map(c -> replaceName(action.text(), c)).orElse(action.text());
                seconds = defaultSeconds;
            }
            case Screenplay.Dialogue dialogue -> {
                CastMember speaker = cast.get(dialogue.speaker());
                if (speaker == null) {
                    throw unknownCharacter(dialogue.speaker(), beat.line(), cast, "speaks");
                }
                character = Optional.of(speaker);
                words = speaker.description() + dialogue.parenthetical().map(p -> " " + p).orElse("");
                long spoken = dialogue.speech().split("\\s+").length;
                seconds = Math.max(MIN_SPEECH_SECONDS, Math.min(MAX_SPEECH_SECONDS, spoken / WORDS_PER_SECOND));
            }
        }
        seconds = beat.hints().seconds().orElse(seconds);
        Scene blockout = parse(heading.location().description() + " " + words, beat.line(), "this shot");
        if (character.isPresent()) {
            Actor look = character.get().look();
            Actor actor = blockout.actor().orElseThrow();
            if (actor.skin() != look.skin() || actor.clothing() != look.clothing() || actor.size() != look.size()) {
                throw new ScriptException(source, beat.line(), "this line changes how " + character.get().name()
                        + " looks; a character's look is set once, in the Cast (line " + character.get().line() + ")");
            }
        }
        if (heading.sky().isPresent() && !namesSky(words)) {
            blockout = new Scene(blockout.camera(), blockout.light(), heading.sky().get(), blockout.ground(),
                    blockout.objects(), blockout.actor());
        }
        if (continued.isPresent()) {
            ShotPlan previous = continued.get();
            blockout = pickedUp(blockout, previous, character.map(CastMember::name).equals(previous.character()), fps);
        }
        int frames = Math.max(1, (int) Math.round(seconds * fps));
        String prompt = new CaptionWriter().write(blockout, new Random(CAPTION_SEED));
        return new ShotPlan(number, sceneNumber, scene.heading(), beat.scriptLine(), beat.line(),
                character.map(CastMember::name), blockout, prompt, frames, continuity);
    }

    /**
     * A CONTINUOUS shot's blocking, picked up where the shot before it ended: the camera where it last looked from
     * and at (with its lens), and, when the same character carries on, that character where they last stood. The
     * shot's own words still say what happens next (the camera move, the action, the heading); only where it starts
     * is carried over, so that its first frame (the previous take's last) and its control agree. Without this a
     * character who walked out of the middle of one shot stood in the middle again in the control of the next.
     */
    static Scene pickedUp(Scene blockout, ShotPlan previous, boolean sameCharacter, double fps) {
        double end = (previous.frames() - 1) / fps;
        Scene before = previous.blockout();
        CameraView view = CameraPath.viewAt(before.camera(), end);
        Camera camera = new Camera(view.eye(), view.target(), view.fovDegrees(), blockout.camera().move(),
                blockout.camera().moveRate());
        Optional<Actor> actor = blockout.actor();
        if (sameCharacter && actor.isPresent() && before.actor().isPresent()) {
            Vec3[] joints = Humanoid.keypoints(before.actor().get(), end);
            Vec3 hips = joints[Humanoid.LEFT_HIP].plus(joints[Humanoid.RIGHT_HIP]).times(0.5);
            Actor next = actor.get();
            actor = Optional.of(new Actor(next.skin(), next.clothing(), next.size(), next.action(),
                    new Vec3(hips.x(), 0, hips.z()), next.heading()));
        }
        return new Scene(camera, blockout.light(), blockout.sky(), blockout.ground(), blockout.objects(), actor);
    }

    /** The one cast member an action line names, if any; a capitalised word that is no cast name nor word is an error. */
    private Optional<CastMember> characterIn(String text, int line, Map<String, CastMember> cast) {
        List<CastMember> named = new ArrayList<>();
        String rest = text;
        for (CastMember member : cast.values()) {
            Matcher m = namePattern(member.name()).matcher(rest);
            if (m.find()) {
                named.add(member);
                rest = m.replaceAll(" ");
            }
        }
        Matcher capitalised = CAPITALISED.matcher(rest);
        while (capitalised.find()) {
            String word = capitalised.group();
            if (!vocabulary.contains(word.toLowerCase(Locale.ROOT))) {
                throw unknownCharacter(word, line, cast, "appears");
            }
        }
        if (named.size() > 1) {
            throw new ScriptException(source, line, named.stream().map(CastMember::name).collect(Collectors.joining(" and "))
                    + " appear in one shot, but a previs shot holds one person; give each character their own action "
                    + "paragraph");
        }
        return named.stream().findFirst();
    }

    private ScriptException unknownCharacter(String name, int line, Map<String, CastMember> cast, String verb) {
        String known = cast.isEmpty() ? "no character is defined yet" : "the cast is "
                + String.join(", ", cast.keySet()) + nearest(name, cast.keySet());
        return new ScriptException(source, line, "unknown character '" + name + "' " + verb + " here; define each "
                + "character once on the title page under 'Cast:' (e.g. '   " + name + ": a person with brown skin in a "
                + "red shirt'); " + known);
    }

    private static Pattern namePattern(String name) {
        return Pattern.compile("(?<![\\w'])" + Pattern.quote(name) + "(?:'s)?(?![\\w])", Pattern.CASE_INSENSITIVE);
    }

    private static String replaceName(String text, CastMember member) {
        return namePattern(member.name()).matcher(text).replaceAll(Matcher.quoteReplacement(member.description()));
    }

    private boolean namesSky(String words) {
        for (String word : words.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (skyWords.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static String nearest(String name, Set<String> known) {
        return known.stream()
                .filter(k -> Vocabulary.editDistance(k, name) <= Math.max(1, name.length() / 3))
                .min(Comparator.comparingInt((String k) -> Vocabulary.editDistance(k, name)))
                .map(k -> "; did you mean " + k + "?").orElse("");
    }

    /**
     * Parses previs words; the parser's message gets the script line. Its word numbers count words of the composed
     * text (location words, then the beat with names spelled out), which the writer never sees, so they are dropped:
     * the message quotes the word itself.
     */
    private Scene parse(String words, int line, String what) {
        try {
            return parser.parse(words);
        } catch (PromptException e) {
            String message = e.getMessage()
                    .replaceAll("word \\d+ \\('([^']*)'\\): ", "'$1': ")
                    .replaceAll(" at word \\d+", "");
            throw new ScriptException(source, line, what + ": " + message);
        } catch (IllegalArgumentException e) {
            throw new ScriptException(source, line, what + ": " + e.getMessage());
        }
    }
}
