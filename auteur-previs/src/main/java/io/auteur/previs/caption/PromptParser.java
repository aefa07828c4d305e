package io.auteur.previs.caption;

import io.auteur.previs.Action;
import io.auteur.previs.Actor;
import io.auteur.previs.Camera;
import io.auteur.previs.CameraMove;
import io.auteur.previs.Direction;
import io.auteur.previs.Ground;
import io.auteur.previs.GroundPattern;
import io.auteur.previs.Light;
import io.auteur.previs.LightTone;
import io.auteur.previs.Material;
import io.auteur.previs.Motion;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Scene;
import io.auteur.previs.SceneObject;
import io.auteur.previs.Shape;
import io.auteur.previs.Size;
import io.auteur.previs.Sky;
import io.auteur.previs.caption.Vocabulary.Word;
import io.auteur.previs.math.Vec3;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a prompt in the previs language into a complete {@link Scene}. Adjectives gather until a noun takes
 * them (an object's shape, "floor", "sky", "light", "camera", "person", "skin", "shirt"); a verb acts on the
 * last subject named; a direction follows its verb. What the prompt leaves out gets the documented defaults.
 */
public final class PromptParser {
    public static final int MAX_PROMPT_CHARS = 2000;

    // Default magnitudes: gentle enough that subjects stay in view of the standard camera for about 4 seconds.
    static final double MOVE_SPEED = 0.6, ROLL_SPEED = 0.8, BOUNCE_SPEED = 0.5, BOUNCE_DROP = 1.5,
            BOUNCE_RESTITUTION = 0.7, FALL_HEIGHT = 2.5, SPIN_RATE = 90, ORBIT_RATE = 30;
    static final double PAN_RATE = 8, TILT_RATE = 6, DOLLY_RATE = 0.6, CAMERA_ORBIT_RATE = 15;

    /** Multi-word phrases folded into single vocabulary entries before words are looked up. */
    private static final Map<String, String> PHRASES = Map.of(
            "\\btowards? (the )?camera\\b", "toward-camera",
            "\\baway from (the )?camera\\b", "away",
            "\\bin place\\b", "in-place");

    private final class ObjectDraft {
        final int wordIndex;
        Shape shape;
        NamedColour colour;
        Material material;
        Size size;
        String motion;
        String direction;

        ObjectDraft(int wordIndex) {
            this.wordIndex = wordIndex;
        }
    }

    private final class ActorDraft {
        NamedColour skin;
        NamedColour clothing;
        Size size;
        Action action;
        String direction;
    }

    private enum Subject { NONE, OBJECT, ACTOR, CAMERA }

    // parse state, fresh for each call
    private List<String> words;
    private List<Word> pending;
    private List<Integer> pendingAt;
    private List<ObjectDraft> objects;
    private ActorDraft actor;
    private Subject subject;
    private String cameraMove;
    private String cameraVerb;
    private GroundPattern pattern;
    private NamedColour groundColour;
    private Sky sky;
    private LightTone tone;

    /** Parses a prompt; throws {@link PromptException} with a clear message when it cannot. */
    public synchronized Scene parse(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw new PromptException("the prompt is empty; describe at least one object or a person, e.g. "
                    + "\"a red sphere bounces to the right\"");
        }
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw new PromptException("the prompt has " + prompt.length() + " characters, more than the limit of "
                    + MAX_PROMPT_CHARS);
        }
        words = tokenize(prompt);
        checkKnown();
        pending = new ArrayList<>();
        pendingAt = new ArrayList<>();
        objects = new ArrayList<>();
        actor = null;
        subject = Subject.NONE;
        cameraMove = null;
        cameraVerb = null;
        pattern = null;
        groundColour = null;
        sky = null;
        tone = null;
        for (int i = 0; i < words.size(); i++) {
            take(i, Vocabulary.meaning(words.get(i)));
        }
        if (cameraVerb != null) {
            resolveCameraVerb(null, words.size());
        }
        if (!pending.isEmpty()) {
            throw error(pendingAt.getFirst(), "'" + words.get(pendingAt.getFirst()) + "' describes nothing; put it "
                    + "before a shape, a person, 'floor', 'sky', 'light' or 'camera'");
        }
        return build();
    }

    static List<String> tokenize(String prompt) {
        String text = prompt.toLowerCase(Locale.ROOT).replaceAll("[,.;:!?()\"]", " ");
        for (Map.Entry<String, String> phrase : PHRASES.entrySet()) {
            text = text.replaceAll(phrase.getKey(), phrase.getValue());
        }
        List<String> out = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                out.add(word);
            }
        }
        return out;
    }

    private void checkKnown() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (Vocabulary.meaning(word) == null) {
                List<String> near = Vocabulary.nearest(word);
                problems.add("unknown word '" + word + "' at word " + (i + 1)
                        + (near.isEmpty() ? "" : "; did you mean " + near.stream().map(w -> "'" + w + "'")
                        .collect(Collectors.joining(" or ")) + "?"));
            }
        }
        if (!problems.isEmpty()) {
            String understood = Vocabulary.words().entrySet().stream()
                    .filter(e -> !e.getKey().equals("linking words"))
                    .map(e -> "  " + e.getKey() + ": " + e.getValue().stream().filter(w -> !w.contains("-"))
                            .collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("\n"));
            throw new PromptException(String.join("\n", problems) + "\nThe previs language understands:\n" + understood);
        }
    }

    private void take(int i, Word word) {
        switch (word) {
            case Vocabulary.ColourWord w -> {
                // "wearing green", "dressed in red": a colour right after those words is the person's clothing;
                // otherwise it waits for its noun ("blue shirt", "brown skin", or the next object).
                boolean clothing = subject == Subject.ACTOR && pending.isEmpty() && i > 0
                        && List.of("wearing", "in", "dressed").contains(words.get(i - 1));
                if (clothing && !nextIs(i, "skin")) {
                    setClothing(i, w.colour());
                } else {
                    hold(i, word);
                }
            }
            case Vocabulary.MaterialWord w -> hold(i, word);
            case Vocabulary.SizeWord w -> hold(i, word);
            case Vocabulary.PatternWord w -> hold(i, word);
            case Vocabulary.ToneWord w -> hold(i, word);
            case Vocabulary.SkyWord w -> {
                if (nextIs(i, "sky") || nextIs(i, "skies")) {
                    hold(i, word);
                } else {
                    setSky(i, w.sky());
                }
            }
            case Vocabulary.ShapeWord w -> newObject(i, w.shape());
            case Vocabulary.Noun n -> noun(i, n.kind());
            case Vocabulary.MotionVerb v -> motionVerb(i, v.kind());
            case Vocabulary.ActionVerb v -> {
                requireActor(i);
                if (actor.action != null && actor.action != v.action()) {
                    throw error(i, "the person already " + actor.action.name().toLowerCase(Locale.ROOT)
                            + "s; a person does one action per shot");
                }
                actor.action = v.action();
            }
            case Vocabulary.CameraVerb v -> {
                subject = Subject.CAMERA;
                if (cameraVerb != null) {
                    resolveCameraVerb(null, i);
                }
                cameraVerb = v.kind();
            }
            case Vocabulary.Particle p -> particle(i, p.direction());
            case Vocabulary.Filler f -> { }
        }
    }

    private void hold(int i, Word word) {
        pending.add(word);
        pendingAt.add(i);
    }

    private void newObject(int i, Shape shape) {
        if (objects.size() == Scene.MAX_OBJECTS) {
            throw error(i, "a scene holds at most " + Scene.MAX_OBJECTS + " objects; this is the fourth");
        }
        ObjectDraft draft = new ObjectDraft(i);
        draft.shape = shape;
        for (int k = 0; k < pending.size(); k++) {
            int at = pendingAt.get(k);
            switch (pending.get(k)) {
                case Vocabulary.ColourWord w -> draft.colour = once(at, draft.colour, w.colour(), "colour");
                case Vocabulary.MaterialWord w -> draft.material = once(at, draft.material, w.material(), "finish");
                case Vocabulary.SizeWord w -> draft.size = once(at, draft.size, w.size(), "size");
                default -> throw error(at, "'" + words.get(at) + "' cannot describe a " + words.get(i));
            }
        }
        clearPending();
        objects.add(draft);
        subject = Subject.OBJECT;
    }

    private void noun(int i, String kind) {
        switch (kind) {
            case "ground" -> {
                for (int k = 0; k < pending.size(); k++) {
                    int at = pendingAt.get(k);
                    switch (pending.get(k)) {
                        case Vocabulary.ColourWord w -> groundColour = once(at, groundColour, w.colour(), "ground colour");
                        case Vocabulary.PatternWord w -> pattern = once(at, pattern, w.pattern(), "ground pattern");
                        default -> throw error(at, "'" + words.get(at) + "' cannot describe the " + words.get(i));
                    }
                }
                clearPending();
            }
            case "sky" -> {
                Sky chosen = null;
                for (int k = 0; k < pending.size(); k++) {
                    int at = pendingAt.get(k);
                    switch (pending.get(k)) {
                        case Vocabulary.SkyWord w -> chosen = once(at, chosen, w.sky(), "sky");
                        // "a clear blue sky": blue is the clear sky's colour; other colours are not skies
                        case Vocabulary.ColourWord w when w.colour() == NamedColour.BLUE -> chosen = chosen == null ? Sky.CLEAR : chosen;
                        default -> throw error(at, "'" + words.get(at) + "' cannot describe the sky; skies are clear, "
                                + "sunset, overcast or night");
                    }
                }
                clearPending();
                setSky(i, chosen == null ? Sky.CLEAR : chosen);
            }
            case "light" -> {
                LightTone chosen = LightTone.NEUTRAL;
                for (int k = 0; k < pending.size(); k++) {
                    int at = pendingAt.get(k);
                    switch (pending.get(k)) {
                        case Vocabulary.ToneWord w -> chosen = w.tone();
                        case Vocabulary.ColourWord w when w.colour() == NamedColour.WHITE -> chosen = LightTone.NEUTRAL;
                        default -> throw error(at, "'" + words.get(at) + "' cannot describe the light; light is warm, "
                                + "cool or neutral");
                    }
                }
                clearPending();
                if (tone != null && tone != chosen) {
                    throw error(i, "the light is already " + tone.name().toLowerCase(Locale.ROOT));
                }
                tone = chosen;
            }
            case "camera" -> {
                for (int k = 0; k < pending.size(); k++) {
                    int at = pendingAt.get(k);
                    throw error(at, "'" + words.get(at) + "' cannot describe the camera");
                }
                subject = Subject.CAMERA;
            }
            case "person" -> {
                if (actor != null) {
                    throw error(i, "a scene holds one person; this is the second");
                }
                actor = new ActorDraft();
                for (int k = 0; k < pending.size(); k++) {
                    int at = pendingAt.get(k);
                    switch (pending.get(k)) {
                        case Vocabulary.SizeWord w -> actor.size = once(at, actor.size, w.size(), "size");
                        case Vocabulary.ColourWord w -> actor.clothing = once(at, actor.clothing, w.colour(), "clothing");
                        default -> throw error(at, "'" + words.get(at) + "' cannot describe a person");
                    }
                }
                clearPending();
                subject = Subject.ACTOR;
            }
            case "skin", "clothes" -> {
                requireActor(i);
                for (int k = 0; k < pending.size(); k++) {
                    int at = pendingAt.get(k);
                    if (!(pending.get(k) instanceof Vocabulary.ColourWord w)) {
                        throw error(at, "'" + words.get(at) + "' cannot describe " + words.get(i));
                    }
                    if (kind.equals("skin")) {
                        actor.skin = once(at, actor.skin, w.colour(), "skin colour");
                    } else {
                        setClothing(at, w.colour());
                    }
                }
                clearPending();
            }
            default -> throw new IllegalStateException("unhandled noun kind " + kind);
        }
    }

    private void motionVerb(int i, String kind) {
        if (kind.equals("still") && (subject == Subject.CAMERA || nextIs(i, "camera"))) {
            setCameraMove(i, "static");
            return;
        }
        if (subject == Subject.CAMERA && (kind.equals("orbit") || kind.equals("move"))) {
            if (cameraVerb != null) {
                resolveCameraVerb(null, i);
            }
            cameraVerb = kind.equals("orbit") ? "orbit" : "dolly"; // "the camera moves closer"
            return;
        }
        if (subject == Subject.ACTOR && kind.equals("still")) {
            actor.action = actor.action == null ? Action.STAND : actor.action;
            return;
        }
        if (subject != Subject.OBJECT) {
            throw error(i, "'" + words.get(i) + "' needs an object before it, e.g. \"a red ball " + words.get(i) + "\"");
        }
        ObjectDraft draft = objects.getLast();
        if (draft.motion != null && !draft.motion.equals(kind)) {
            throw error(i, "the " + words.get(draft.wordIndex) + " already " + draft.motion + "s; an object does one "
                    + "motion per shot");
        }
        draft.motion = kind;
    }

    private void particle(int i, String direction) {
        boolean cameraParticle = List.of("in", "out", "back", "up", "down").contains(direction);
        if (cameraParticle && !(subject == Subject.CAMERA && cameraVerb != null)) {
            return; // "in a blue shirt", "sits down": these words only steer the camera after its verb
        }
        switch (subject) {
            case CAMERA -> {
                if (cameraVerb == null) {
                    throw error(i, "'" + words.get(i) + "' needs a camera move before it (pans, tilts, dollies)");
                }
                resolveCameraVerb(direction, i);
            }
            case OBJECT -> {
                ObjectDraft draft = objects.getLast();
                if (draft.motion == null || !(draft.motion.equals("move") || draft.motion.equals("roll")
                        || draft.motion.equals("bounce"))) {
                    throw error(i, "'" + words.get(i) + "' gives a direction, but "
                            + (draft.motion == null ? "the " + words.get(draft.wordIndex) + " has no motion yet"
                            : "an object that " + draft.motion + "s cannot take one")
                            + "; directions go with moves, rolls and bounces");
                }
                draft.direction = horizontal(i, direction);
            }
            case ACTOR -> {
                if (actor.action != Action.WALK && actor.action != Action.RUN) {
                    throw error(i, "'" + words.get(i) + "' gives a direction, but only walking and running go somewhere");
                }
                actor.direction = horizontal(i, direction);
            }
            case NONE -> throw error(i, "'" + words.get(i) + "' gives a direction before anything moves");
        }
    }

    private String horizontal(int i, String direction) {
        if (direction.equals("left") || direction.equals("right") || direction.equals("toward") || direction.equals("away")) {
            return direction;
        }
        throw error(i, "objects and people move left, right, toward the camera or away from it, not '"
                + words.get(i) + "'");
    }

    private void resolveCameraVerb(String direction, int i) {
        String move = switch (cameraVerb) {
            case "pan" -> direction == null ? "pan_left" : switch (direction) {
                case "left", "right" -> "pan_" + direction;
                default -> throw error(i, "the camera pans left or right");
            };
            case "tilt" -> direction == null ? "tilt_up" : switch (direction) {
                case "up", "down" -> "tilt_" + direction;
                default -> throw error(i, "the camera tilts up or down");
            };
            case "dolly" -> direction == null ? "dolly_in" : switch (direction) {
                case "in", "toward", "away" -> direction.equals("away") ? "dolly_out" : "dolly_in";
                case "out", "back" -> "dolly_out";
                default -> throw error(i, "the camera dollies in or out");
            };
            case "push" -> "dolly_in";
            case "pull" -> "dolly_out";
            case "orbit" -> "orbit";
            default -> throw new IllegalStateException("unhandled camera verb " + cameraVerb);
        };
        cameraVerb = null;
        setCameraMove(i, move);
    }

    private void setCameraMove(int i, String move) {
        if (cameraMove != null && !cameraMove.equals(move)) {
            throw error(Math.min(i, words.size() - 1), "the camera already " + describe(cameraMove)
                    + "; one camera move per shot");
        }
        cameraMove = move;
        subject = Subject.CAMERA;
    }

    private static String describe(String move) {
        return switch (move) {
            case "static" -> "holds still";
            case "orbit" -> "orbits";
            default -> move.replace("_", "s ").replace("dollys", "dollies");
        };
    }

    private void setSky(int i, Sky value) {
        if (sky != null && sky != value) {
            throw error(i, "the sky is already " + sky.name().toLowerCase(Locale.ROOT));
        }
        sky = value;
    }

    private void setClothing(int i, NamedColour colour) {
        actor.clothing = once(i, actor.clothing, colour, "clothing colour");
    }

    private void requireActor(int i) {
        if (actor == null) {
            throw error(i, "'" + words.get(i) + "' needs a person, e.g. \"a person " + words.get(i) + "\"");
        }
        subject = Subject.ACTOR;
    }

    private <T> T once(int i, T current, T value, String what) {
        if (current != null && !current.equals(value)) {
            throw error(i, "'" + words.get(i) + "' contradicts the " + what + " already given ("
                    + current.toString().toLowerCase(Locale.ROOT) + ")");
        }
        return value;
    }

    private boolean nextIs(int i, String word) {
        for (int k = i + 1; k < words.size(); k++) {
            if (!(Vocabulary.meaning(words.get(k)) instanceof Vocabulary.Filler)) {
                return words.get(k).equals(word);
            }
        }
        return false;
    }

    private void clearPending() {
        pending.clear();
        pendingAt.clear();
    }

    private PromptException error(int i, String message) {
        return new PromptException("word " + (i + 1) + " ('" + words.get(i) + "'): " + message);
    }

    private Scene build() {
        if (objects.isEmpty() && actor == null) {
            throw new PromptException("the prompt names no object or person; try e.g. \"a red sphere bounces to the right\"");
        }
        double[] slots = switch (objects.size()) {
            case 1 -> new double[] {0};
            case 2 -> new double[] {-1.1, 1.1};
            case 3 -> new double[] {-1.6, 0, 1.6};
            default -> new double[0];
        };
        List<SceneObject> built = new ArrayList<>();
        for (int k = 0; k < objects.size(); k++) {
            ObjectDraft d = objects.get(k);
            Direction direction = d.direction == null ? Direction.RIGHT : direction(d.direction);
            Motion motion = switch (d.motion == null ? "still" : d.motion) {
                case "move" -> new Motion.Move(direction, MOVE_SPEED);
                case "roll" -> new Motion.Roll(direction, ROLL_SPEED);
                case "bounce" -> new Motion.Bounce(direction, d.direction == null ? 0 : BOUNCE_SPEED, BOUNCE_DROP,
                        BOUNCE_RESTITUTION);
                case "fall" -> new Motion.Fall(FALL_HEIGHT);
                case "spin" -> new Motion.Spin(SPIN_RATE);
                case "orbit" -> new Motion.Orbit(ORBIT_RATE);
                default -> new Motion.Still();
            };
            Vec3 start = new Vec3(slots[k], 0, 0);
            boolean travels = d.direction != null && !d.motion.equals("still");
            if (travels) {
                // start opposite the travel so the object crosses the frame instead of leaving it
                start = start.minus(direction.unit().times(1.2));
            }
            built.add(new SceneObject(d.shape, d.colour == null ? NamedColour.GREY : d.colour,
                    d.material == null ? Material.MATTE : d.material, d.size == null ? Size.SMALL : d.size, start, motion));
        }
        Optional<Actor> person = Optional.empty();
        if (actor != null) {
            Action action = actor.action == null ? Action.STAND : actor.action;
            Direction heading = actor.direction == null ? Direction.RIGHT : direction(actor.direction);
            double startX = action == Action.WALK || action == Action.RUN ? -heading.unit().x() * 1.5 : 0;
            double startZ = action == Action.WALK || action == Action.RUN ? -1.0 - heading.unit().z() * 1.5 : -1.0;
            person = Optional.of(new Actor(actor.skin == null ? NamedColour.BROWN : actor.skin,
                    actor.clothing == null ? NamedColour.BLUE : actor.clothing, actor.size == null ? Size.LARGE : actor.size,
                    action, new Vec3(startX, 0, startZ), heading));
        }
        Camera camera = Camera.standard();
        if (cameraMove != null) {
            CameraMove move = CameraMove.valueOf(cameraMove.toUpperCase(Locale.ROOT));
            double rate = switch (move) {
                case STATIC -> 0;
                case PAN_LEFT, PAN_RIGHT -> PAN_RATE;
                case TILT_UP, TILT_DOWN -> TILT_RATE;
                case DOLLY_IN, DOLLY_OUT -> DOLLY_RATE;
                case ORBIT -> CAMERA_ORBIT_RATE;
            };
            camera = camera.withMove(move, rate);
        }
        Light light = Light.standard();
        if (tone != null) {
            light = new Light(light.towardSun(), tone, light.ambient());
        }
        Ground ground = new Ground(pattern == null ? GroundPattern.PLAIN : pattern,
                groundColour == null ? NamedColour.GREY : groundColour);
        return new Scene(camera, light, sky == null ? Sky.CLEAR : sky, ground, built, person);
    }

    private static Direction direction(String word) {
        return switch (word) {
            case "left" -> Direction.LEFT;
            case "right" -> Direction.RIGHT;
            case "toward" -> Direction.TOWARD_CAMERA;
            case "away" -> Direction.AWAY_FROM_CAMERA;
            default -> throw new IllegalArgumentException(word);
        };
    }
}
