package io.auteur.studio.director;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.auteur.studio.director.Screenplay.Beat;
import io.auteur.studio.director.Screenplay.Definition;
import io.auteur.studio.director.Screenplay.ScriptScene;
import io.auteur.studio.director.Screenplay.ShotHints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a YAML shot list, the director's second input beside Fountain:
 * <pre>
 * title: Three Rooms
 * cast:
 *   MAYA: a small person with brown skin in a red shirt
 * locations:
 *   KITCHEN: a large white cube rests on a checkered grey floor in warm light
 * scenes:
 *   - heading: INT. KITCHEN - DAY
 *     shots:
 *       - action: MAYA walks to the right while the camera pans left
 *         seconds: 3
 *       - character: MAYA
 *         dialogue: Where did it go?
 *         parenthetical: waves
 *         continuity: continuous
 * </pre>
 * The document is read token by token so every value keeps its line for error messages. Anchors and aliases are
 * capped (SnakeYAML's alias limit) so a small file cannot expand into a huge one.
 */
public final class ShotListParser {
    private static final Set<String> ROOT_KEYS = Set.of("title", "cast", "locations", "scenes");
    private static final Set<String> SCENE_KEYS = Set.of("heading", "shots");
    private static final Set<String> SHOT_KEYS = Set.of("action", "character", "dialogue", "parenthetical", "seconds",
            "continuity");

    private final String source;
    private final ScriptLimits limits;
    private int nodes;

    private ShotListParser(String source, ScriptLimits limits) {
        this.source = source;
        this.limits = limits;
    }

    /** A value of the document and the line it starts on. */
    private sealed interface Node permits MapNode, ListNode, Scalar {
        int line();
    }

    private record MapNode(Map<String, Node> entries, int line) implements Node {}

    private record ListNode(List<Node> items, int line) implements Node {}

    private record Scalar(String text, int line) implements Node {}

    public static Screenplay parse(String text, String source, ScriptLimits limits) {
        return new ShotListParser(source, limits).parse(text);
    }

    private Screenplay parse(String text) {
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxBytes()) {
            throw new ScriptException(source, "the shot list is " + bytes + " bytes, more than the limit of "
                    + limits.maxBytes());
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes()));
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxLineChars() * 50).build())
                .build();
        Node root;
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ScriptException(source, "the shot list is empty: it needs cast, locations and scenes");
            }
            root = read(parser, 1);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String problem = "syntax error: " + e.getOriginalMessage().lines().findFirst().orElse("not YAML");
            throw line > 0 ? new ScriptException(source, line, problem) : new ScriptException(source, problem);
        } catch (IOException e) {
            throw new ScriptException(source, "cannot read the shot list: " + e.getMessage());
        }
        MapNode document = map(root, "the shot list");
        checkKeys(document, ROOT_KEYS, "the shot list");
        String title = document.entries().containsKey("title") ? text(document.entries().get("title"), "title") : "";
        List<Definition> cast = definitions(document.entries().get("cast"), "cast");
        List<Definition> locations = definitions(document.entries().get("locations"), "locations");
        List<ScriptScene> scenes = new ArrayList<>();
        Node sceneList = document.entries().get("scenes");
        if (sceneList != null) {
            int shots = 0;
            for (Node item : list(sceneList, "scenes").items()) {
                MapNode scene = map(item, "a scene");
                checkKeys(scene, SCENE_KEYS, "a scene");
                String heading = text(required(scene, "heading", "a scene"), "heading");
                List<Beat> beats = new ArrayList<>();
                Node shotList = scene.entries().get("shots");
                for (Node shotNode : shotList == null ? List.<Node>of() : list(shotList, "shots").items()) {
                    if (++shots > limits.maxShots()) {
                        throw new ScriptException(source, shotNode.line(), "the shot list has more than "
                                + limits.maxShots() + " shots, the limit");
                    }
                    beats.add(beat(map(shotNode, "a shot")));
                }
                scenes.add(new ScriptScene(heading, scene.line(), beats));
            }
        }
        return new Screenplay(source, title, cast, locations, scenes);
    }

    private Node read(JsonParser parser, int depth) throws IOException {
        if (++nodes > limits.maxShots() * 20 + limits.maxNames() * 4 + 100) {
            throw new ScriptException(source, parser.currentTokenLocation().getLineNr(), "the shot list has too many "
                    + "values for " + limits.maxShots() + " shots");
        }
        int line = parser.currentTokenLocation().getLineNr();
        if (depth > limits.maxNestingDepth()) {
            throw new ScriptException(source, line, "the shot list nests deeper than " + limits.maxNestingDepth()
                    + " levels");
        }
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Node> entries = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = parser.currentTokenLocation().getLineNr();
                parser.nextToken();
                if (entries.put(key, read(parser, depth + 1)) != null) {
                    throw new ScriptException(source, keyLine, "the key '" + key + "' appears twice");
                }
            }
            return new MapNode(entries, line);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(parser, depth + 1));
            }
            return new ListNode(items, line);
        }
        return new Scalar(token == JsonToken.VALUE_NULL ? "" : parser.getText(), line);
    }

    private Beat beat(MapNode shot) {
        checkKeys(shot, SHOT_KEYS, "a shot");
        Map<String, Node> e = shot.entries();
        ShotHints hints = hints(shot);
        boolean action = e.containsKey("action");
        boolean dialogue = e.containsKey("dialogue") || e.containsKey("character");
        if (action == dialogue) {
            throw new ScriptException(source, shot.line(), "a shot has either 'action' or 'character' with "
                    + "'dialogue', not " + (action ? "both" : "neither"));
        }
        if (action) {
            if (e.containsKey("parenthetical")) {
                throw new ScriptException(source, e.get("parenthetical").line(), "'parenthetical' goes with dialogue");
            }
            Node text = e.get("action");
            return new Screenplay.Action(text(text, "action"), text.line(), hints);
        }
        Node speaker = required(shot, "character", "a dialogue shot");
        String speech = text(required(shot, "dialogue", "a dialogue shot"), "dialogue");
        Optional<String> parenthetical = e.containsKey("parenthetical")
                ? Optional.of(text(e.get("parenthetical"), "parenthetical")) : Optional.empty();
        return new Screenplay.Dialogue(text(speaker, "character").toUpperCase(Locale.ROOT), speech, parenthetical,
                speaker.line(), hints);
    }

    private ShotHints hints(MapNode shot) {
        OptionalDouble seconds = OptionalDouble.empty();
        Optional<Continuity> continuity = Optional.empty();
        Node secondsNode = shot.entries().get("seconds");
        if (secondsNode != null) {
            String text = text(secondsNode, "seconds");
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!(value > 0 && value <= limits.maxShotSeconds())) {
                throw new ScriptException(source, secondsNode.line(), "seconds must be a number more than 0 and at "
                        + "most " + limits.maxShotSeconds() + ", was '" + text + "'");
            }
            seconds = OptionalDouble.of(value);
        }
        Node continuityNode = shot.entries().get("continuity");
        if (continuityNode != null) {
            String text = text(continuityNode, "continuity").toLowerCase(Locale.ROOT);
            continuity = Optional.of(switch (text) {
                case "cut" -> Continuity.CUT;
                case "continuous" -> Continuity.CONTINUOUS;
                default -> throw new ScriptException(source, continuityNode.line(), "continuity is 'cut' or "
                        + "'continuous', not '" + text + "'");
            });
        }
        return new ShotHints(seconds, continuity);
    }

    private List<Definition> definitions(Node node, String key) {
        List<Definition> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (Map.Entry<String, Node> entry : map(node, key).entries().entrySet()) {
            if (out.size() >= limits.maxNames()) {
                throw new ScriptException(source, entry.getValue().line(), "more than " + limits.maxNames() + " " + key);
            }
            String name = entry.getKey().trim().toUpperCase(Locale.ROOT);
            if (!name.matches("[A-Z0-9][A-Z0-9 .'\\-]*") || name.chars().noneMatch(Character::isLetter)) {
                throw new ScriptException(source, entry.getValue().line(), "'" + entry.getKey() + "' is not a usable "
                        + "name: use letters, digits, spaces, '.', ''' and '-'");
            }
            String description = text(entry.getValue(), name);
            if (description.isBlank()) {
                throw new ScriptException(source, entry.getValue().line(), name + " needs a description in previs words");
            }
            if (out.stream().anyMatch(d -> d.name().equals(name))) {
                throw new ScriptException(source, entry.getValue().line(), name + " is defined twice");
            }
            out.add(new Definition(name, description.trim(), entry.getValue().line()));
        }
        return out;
    }

    private void checkKeys(MapNode node, Set<String> known, String what) {
        for (Map.Entry<String, Node> entry : node.entries().entrySet()) {
            if (!known.contains(entry.getKey())) {
                throw new ScriptException(source, entry.getValue().line(), "unknown key '" + entry.getKey() + "' in "
                        + what + "; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private Node required(MapNode node, String key, String what) {
        Node value = node.entries().get(key);
        if (value == null) {
            throw new ScriptException(source, node.line(), what + " needs '" + key + "'");
        }
        return value;
    }

    private MapNode map(Node node, String what) {
        if (node instanceof MapNode map) {
            return map;
        }
        throw new ScriptException(source, node.line(), what + " must be a mapping of keys to values");
    }

    private ListNode list(Node node, String what) {
        if (node instanceof ListNode list) {
            return list;
        }
        throw new ScriptException(source, node.line(), what + " must be a list (lines starting with '- ')");
    }

    private String text(Node node, String what) {
        if (node instanceof Scalar scalar) {
            if (scalar.text().length() > limits.maxLineChars()) {
                throw new ScriptException(source, node.line(), what + " has more than " + limits.maxLineChars()
                        + " characters");
            }
            return scalar.text();
        }
        throw new ScriptException(source, node.line(), what + " must be a single value, not a list or mapping");
    }
}
