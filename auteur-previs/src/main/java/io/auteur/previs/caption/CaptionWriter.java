package io.auteur.previs.caption;

import io.auteur.previs.Action;
import io.auteur.previs.Actor;
import io.auteur.previs.CameraMove;
import io.auteur.previs.Direction;
import io.auteur.previs.GroundPattern;
import io.auteur.previs.LightTone;
import io.auteur.previs.Material;
import io.auteur.previs.Motion;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Scene;
import io.auteur.previs.SceneObject;
import io.auteur.previs.Shape;
import io.auteur.previs.Size;
import io.auteur.previs.Sky;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Describes a scene in the previs language with natural variation (synonyms, adjective order, clause order,
 * sentence breaks), driven by the random source passed in. Every caption mentions every attribute the prompt
 * language can express and parses back to the same scene attributes with {@link PromptParser}.
 */
public final class CaptionWriter {
    /** Writes one caption; the same scene and random state give the same caption. */
    public String write(Scene scene, Random random) {
        List<String> subjects = new ArrayList<>();
        for (SceneObject object : scene.objects()) {
            subjects.add(object(object, random));
        }
        scene.actor().ifPresent(actor -> subjects.add(actor(actor, random)));
        String ground = pick(random, "on", "over", "across") + " " + article(random, groundPhrase(scene, random));
        String sky = sky(scene.sky(), random);
        String light = light(scene.light().tone(), random);
        String camera = camera(scene.camera().move(), random);

        StringBuilder text = new StringBuilder();
        int layout = random.nextInt(3);
        String action = String.join(pick(random, " and ", ", and ", " while "), subjects);
        switch (layout) {
            case 0 -> text.append(action).append(' ').append(ground).append(' ').append(sky).append(", ")
                    .append(pick(random, "while ", "as ", "and ")).append(camera).append(". ").append(capital(light)).append('.');
            case 1 -> text.append(capital(sky)).append(", ").append(action).append(' ').append(ground).append(". ")
                    .append(capital(camera)).append(", ").append(light).append('.');
            default -> text.append(capital(light)).append(' ').append(sky).append(": ").append(action).append(' ')
                    .append(ground).append(", ").append(pick(random, "while ", "as ")).append(camera).append('.');
        }
        return capital(text.toString());
    }

    private String object(SceneObject object, Random random) {
        List<String> adjectives = new ArrayList<>(List.of(size(object.size(), random), material(object.material(), random)));
        Collections.shuffle(adjectives, random);
        adjectives.add(object.colour().word());
        String noun = shape(object.shape(), random);
        return article(random, String.join(" ", adjectives) + " " + noun) + " " + motion(object.motion(), random);
    }

    private String actor(Actor actor, Random random) {
        String person = pick(random, "person", "figure", "man", "woman", "character");
        String clothing = random.nextBoolean()
                ? "in " + article(random, actor.clothing().word() + " " + pick(random, "shirt", "outfit", "jacket"))
                : "wearing " + actor.clothing().word();
        String skin = "with " + actor.skin().word() + " skin";
        String description = random.nextBoolean() ? clothing + " " + skin : skin + " " + (clothing.startsWith("in")
                ? "dressed " + clothing : clothing);
        String action = switch (actor.action()) {
            case STAND -> pick(random, "stands", "stands still");
            case WALK -> pick(random, "walks", "strolls") + " " + direction(actor.heading(), random);
            case RUN -> pick(random, "runs", "jogs") + " " + direction(actor.heading(), random);
            case WAVE -> "waves";
            case JUMP -> pick(random, "jumps", "leaps");
            case SIT -> pick(random, "sits down", "sits");
            case TURN -> pick(random, "turns around", "turns");
        };
        return article(random, size(actor.size(), random) + " " + person) + " " + description + " " + action;
    }

