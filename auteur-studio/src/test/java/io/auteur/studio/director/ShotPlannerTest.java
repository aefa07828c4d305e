package io.auteur.studio.director;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.media.Chapter;
import io.auteur.previs.Action;
import io.auteur.previs.Actor;
import io.auteur.previs.CameraMove;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Size;
import io.auteur.previs.Sky;
import io.auteur.previs.caption.PromptParser;
import io.auteur.previs.math.Vec3;
import io.auteur.previs.render.CameraView;
import io.auteur.previs.world.CameraPath;
import io.auteur.previs.world.Humanoid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShotPlannerTest {
    static final double FPS = 8, WINDOW_SECONDS = 2;

    @TempDir
    Path dir;

    private static FilmPlan example(String extension) {
        Path file = Path.of("..", "examples", "three-rooms." + extension);
        return ShotPlanner.plan(Scripts.read(file, ScriptLimits.DEFAULT), ScriptLimits.DEFAULT, FPS, WINDOW_SECONDS);
    }

    private FilmPlan plan(String fountain) {
        return ShotPlanner.plan(FountainParser.parse(fountain, "test.fountain", ScriptLimits.DEFAULT),
                ScriptLimits.DEFAULT, FPS, WINDOW_SECONDS);
    }

    private static final String HEADER = """
            Title: Test
            Cast:
                MAYA: a small person with brown skin in a red shirt
                OWEN: a person in a green shirt
            Locations:
                ROOF: a plain grey floor at sunset
                YARD: a large white cube rests on a striped green floor

            """;

    @Test
    void theExampleIsElevenShotsInThreeScenesWithTheCastIdenticalInEveryShot() {
        FilmPlan plan = example("fountain");
        assertThat(plan.title()).isEqualTo("Three Rooms");
        assertThat(plan.shots()).hasSize(11);
        assertThat(plan.scenes()).extracting(FilmPlan.ScenePlan::shotCount).containsExactly(4, 3, 4);
        // The hall's CONTINUOUS heading follows MAYA out of the kitchen: a new set, so its first shot cuts.
        assertThat(plan.shots()).extracting(ShotPlan::continuity).containsExactly(Continuity.CUT, Continuity.CONTINUOUS,
                Continuity.CUT, Continuity.CUT, Continuity.CUT, Continuity.CONTINUOUS, Continuity.CUT,
                Continuity.CUT, Continuity.CONTINUOUS, Continuity.CUT, Continuity.CUT);
        // Lengths: hinted, default (the model's window), or the time the words take to say.
        assertThat(plan.shots()).extracting(ShotPlan::frames).containsExactly(24, 16, 26, 29, 16, 12, 16, 20, 16, 10, 16);
        for (ShotPlan shot : plan.shots()) {
            shot.character().ifPresent(name -> {
                Actor actor = shot.blockout().actor().orElseThrow();
                if (name.equals("MAYA")) {
                    assertThat(List.of(actor.skin(), actor.clothing(), actor.size()))
                            .containsExactly(NamedColour.BROWN, NamedColour.RED, Size.SMALL);
                } else {
                    assertThat(List.of(actor.skin(), actor.clothing(), actor.size()))
                            .containsExactly(NamedColour.BLACK, NamedColour.GREEN, Size.LARGE);
                }
            });
            // The prompt is the model's language and describes the same blockout.
            var reparsed = new PromptParser().parse(shot.prompt());
            assertThat(reparsed.actor().map(Actor::clothing)).isEqualTo(shot.blockout().actor().map(Actor::clothing));
            assertThat(reparsed.camera().move()).isEqualTo(shot.blockout().camera().move());
        }
        assertThat(plan.shots().get(0).blockout().actor().orElseThrow().action()).isEqualTo(Action.WALK);
        assertThat(plan.shots().get(0).blockout().camera().move()).isEqualTo(CameraMove.PAN_RIGHT);
        assertThat(plan.shots().get(2).character()).contains("OWEN");
        assertThat(plan.shots().get(2).blockout().actor().orElseThrow().action()).isEqualTo(Action.TURN);
        assertThat(plan.shots().get(6).character()).isEmpty();
        assertThat(plan.shots().get(6).blockout().objects()).hasSize(2);
        // Skies: DAY is clear, a CONTINUOUS heading keeps the location's overcast sky, DUSK is a sunset.
        assertThat(plan.shots()).extracting(s -> s.blockout().sky()).containsExactly(Sky.CLEAR, Sky.CLEAR, Sky.CLEAR,
                Sky.CLEAR, Sky.OVERCAST, Sky.OVERCAST, Sky.OVERCAST, Sky.SUNSET, Sky.SUNSET, Sky.SUNSET, Sky.SUNSET);
        List<Chapter> chapters = plan.chapters();
        assertThat(chapters).extracting(Chapter::title)
                .containsExactly("INT. KITCHEN - DAY", "INT. HALL - CONTINUOUS", "EXT. ROOF - DUSK");
        assertThat(chapters.get(1).startSeconds()).isEqualTo((24 + 16 + 26 + 29) / FPS);
        assertThat(chapters.get(2).endSeconds()).isEqualTo(plan.seconds());
    }

    @Test
    void theYamlShotListPlansTheSameFilm() {
        FilmPlan fountain = example("fountain"), yaml = example("yaml");
        assertThat(yaml.shots()).hasSize(fountain.shots().size());
        for (int i = 0; i < fountain.shots().size(); i++) {
            ShotPlan a = fountain.shots().get(i), b = yaml.shots().get(i);
            assertThat(b.blockout()).isEqualTo(a.blockout());
            assertThat(b.prompt()).isEqualTo(a.prompt());
            assertThat(b.frames()).isEqualTo(a.frames());
            assertThat(b.continuity()).isEqualTo(a.continuity());
            assertThat(b.scriptLine()).isEqualTo(a.scriptLine());
        }
    }

    @Test
    void unknownCharactersWordsAndLocationsAreClearErrorsOnTheirLine() {
        assertThatThrownBy(() -> plan(HEADER + "EXT. ROOF - DAY\n\nJOHN waves.\n"))
                .hasMessageStartingWith("test.fountain:11: ").hasMessageContaining("unknown character 'JOHN'")
                .hasMessageContaining("MAYA, OWEN");
        assertThatThrownBy(() -> plan(HEADER + "EXT. ROOF - DAY\n\nMAYO waves.\n"))
                .hasMessageContaining("unknown character 'MAYO'").hasMessageContaining("did you mean MAYA?");
        assertThatThrownBy(() -> plan(HEADER + "EXT. ROOF - DAY\n\nJOHN\nHello.\n"))
                .hasMessageStartingWith("test.fountain:11: ").hasMessageContaining("unknown character 'JOHN' speaks");
        assertThatThrownBy(() -> plan(HEADER + "EXT. ROOF - DAY\n\nMAYA wavs.\n"))
                .hasMessageStartingWith("test.fountain:11: ").hasMessageContaining("unknown word 'wavs'")
                .hasMessageContaining("did you mean")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("word \\d+"));
        assertThatThrownBy(() -> plan(HEADER + "EXT. ATTIC - DAY\n\nMAYA waves.\n"))
                .hasMessageStartingWith("test.fountain:9: ").hasMessageContaining("unknown location 'ATTIC'");
        assertThatThrownBy(() -> plan(HEADER + "EXT. ROOF - TEATIME\n\nMAYA waves.\n"))
                .hasMessageContaining("unknown time of day 'TEATIME'");
        assertThatThrownBy(() -> plan(HEADER.replace("a plain grey floor", "a plian grey floor")
                + "EXT. ROOF - DAY\n\nMAYA waves.\n"))
                .hasMessageStartingWith("test.fountain:6: ").hasMessageContaining("location ROOF")
                .hasMessageContaining("'plian'");
        assertThatThrownBy(() -> plan(HEADER.replace("in a red shirt", "in a red shrit") + "EXT. ROOF\n\nMAYA waves.\n"))
                .hasMessageStartingWith("test.fountain:3: ").hasMessageContaining("'shrit'");
    }

    @Test
    void aShotCannotChangeACharacterOrHoldTwo() {
        assertThatThrownBy(() -> plan(HEADER + "EXT. ROOF - DAY\n\nMAYA in a blue shirt waves.\n"))
                .hasMessageStartingWith("test.fountain:11: ").hasMessageContaining("contradicts");
        assertThatThrownBy(() -> plan(HEADER + "EXT. ROOF - DAY\n\nMAYA waves at OWEN.\n"))
                .hasMessageContaining("MAYA and OWEN appear in one shot");
        assertThatThrownBy(() -> plan(HEADER + "EXT. ROOF - DAY\n\nMAYA waves. [[continuous]]\n"))
                .hasMessageStartingWith("test.fountain:11: ").hasMessageContaining("first shot cannot be continuous");
        assertThatThrownBy(() -> plan(HEADER.replace("ROOF: a plain", "ROOF: a person on a plain")
                + "EXT. ROOF - DAY\n\nMAYA waves.\n")).hasMessageContaining("location ROOF holds a person");
        assertThatThrownBy(() -> plan(HEADER.replace("OWEN: a person in", "OWEN: a red cube and a person in")
                + "EXT. ROOF\n\nOWEN waves.\n")).hasMessageStartingWith("test.fountain:4: ")
                .hasMessageContaining("one person and nothing else");
        assertThatThrownBy(() -> plan(HEADER.replace("OWEN: a person", "RED: a person") + "EXT. ROOF\n\nRED waves.\n"))
                .hasMessageContaining("a word of the previs language");
        assertThatThrownBy(() -> plan(HEADER + "EXT. ROOF - DAY\n\nThe camera pans left.\n"))
                .hasMessageContaining("names no object or person");
    }

    @Test
    void emptyScriptsAreRefused() {
        assertThatThrownBy(() -> plan("")).isInstanceOf(ScriptException.class)
                .hasMessageStartingWith("test.fountain: the script is empty");
        assertThatThrownBy(() -> plan(HEADER + "EXT. ROOF - DAY\n")).hasMessageContaining("the script is empty");
        assertThatThrownBy(() -> ShotListParser.parse("", "s.yaml", ScriptLimits.DEFAULT))
                .hasMessageContaining("empty");
    }

    @Test
    void shotListErrorsNameTheirLine() {
        String good = """
                cast:
                  MAYA: a person in a red shirt
                locations:
                  ROOF: a grey floor
                scenes:
                  - heading: EXT. ROOF
                    shots:
                      - action: MAYA waves
                """;
        assertThat(ShotListParser.parse(good, "s.yaml", ScriptLimits.DEFAULT).scenes().getFirst().beats()).hasSize(1);
        assertThatThrownBy(() -> ShotListParser.parse(good + "        lenght: 3\n", "s.yaml", ScriptLimits.DEFAULT))
                .hasMessageStartingWith("s.yaml:9: ").hasMessageContaining("unknown key 'lenght'");
        assertThatThrownBy(() -> ShotListParser.parse(good + "        continuity: smooth\n", "s.yaml", ScriptLimits.DEFAULT))
                .hasMessageStartingWith("s.yaml:9: ").hasMessageContaining("'cut' or 'continuous'");
        assertThatThrownBy(() -> ShotListParser.parse(good + "      - action: [a, b\n", "s.yaml", ScriptLimits.DEFAULT))
                .hasMessageContaining("s.yaml:").hasMessageContaining("syntax error");
        assertThatThrownBy(() -> ShotListParser.parse(good.replace("action", "dialogue"), "s.yaml", ScriptLimits.DEFAULT))
                .hasMessageStartingWith("s.yaml:8: ").hasMessageContaining("needs 'character'");
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        assertThatThrownBy(() -> ShotListParser.parse(bomb, "bomb.yaml", ScriptLimits.DEFAULT))
                .isInstanceOf(ScriptException.class);
    }

    @Test
    void theCutIsAnOpenTimelineIoTimelineOfShotClipsAndSceneMarkers() throws Exception {
        FilmPlan plan = example("fountain");
        List<Path> files = new ArrayList<>();
        Files.createDirectories(dir.resolve("film.shots"));
        for (ShotPlan shot : plan.shots()) {
            files.add(Files.writeString(dir.resolve("film.shots/shot-" + shot.number() + ".mp4"), "stand-in"));
        }
        Path otio = dir.resolve("cut.otio");
        OtioTimeline.write(plan, files, Map.of("model", "toy@0", "seed", 7), otio);
        var timeline = new ObjectMapper().readTree(otio.toFile());
        OtioAssertions.assertValidTimeline(timeline, 11, plan.frameCount(), dir);
        assertThat(timeline.at("/tracks/children/0/children/0/media_references/DEFAULT_MEDIA/target_url").asText())
                .isEqualTo("film.shots/shot-1.mp4");
        assertThat(timeline.at("/tracks/children/0/children/1/metadata/auteur/continuity").asText()).isEqualTo("CONTINUOUS");
        assertThat(timeline.at("/tracks/children/0/markers/2/name").asText()).isEqualTo("EXT. ROOF - DUSK");
        assertThat(timeline.at("/metadata/auteur/model").asText()).isEqualTo("toy@0");
    }

    @Test
    void aContinuousHeadingContinuesThePictureOnlyInTheSameSet() {
        FilmPlan plan = plan(HEADER + """
                EXT. ROOF - DAY

                MAYA walks to the right.

                EXT. ROOF - CONTINUOUS

                MAYA waves.

                EXT. YARD - CONTINUOUS

                MAYA jumps.
                """);
        assertThat(plan.shots()).extracting(ShotPlan::continuity)
                .containsExactly(Continuity.CUT, Continuity.CONTINUOUS, Continuity.CUT);
        // Asked outright, a continuous shot into another set is refused: its first frame would show the roof.
        assertThatThrownBy(() -> plan(HEADER + "EXT. ROOF - DAY\n\nMAYA walks to the right.\n\nEXT. YARD - DAY\n\n"
                + "MAYA waves. [[continuous]]\n"))
                .hasMessageStartingWith("test.fountain:15: ").hasMessageContaining("another location");
    }

    @Test
    void aContinuousShotPicksUpTheBlockingWhereTheShotBeforeEnded() {
        FilmPlan plan = plan(HEADER + """
                EXT. ROOF - DAY

                MAYA walks to the right as the camera pans right. [[3s]]

                MAYA waves. [[continuous]]

                OWEN waves. [[continuous]]

                MAYA waves.

                MAYA stands as the camera tilts up. [[10s]]

                MAYA stands as the camera dollies in. [[continuous]]
                """);
        List<ShotPlan> shots = plan.shots();
        ShotPlan walk = shots.get(0), wave = shots.get(1), other = shots.get(2), cut = shots.get(3);
        double end = (walk.frames() - 1) / FPS;
        // The camera looks from and at where the pan ended, and then does what this shot's words say.
        CameraView last = CameraPath.viewAt(walk.blockout().camera(), end), first = CameraPath.viewAt(wave.blockout().camera(), 0);
        assertThat(first.eye().minus(last.eye()).length()).isLessThan(1e-9);
        assertThat(first.target().minus(last.target()).length()).isLessThan(1e-9);
        assertThat(wave.blockout().camera().move()).isEqualTo(CameraMove.STATIC);
        // MAYA stands where her walk took her, three metres to the right of its start (a cut shot puts her between).
        Vec3[] joints = Humanoid.keypoints(walk.blockout().actor().orElseThrow(), end);
        Actor waving = wave.blockout().actor().orElseThrow();
        assertThat(waving.start().x()).isCloseTo((joints[Humanoid.LEFT_HIP].x() + joints[Humanoid.RIGHT_HIP].x()) / 2,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(waving.start().x() - walk.blockout().actor().orElseThrow().start().x()).isGreaterThan(2.5);
        assertThat(waving.start().x() - cut.blockout().actor().orElseThrow().start().x()).isGreaterThan(1.0);
        assertThat(waving.action()).isEqualTo(Action.WAVE);
        // Another character carries on the camera, not the place: OWEN enters where a cut shot would put him.
        assertThat(other.blockout().actor().orElseThrow().start()).isEqualTo(cut.blockout().actor().orElseThrow().start());
        assertThat(CameraPath.viewAt(other.blockout().camera(), 0).target()
                .minus(CameraPath.viewAt(wave.blockout().camera(), (wave.frames() - 1) / FPS).target()).length())
                .isLessThan(1e-9);
        // A tilt run to its stop (80 degrees up) is picked up too.
        assertThat(shots.get(5).blockout().camera().move()).isEqualTo(CameraMove.DOLLY_IN);
    }
}
