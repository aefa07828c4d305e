package io.auteur.studio.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.studio.generation.GenerationOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * A generation as the API received it: the options, and the SHA-256 of each uploaded input in the media store by
 * its role. Kept as JSON in the generation's row, so whichever node runs the job rebuilds the same
 * {@link GenerationOrder}.
 *
 * @param seconds  null for the model's window
 * @param format   {@code mp4} or {@code png}
 * @param strength null unless the video is where sampling starts (video-to-video)
 * @param inputs   role ({@link #INPUT_ROLES}) to SHA-256
 */
public record GenerationRequest(String prompt, String negative, Double seconds, long seed, int steps, double guidance,
                                String sampler, String upscale, boolean visibleLabel, String format, String outpaint,
                                String controlKind, Double strength, Map<String, String> inputs) {
    /** The upload fields that carry files, as the API names them. */
    public static final Set<String> INPUT_ROLES = Set.of("image", "lastImage", "video", "mask", "control", "extend");

    private static final ObjectMapper JSON = new ObjectMapper();

    public GenerationRequest {
        inputs = Map.copyOf(new TreeMap<>(inputs));
        if (!INPUT_ROLES.containsAll(inputs.keySet())) {
            throw new IllegalArgumentException("unknown input roles in " + inputs.keySet());
        }
    }

    /**
     * The order this request makes, with each input at {@code inputFile.apply(role)} and the output at
     * {@code outputFolder/auteur-ID.mp4} (or .png). Throws the order's clear errors for bad combinations.
     */
    public GenerationOrder toOrder(UUID id, Function<String, Path> inputFile, Path outputFolder) {
        if (inputs.containsKey("control") && controlKind == null) {
            throw new io.auteur.engine.GenerationException("a control clip needs controlKind: depth, edges, pose or flow");
        }
        Function<String, Optional<Path>> file = role -> inputs.containsKey(role)
                ? Optional.of(inputFile.apply(role)) : Optional.empty();
        GenerationOrder.Inputs in = new GenerationOrder.Inputs(file.apply("image"), file.apply("lastImage"),
                file.apply("video"), file.apply("mask"),
                file.apply("control").map(clip -> new GenerationOrder.ControlInput(
                        controlKind, clip, 1.0)),
                file.apply("extend"), Optional.ofNullable(outpaint),
                strength == null ? OptionalDouble.empty() : OptionalDouble.of(strength));
        if (controlKind != null && !inputs.containsKey("control")) {
            throw new io.auteur.engine.GenerationException("controlKind needs a control clip (the control field)");
        }
        return new GenerationOrder(prompt, in, outputFolder.resolve(outputName(id)),
                seconds == null ? OptionalDouble.empty() : OptionalDouble.of(seconds), seed, steps, guidance, sampler,
                negative, upscale, visibleLabel, true, id.toString(), Optional.empty());
    }

    public String outputName(UUID id) {
        return "auteur-" + id + "." + format;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GenerationRequest fromJson(String json) {
        try {
            return JSON.readValue(json, GenerationRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored generation request is unreadable: " + e.getMessage(), e);
        }
    }
}
