package io.auteur.previs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Scenes as JSON (scene.json): strict (unknown fields are errors) and bounded in size and nesting. */
public final class SceneJson {
    /** A scene file is a few kilobytes; anything near this is not a scene. */
    public static final long MAX_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(10_000)
                    .maxNumberLength(50).build())
            .build())
            .registerModule(new Jdk8Module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private SceneJson() {}

    public static String toJson(Scene scene) {
        try {
            return MAPPER.writeValueAsString(scene);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise scene: " + e.getMessage(), e);
        }
    }

    public static void write(Scene scene, Path path) throws IOException {
        Files.writeString(path, toJson(scene));
    }

    /** Parses a scene; errors name the source, the line and column, and what is wrong. */
    public static Scene parse(String json, String source) {
        if (json.length() > MAX_BYTES) {
            throw new SceneFormatException(source + ": scene JSON is " + json.length() + " characters, more than the limit of "
                    + MAX_BYTES);
        }
        try {
            Scene scene = MAPPER.readValue(json, Scene.class);
            if (scene == null) {
                throw new SceneFormatException(source + ": empty scene JSON");
            }
            return scene;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SceneFormatException(source + ": invalid scene " + location(e) + ": " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new SceneFormatException(source + ": invalid scene JSON " + location(e) + ": " + e.getOriginalMessage(), e);
        }
    }

    public static Scene read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new SceneFormatException(path + ": no such scene file");
        }
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new SceneFormatException(path + ": scene file is " + Files.size(path) + " bytes, more than the limit of "
                        + MAX_BYTES);
            }
            return parse(Files.readString(path), path.toString());
        } catch (IOException e) {
            throw new SceneFormatException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : "at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** A scene file that cannot be used. */
    public static final class SceneFormatException extends IllegalArgumentException {
        SceneFormatException(String message) {
            super(message);
        }

        SceneFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
