package io.auteur.studio.director;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.studio.director.FilmPlan.ScenePlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The cut as an OpenTimelineIO timeline (.otio, JSON): a Timeline.1 whose Stack.1 holds one video Track.1 with a
 * Clip.2 per shot, each pointing at its shot file through an ExternalReference.1, times as RationalTime.1 and
 * TimeRange.1 at the film's frame rate, and a Marker.2 per scene on the track. The field names and schema versions
 * are those OpenTimelineIO 0.17 writes; Auteur's own data (script line, continuity, prompt) sits under
 * {@code metadata.auteur}, where OTIO keeps tool data.
 */
public final class OtioTimeline {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OtioTimeline() {}

    /**
     * Writes the timeline; {@code shotFiles} are the shots in plan order. Their URLs are written relative to the
     * .otio file's folder when they lie beneath it, so the cut and its media move together.
     */
    public static void write(FilmPlan plan, List<Path> shotFiles, Map<String, Object> filmMetadata, Path otio) {
        if (shotFiles.size() != plan.shots().size()) {
            throw new IllegalArgumentException(plan.shots().size() + " shots but " + shotFiles.size() + " files");
        }
        ObjectNode timeline = schema("Timeline.1", plan.title().isEmpty() ? plan.source() : plan.title());
        timeline.set("metadata", JSON.createObjectNode().set("auteur", JSON.valueToTree(filmMetadata)));
        timeline.set("global_start_time", time(0, plan.fps()));
        ObjectNode stack = item("Stack.1", "tracks");
        ObjectNode track = item("Track.1", "Video");
        ArrayNode clips = track.putArray("children");
        Path folder = otio.toAbsolutePath().getParent();
        for (int i = 0; i < plan.shots().size(); i++) {
            ShotPlan shot = plan.shots().get(i);
            ObjectNode clip = item("Clip.2", String.format("shot %02d", shot.number()));
            ObjectNode auteur = clip.putObject("metadata").putObject("auteur");
            auteur.put("shot", shot.number());
            auteur.put("scene", shot.scene());
            auteur.put("sceneHeading", shot.sceneHeading());
            auteur.put("scriptLine", shot.scriptLine());
            auteur.put("sourceLine", shot.sourceLine());
            auteur.put("continuity", shot.continuity().name());
            shot.character().ifPresent(c -> auteur.put("character", c));
            auteur.put("cameraMove", shot.blockout().camera().move().name());
            auteur.put("prompt", shot.prompt());
            clip.set("source_range", range(0, shot.frames(), plan.fps()));
            ObjectNode reference = schema("ExternalReference.1", "");
            reference.putObject("metadata");
            reference.set("available_range", range(0, shot.frames(), plan.fps()));
            reference.putNull("available_image_bounds");
            reference.put("target_url", url(shotFiles.get(i), folder));
            clip.putObject("media_references").set("DEFAULT_MEDIA", reference);
            clip.put("active_media_reference_key", "DEFAULT_MEDIA");
            clips.add(clip);
        }
        ArrayNode markers = track.putArray("markers");
        for (ScenePlan scene : plan.scenes()) {
            int start = plan.startFrame(scene.firstShot());
            int end = plan.startFrame(scene.firstShot() + scene.shotCount());
            ObjectNode marker = schema("Marker.2", scene.heading());
            marker.putObject("metadata").putObject("auteur").put("scene", scene.number()).put("sourceLine", scene.line());
            marker.put("color", "GREEN");
            marker.set("marked_range", range(start, end - start, plan.fps()));
            marker.put("comment", "scene " + scene.number());
            markers.add(marker);
        }
        track.put("kind", "Video");
        stack.putArray("children").add(track);
        timeline.set("tracks", stack);
        try {
            Path parent = otio.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(otio, JSON.writeValueAsString(timeline));
        } catch (IOException e) {
            throw new UncheckedIOException(otio + ": cannot write the timeline: " + e.getMessage(), e);
        }
    }

    private static ObjectNode schema(String schema, String name) {
        ObjectNode node = JSON.createObjectNode();
        node.put("OTIO_SCHEMA", schema);
        node.putObject("metadata");
        node.put("name", name);
        return node;
    }

    /** The fields every OTIO Item (and Composition) carries. */
    private static ObjectNode item(String schema, String name) {
        ObjectNode node = schema(schema, name);
        node.putNull("source_range");
        node.putArray("effects");
        node.putArray("markers");
        node.put("enabled", true);
        return node;
    }

    private static ObjectNode time(double frames, double rate) {
        ObjectNode time = JSON.createObjectNode();
        time.put("OTIO_SCHEMA", "RationalTime.1");
        time.put("rate", rate);
        time.put("value", frames);
        return time;
    }

    private static ObjectNode range(double start, double duration, double rate) {
        ObjectNode range = JSON.createObjectNode();
        range.put("OTIO_SCHEMA", "TimeRange.1");
        range.set("duration", time(duration, rate));
        range.set("start_time", time(start, rate));
        return range;
    }

    private static String url(Path file, Path folder) {
        Path absolute = file.toAbsolutePath().normalize();
        if (folder != null && absolute.startsWith(folder.normalize())) {
            return folder.normalize().relativize(absolute).toString().replace('\\', '/');
        }
        return absolute.toUri().toString();
    }
}
