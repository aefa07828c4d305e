package io.auteur.previs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.media.AudioTrack;
import io.auteur.media.EncodeOptions;
import io.auteur.media.VideoWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Renders a scene to an MP4 and, when asked, every control map as its own MP4 in a folder, with scene.json and
 * the actor's keypoints (pose.json). All videos share size, frame rate and frame count, so they line up frame
 * for frame.
 */
public final class PrevisVideo {
    private PrevisVideo() {}

    /** What was written. */
    public record Result(Path video, Optional<Path> controls, Path sceneJson, int frames) {}

    /**
     * @param progress receives the number of frames finished
     */
    public static Result render(Scene scene, RenderSettings settings, Path video, Optional<Path> controlsDir,
                                IntConsumer progress) throws IOException {
        ShotRenderer renderer = new ShotRenderer(scene, settings);
        EncodeOptions options = EncodeOptions.h264(AudioTrack.none());
        int w = settings.width(), h = settings.height();
        Map<ControlKind, VideoWriter> controls = new EnumMap<>(ControlKind.class);
        ObjectMapper json = new ObjectMapper();
        ArrayNode poses = json.createArrayNode();
        VideoWriter main = VideoWriter.open(video, w, h, settings.fps(), options);
        try {
            if (controlsDir.isPresent()) {
                Files.createDirectories(controlsDir.get());
                for (ControlKind kind : ControlKind.values()) {
                    controls.put(kind, VideoWriter.open(controlsDir.get().resolve(kind.fileName()), w, h, settings.fps(),
                            options));
                }
            }
            for (int t = 0; t < settings.frameCount(); t++) {
                ShotFrame shot = renderer.render(t);
                main.write(shot.frame().rgb());
                for (Map.Entry<ControlKind, VideoWriter> control : controls.entrySet()) {
                    control.getValue().write(control.getKey().draw(shot, w, h));
                }
                ArrayNode points = poses.addArray();
                shot.keypoints().ifPresent(k -> {
                    for (float v : k) {
                        points.add(v);
                    }
                });
                progress.accept(t + 1);
            }
            main.finish();
            for (VideoWriter writer : controls.values()) {
                writer.finish();
            }
        } finally {
            main.close();
            for (VideoWriter writer : controls.values()) {
                writer.close();
            }
        }
        Path sceneJson;
        if (controlsDir.isPresent()) {
            sceneJson = controlsDir.get().resolve("scene.json");
            ObjectNode pose = json.createObjectNode();
            pose.put("format", "COCO-17 keypoints per frame: x, y in pixels, visibility (0 out of view, 1 hidden, 2 visible)");
            pose.set("keypointNames", json.valueToTree(io.auteur.previs.world.Humanoid.KEYPOINTS));
            pose.set("frames", poses);
            Files.writeString(controlsDir.get().resolve("pose.json"), json.writeValueAsString(pose));
            ObjectNode info = json.createObjectNode();
            info.put("depth", "255 * min(1, " + ControlKind.DEPTH_NEAR_METRES + " m / metric depth); sky = 0");
            info.put("flow", "colour wheel, saturating at " + ControlKind.FLOW_SATURATION * w + " px per frame");
            info.put("width", w);
            info.put("height", h);
            info.put("fps", settings.fps());
            info.put("frames", settings.frameCount());
            Files.writeString(controlsDir.get().resolve("controls.json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(info));
        } else {
            String name = video.getFileName().toString();
            int dot = name.lastIndexOf('.');
            sceneJson = video.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".scene.json");
        }
        SceneJson.write(scene, sceneJson);
        return new Result(video, controlsDir, sceneJson, settings.frameCount());
    }
}
