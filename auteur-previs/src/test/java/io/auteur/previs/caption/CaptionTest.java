package io.auteur.previs.caption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.previs.Action;
import io.auteur.previs.CameraMove;
import io.auteur.previs.Direction;
import io.auteur.previs.GroundPattern;
import io.auteur.previs.Material;
import io.auteur.previs.Motion;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Scene;
import io.auteur.previs.SceneObject;
import io.auteur.previs.Shape;
import io.auteur.previs.Size;
import io.auteur.previs.dataset.SceneSampler;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaptionTest {
    private final PromptParser parser = new PromptParser();
    private final CaptionWriter writer = new CaptionWriter();

    /** What a caption can say about a scene: everything but positions and magnitudes. */
    static List<Object> semantics(Scene scene) {
        List<Object> out = new java.util.ArrayList<>();
        for (SceneObject o : scene.objects()) {
            out.add(List.of(o.shape(), o.colour(), o.material(), o.size(), motionMeaning(o.motion())));
        }
        scene.actor().ifPresent(a -> out.add(List.of(a.skin(), a.clothing(), a.size(), a.action(),
                a.action() == Action.WALK || a.action() == Action.RUN ? a.heading() : "-")));
        out.add(List.of(scene.ground(), scene.sky(), scene.light().tone(), scene.camera().move()));
        return out;
    }

    private static String motionMeaning(Motion motion) {
        return switch (motion) {
            case Motion.Move m -> "move " + m.direction();
            case Motion.Roll r -> "roll " + r.direction();
            case Motion.Bounce b -> "bounce " + (b.speed() > 0 ? b.direction() : "in place");
            default -> motion.getClass().getSimpleName();
        };
    }

    @Test
    void theIssueExampleParsesToExactlyThatScene() {
        Scene scene = parser.parse("a red sphere bounces to the right on a checkered floor while the camera pans left");
        assertThat(scene.objects()).hasSize(1);
        SceneObject sphere = scene.objects().getFirst();
        assertThat(sphere.shape()).isEqualTo(Shape.SPHERE);
        assertThat(sphere.colour()).isEqualTo(NamedColour.RED);
        assertThat(sphere.material()).isEqualTo(Material.MATTE);
        assertThat(sphere.size()).isEqualTo(Size.SMALL);
        assertThat(sphere.motion()).isInstanceOfSatisfying(Motion.Bounce.class,
                b -> assertThat(b.direction()).isEqualTo(Direction.RIGHT));
        assertThat(scene.ground().pattern()).isEqualTo(GroundPattern.CHECKER);
        assertThat(scene.camera().move()).isEqualTo(CameraMove.PAN_LEFT);
        assertThat(scene.actor()).isEmpty();
    }

    @Test
    void peopleTakeClothingSkinActionAndHeading() {
        Scene scene = parser.parse("A big woman in a green shirt with pink skin runs to the left, and a small blue "
                + "box spins in place at night");
        var actor = scene.actor().orElseThrow();
        assertThat(actor.clothing()).isEqualTo(NamedColour.GREEN);
        assertThat(actor.skin()).isEqualTo(NamedColour.PINK);
        assertThat(actor.action()).isEqualTo(Action.RUN);
        assertThat(actor.heading()).isEqualTo(Direction.LEFT);
        assertThat(scene.objects().getFirst().colour()).isEqualTo(NamedColour.BLUE);
        assertThat(scene.objects().getFirst().motion()).isInstanceOf(Motion.Spin.class);
    }

    @Test
    void captionsParseBackToTheSameSceneAttributes() {
        for (long seed = 0; seed < 500; seed++) {
            Scene scene = SceneSampler.sample(seed);
            String caption = writer.write(scene, new Random(seed));
            Scene parsed;
            try {
                parsed = parser.parse(caption);
            } catch (PromptException e) {
                throw new AssertionError("seed " + seed + ": " + caption + "\n" + e.getMessage(), e);
            }
            assertThat(semantics(parsed)).as("seed %d: %s", seed, caption).isEqualTo(semantics(scene));
            // and once more: caption -> scene -> caption -> scene is stable
            Scene again = parser.parse(writer.write(parsed, new Random(seed + 1)));
            assertThat(semantics(again)).isEqualTo(semantics(parsed));
        }
    }

    @Test
    void everyWordOfTheVocabularyIsUnderstoodSomewhere() {
        Set<String> produced = new HashSet<>();
        for (long seed = 0; seed < 500; seed++) {
            produced.addAll(PromptParser.tokenize(writer.write(SceneSampler.sample(seed), new Random(seed))));
        }
        // Words the writer never uses are checked here by parsing them in a sentence of their category.
        for (var category : Vocabulary.words().entrySet()) {
            for (String word : category.getValue()) {
                if (produced.contains(word)) {
                    continue;
                }
                String prompt = switch (category.getKey()) {
                    case "colours" -> "a " + word + " cube";
                    case "shapes" -> "a " + word;
                    case "materials", "sizes" -> "a " + word + " cone";
                    case "ground patterns" -> "a cone on a " + word + " floor";
                    case "skies" -> "a cone under a " + word + " sky";
                    case "light" -> "a cone in " + word + " light";
                    case "object motions" -> "a cone " + word;
                    case "actions" -> "a person " + word;
                    case "camera moves" -> "a cone and the camera " + word;
                    case "directions" -> word.equals("up") || word.equals("upward") || word.equals("down")
                            || word.equals("downward") ? "a cone and the camera tilts " + word
                            : word.equals("in") || word.equals("out") || word.equals("closer") || word.equals("back")
                            || word.equals("backward") ? "a cone and the camera dollies " + word : "a cone rolls " + word;
                    case "nouns" -> switch (word) {
                        case "skin" -> "a person with brown skin";
                        case "shirt", "clothes", "clothing", "outfit", "suit", "jacket", "dress" -> "a person in a red " + word;
                        case "person", "man", "woman", "figure", "actor", "character", "child", "someone" -> "a " + word + " waves";
                        case "camera" -> "a cone and the camera pans left";
                        case "sky", "skies" -> "a cone under a clear " + word;
                        case "light", "lighting", "sunlight", "sun" -> "a cone in warm " + word;
                        default -> "a cone on a red " + word;
                    };
                    default -> "a cone " + word;
                };
                assertThat(parser.parse(prompt)).as(prompt).isNotNull();
            }
        }
    }

    @Test
    void captionsVaryWithTheRandomSource() {
        Scene scene = SceneSampler.sample(3);
        Set<String> captions = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            captions.add(writer.write(scene, new Random(seed)));
        }
        assertThat(captions).hasSizeGreaterThanOrEqualTo(5);
        assertThat(writer.write(scene, new Random(9))).isEqualTo(writer.write(scene, new Random(9)));
    }

    @Test
    void unknownWordsAreNamedWithSuggestionsAndTheVocabulary() {
        assertThatThrownBy(() -> parser.parse("a red sphear bounces"))
                .isInstanceOf(PromptException.class)
                .hasMessageContaining("unknown word 'sphear' at word 3; did you mean 'sphere'")
                .hasMessageContaining("shapes: ball,")
                .hasMessageContaining("camera moves:");
        assertThatThrownBy(() -> parser.parse("a purple elephant dances"))
                .hasMessageContaining("'elephant'").hasMessageContaining("'dances'");
    }

    @Test
    void impossiblePromptsGiveClearErrors() {
        assertThatThrownBy(() -> parser.parse("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parser.parse("a cone ".repeat(400))).hasMessageContaining("limit of 2000");
        assertThatThrownBy(() -> parser.parse("a cube and a cone and a ball and a ring"))
                .hasMessageContaining("at most 3 objects");
        assertThatThrownBy(() -> parser.parse("a person waves and a man jumps")).hasMessageContaining("one person");
        assertThatThrownBy(() -> parser.parse("a red blue cube")).hasMessageContaining("contradicts the colour");
        assertThatThrownBy(() -> parser.parse("a cube and the camera pans left and tilts up"))
                .hasMessageContaining("one camera move");
        assertThatThrownBy(() -> parser.parse("a cone spins to the left")).hasMessageContaining("cannot take one");
        assertThatThrownBy(() -> parser.parse("the camera pans left")).hasMessageContaining("no object or person");
        assertThatThrownBy(() -> parser.parse("a cube bounces red")).hasMessageContaining("describes nothing");
        assertThatThrownBy(() -> parser.parse("rolls to the left")).hasMessageContaining("needs an object");
    }

    @Test
    void randomWordSoupsOnlyEverYieldAScene() {
        List<String> known = Vocabulary.words().values().stream().flatMap(List::stream).toList();
        Random random = new Random(11);
        for (int n = 0; n < 2000; n++) {
            StringBuilder prompt = new StringBuilder();
            int length = 1 + random.nextInt(14);
            for (int w = 0; w < length; w++) {
                if (random.nextInt(10) == 0) {
                    for (int c = 0; c < 1 + random.nextInt(6); c++) {
                        prompt.append((char) (32 + random.nextInt(200)));
                    }
                } else {
                    prompt.append(known.get(random.nextInt(known.size())));
                }
                prompt.append(random.nextInt(8) == 0 ? ", " : " ");
            }
            try {
                assertThat(parser.parse(prompt.toString())).isNotNull();
            } catch (PromptException expected) {
                // a clear refusal is fine
            }
        }
    }
}
