package io.auteur.studio.director;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.studio.director.Screenplay.Action;
import io.auteur.studio.director.Screenplay.Dialogue;
import io.auteur.studio.director.Screenplay.ScriptScene;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FountainParserTest {
    static final Path EXAMPLE = Path.of("..", "examples", "three-rooms.fountain");

    private static Screenplay parse(String text) {
        return FountainParser.parse(text, "test.fountain", ScriptLimits.DEFAULT);
    }

    /** The line number a bad script is refused at. */
    private static int lineOf(String text) {
        try {
            parse(text);
        } catch (ScriptException e) {
            assertThat(e.getMessage()).startsWith("test.fountain:" + e.line().orElseThrow() + ": ");
            return e.line().orElseThrow();
        }
        throw new AssertionError("no error for:\n" + text);
    }

    @Test
    void theExampleReadsAsCastLocationsScenesAndBeats() {
        Screenplay script = Scripts.read(EXAMPLE, ScriptLimits.DEFAULT);
        assertThat(script.title()).isEqualTo("Three Rooms");
        assertThat(script.cast()).extracting(Screenplay.Definition::name).containsExactly("MAYA", "OWEN");
        assertThat(script.cast().getFirst().description()).isEqualTo("a small person with brown skin in a red shirt");
        assertThat(script.cast().getFirst().line()).isEqualTo(5);
        assertThat(script.locations()).extracting(Screenplay.Definition::name).containsExactly("KITCHEN", "HALL", "ROOF");
        assertThat(script.scenes()).extracting(ScriptScene::heading)
                .containsExactly("INT. KITCHEN - DAY", "INT. HALL - CONTINUOUS", "EXT. ROOF - DUSK");
        assertThat(script.scenes()).extracting(s -> s.beats().size()).containsExactly(4, 3, 4);

        ScriptScene kitchen = script.scenes().getFirst();
        Action walk = (Action) kitchen.beats().get(0);
        assertThat(walk.text()).isEqualTo("MAYA walks to the right as the camera pans right.");
        assertThat(walk.hints().seconds()).hasValue(3.0);
        assertThat(walk.hints().continuity()).isEmpty();
        // A note standing alone applies to the next shot.
        assertThat(kitchen.beats().get(1).hints().continuity()).contains(Continuity.CONTINUOUS);
        Dialogue owen = (Dialogue) kitchen.beats().get(2);
        assertThat(owen.speaker()).isEqualTo("OWEN");
        assertThat(owen.parenthetical()).contains("turning");
        assertThat(owen.speech()).isEqualTo("Did you see where the yellow ball went?");
        assertThat(owen.scriptLine()).isEqualTo("OWEN: Did you see where the yellow ball went?");
        Action jump = (Action) script.scenes().get(1).beats().get(1);
        assertThat(jump.hints().seconds()).hasValue(1.5);
        assertThat(jump.hints().continuity()).contains(Continuity.CONTINUOUS);
    }

    @Test
    void fountainConventionsAreHonoured() {
        Screenplay script = parse("""
                Title:
                    _Two_ *Lines*
                    of Title
                Author: someone

                # Act one

                = a synopsis

                .THE YARD

                [[a comment note, not a hint]]
                !ALL CAPS ACTION stays action.

                /* a boneyard
                   comment */

                @McQUEEN (V.O.)
                (waving)
                Hello there.

                > centred words <

                FADE OUT.

                CUT TO:

                INT. SHED #12#

                Two lines of
                one action. [[2 seconds]]
                """);
        assertThat(script.title()).isEqualTo("Two Lines of Title");
        assertThat(script.scenes()).extracting(ScriptScene::heading).containsExactly("THE YARD", "INT. SHED");
        ScriptScene yard = script.scenes().getFirst();
        assertThat(yard.beats()).hasSize(4);
        assertThat(((Action) yard.beats().get(0)).text()).isEqualTo("ALL CAPS ACTION stays action.");
        Dialogue dialogue = (Dialogue) yard.beats().get(1);
        assertThat(dialogue.speaker()).isEqualTo("MCQUEEN");
        assertThat(dialogue.parenthetical()).isEqualTo(Optional.of("waving"));
        assertThat(((Action) yard.beats().get(2)).text()).isEqualTo("centred words");
        assertThat(((Action) yard.beats().get(3)).text()).isEqualTo("FADE OUT.");
        Action shed = (Action) script.scenes().get(1).beats().getFirst();
        assertThat(shed.text()).isEqualTo("Two lines of one action.");
        assertThat(shed.line()).isEqualTo(30);
        assertThat(shed.hints().seconds()).hasValue(2.0);
    }

    @Test
    void syntaxErrorsNameTheirLine() {
        assertThat(lineOf("INT. A - DAY\n\nMAYA waves. [[3s\n\nmore\n")).isEqualTo(3);
        assertThat(lineOf("INT. A - DAY\n\nMAYA waves. ]]\n")).isEqualTo(3);
        assertThat(lineOf("INT. A - DAY\n\nMAYA /* never closed\nwaves.\n")).isEqualTo(3);
        assertThat(lineOf("INT. A - DAY\n\n(waving)\n")).isEqualTo(3);
        assertThat(lineOf("INT. A - DAY\n\nMAYA\n(waving\nHi.\n")).isEqualTo(4);
        assertThat(lineOf("INT. A - DAY\n\nMAYA\n(waving)\n")).isEqualTo(3);
        assertThat(lineOf("Title: X\nCast:\n    MAYA a person\n\nINT. A - DAY\n")).isEqualTo(3);
        assertThat(lineOf("Title: X\nCast:\n    MAYA: a person\n    maya: a person\n\nINT. A\n")).isEqualTo(4);
        assertThat(lineOf("Title: X\nthis is not a key\n\nINT. A\n")).isEqualTo(2);
        assertThat(lineOf("\nMAYA waves.\n\nINT. A - DAY\n")).isEqualTo(2);
        assertThat(lineOf("INT. A - DAY\n\nMAYA waves. [[3s continuous cut]]\n")).isEqualTo(3);
        assertThat(lineOf("INT. A - DAY\n\nMAYA waves. [[3 parsecs]]\n")).isEqualTo(3);
        assertThat(lineOf("INT. A - DAY\n\nMAYA waves. [[999s]]\n")).isEqualTo(3);
        assertThat(lineOf("INT. A - DAY\n\nMAYA waves.\n\n[[continuous]]\n")).isEqualTo(5);
        assertThatThrownBy(() -> parse("INT. A - DAY\n\nMAYA waves. [[3 parsecs]]\n"))
                .hasMessageContaining("'parsecs'").hasMessageContaining("[[3s continuous]]");
    }

    @Test
    void oversizedScriptsAreRefusedBeforeParsing() {
        String big = "INT. A - DAY\n\n" + "MAYA waves.\n\n".repeat(200);
        ScriptLimits small = ScriptLimits.DEFAULT.withMaxBytes(1000);
        assertThatThrownBy(() -> FountainParser.parse(big, "big.fountain", small))
                .isInstanceOf(ScriptException.class).hasMessageContaining("limit of 1000");
        assertThatThrownBy(() -> FountainParser.parse(big, "big.fountain", ScriptLimits.DEFAULT.withMaxShots(50)))
                .hasMessageContaining("more than 50 shots");
        assertThatThrownBy(() -> parse("INT. A\n\n" + "x".repeat(3000) + "\n"))
                .hasMessageStartingWith("test.fountain:3: ").hasMessageContaining("2000");
        assertThatThrownBy(() -> parse("a\0b")).hasMessageContaining("not a text file");
    }

    @Test
    void scriptFilesAreCheckedBeforeTheyAreRead(@TempDir Path dir) throws Exception {
        Path big = Files.writeString(dir.resolve("big.fountain"), "INT. A - DAY\n\n" + "MAYA waves.\n\n".repeat(100));
        assertThatThrownBy(() -> Scripts.read(big, ScriptLimits.DEFAULT.withMaxBytes(500)))
                .hasMessage("big.fountain: the script is " + Files.size(big) + " bytes, more than the limit of 500");
        Path latin1 = Files.write(dir.resolve("old.fountain"), new byte[] {'I', 'N', 'T', '.', ' ', (byte) 0xE9});
        assertThatThrownBy(() -> Scripts.read(latin1, ScriptLimits.DEFAULT)).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> Scripts.read(dir.resolve("film.docx"), ScriptLimits.DEFAULT))
                .hasMessageContaining(".fountain").hasMessageContaining(".yaml");
        assertThatThrownBy(() -> Scripts.read(dir.resolve("none.fountain"), ScriptLimits.DEFAULT))
                .hasMessageContaining("no such file");
    }
}
