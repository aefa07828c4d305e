package io.auteur.studio.director;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.auteur.engine.Judge;
import io.auteur.engine.JudgeReading.Attribute;
import io.auteur.media.Clip;
import io.auteur.previs.Actor;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Scene;
import io.auteur.previs.Size;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled judge measures the example film's character consistency on films whose truth is known: the shots'
 * own blockouts (every character as cast), and the same with one character recast halfway.
 */
class CharacterConsistencyTest {
    private static final Path JUDGE = Path.of("..", "models", "judge");
    private static final int SIDE = 64;
    private static Judge judge;
    private static FilmPlan plan;
    /** The film of the shots' own blockouts: every character as cast. */
    private static CharacterConsistency asCast;

    @BeforeAll
    static void loadTheBundledJudge() {
        assertThat(Files.isRegularFile(JUDGE.resolve(Judge.WEIGHTS))).as("the bundled judge at %s",
                JUDGE.toAbsolutePath().normalize()).isTrue();
        judge = Judge.load(JUDGE, Device.cpu());
        plan = ShotPlanner.plan(Scripts.read(Path.of("..", "examples", "three-rooms.fountain"), ScriptLimits.DEFAULT),
                ScriptLimits.DEFAULT, 8, 2);
        asCast = CharacterConsistency.measure(plan, blockoutFilm(shot -> shot), judge);
    }

    @AfterAll
    static void close() {
        judge.close();
    }

    /** The film made of each shot's previs render, with each shot's blockout as {@code recast} leaves it. */
    private static Clip blockoutFilm(java.util.function.UnaryOperator<ShotPlan> recast) {
        List<byte[]> frames = new ArrayList<>();
        for (ShotPlan shot : plan.shots()) {
            Clip picture = Blockout.render(recast.apply(shot), SIDE, SIDE, plan.fps(), shot.frames(), Optional.empty())
                    .picture();
            for (int t = 0; t < picture.frameCount(); t++) {
                frames.add(picture.frameRgb(t));
            }
        }
        return Clip.of(frames, SIDE, SIDE, plan.fps());
    }

    @Test
    void theExampleFilmsBlockoutsReadAsCastAndOnlyShotsInTheJudgesScopeAreRead() {
        CharacterConsistency measured = asCast;

        long withCharacter = plan.shots().stream().filter(s -> s.blockout().actor().isPresent()).count();
        long inScope = plan.shots().stream()
                .filter(s -> s.blockout().actor().isPresent() && s.blockout().objects().size() == 1).count();
        assertThat(measured.shotsRead()).isEqualTo((int) inScope).isPositive();
        assertThat(measured.shotsOutsideScope()).isEqualTo((int) (withCharacter - inScope)).isPositive();
        assertThat(measured.readings()).hasSize(3 * (int) inScope);
        assertThat(measured.perCharacter()).containsOnlyKeys("MAYA", "OWEN");
        // Clothing and size are read as cast (11 of 12 when this judge was made). Skin is not: head and hands are a
        // few pixels at 64x64, and the judge reads it at chance (see its card), so it costs the value a third.
        List<CharacterConsistency.Reading> clothingAndSize = measured.readings().stream()
                .filter(r -> r.attribute() != Attribute.SKIN).toList();
        assertThat(clothingAndSize.stream().filter(CharacterConsistency.Reading::agrees).count())
                .as("%s", clothingAndSize).isGreaterThanOrEqualTo(clothingAndSize.size() - 2);
        // Only trusted attributes count toward the value: size (the card's), one reading per shot, all as cast.
        assertThat(measured.trusted()).containsExactly("build");
        assertThat(measured.scored()).hasSize((int) inScope).allMatch(r -> r.attribute() == Attribute.BUILD);
        assertThat(measured.value()).as("%s", measured.scored()).isEqualTo(1.0);
        assertThat(measured.valueOfAllReadings()).isLessThan(measured.value());
    }

    /**
     * Every shot of MAYA's after her first, re-rendered in a blue shirt and at the other size: no reading of her
     * shirt says red any more (listed, though clothing is not trusted), and her value, which counts size, falls.
     */
    @Test
    void aCharacterRecastHalfwayIsCaught() {
        int first = plan.shots().stream().filter(s -> s.character().equals(Optional.of("MAYA"))
                && s.blockout().objects().size() == 1).findFirst().orElseThrow().number();
        CharacterConsistency measured = CharacterConsistency.measure(plan, blockoutFilm(shot ->
                shot.number() > first && shot.character().equals(Optional.of("MAYA")) ? recast(shot, NamedColour.BLUE)
                        : shot), judge);

        List<CharacterConsistency.Reading> recastClothing = measured.readings().stream()
                .filter(r -> r.character().equals("MAYA") && r.shot() > first && r.attribute() == Attribute.CLOTHING)
                .toList();
        assertThat(recastClothing).hasSize(4).noneMatch(CharacterConsistency.Reading::agrees);
        assertThat(measured.perCharacter().get("MAYA")).isLessThanOrEqualTo(0.5)
                .isLessThan(asCast.perCharacter().get("MAYA"));
        assertThat(measured.perCharacter().get("OWEN")).isEqualTo(asCast.perCharacter().get("OWEN"));
    }

    private static ShotPlan recast(ShotPlan shot, NamedColour clothing) {
        Scene scene = shot.blockout();
        Actor actor = scene.actor().orElseThrow();
        Size other = actor.size() == Size.SMALL ? Size.LARGE : Size.SMALL;
        Scene recast = new Scene(scene.camera(), scene.light(), scene.sky(), scene.ground(), scene.objects(),
                Optional.of(new Actor(actor.skin(), clothing, other, actor.action(), actor.start(),
                        actor.heading())));
        return new ShotPlan(shot.number(), shot.scene(), shot.sceneHeading(), shot.scriptLine(), shot.sourceLine(),
                shot.character(), recast, shot.prompt(), shot.frames(), shot.continuity());
    }

}
