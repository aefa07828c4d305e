package io.auteur.studio.director;

import io.auteur.studio.director.Screenplay.Beat;
import io.auteur.studio.director.Screenplay.Definition;
import io.auteur.studio.director.Screenplay.ScriptScene;
import io.auteur.studio.director.Screenplay.ShotHints;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the subset of Fountain (https://fountain.io/syntax) a film needs: a title page, scene headings, action,
 * character cues with dialogue and parentheticals, transitions, notes and boneyard comments; sections, synopses,
 * page breaks and lyrics are skipped.
 *
 * <p>Two additions ride on standard syntax, so the file stays a valid screenplay for any Fountain tool:
 * <ul>
 *   <li>The title page keys {@code Cast:} and {@code Locations:} define each character and location once, one
 *       indented {@code NAME: description} line each, in the previs language ({@code MAYA: a small person with
 *       brown skin in a red shirt}; {@code KITCHEN: a white cube rests on a checkered grey floor in warm light}).</li>
 *   <li>A note that starts with a duration, {@code continuous}, {@code cut} or {@code shot} is a shot hint:
 *       {@code [[3s continuous]]}. It applies to the paragraph it is in, or, standing alone, to the next shot.
 *       Other notes are comments.</li>
 * </ul>
 * Every action paragraph and every speech becomes one shot.
 */
public final class FountainParser {
    private static final Pattern TITLE_KEY = Pattern.compile("^([A-Za-z][A-Za-z ]{0,40}):(.*)$");
    private static final Pattern HEADING = Pattern.compile(
            "^(INT\\.?/EXT|EXT\\.?/INT|INT|EXT|EST|I/E)[.\\s].*", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCENE_NUMBER = Pattern.compile("\\s*#[\\w.\\-]+#\\s*$");
    private static final Pattern DEFINITION = Pattern.compile("^\\s*([^:]{1,60}?)\\s*:\\s*(.*)$");
    private static final Pattern DURATION = Pattern.compile("^(\\d{1,4}(?:\\.\\d{1,3})?)(s|sec|secs|second|seconds)?$");
    private static final Pattern NAME = Pattern.compile("[A-Z0-9][A-Z0-9 .'\\-]*");

    private final String source;
    private final ScriptLimits limits;

    private FountainParser(String source, ScriptLimits limits) {
        this.source = source;
        this.limits = limits;
    }

    /** Parses a Fountain screenplay; {@code source} names it in messages. */
    public static Screenplay parse(String text, String source, ScriptLimits limits) {
        return new FountainParser(source, limits).parse(text);
    }

    /** One line of the file after comments and notes are taken out. */
    private record Line(int number, String text, boolean wasBlank) {
        boolean blank() {
            return text.isBlank();
        }
    }

    /** A shot note found in the text, and the line it starts on. */
    private record Note(int line, String text) {}

    private Screenplay parse(String text) {
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxBytes()) {
            throw new ScriptException(source, "the script is " + bytes + " bytes, more than the limit of "
                    + limits.maxBytes());
        }
        if (text.indexOf('\0') >= 0) {
            throw new ScriptException(source, "this is not a text file (it holds NUL bytes)");
        }
        String[] raw = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        if (raw.length > limits.maxLines()) {
            throw new ScriptException(source, "the script has " + raw.length + " lines, more than the limit of "
                    + limits.maxLines());
        }
        for (int i = 0; i < raw.length; i++) {
            if (raw[i].length() > limits.maxLineChars()) {
                throw new ScriptException(source, i + 1, "the line has " + raw[i].length()
                        + " characters, more than the limit of " + limits.maxLineChars());
            }
        }
        List<Note> notes = new ArrayList<>();
        String[] cleaned = removeNotes(removeBoneyard(raw), notes);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            lines.add(new Line(i + 1, cleaned[i].replace('\t', ' '), raw[i].isBlank()));
        }
        Map<Integer, List<Note>> notesByLine = new LinkedHashMap<>();
        for (Note note : notes) {
            notesByLine.computeIfAbsent(note.line(), k -> new ArrayList<>()).add(note);
        }

        int body = 0;
        String title = "";
        List<Definition> cast = new ArrayList<>();
        List<Definition> locations = new ArrayList<>();
        if (!lines.isEmpty() && TITLE_KEY.matcher(lines.getFirst().text()).matches()
                && !HEADING.matcher(lines.getFirst().text()).matches()) {
            body = titlePage(lines, cast, locations);
            title = titleOf(lines, body);
        }
        return new Screenplay(source, title, cast, locations, scenes(lines.subList(body, lines.size()), notesByLine));
    }

    // ---- comments and notes ----

    /** Blanks out {@code /* ... *}{@code /} boneyard comments, keeping the line structure. */
    private String[] removeBoneyard(String[] lines) {
        String[] out = lines.clone();
        int openLine = -1;
        for (int i = 0; i < out.length; i++) {
            StringBuilder kept = new StringBuilder();
            String line = out[i];
            int at = 0;
            while (at < line.length()) {
                if (openLine < 0) {
                    int open = line.indexOf("/*", at);
                    if (open < 0) {
                        kept.append(line, at, line.length());
                        break;
                    }
                    kept.append(line, at, open);
                    openLine = i;
                    at = open + 2;
                } else {
                    int close = line.indexOf("*/", at);
                    if (close < 0) {
                        break;
                    }
                    openLine = -1;
                    at = close + 2;
                }
            }
            out[i] = kept.toString();
        }
        if (openLine >= 0) {
            throw new ScriptException(source, openLine + 1, "syntax error: '/*' opens a boneyard comment that never "
                    + "closes with '*/'");
        }
        return out;
    }

    /** Takes every {@code [[note]]} out of the text; shot hints among them are collected with their line. */
    private String[] removeNotes(String[] lines, List<Note> hints) {
        String[] out = lines.clone();
        int openLine = -1;
        StringBuilder note = new StringBuilder();
        for (int i = 0; i < out.length; i++) {
            StringBuilder kept = new StringBuilder();
            String line = out[i];
            int at = 0;
            while (at < line.length()) {
                if (openLine < 0) {
                    int open = line.indexOf("[[", at);
                    int stray = line.indexOf("]]", at);
                    if (stray >= 0 && (open < 0 || stray < open)) {
                        throw new ScriptException(source, i + 1, "syntax error: ']]' closes a note that was never "
                                + "opened with '[['");
                    }
                    if (open < 0) {
                        kept.append(line, at, line.length());
                        break;
                    }
                    kept.append(line, at, open);
                    openLine = i;
                    note.setLength(0);
                    at = open + 2;
                } else {
                    int close = line.indexOf("]]", at);
                    int nested = line.indexOf("[[", at);
                    if (nested >= 0 && (close < 0 || nested < close)) {
                        throw new ScriptException(source, i + 1, "syntax error: a note opened on line " + (openLine + 1)
                                + " opens another '[[' before it closes with ']]'");
                    }
                    if (close < 0) {
                        note.append(line, at, line.length()).append(' ');
                        break;
                    }
                    note.append(line, at, close);
                    if (isHint(note.toString())) {
                        hints.add(new Note(openLine + 1, note.toString().trim()));
                    }
                    openLine = -1;
                    at = close + 2;
                }
            }
            out[i] = kept.toString();
        }
        if (openLine >= 0) {
            throw new ScriptException(source, openLine + 1, "syntax error: '[[' opens a note that never closes with ']]'");
        }
        return out;
    }

    private static boolean isHint(String note) {
        String[] tokens = hintTokens(note);
        if (tokens.length == 0) {
            return false;
        }
        String first = tokens[0];
        return first.equals("shot") || first.equals("continuous") || first.equals("cut")
                || Character.isDigit(first.charAt(0));
    }

    private static String[] hintTokens(String note) {
        String text = note.toLowerCase(Locale.ROOT).replace(':', ' ').trim();
        return text.isEmpty() ? new String[0] : text.split("[\\s,;]+");
    }

    private ShotHints hints(Note note) {
        String[] tokens = hintTokens(note.text());
        Double seconds = null;
        Continuity continuity = null;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            Matcher duration = DURATION.matcher(token);
            if (token.equals("shot") && i == 0) {
                continue;
            }
            if (token.equals("continuous") || token.equals("cut")) {
                Continuity value = token.equals("cut") ? Continuity.CUT : Continuity.CONTINUOUS;
                if (continuity != null && continuity != value) {
                    throw new ScriptException(source, note.line(), "the shot note [[" + note.text() + "]] says both cut "
                            + "and continuous");
                }
                continuity = value;
            } else if (duration.matches()) {
                if (duration.group(2) == null && i + 1 < tokens.length
                        && tokens[i + 1].matches("s|sec|secs|second|seconds")) {
                    i++;
                }
                if (seconds != null) {
                    throw new ScriptException(source, note.line(), "the shot note [[" + note.text() + "]] gives two "
                            + "durations");
                }
                seconds = Double.parseDouble(duration.group(1));
                if (!(seconds > 0 && seconds <= limits.maxShotSeconds())) {
                    throw new ScriptException(source, note.line(), "a shot lasts more than 0 and at most "
                            + limits.maxShotSeconds() + " seconds, not " + duration.group(1));
                }
            } else {
                throw new ScriptException(source, note.line(), "the shot note [[" + note.text() + "]] has '" + token
                        + "', which is not a shot hint; hints are a duration (3s, 2.5 seconds) and 'continuous' or "
                        + "'cut', e.g. [[3s continuous]]");
            }
        }
        return new ShotHints(seconds == null ? OptionalDouble.empty() : OptionalDouble.of(seconds),
                Optional.ofNullable(continuity));
    }

    private ShotHints merge(ShotHints a, ShotHints b, int line) {
        if (a.seconds().isPresent() && b.seconds().isPresent() && a.seconds().getAsDouble() != b.seconds().getAsDouble()) {
            throw new ScriptException(source, line, "two shot notes give this shot different durations");
        }
        if (a.continuity().isPresent() && b.continuity().isPresent() && a.continuity().get() != b.continuity().get()) {
            throw new ScriptException(source, line, "two shot notes give this shot different continuity");
        }
        return new ShotHints(a.seconds().isPresent() ? a.seconds() : b.seconds(),
                a.continuity().isPresent() ? a.continuity() : b.continuity());
    }

    // ---- title page ----

    /** Reads the title page; returns the index of the first body line. */
    private int titlePage(List<Line> lines, List<Definition> cast, List<Definition> locations) {
        String key = null;
        int i = 0;
        for (; i < lines.size() && !lines.get(i).blank(); i++) {
            Line line = lines.get(i);
            String text = line.text();
            boolean continuation = text.startsWith(" "); // tabs are spaces by now
            Matcher keyLine = TITLE_KEY.matcher(text);
            if (!continuation && keyLine.matches()) {
                key = keyLine.group(1).trim().toLowerCase(Locale.ROOT);
                String value = keyLine.group(2).trim();
                if (!value.isEmpty() && isDefinitionKey(key)) {
                    definition(key, value, line.number(), cast, locations);
                }
            } else if (continuation && key != null) {
                if (isDefinitionKey(key)) {
                    definition(key, text.trim(), line.number(), cast, locations);
                }
            } else {
                throw new ScriptException(source, line.number(), "syntax error: the title page holds 'Key: value' "
                        + "lines and indented continuation lines; end it with a blank line before the first scene");
            }
        }
        return i;
    }

    private static boolean isDefinitionKey(String key) {
        return key.equals("cast") || key.equals("characters") || key.equals("locations") || key.equals("sets");
    }

    private void definition(String key, String text, int line, List<Definition> cast, List<Definition> locations) {
        boolean isCast = key.equals("cast") || key.equals("characters");
        List<Definition> into = isCast ? cast : locations;
        Matcher m = DEFINITION.matcher(text);
        String example = isCast ? "MAYA: a small person with brown skin in a red shirt"
                : "KITCHEN: a white cube rests on a checkered grey floor in warm light";
        if (!m.matches() || m.group(2).isBlank()) {
            throw new ScriptException(source, line, "syntax error: each " + (isCast ? "Cast" : "Locations")
                    + " line is 'NAME: description in previs words', e.g. '" + example + "'");
        }
        String name = m.group(1).trim().toUpperCase(Locale.ROOT);
        if (!NAME.matcher(name).matches() || name.chars().noneMatch(Character::isLetter)) {
            throw new ScriptException(source, line, "'" + m.group(1).trim() + "' is not a usable name: use letters, "
                    + "digits, spaces, '.', ''' and '-', starting with a letter or digit");
        }
        for (Definition other : into) {
            if (other.name().equals(name)) {
                throw new ScriptException(source, line, name + " is already defined on line " + other.line()
                        + "; define each " + (isCast ? "character" : "location") + " once");
            }
        }
        if (into.size() >= limits.maxNames()) {
            throw new ScriptException(source, line, "more than " + limits.maxNames() + " "
                    + (isCast ? "characters" : "locations"));
        }
        into.add(new Definition(name, m.group(2).trim(), line));
    }

    private static String titleOf(List<Line> lines, int end) {
        StringBuilder title = new StringBuilder();
        boolean inTitle = false;
        for (Line line : lines.subList(0, end)) {
            Matcher key = TITLE_KEY.matcher(line.text());
            if (!line.text().startsWith(" ") && key.matches()) {
                inTitle = key.group(1).trim().equalsIgnoreCase("title");
                if (inTitle) {
                    title.append(key.group(2).trim());
                }
            } else if (inTitle) {
                title.append(title.isEmpty() ? "" : " ").append(line.text().trim());
            }
        }
        return stripEmphasis(title.toString()).trim();
    }

    // ---- body ----

    private List<ScriptScene> scenes(List<Line> lines, Map<Integer, List<Note>> notesByLine) {
        List<ScriptScene> scenes = new ArrayList<>();
        String heading = null;
        int headingLine = 0;
        List<Beat> beats = new ArrayList<>();
        ShotHints pending = ShotHints.NONE;
        int pendingLine = 0;
        int shots = 0;
        int i = 0;
        while (i < lines.size()) {
            // Gather one paragraph: lines up to the next line that was blank in the file. Lines emptied by taking
            // a note or a comment out neither end a paragraph nor add to it.
            while (i < lines.size() && lines.get(i).wasBlank()) {
                i++;
            }
            List<Line> paragraph = new ArrayList<>();
            ShotHints hints = ShotHints.NONE;
            int start = i;
            for (; i < lines.size() && !lines.get(i).wasBlank(); i++) {
                Line line = lines.get(i);
                for (Note note : notesByLine.getOrDefault(line.number(), List.of())) {
                    hints = merge(hints, hints(note), note.line());
                }
                String t = line.text().trim();
                if (t.isEmpty() || t.startsWith("#") || (t.startsWith("=") && !t.startsWith("=="))
                        || t.startsWith("===") || t.startsWith("~")) {
                    continue; // emptied line, section, synopsis, page break, lyric
                }
                paragraph.add(line);
            }
            if (i == start) {
                break;
            }
            if (paragraph.isEmpty()) {
                if (hints != ShotHints.NONE) {
                    pending = merge(pending, hints, lines.get(start).number());
                    pendingLine = lines.get(start).number();
                }
                continue;
            }
            Line first = paragraph.getFirst();
            String t = first.text().trim();
            boolean forcedHeading = t.startsWith(".") && !t.startsWith("..");
            if (forcedHeading || HEADING.matcher(t).matches()) {
                if (heading != null) {
                    scenes.add(new ScriptScene(heading, headingLine, beats));
                }
                heading = SCENE_NUMBER.matcher(forcedHeading ? t.substring(1).trim() : t).replaceAll("").trim();
                headingLine = first.number();
                beats = new ArrayList<>();
                if (heading.isEmpty()) {
                    throw new ScriptException(source, first.number(), "syntax error: the scene heading is empty");
                }
                paragraph = paragraph.subList(1, paragraph.size());
                if (paragraph.isEmpty()) {
                    if (hints != ShotHints.NONE) {
                        pending = merge(pending, hints, first.number());
                        pendingLine = first.number();
                    }
                    continue;
                }
                first = paragraph.getFirst();
                t = first.text().trim();
            }
            if (paragraph.size() == 1 && isTransition(t)) {
                continue;
            }
            Beat beat = beat(paragraph, merge(pending, hints, first.number()));
            pending = ShotHints.NONE;
            if (heading == null) {
                throw new ScriptException(source, first.number(), "this " + (beat instanceof Screenplay.Dialogue
                        ? "dialogue" : "action") + " comes before the first scene heading; begin each scene with a "
                        + "heading such as 'INT. KITCHEN - DAY' or 'EXT. ROOF - NIGHT'");
            }
            if (++shots > limits.maxShots()) {
                throw new ScriptException(source, first.number(), "the script has more than " + limits.maxShots()
                        + " shots, the limit");
            }
            beats.add(beat);
        }
        if (pending != ShotHints.NONE) {
            throw new ScriptException(source, pendingLine, "the shot note has no shot after it to apply to");
        }
        if (heading != null) {
            scenes.add(new ScriptScene(heading, headingLine, beats));
        }
        return scenes;
    }

    private static boolean isTransition(String t) {
        if (t.startsWith(">")) {
            return !t.endsWith("<");
        }
        return t.equals(t.toUpperCase(Locale.ROOT)) && t.endsWith("TO:");
    }

    private Beat beat(List<Line> paragraph, ShotHints hints) {
        Line first = paragraph.getFirst();
        String t = first.text().trim();
        if (t.startsWith("@") || (paragraph.size() > 1 && isCharacterCue(t))) {
            return dialogue(paragraph, hints);
        }
        if (t.startsWith("(")) {
            throw new ScriptException(source, first.number(), "syntax error: a parenthetical '" + t + "' belongs on "
                    + "the line under a character cue");
        }
        StringBuilder text = new StringBuilder();
        for (Line line : paragraph) {
            String part = line.text().trim();
            if (part.startsWith("!")) {
                part = part.substring(1);
            }
            if (part.startsWith(">") && part.endsWith("<")) {
                part = part.substring(1, part.length() - 1); // centred text is action too
            }
            text.append(text.isEmpty() ? "" : " ").append(part.trim());
        }
        return new Screenplay.Action(stripEmphasis(text.toString()).trim(), first.number(), hints);
    }

    private static boolean isCharacterCue(String t) {
        String name = t.replaceAll("\\(.*?\\)", "").replace("^", "").trim();
        return !name.isEmpty() && name.chars().anyMatch(Character::isLetter)
                && name.equals(name.toUpperCase(Locale.ROOT)) && !t.startsWith("!");
    }

    private Beat dialogue(List<Line> paragraph, ShotHints hints) {
        Line cue = paragraph.getFirst();
        String speaker = cue.text().trim();
        if (speaker.startsWith("@")) {
            speaker = speaker.substring(1);
        }
        speaker = speaker.replaceAll("\\(.*?\\)", "").replace("^", "").trim().toUpperCase(Locale.ROOT);
        if (speaker.isEmpty()) {
            throw new ScriptException(source, cue.number(), "syntax error: the character cue names nobody");
        }
        StringBuilder speech = new StringBuilder();
        StringBuilder parenthetical = new StringBuilder();
        for (Line line : paragraph.subList(1, paragraph.size())) {
            String part = line.text().trim();
            if (part.startsWith("(")) {
                if (!part.endsWith(")")) {
                    throw new ScriptException(source, line.number(), "syntax error: the parenthetical '" + part
                            + "' does not close with ')'");
                }
                parenthetical.append(parenthetical.isEmpty() ? "" : " ").append(part, 1, part.length() - 1);
            } else {
                speech.append(speech.isEmpty() ? "" : " ").append(part);
            }
        }
        if (speech.isEmpty()) {
            throw new ScriptException(source, cue.number(), "syntax error: " + speaker + " has a cue but no dialogue "
                    + "under it");
        }
        String acting = parenthetical.toString().trim();
        return new Screenplay.Dialogue(speaker, stripEmphasis(speech.toString()).trim(),
                acting.isEmpty() ? Optional.empty() : Optional.of(acting), cue.number(), hints);
    }

    /** Fountain emphasis: *italic*, **bold**, _underline_; the director films the words, not the styling. */
    private static String stripEmphasis(String text) {
        return text.replace("\\*", "\u0000").replace("*", "").replace("_", " ").replace("\u0000", "*")
                .replaceAll(" {2,}", " ");
    }
}