    private String motion(Motion motion, Random random) {
        return switch (motion) {
            case Motion.Still still -> pick(random, "rests", "stays still", "remains motionless", "holds still");
            case Motion.Move move -> pick(random, "moves", "slides", "glides", "drifts") + " " + direction(move.direction(), random);
            case Motion.Bounce bounce -> "bounces " + (bounce.speed() > 0 ? direction(bounce.direction(), random) : "in place");
            case Motion.Roll roll -> "rolls " + direction(roll.direction(), random);
            case Motion.Fall fall -> pick(random, "falls", "drops") + pick(random, "", " to the ground");
            case Motion.Spin spin -> pick(random, "spins", "rotates", "twirls") + pick(random, "", " in place");
            case Motion.Orbit orbit -> pick(random, "orbits", "circles") + pick(random, " the centre", " around the scene");
        };
    }

    private static String direction(Direction direction, Random random) {
        return switch (direction) {
            case LEFT -> pick(random, "to the left", "leftward", "left");
            case RIGHT -> pick(random, "to the right", "rightward", "right");
            case TOWARD_CAMERA -> pick(random, "toward the camera", "towards the camera");
            case AWAY_FROM_CAMERA -> "away from the camera";
        };
    }

    private String groundPhrase(Scene scene, Random random) {
        String pattern = switch (scene.ground().pattern()) {
            case PLAIN -> pick(random, "plain", "smooth");
            case CHECKER -> pick(random, "checkered", "checkerboard", "chequered");
            case STRIPES -> pick(random, "striped", "stripy");
            case NOISE -> pick(random, "speckled", "textured", "noisy");
        };
        String colour = scene.ground().colour().word();
        String adjectives = random.nextBoolean() ? colour + " " + pattern : pattern + " " + colour;
        return adjectives + " " + pick(random, "floor", "ground");
    }

    private static String sky(Sky sky, Random random) {
        return switch (sky) {
            case CLEAR -> pick(random, "under a clear sky", "under a clear blue sky", "on a sunny day");
            case SUNSET -> pick(random, "at sunset", "at dusk", "under a sunset sky");
            case OVERCAST -> pick(random, "under an overcast sky", "under a cloudy sky");
            case NIGHT -> pick(random, "at night", "under a night sky", "under a starry sky");
        };
    }

    private static String light(LightTone tone, Random random) {
        String word = switch (tone) {
            case WARM -> pick(random, "warm", "golden");
            case COOL -> pick(random, "cool", "cold");
            case NEUTRAL -> pick(random, "neutral", "white");
        };
        return pick(random, "in " + word + " light", "lit by " + word + " light", word + " lighting");
    }

    private static String camera(CameraMove move, Random random) {
        return "the camera " + switch (move) {
            case STATIC -> pick(random, "holds still", "stays still", "is static");
            case PAN_LEFT -> pick(random, "pans left", "pans to the left");
            case PAN_RIGHT -> pick(random, "pans right", "pans to the right");
            case TILT_UP -> pick(random, "tilts up", "tilts upward");
            case TILT_DOWN -> pick(random, "tilts down", "tilts downward");
            case DOLLY_IN -> pick(random, "dollies in", "pushes in", "moves closer");
            case DOLLY_OUT -> pick(random, "dollies out", "pulls back", "pulls out");
            case ORBIT -> pick(random, "orbits the scene", "circles around");
        };
    }

    private static String size(Size size, Random random) {
        return size == Size.SMALL ? pick(random, "small", "little", "tiny") : pick(random, "large", "big", "huge");
    }

    private static String material(Material material, Random random) {
        return material == Material.SHINY ? pick(random, "shiny", "glossy", "metallic") : pick(random, "matte", "dull");
    }

    private static String shape(Shape shape, Random random) {
        return switch (shape) {
            case SPHERE -> pick(random, "sphere", "ball");
            case CUBE -> pick(random, "cube", "box", "block");
            case CYLINDER -> pick(random, "cylinder", "drum");
            case CONE -> "cone";
            case TORUS -> pick(random, "torus", "ring", "donut");
            case CAPSULE -> pick(random, "capsule", "pill");
        };
    }

    private static String article(Random random, String phrase) {
        boolean vowel = "aeiou".indexOf(phrase.charAt(0)) >= 0;
        return (vowel ? "an " : "a ") + phrase;
    }

    private static String capital(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }
}
